import { listSome } from '../core/bounded.js'
import type { SliceCoverage, Uncovered } from '../core/coverage.js'
import { ANY, SELF } from '../core/coverage.js'
import { isoSeconds } from '../core/dates.js'
import type { IncompleteCode, IncompleteInfo, UnfinishedRegion } from '../core/types.js'

// Pure: why a scan is not complete, from what failed and from what no page proved read. Failures first (they
// say what went wrong), then parts a source said it cannot answer, then gaps and unproven deliveries.

/** A task that stopped: where, why, and how far it had got. */
export interface TaskFailure {
  readonly account: string
  readonly region: string
  readonly code: IncompleteCode
  readonly reason: string
  readonly oldestReached: string | null
}

/** `eu-west-2`, `every Region`, `account 111122223333 eu-west-2`, `account 111122223333`: where, in words. */
export function placeOf(account: string, region: string): string {
  if (account === SELF || account === ANY) return region === ANY ? 'every Region' : region
  return region === ANY ? `account ${account}` : `account ${account} ${region}`
}

function windows(parts: SliceCoverage['gaps']): string {
  return listSome(
    parts.map(w => `${isoSeconds(w.start)} to ${isoSeconds(w.end)}`),
    3
  )
}

/** Every place that did not finish, the first cause first. */
export function unfinishedOf(
  failures: readonly TaskFailure[],
  uncovered: readonly Uncovered[],
  coverage: readonly SliceCoverage[]
): UnfinishedRegion[] {
  const out: UnfinishedRegion[] = failures.map(f => ({
    region: placeOf(f.account, f.region),
    code: f.code,
    reason: f.reason,
    oldestReached: f.oldestReached
  }))
  const named = new Set(out.map(u => u.region))
  // A failure of a task that spans every slice (an Athena query, a plan) already explains every gap; one that
  // spans an account (its role could not be assumed) explains that account's.
  const sliceRegions = new Set(coverage.map(c => c.slice.region))
  const spanning = failures.filter(f => !sliceRegions.has(f.region) || f.region === ANY)
  const explained = (c: SliceCoverage): boolean =>
    spanning.some(f => f.account === ANY || f.account === SELF || f.account === c.slice.account)
  for (const u of uncovered) {
    const region = placeOf(u.account, u.region)
    if (named.has(region)) continue
    named.add(region)
    out.push({ region, code: 'not-covered', reason: u.reason, oldestReached: null })
  }
  for (const c of coverage) {
    if (c.complete || explained(c)) continue
    const region =
      placeOf(c.slice.account, c.slice.region) + (c.slice.globalOnly ? ' (global-service events)' : '')
    if (named.has(region) || named.has(placeOf(c.slice.account, c.slice.region))) continue
    named.add(region)
    out.push(
      c.gaps.length > 0
        ? {
            region,
            code: 'not-covered',
            reason: `no page proved ${windows(c.gaps)} read`,
            oldestReached: null
          }
        : {
            region,
            code: 'delivery',
            reason:
              `CloudTrail's delivery of ${windows(c.unproven)} was not proven: events it had not delivered yet ` +
              'would have been missed',
            oldestReached: null
          }
    )
  }
  return out
}

/** The incomplete scan's summary, or undefined when every slice is complete and nothing failed. */
export function incompleteOf(
  unfinished: readonly UnfinishedRegion[],
  totals: { readonly pages: number; readonly scanned: number }
): IncompleteInfo | undefined {
  const first = unfinished[0]
  if (first === undefined) return undefined
  return { ...first, pages: totals.pages, scanned: totals.scanned, unfinished }
}
