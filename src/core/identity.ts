import type { Identity } from './types.js'

// ARNs are matched on their parts (partition, account, name) rather than as strings: CloudTrail writes the IAM
// path into role and user ARNs (`role/service/deploy`), and the user may leave it out. Every form is listed, with
// the records it matches, in docs/identities.md.

// Partitions a CloudTrail LookupEvents call can be made in (the ISO partitions have no public endpoints).
const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov']
const PARTITION = `(${PARTITIONS.join('|')})`
// IAM's rules: user and role names 1–64 characters, session names 2–64, federated user names 2–32, of letters,
// digits and + = , . @ _ -.
const NAME = '[\\w+=,.@-]'
const IAM_ARN = new RegExp(`^arn:${PARTITION}:iam::(\\d{12}):(user|role)\\/(?:${NAME}+\\/)*(${NAME}{1,64})$`)
const ROOT_ARN = new RegExp(`^arn:${PARTITION}:iam::(\\d{12}):root$`)
const STS_ARN = new RegExp(
  `^arn:${PARTITION}:sts::(\\d{12}):assumed-role\\/(${NAME}{1,64})\\/(${NAME}{2,64})$`
)
const FEDERATED_ARN = new RegExp(`^arn:${PARTITION}:sts::(\\d{12}):federated-user\\/(${NAME}{2,32})$`)

/**
 * The longest plain name: a web identity's subject (the `sub` claim STS returns as SubjectFromWebIdentity) is at
 * most 255 characters; IAM user and session names are at most 64.
 */
export const MAX_NAME = 255
/**
 * A Username CloudTrail can record: IAM user and role session names (letters, digits and + = , . @ _ -), and the
 * user names of web-identity users (the token's subject: `repo:org/repo:ref:refs/heads/main`,
 * `system:serviceaccount:ns:sa`, `auth0|123`) and SAML users (the assertion's NameID: `alice@example.com`,
 * `DOMAIN\alice`, opaque persistent ids with + / =). All are printable ASCII without spaces; `*` and `?` are left
 * out, since LookupEvents matches a Username exactly and a wildcard here is a mistake.
 */
const PLAIN_NAME = new RegExp(`^[\\x21-\\x29\\x2B-\\x3E\\x40-\\x7E]{1,${MAX_NAME}}$`)

export const IDENTITY_FORMS =
  'an IAM user name, a role session name, root, a web-identity or SAML user name as CloudTrail records it, ' +
  'arn:aws:iam::<account>:user/<name>, arn:aws:iam::<account>:role/<name>, ' +
  'arn:aws:sts::<account>:assumed-role/<role>/<session>, arn:aws:iam::<account>:root or ' +
  'arn:aws:sts::<account>:federated-user/<name> (see docs/identities.md)'

/** The ARN forms, or undefined. */
function parseArn(value: string): Identity | undefined {
  const iam = IAM_ARN.exec(value)
  if (iam) {
    const [, partition = 'aws', account = '', type, name = ''] = iam
    return type === 'user'
      ? { kind: 'iam-user', arn: value, partition, account, name }
      : { kind: 'role', arn: value, partition, account, role: name }
  }
  const root = ROOT_ARN.exec(value)
  if (root) {
    const [, partition = 'aws', account = ''] = root
    return { kind: 'root', arn: value, partition, account }
  }
  const sts = STS_ARN.exec(value)
  if (sts) {
    const [, partition = 'aws', account = '', role = '', session = ''] = sts
    return { kind: 'role-session', arn: value, partition, account, role, session }
  }
  const federated = FEDERATED_ARN.exec(value)
  if (federated) {
    const [, partition = 'aws', account = '', name = ''] = federated
    return { kind: 'federated-user', arn: value, partition, account, name }
  }
  return undefined
}

/**
 * Parses the `user` input. Undefined for anything that can never be a LookupEvents `Username` or one of the ARN
 * forms: names with spaces, control or non-ASCII characters, longer than any Username, wildcards, ARNs that do
 * not parse exactly (anything starting with `arn:` in any case is read as an ARN).
 */
export function parseIdentity(text: string): Identity | undefined {
  const value = text.trim()
  if (/^arn:/i.test(value)) return parseArn(value)
  return PLAIN_NAME.test(value) ? { kind: 'name', name: value } : undefined
}

