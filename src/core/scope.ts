import { ANY, SELF, type Slice } from './coverage.js'
import { GLOBAL_EVENT_SOURCES, GLOBAL_REGION } from './constants.js'
import type { Query, TimeWindow } from './types.js'

// Which accounts, Regions and services a query asks about: one rule, read by the run to cut the query into
// slices and by the judge to decide what counts. A Region or an account is skipped only when the query itself
// excludes it, never on a catalog's word, so what a plan reads and what the judge counts cannot drift apart.

/**
 * True when the query itself rules out global-service events: every pattern names a service, and none of
 * them is a global one. (A name without a service may be any service's, whatever a catalog says today.)
 */
export function excludesGlobalEvents(query: Query): boolean {
  return (
    // An allow-list can forbid any event, global-service ones too.
    query.allowed.length === 0 &&
    query.patterns.length > 0 &&
    query.patterns.every(p => p.source !== undefined && !GLOBAL_EVENT_SOURCES.has(p.source))
  )
}

/** The us-east-1 slice for global-service events is read: include-global-events, and it adds something. */
export function readsGlobalRegion(query: Query): boolean {
  return (
    query.includeGlobalEvents &&
    query.regions.length > 0 &&
    !query.regions.includes(GLOBAL_REGION) &&
    !excludesGlobalEvents(query)
  )
}

/** Whether an event recorded in `region` from `source` is inside the query's Region scope. */
export function inRegionScope(query: Query, region: string, source: string): boolean {
  // No Region (the Athena source's default): every Region the table holds.
  if (query.regions.length === 0 || query.regions.includes(region)) return true
  return region === GLOBAL_REGION && GLOBAL_EVENT_SOURCES.has(source) && readsGlobalRegion(query)
}

/**
 * The accounts whose CloudTrail history is read, of those the account scope resolved to (in order). An ARN names
 * its account, and LookupEvents reads that account's history only: the identity's events are recorded there,
 * and another account's history holds none that count. A plain name is looked for in every account. The Athena
 * source reads every account of the scope in one query, so it keeps them all. `missing`: the ARN's account is
 * not among them (nothing of the identity's can be read).
 */
export function accountsToRead(
  query: Query,
  resolved: readonly string[]
): { readonly read: readonly string[]; readonly missing: string | undefined } {
  const { identity } = query
  if (identity.kind === 'name' || query.source === 'athena') return { read: resolved, missing: undefined }
  return resolved.includes(identity.account)
    ? { read: [identity.account], missing: undefined }
    : { read: [], missing: identity.account }
}

/**
 * The slices of a query over `window` (the part the source can answer for) in each account: every Region
 * asked (`*` for every Region of an Athena table), plus us-east-1's global-service events when they count.
 */
export function slicesOf(
  query: Query,
  window: TimeWindow,
  accounts: readonly string[] = [query.source === 'athena' ? ANY : SELF]
): Slice[] {
  const regions = query.regions.length === 0 ? [ANY] : query.regions
  return accounts.flatMap(account => [
    ...regions.map(region => ({ account, region, globalOnly: false, window })),
    ...(readsGlobalRegion(query) ? [{ account, region: GLOBAL_REGION, globalOnly: true, window }] : [])
  ])
}
