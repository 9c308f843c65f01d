// The AWS accounts one emulator serves. Each account has its own CloudTrail records (a RecordStore), the
// state AWS Organizations reports for it, and the roles that refuse STS AssumeRole. The base account
// (123456789012, the sample data's) holds the `records` option and is where keys STS did not issue sign in
// (as IAM user `emulator-user`), so an emulator given no accounts is the base account alone, as before.
//
// Knowingly different from AWS: there are no IAM policies, so every role of an ACTIVE account trusts every
// caller unless it is listed in `deniedRoles`; an account the emulator was not told about gets an empty store
// on first use (a web-identity session may name any account) but refuses AssumeRole and is not in
// ListAccounts.
import type { EmulatorRecord } from './records.js'
import { RecordStore } from './store.js'

export const BASE_ACCOUNT = '123456789012'

/** The `State` values ListAccounts reports that have a `Status` of the same name. */
export const ACCOUNT_STATES = ['ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE'] as const
export type AccountState = (typeof ACCOUNT_STATES)[number]

export interface AccountSpec {
  /** 12 digits. The base account's id adds its name, state and records to the base account. */
  id: string
  /** Default `account-<id>`. */
  name?: string
  /** Default `aws+<id>@example.com`. */
  email?: string
  /** Default ACTIVE. No role of a SUSPENDED or PENDING_CLOSURE account can be assumed. */
  state?: AccountState
  /** This account's CloudTrail records, whatever account their principals name. */
  records?: readonly EmulatorRecord[]
  /** Role names whose AssumeRole fails with AccessDenied, as if their trust policy left the caller out. */
  deniedRoles?: readonly string[]
}

export interface Account {
  readonly id: string
  readonly name: string
  readonly email: string
  readonly state: AccountState
  readonly store: RecordStore
  readonly deniedRoles: ReadonlySet<string>
  /** Listed by ListAccounts and open to AssumeRole: the base account and every configured one. */
  readonly member: boolean
}

const ACCOUNT_ID = /^\d{12}$/
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/
// Organizations' own limits on an account's name and email address.
const MAX_NAME = 50
const MAX_EMAIL = 64

function checked(spec: AccountSpec, where: string): AccountSpec {
  if (!ACCOUNT_ID.test(spec.id))
    throw new Error(`${where}.id must be 12 digits, got ${JSON.stringify(spec.id)}`)
  if (spec.name !== undefined && (spec.name === '' || spec.name.length > MAX_NAME)) {
    throw new Error(`${where}.name must be 1 to ${MAX_NAME} characters`)
  }
  if (spec.email !== undefined && !/^[^@\s]+@[^@\s]+$/.test(spec.email)) {
    throw new Error(`${where}.email must be an email address`)
  }
  if (spec.email !== undefined && spec.email.length > MAX_EMAIL) {
    throw new Error(`${where}.email must be at most ${MAX_EMAIL} characters`)
  }
  if (spec.state !== undefined && !ACCOUNT_STATES.includes(spec.state)) {
    throw new Error(`${where}.state must be one of ${ACCOUNT_STATES.join(', ')}`)
  }
  for (const role of spec.deniedRoles ?? []) {
    if (!ROLE_NAME.test(role))
      throw new Error(`${where}.deniedRoles: ${JSON.stringify(role)} is not a role name`)
  }
  return spec
}

function account(spec: AccountSpec, records: readonly EmulatorRecord[], member: boolean): Account {
  return {
    id: spec.id,
    name: spec.name ?? `account-${spec.id}`,
    email: spec.email ?? `aws+${spec.id}@example.com`,
    state: spec.state ?? 'ACTIVE',
    store: new RecordStore(records),
    deniedRoles: new Set(spec.deniedRoles ?? []),
    member
  }
}

export class Accounts {
  private readonly byId = new Map<string, Account>()

  /** Throws on an invalid spec or an id given twice. */
  constructor(baseRecords: readonly EmulatorRecord[], specs: readonly AccountSpec[] = []) {
    const seen = new Set<string>()
    specs.forEach((spec, i) => {
      checked(spec, `accounts[${i}]`)
      if (seen.has(spec.id)) throw new Error(`accounts[${i}].id ${spec.id} is given twice`)
      seen.add(spec.id)
    })
    // The base account first: ListAccounts lists accounts in the order they were added.
    const base = specs.find(s => s.id === BASE_ACCOUNT) ?? { id: BASE_ACCOUNT, name: 'base' }
    const records = base.records === undefined ? baseRecords : [...baseRecords, ...base.records]
    this.byId.set(BASE_ACCOUNT, account(base, records, true))
    for (const spec of specs) {
      if (spec.id !== BASE_ACCOUNT) this.byId.set(spec.id, account(spec, spec.records ?? [], true))
    }
  }

  /** The account, created empty (and outside the organization) on first use of an id not configured. */
  get(id: string): Account {
    const known = this.byId.get(id)
    if (known !== undefined) return known
    const created = account({ id }, [], false)
    this.byId.set(id, created)
    return created
  }

  /** A configured account (the base one included), or undefined. */
  find(id: string): Account | undefined {
    const known = this.byId.get(id)
    return known?.member ? known : undefined
  }

  /** The organization's accounts, base account first. */
  members(): Account[] {
    return [...this.byId.values()].filter(a => a.member)
  }
}
