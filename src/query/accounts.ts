import { InputError, InputProblem } from '../core/errors.js'
import { splitList } from '../core/patterns.js'
import type { AccountScope, Identity, SourceName } from '../core/types.js'
import type { InputNames } from './names.js'

// The account scope: `accounts` (12-digit IDs, or the word `organization`), `account-role` (the role each
// account is read with, `{account}` where its ID goes). Every mistake is an InputError here, before any AWS
// call. Pure.

export interface RawAccounts {
  /** IDs separated by commas and/or newlines, or `organization`; a list from the library or the CLI. */
  readonly accounts?: string | readonly string[] | undefined
  readonly accountRole?: string | undefined
}

/** Where the account ID goes in the `account-role` template. */
export const ACCOUNT_PLACEHOLDER = '{account}'
export const ORGANIZATION = 'organization'
/** Most accounts one scan may name: far more than one gate reads in its deadline. */
export const MAX_ACCOUNTS = 10_000
const ACCOUNT_ID = /^\d{12}$/
const ROLE_ARN =
  /^arn:(aws|aws-cn|aws-us-gov|aws-iso[a-z-]*):iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/
const TEMPLATE_EXAMPLE = `arn:aws:iam::${ACCOUNT_PLACEHOLDER}:role/cloudtrail-audit`

/** The role ARN of one account, from the template. */
export function roleArnFor(template: string, account: string): string {
  return template.split(ACCOUNT_PLACEHOLDER).join(account)
}

function entriesOf(value: RawAccounts['accounts']): string[] {
  const given = typeof value === 'string' ? [value] : [...(value ?? [])]
  return [...new Set(given.flatMap(text => splitList(text)))]
}

/** The template, checked: a role ARN whose account part is `{account}` (and nothing else). */
function parseTemplate(text: string, input: string): string {
  const template = text.trim()
  const expected = `a role ARN with ${ACCOUNT_PLACEHOLDER} where the account ID goes, such as ${TEMPLATE_EXAMPLE}`
  if (!template.includes(ACCOUNT_PLACEHOLDER)) throw new InputError(input, template, expected)
  // The role must be in the account it reads: LookupEvents answers for the credentials' own account only.
  const account = template.split(':')[4]
  if (account !== ACCOUNT_PLACEHOLDER || !ROLE_ARN.test(roleArnFor(template, '000000000000'))) {
    throw new InputError(input, template, expected)
  }
  return template
}

function parseIds(entries: readonly string[], input: string): string[] {
  if (entries.some(e => e.toLowerCase() === ORGANIZATION)) {
    throw new InputError(
      input,
      entries.join(','),
      `12-digit account IDs, or the word ${ORGANIZATION} alone (not both)`
    )
  }
  for (const entry of entries) {
    if (!ACCOUNT_ID.test(entry)) {
      throw new InputError(
        input,
        entry,
        '12-digit AWS account IDs separated by commas or newlines, or the word organization'
      )
    }
  }
  if (entries.length > MAX_ACCOUNTS) {
    throw new InputError(input, `${entries.length} accounts`, `at most ${MAX_ACCOUNTS} accounts`)
  }
  return [...entries]
}

/**
 * The account scope of a query. With LookupEvents every named account is read with its own role, so
 * `account-role` is required; the Athena source reads them all in one query and ignores it (with a warning).
 * An ARN identity names its account, which must be among the IDs given.
 */
export function parseAccounts(
  raw: RawAccounts,
  context: {
    readonly source: SourceName
    readonly identity: Identity
    readonly names: InputNames
    readonly warnings: string[]
  }
): AccountScope {
  const { names, source, identity, warnings } = context
  const entries = entriesOf(raw.accounts)
  const roleText = (raw.accountRole ?? '').trim()
  const role = roleText === '' ? undefined : parseTemplate(roleText, names('accountRole'))
  if (entries.length === 0) {
    if (role !== undefined) {
      warnings.push(
        `${names('accountRole')} is set but ${names('accounts')} is empty: only the credentials' own account is ` +
          `read. Set ${names('accounts')} to account IDs or ${ORGANIZATION}.`
      )
    }
    return { kind: 'self' }
  }
  const organization = entries.length === 1 && entries[0]?.toLowerCase() === ORGANIZATION
  const ids = organization ? [] : parseIds(entries, names('accounts'))
  if (source === 'lookup-events' && role === undefined) {
    throw new InputError(
      names('accountRole'),
      '',
      `a role ARN template such as ${TEMPLATE_EXAMPLE} when ${names('accounts')} is set: LookupEvents answers ` +
        "for the credentials' own account only, so each account is read with a role of its own"
    )
  }
  if (source === 'athena' && role !== undefined) {
    warnings.push(
      `${names('accountRole')} is not used with ${names('source')} athena: one query reads every account of the table.`
    )
  }
  if (organization) return { kind: 'organization', role }
  if (identity.kind !== 'name' && !ids.includes(identity.account)) {
    throw new InputProblem(names('user'), identity.arn, [
      `${identity.arn} names account ${identity.account}, whose CloudTrail records its events, but ` +
        `${names('accounts')} leaves that account out: add ${identity.account} to ${names('accounts')}.`
    ])
  }
  return { kind: 'list', ids, role }
}
