import type { Identity } from './types.js'

// ARNs are matched on their parts (partition, account, name) rather than as strings: CloudTrail writes the IAM
// path into role and user ARNs (`role/service/deploy`), and the user may leave it out.

const IAM_ARN =
  /^arn:(aws|aws-cn|aws-us-gov|aws-iso[a-z-]*):iam::(\d{12}):(user|role)\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,128})$/
const STS_ARN =
  /^arn:(aws|aws-cn|aws-us-gov|aws-iso[a-z-]*):sts::(\d{12}):assumed-role\/([\w+=,.@-]{1,64})\/([\w+=,.@-]{2,64})$/

export const IDENTITY_FORMS =
  'an IAM user name, a role session name, root, arn:aws:iam::<account>:user/<name>, ' +
  'arn:aws:iam::<account>:role/<name> or arn:aws:sts::<account>:assumed-role/<role>/<session>'

/** Parses the `user` input. Undefined when it looks like an ARN but is not one of the three forms. */
export function parseIdentity(text: string): Identity | undefined {
  const value = text.trim()
  if (!value.startsWith('arn:')) {
    // Any string LookupEvents could hold as a Username; control characters never occur in one.
    // eslint-disable-next-line no-control-regex
    return value.length > 0 && value.length <= 2000 && !/[\x00-\x1f]/.test(value)
      ? { kind: 'name', name: value }
      : undefined
  }
  const iam = IAM_ARN.exec(value)
  if (iam) {
    const [, partition = 'aws', account = '', type, name = ''] = iam
    return type === 'user'
      ? { kind: 'iam-user', arn: value, partition, account, name }
      : { kind: 'role', arn: value, partition, account, role: name }
  }
  const sts = STS_ARN.exec(value)
  if (sts) {
    const [, partition = 'aws', account = '', role = '', session = ''] = sts
    return { kind: 'role-session', arn: value, partition, account, role, session }
  }
  return undefined
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
  }
}