/** Why `text` is not an identity, as the "expected" part of the input error. */
export function identityProblem(text: string): string {
  const value = text.trim()
  if (value === '') return IDENTITY_FORMS
  if (/[*?]/.test(value)) {
    return `one identity, without wildcards (LookupEvents matches a Username exactly): ${IDENTITY_FORMS}`
  }
  if (/^arn:/i.test(value)) return arnProblem(value)
  if (value.length > MAX_NAME) {
    return (
      `a name of at most ${MAX_NAME} characters (IAM user and role session names are 1–64, web-identity and ` +
      `SAML user names at most ${MAX_NAME})`
    )
  }
  return (
    'a Username as CloudTrail records it: printable ASCII without spaces (IAM user and role session names hold ' +
    'only letters, digits and + = , . @ _ -; web-identity and SAML user names add characters such as : / | \\), ' +
    `so no Username can hold this one; or an ARN: ${IDENTITY_FORMS}`
  )
}

function arnProblem(value: string): string {
  const [prefix = '', partition = '', service = '', region, account = ''] = value.split(':')
  if (prefix !== 'arn') return `an ARN starting with lowercase 'arn:' (ARNs are case-sensitive)`
  if (!PARTITIONS.includes(partition)) {
    return `an ARN in partition ${PARTITIONS.join(', ')} ('${partition}' is none of them)`
  }
  if (service !== 'iam' && service !== 'sts') return `an iam or sts ARN: ${IDENTITY_FORMS}`
  if (region !== '') return 'an IAM or STS ARN with an empty Region part (arn:aws:iam::<account>:…)'
  if (!/^\d{12}$/.test(account)) return 'an ARN whose account is 12 digits'
  return (
    `one of ${IDENTITY_FORMS}: names of letters, digits and + = , . @ _ -, 1–64 characters (session names ` +
    '2–64, federated user names 2–32)'
  )
}

/** How an identity reads in messages and the summary. */
export function describeIdentity(identity: Identity): string {
  switch (identity.kind) {
    case 'name':
      return `${identity.name} (Username)`
    case 'iam-user':
      return `IAM user ${identity.name} (${identity.arn})`
    case 'role':
      return `every session of role ${identity.role} (${identity.arn})`
    case 'role-session':
      return `session ${identity.session} of role ${identity.role} (${identity.arn})`
    case 'root':
      return `the root user of account ${identity.account} (${identity.arn})`
    case 'federated-user':
      return `federated user ${identity.name} (${identity.arn})`
  }
}

/** The parts of a CloudTrail record's `userIdentity` that identity matching needs. */
export interface UserIdentity {
  readonly type?: string
  readonly arn?: string
  readonly accountId?: string
  readonly userName?: string
  readonly sessionContext?: {
    readonly sessionIssuer?: { readonly type?: string; readonly arn?: string; readonly userName?: string }
  }
}

function lastSegment(arn: string | undefined): string | undefined {
  return arn?.split('/').pop()
}

function accountOf(arn: string | undefined): string | undefined {
  return arn?.split(':')[4]
}

/**
 * True when a record made by `who` belongs to `identity`. A plain name has already been matched by the
 * `Username` lookup attribute; ARNs are checked against `userIdentity`, because LookupEvents cannot.
 */
export function belongsTo(identity: Identity, who: UserIdentity | undefined): boolean {
  if (identity.kind === 'name') return true
  if (!who) return false
  const account = who.accountId ?? accountOf(who.arn)
  if (account !== identity.account) return false
  switch (identity.kind) {
    case 'iam-user':
      return who.type === 'IAMUser' && (who.userName ?? lastSegment(who.arn)) === identity.name
    case 'role': {
      const issuer = who.sessionContext?.sessionIssuer
      return (
        who.type === 'AssumedRole' &&
        issuer?.type === 'Role' &&
        (issuer.userName ?? lastSegment(issuer.arn)) === identity.role
      )
    }
    case 'role-session': {
      const parts = who.arn?.split(':')[5]?.split('/')
      return who.type === 'AssumedRole' && parts?.[1] === identity.role && parts[2] === identity.session
    }
    case 'root':
      return who.type === 'Root'
    case 'federated-user':
      return who.type === 'FederatedUser' && who.arn?.split(':')[5] === `federated-user/${identity.name}`
  }
}
