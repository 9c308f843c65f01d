import { clip } from '../../core/bounded.js'
import { ANY, gapsIn, type Covered } from '../../core/coverage.js'
import { isoSeconds } from '../../core/dates.js'
import type { TrailRecord } from '../../core/record.js'
import type { TimeWindow } from '../../core/types.js'
import { isTrailChange, type TrailChangeName } from './trail-events.js'
import type { TrailInfo, TrailStatus } from './trails.js'

// Trail gaps: S3 holds only what the trail delivered while it was logging. The query reads every trail change
// beside the identity's events (trail-events.ts); here the successful ones on a trail that writes the table's
// bucket become gaps — from a StopLogging or DeleteTrail to the next StartLogging (or the window's end), from an
// UpdateTrail or an event selector change to the window's end, from the window's start to a StartLogging that ends
// a stop made earlier, and from the stop GetTrailStatus reports for a trail not logging now. A gap is not read as
// clean: its part of the window is left uncovered unless the user accepts it. Pure.

/** A successful trail change read from the table. */
export interface TrailChange {
  readonly eventId: string
  readonly time: Date
  readonly name: TrailChangeName
  readonly region: string
  readonly by: string | null
  /** The trail its requestParameters name (name or ARN); null: none; undefined: they could not be read. */
  readonly trail: string | null | undefined
  /** The table has requestParameters, and this change's could not be read: it may be any trail's. */
  readonly unreadable?: true
}

export interface TrailGap {
  /** The trail's name. */
  readonly trail: string
  readonly window: TimeWindow
  /** What opened it, in words: `StopLogging by arn:… at 2026-…Z`. */
  readonly cause: string
}

/** Most changes kept: more than a trail ever sees in an audit window; past it the check cannot finish. */
export const MAX_CHANGES = 1000
/** Longest requestParameters read for the trail's name: far above CloudTrail's own for these calls. */
const MAX_PARAMETERS = 256 * 1024

function trailNamed(parameters: string | undefined): string | null | undefined {
  if (parameters === undefined) return null
  if (parameters.length > MAX_PARAMETERS) return undefined
  let value: unknown
  try {
    value = JSON.parse(parameters)
  } catch {
    return undefined
  }
  if (value === null) return null
  if (typeof value !== 'object' || Array.isArray(value)) return undefined
  // StopLogging, StartLogging, DeleteTrail and UpdateTrail say `name`; the selector calls `trailName`.
  const name: unknown =
    (value as Record<string, unknown>)['name'] ?? (value as Record<string, unknown>)['trailName']
  if (name === undefined || name === null) return null
  return typeof name === 'string' && name !== '' && name.length <= 2048 ? name : undefined
}

/** The successful trail changes of a result, bounded. */
export class TrailChanges {
  readonly list: TrailChange[] = []
  overflow = false

  /** `parameters`: the row's trailparameters; `readable`: the table has a requestparameters column. */
  add(record: TrailRecord, parameters: string | undefined, readable: boolean): void {
    if (!isTrailChange(record.source, record.name) || record.errorCode !== null) return
    if (this.list.length >= MAX_CHANGES) {
      this.overflow = true
      return
    }
    const trail = readable ? trailNamed(parameters) : undefined
    this.list.push({
      eventId: clip(record.id, 80),
      time: record.time,
      name: record.name,
      region: clip(record.region, 40),
      by: record.userIdentity?.arn === undefined ? null : clip(record.userIdentity.arn, 200),
      trail,
      ...(readable && trail === undefined && { unreadable: true as const })
    })
  }
}

export function namesTrail(ref: string, trail: TrailInfo): boolean {
  return ref === trail.name || ref === trail.arn
}

function describe(change: TrailChange): string {
  return `${change.name}${change.by ? ` by ${change.by}` : ''} at ${isoSeconds(change.time)}`
}

/**
 * The gaps of one trail writing the bucket, inside `window`. What cannot be told is a gap too: a change whose
 * requestParameters could not be read (other than a StartLogging, which only ever ends one) may be this trail's,
 * and past `MAX_CHANGES` (`overflowed`) the changes not kept may be.
 */
export function gapsOf(
  trail: TrailInfo,
  changes: readonly TrailChange[],
  status: TrailStatus | undefined,
  window: TimeWindow,
  overflowed = false
): TrailGap[] {
  const gaps: TrailGap[] = []
  const gap = (start: Date, end: Date, cause: string): void => {
    const from = start > window.start ? start : window.start
    const to = end < window.end ? end : window.end
    if (from <= to) gaps.push({ trail: trail.name, window: { start: from, end: to }, cause })
  }
  const mine = changes
    .filter(c => typeof c.trail === 'string' && namesTrail(c.trail, trail))
    .sort((a, b) => a.time.getTime() - b.time.getTime())
  let stopped: TrailChange | undefined
  let seenStop = false
  for (const change of mine) {
    if (change.name === 'StopLogging' || change.name === 'DeleteTrail') {
      stopped ??= change
      seenStop = true
    } else if (change.name === 'StartLogging') {
      if (stopped) gap(stopped.time, change.time, `${describe(stopped)}, until ${describe(change)}`)
      // Logging resumed without a stop in the window: it had been stopped since before the window began.
      else if (!seenStop)
        gap(window.start, change.time, `logging stopped before the window, until ${describe(change)}`)
      stopped = undefined
    } else {
      gap(change.time, window.end, `${describe(change)}: what the trail writes may have changed`)
    }
  }
  if (stopped) gap(stopped.time, window.end, describe(stopped))
  for (const change of changes) {
    if (change.unreadable && change.name !== 'StartLogging') {
      gap(change.time, window.end, `${describe(change)}: which trail it changed could not be read`)
    }
  }
  if (overflowed) {
    gap(
      window.start,
      window.end,
      `more than ${MAX_CHANGES.toLocaleString('en')} trail changes: the rest not examined`
    )
  }
  if (status?.isLogging === false) {
    const since = status.stopLoggingTime
    gap(
      since ?? window.start,
      window.end,
      `GetTrailStatus: not logging${since ? ` since ${isoSeconds(since)}` : ''}`
    )
  }
  return gaps
}

/** A claim affected by a trail: every Region of a multi-Region trail, else its home Region (and `*`). */
function affects(trail: TrailInfo, claim: Covered): boolean {
  return trail.multiRegion || claim.region === ANY || claim.region === trail.homeRegion
}

/** The claims without the gaps' time, for the trails each gap is on. */
export function withoutGaps(
  claims: readonly Covered[],
  gaps: ReadonlyArray<TrailGap & { readonly of: TrailInfo }>
): Covered[] {
  return claims.flatMap(claim => {
    const cut = gaps.filter(g => affects(g.of, claim)).map(g => g.window)
    if (cut.length === 0) return [claim]
    return gapsIn(claim.window, cut).map(window => ({ ...claim, window }))
  })
}
