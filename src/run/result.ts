import type { SliceCoverage } from '../core/coverage.js'
import type { AccountSummary } from './account-summary.js'
import type { NearMiss } from '../core/near-misses.js'
import type { DeliveryReport, IncompleteInfo, MatchedEvent, Query, RegionStats } from '../core/types.js'
import type { AthenaRun } from '../sources/athena/types.js'
import type { LanePlanReport } from '../sources/lookup-events/planner.js'
import type { Plan } from '../sources/lookup-events/types.js'

// What a scan found and what it proved read: the one value every report (outputs, summary, report file, PR
// comment, CLI table, library result) is built from.

/**
 * Whether the identity made any event in the window: `some` were examined; `none` when every slice was read
 * whole for the identity (a Username lookup, a full scan, a query with no event-name condition) and none was
 * there; `unknown` when the plan read only the forbidden names somewhere, or the scan is incomplete.
 */
export type IdentityEvents = 'some' | 'none' | 'unknown'

export interface ScanResult {
  readonly query: Query
  /** The LookupEvents plan (lanes empty for other sources); its strategy is the run's in words. */
  readonly plan: Plan
  /** What each lane did: the candidate chosen, the others with their estimates, the pages really read. */
  readonly lanes: readonly LanePlanReport[]
  /** Newest first. */
  readonly events: readonly MatchedEvent[]
  /** Events of the identity that were examined, in all Regions. */
  readonly scanned: number
  readonly pages: number
  readonly regions: readonly RegionStats[]
  /** Matched events per event name, most first. */
  readonly countsByName: ReadonlyArray<{
    readonly name: string
    readonly count: number
    readonly denied: number
  }>
  /** Forbidden events that fail the gate (denied attempts excluded when ignoreDenied), by name. */
  readonly violations: ReadonlyArray<{ readonly name: string; readonly count: number }>
  /** Forbidden events whose call failed (ErrorCode set). */
  readonly denied: number
  /** True when patterns were given and at least one violation was found. */
  readonly found: boolean
  readonly elapsedMs: number
  /** Set when some part of the query was not proven read: the result is partial and must never read as clean. */
  readonly incomplete: IncompleteInfo | undefined
  /** Each slice of the query (account × Region × window) against what the sources proved read. */
  readonly coverage: readonly SliceCoverage[]
  /** Whether the identity made any event in the window (see {@link IdentityEvents}). */
  readonly identityEvents: IdentityEvents
  /** True when `identityEvents` is `none` and the scan is complete: a misspelled user, most often. */
  readonly noEvents?: boolean
  /** Records of the gate's own calls (its marker, its lookups…) set aside, never counted as the identity's. */
  readonly ownCalls: number
  /** The identity's events close to a forbidden pattern that did not match them (empty when none, or discovery). */
  readonly nearMisses?: readonly NearMiss[]
  /** Set when the Athena source answered: its query, what it scanned and cost. */
  readonly athena?: AthenaRun
  /** What the delivery barrier did and proved (undefined: a result built without it). */
  readonly delivery?: DeliveryReport
  /**
   * One row per account the `accounts` input named, in order (undefined: the credentials' own account, or every
   * account of an Athena table): what was read and found there, complete or why not.
   */
  readonly accounts?: readonly AccountSummary[]
}

export type { AccountSummary } from './account-summary.js'
