import { listSome } from '../../core/bounded.js'
import { GLOBAL_REGION } from '../../core/constants.js'
import { readsGlobalRegion } from '../../core/scope.js'
import type { Query, TimeWindow } from '../../core/types.js'
import type { Parameters } from './literal.js'
import { formatDay, type Partitioning } from './table.js'

// Bounds on partition keys, so Athena reads only the files that can hold the window's events. Files are foldered
// by *delivery* day, and an event can be delivered the day after it happened (or, with clock skew, the day before),
// so the day bounds reach one day past each end. Pure.

const DAY_MS = 86_400_000

export interface PartitionBounds {
  /** SQL conditions on the day keys, each with `?` placeholders already added to the parameters. */
  readonly days: readonly string[]
  /** The condition on the `region` key, when the table has one and the scope names Regions. */
  readonly region: string | undefined
  /** The condition on the `account` key, when the table has one and the scope names accounts. */
  readonly account: string | undefined
  /** What was bounded, for the summary: `timestamp 2024/01/04–2024/01/12`, `region in (…)`. */
  readonly described: readonly string[]
  readonly warnings: readonly string[]
}

/** What a statement reads: the instants its events may have, and the Regions and accounts whose files hold them. */
export interface PartitionScope {
  readonly window: TimeWindow
  /** How far the day bounds reach past each end of the window (files are foldered by delivery day). */
  readonly padMs: number
  /** Undefined: every Region (account) of the table. */
  readonly regions: readonly string[] | undefined
  readonly accounts: readonly string[] | undefined
}

/** The Regions whose folders can hold the query's events (the slices'); undefined: every Region of the table. */
export function regionScope(query: Query): string[] | undefined {
  if (query.regions.length === 0) return undefined
  return [...query.regions, ...(readsGlobalRegion(query) ? [GLOBAL_REGION] : [])]
}

/**
 * The accounts whose folders are read: the account scope, never the identity's ARN (an identity's events can be
 * recorded in another account's folder of an organization trail, and the judge counts them). Undefined: every
 * account the table holds (no `accounts`, or `organization`: one query reads every account of the table).
 */
export function accountScope(query: Query): string[] | undefined {
  return query.accounts?.kind === 'list' ? [...query.accounts.ids] : undefined
}

/** The query's own scope: its window, a day each side, its Regions and accounts. */
export function queryScope(query: Query, window: TimeWindow = query.window): PartitionScope {
  return { window, padMs: DAY_MS, regions: regionScope(query), accounts: accountScope(query) }
}

function ymd(date: Date): number {
  return date.getUTCFullYear() * 10_000 + (date.getUTCMonth() + 1) * 100 + date.getUTCDate()
}

/** `"region" = ?` or `"region" IN (?, ?)`. */
export function equalsAny(key: string, values: readonly string[], params: Parameters): string {
  return values.length === 1
    ? `"${key}" = ${params.string(values[0] ?? '')}`
    : `"${key}" IN (${params.strings(values)})`
}

export function partitionBounds(
  scope: PartitionScope,
  partitioning: Partitioning,
  params: Parameters
): PartitionBounds {
  const days: string[] = []
  const described: string[] = []
  const warnings: string[] = []
  const first = new Date(scope.window.start.getTime() - scope.padMs)
  const last = new Date(scope.window.end.getTime() + scope.padMs)
  const day = partitioning.day
  if (day?.kind === 'timestamp') {
    const from = formatDay(first, day.format)
    const to = formatDay(last, day.format)
    days.push(`"timestamp" BETWEEN ${params.string(from)} AND ${params.string(to)}`)
    described.push(`timestamp ${from} to ${to}`)
  } else if (day?.kind === 'year-month-day') {
    // Compared as numbers, so a partition added as month='1' rather than '01' is still inside the bounds.
    const year = (key: string, scale: number): string => `CAST("${key}" AS INTEGER) * ${scale}`
    days.push(
      `${year('year', 10_000)} + ${year('month', 100)} + CAST("day" AS INTEGER) BETWEEN ` +
        `${params.integer(ymd(first))} AND ${params.integer(ymd(last))}`
    )
    described.push(`year/month/day ${formatDay(first, 'yyyy/MM/dd')} to ${formatDay(last, 'yyyy/MM/dd')}`)
  }
  let region: string | undefined
  if (partitioning.region && scope.regions) {
    region = equalsAny('region', scope.regions, params)
    described.push(`region in ${scope.regions.join(', ')}`)
  }
  let account: string | undefined
  if (partitioning.account && scope.accounts) {
    account = equalsAny('account', scope.accounts, params)
    described.push(`account in ${scope.accounts.join(', ')}`)
  }
  if (partitioning.keys.length === 0) {
    warnings.push(
      'The Athena table has no partition keys: every query scans (and is billed for) the whole table.'
    )
  } else if (!day) {
    warnings.push(
      `The Athena table's partition keys (${listSome(partitioning.keys)}) have no day ` +
        '(timestamp, or year/month/day): the query reads every day of the trail.'
    )
  }
  // Key names come from Glue: bounded like any server text, and a few at most.
  const unbounded = partitioning.unbounded
  if (unbounded.length > 0) {
    const which = unbounded.length === 1 ? 'key' : 'keys'
    warnings.push(`Partition ${which} ${listSome(unbounded, 5)} not bounded: every value is read.`)
  }
  return { days, region, account, described, warnings }
}

/** Keys Athena will refuse to query unbound (projection type `injected`) that this query cannot bind. */
export function unboundInjected(query: Query, partitioning: Partitioning): string[] {
  return [...partitioning.injected].filter(
    key => !((key === 'region' && regionScope(query)) || (key === 'account' && accountScope(query)))
  )
}
