import { AccountRoles, assumeRoleClient, type AssumeRoleLike } from '../aws/accounts.js'
import type { ClientOptions } from '../aws/clients.js'
import { listActiveAccounts, organizationsClient, type ListAccountsLike } from '../aws/organizations.js'
import type { OwnRequests } from '../aws/own-requests.js'
import { listSome } from '../core/bounded.js'
import type { Clock } from '../core/clock.js'
import { ANY, SELF } from '../core/coverage.js'
import { SourceFailure } from '../core/errors.js'
import { accountsToRead } from '../core/scope.js'
import type { Query } from '../core/types.js'
import type { ProgressSink } from '../sources/source.js'
import type { TaskFailure } from './incomplete.js'

// The accounts of a run: which ones the account scope names (the list, or the organization's ACTIVE accounts),
// the credentials each is read with (its role, assumed from the base credentials), and how many are read at
// once. An account that cannot be read fails alone: the others are still read and reported.

export interface AccountDeps {
  readonly clientOptions?: ClientOptions
  /** Organizations ListAccounts for `accounts: organization` (default: a real client, base credentials). */
  readonly organizations?: ListAccountsLike
  /** STS for AssumeRole into each account (default: a real client, base credentials). */
  readonly assumeRoleClient?: AssumeRoleLike
  /** The AssumeRole session name (default `cloudtrail-gate`). */
  readonly sessionName?: string
  /** Told every secret obtained (the action masks them). */
  readonly onSecret?: (secret: string) => void
  readonly requestTimeoutMs?: number
}

export interface RunContext {
  readonly query: Query
  readonly clock: Clock
  readonly random: () => number
  readonly signal: AbortSignal
  readonly own: OwnRequests
  readonly progress: ProgressSink | undefined
}

export interface ResolvedAccounts {
  /** The accounts the slices are cut for: named IDs, or `self` / `*` when the scope names none. */
  readonly read: readonly string[]
  /** Accounts (or the organization) that cannot be read at all, and why. */
  readonly failures: readonly TaskFailure[]
  /** True when the scope names accounts (each gets a row in the summary's accounts section). */
  readonly named: boolean
}

/** Where the organization's failure is reported. */
export const ORGANIZATION_PLACE = 'AWS Organizations'

/** The roles of the scope's accounts, or undefined when every read uses the base credentials. */
export function accountRoles(
  deps: AccountDeps,
  ctx: Omit<RunContext, 'query' | 'progress'> & { readonly query: Query }
): AccountRoles | undefined {
  const scope = ctx.query.accounts
  if (ctx.query.source === 'athena' || scope === undefined || scope.kind === 'self') return undefined
  if (scope.role === undefined) return undefined
  const options = { ...deps.clientOptions, own: ctx.own }
  const region = ctx.query.regions[0] ?? 'us-east-1'
  const client = deps.assumeRoleClient
  return new AccountRoles({
    template: scope.role,
    sessionName: deps.sessionName ?? 'cloudtrail-gate',
    sts: client ? () => Promise.resolve(client) : assumeRoleClient(options, region),
    clock: ctx.clock,
    random: ctx.random,
    signal: ctx.signal,
    own: ctx.own,
    ...(deps.requestTimeoutMs !== undefined && { requestTimeoutMs: deps.requestTimeoutMs }),
    ...(deps.onSecret && { onSecret: deps.onSecret })
  })
}

/** The named accounts to read; ListAccounts (every page) for `organization`. Never throws a SourceFailure. */
export async function resolveAccounts(deps: AccountDeps, ctx: RunContext): Promise<ResolvedAccounts> {
  const { query } = ctx
  const scope = query.accounts ?? { kind: 'self' }
  if (scope.kind === 'self')
    return { read: [query.source === 'athena' ? ANY : SELF], failures: [], named: false }
  // One Athena query reads every account of the table: the organization is the table's accounts.
  if (scope.kind === 'organization' && query.source === 'athena')
    return { read: [ANY], failures: [], named: false }
  let resolved: readonly string[]
  if (scope.kind === 'list') {
    resolved = scope.ids
  } else {
    try {
      const client =
        deps.organizations ?? (await organizationsClient({ ...deps.clientOptions, own: ctx.own })())
      const listed = await listActiveAccounts(client, {
        ...ctx,
        ...(deps.requestTimeoutMs && { requestTimeoutMs: deps.requestTimeoutMs })
      })
      const skipped = [...listed.skipped].map(([state, n]) => `${n} ${state}`)
      ctx.progress?.info(
        `Organizations ListAccounts: ${listed.active.length} ACTIVE accounts on ${listed.pages} pages` +
          (skipped.length > 0 ? `; not read: ${skipped.join(', ')}` : '')
      )
      resolved = listed.active
    } catch (error) {
      if (!(error instanceof SourceFailure)) throw error
      const failure = { account: ANY, region: ORGANIZATION_PLACE, code: error.code, reason: error.reason }
      return { read: [], failures: [{ ...failure, oldestReached: null }], named: true }
    }
  }
  const { read, missing } = accountsToRead(query, resolved)
  if (read.length < resolved.length) {
    ctx.progress?.info(
      `The user ARN names account ${read[0] ?? missing}: only its CloudTrail history is read.`
    )
  }
  const failures: TaskFailure[] =
    missing === undefined
      ? []
      : [
          {
            account: missing,
            region: ANY,
            code: 'not-covered',
            reason:
              `the user ARN names account ${missing}, which is not an ACTIVE account of the organization ` +
              `(${listSome(resolved, 5)}): its CloudTrail history, where the identity's events are, was not read`,
            oldestReached: null
          }
        ]
  return { read, failures, named: true }
}

