import { belongsTo, describeIdentity } from './identity.js'
import { compilePatterns } from './patterns.js'
import { RecordError, type TrailRecord } from './record.js'
import { inRegionScope } from './scope.js'
import type { EventPattern, Query } from './types.js'

// Does this record answer this query? Decided on the record alone, against the whole query, whichever lookup
// (Username, EventName, EventSource, a full scan, SQL) fetched it: a plan changes the cost, never the verdict.

export interface Judgement {
  /** The identity's event, inside the window and the Region scope: it counts as examined. */
  readonly inScope: boolean
  /** The pattern of `events` the event matches; undefined when none does, or none was given. */
  readonly pattern: EventPattern | undefined
  /**
   * Forbidden by the query's policy: it matches `events` or lies outside `allowed-events`, and is not a read-only
   * event that `ignore-read-only` exempts.
   */
  readonly forbidden: boolean
  /** Why it is forbidden: the pattern as written, or `not in allowed-events`. */
  readonly forbiddenBy: string | undefined
}

const OUTSIDE: Judgement = { inScope: false, pattern: undefined, forbidden: false, forbiddenBy: undefined }

export const NOT_ALLOWED = 'not in allowed-events'

/** Discovery: nothing can be forbidden (no `events`, no `allowed-events`), so every event is reported. */
export function isDiscovery(query: Pick<Query, 'patterns' | 'allowed'>): boolean {
  return query.patterns.length === 0 && query.allowed.length === 0
}

/** Whose event: a plain name is LookupEvents' `Username`; ARNs are matched on the CloudTrailEvent's userIdentity. */
function ofIdentity(query: Query, record: TrailRecord): boolean {
  const { identity } = query
  if (identity.kind === 'name') return record.username === identity.name
  if (record.userIdentity === undefined) {
    throw new RecordError(
      `it has no userIdentity, so it cannot be matched to ${describeIdentity(identity)}`,
      record.id
    )
  }
  return belongsTo(identity, record.userIdentity)
}

function inWindow(query: Query, record: TrailRecord): boolean {
  const t = record.time.getTime()
  return t >= query.window.start.getTime() && t <= query.window.end.getTime()
}

export type RecordJudge = (record: TrailRecord) => Judgement

/**
 * The judgement for one query, its patterns compiled once. Throws a RecordError for a record it cannot judge
 * (an ARN identity and a record without userIdentity): the caller makes the scan incomplete.
 */
export function recordJudge(query: Query): RecordJudge {
  const match = compilePatterns(query.patterns)
  const allowed = compilePatterns(query.allowed)
  const allowList = query.allowed.length > 0
  return record => {
    if (
      !inWindow(query, record) ||
      !inRegionScope(query, record.region, record.source) ||
      !ofIdentity(query, record)
    )
      return OUTSIDE
    const pattern = match(record.name, record.source)
    const outside = allowList && allowed(record.name, record.source) === undefined
    // Only a record CloudTrail marks read-only is exempt: an unknown ReadOnly counts, failing safe.
    const exempt = query.ignoreReadOnly && record.readOnly === true
    const forbidden = (pattern !== undefined || outside) && !exempt
    const forbiddenBy = !forbidden ? undefined : pattern !== undefined ? pattern.text : NOT_ALLOWED
    return { inScope: true, pattern, forbidden, forbiddenBy }
  }
}

/** One record against one query (compiles the patterns each call: use {@link recordJudge} in loops). */
export function judgeRecord(query: Query, record: TrailRecord): Judgement {
  return recordJudge(query)(record)
}