/** Runs at most `max` jobs at once, in the order they were queued. */
export function limiter(max: number): <T>(job: () => Promise<T>) => Promise<T> {
  let running = 0
  const queue: Array<() => void> = []
  const next = (): void => {
    if (running >= max) return
    const start = queue.shift()
    if (start === undefined) return
    running += 1
    start()
  }
  return job =>
    new Promise((resolve, reject) => {
      queue.push(() => {
        job()
          .then(resolve, reject)
          .finally(() => {
            running -= 1
            next()
          })
      })
      next()
    })
}

/** Progress lines of one account: `[111122223333 eu-west-2] …`. */
export function accountProgress(
  progress: ProgressSink | undefined,
  account: string
): ProgressSink | undefined {
  if (progress === undefined || account === SELF || account === ANY) return progress
  return {
    info: line =>
      progress.info(line.startsWith('[') ? `[${account} ${line.slice(1)}` : `[${account}] ${line}`)
  }
}

export interface ByAccount<T> {
  readonly accountOf: (task: T) => string
  readonly read: (task: T) => Promise<TaskFailure | undefined>
  readonly roles: AccountRoles | undefined
  readonly max: number
  readonly signal: AbortSignal
  readonly progress: ProgressSink | undefined
  /** Starts the tasks this far apart at least, spread over one request interval (see {@link startSpacing}). */
  readonly stagger?: { readonly clock: Clock; readonly spacingMs: number }
}

/**
 * How far apart tasks start when named accounts are read: one request interval shared by the lanes that run at
 * once. Started together, every lane's requests would come due at the same instants, and the answers (pages to
 * judge) arrive in bursts: spread over the interval, each lane keeps its own 2 requests/s and the runner (and
 * the service's front end) sees a steady stream.
 */
export function staggerOf(
  query: Query,
  clock: Clock,
  accounts: number,
  slices: number
): { readonly clock: Clock; readonly spacingMs: number } {
  const atOnce = Math.min(query.maxConcurrentAccounts ?? accounts, Math.max(1, accounts))
  const lanes = atOnce * Math.max(1, slices / Math.max(1, accounts))
  return { clock, spacingMs: 1000 / query.requestsPerSecond / lanes }
}

/** Waits for the next start slot, `spacingMs` after the previous one; never throws. */
function starter(stagger: ByAccount<unknown>['stagger'], signal: AbortSignal): () => Promise<void> {
  let next = 0
  return async () => {
    if (stagger === undefined) return
    const now = stagger.clock.now()
    const at = Math.max(now, next)
    next = at + stagger.spacingMs
    if (at > now) await stagger.clock.sleep(at - now, signal).catch(() => undefined)
  }
}

/**
 * Every task, account by account: at most `max` accounts read at once, each first assuming its role. An
 * account whose role cannot be assumed, or that the deadline reached before its turn, fails as a whole (one
 * failure naming it); its tasks are not read, and the other accounts are.
 */
export async function readByAccount<T>(tasks: readonly T[], o: ByAccount<T>): Promise<TaskFailure[]> {
  const groups = new Map<string, T[]>()
  for (const task of tasks) {
    const account = o.accountOf(task)
    groups.set(account, [...(groups.get(account) ?? []), task])
  }
  const limit = limiter(o.max)
  const start = starter(o.stagger, o.signal)
  const failed = (account: string, error: SourceFailure): TaskFailure[] => [
    { account, region: ANY, code: error.code, reason: error.reason, oldestReached: null }
  ]
  const outcomes = await Promise.all(
    [...groups].map(([account, group]) =>
      limit(async (): Promise<Array<TaskFailure | undefined>> => {
        if (o.signal.aborted) {
          const reason: unknown = o.signal.reason
          const why = reason instanceof SourceFailure ? reason.reason : 'the scan stopped'
          return failed(account, new SourceFailure('deadline', `not read: ${why} before its turn came`))
        }
        if (o.roles !== undefined && account !== SELF && account !== ANY) {
          try {
            await o.roles.assume(account)
            accountProgress(o.progress, account)?.info(`reading as ${o.roles.roleOf(account)}`)
          } catch (error) {
            if (!(error instanceof SourceFailure)) throw error
            return failed(account, error)
          }
        }
        return Promise.all(group.map(async task => (await start(), o.read(task))))
      })
    )
  )
  return outcomes.flat().filter((f): f is TaskFailure => f !== undefined)
}
