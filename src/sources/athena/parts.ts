import { ANY, type Covered, type Slice } from '../../core/coverage.js'
import type { DeliveryPlan } from '../../core/delivery.js'
import type { TimeWindow } from '../../core/types.js'
import { heldWindow, type TableHolds } from './holds.js'

// How a window is read through Athena, and what each read proves. Pure.
// - An old window (ended before the delivery horizon): one query, taken as delivered.
// - wait-for-delivery false: one query; the fresh part is read but not proven (the run accepts it, and says so).
// - Otherwise the part older than the horizon is read at once, and the fresh part by a second query started only
//   once this run's markers have been found in the table (freshness.ts): a query lists S3 when it starts, so one
//   started earlier could miss files delivered meanwhile. The older part ends a second before the fresh part
//   starts, so no event is read twice.

export interface FreshSlice {
  readonly slice: Slice
  readonly window: TimeWindow
  /** The Regions whose markers prove this part; undefined when they cannot be told (see `unprovable`). */
  readonly regions: readonly string[] | undefined
}

export interface ReadPlan {
  /** Events older than this before the run are taken as delivered (the delivery horizon). */
  readonly horizonMs: number
  /** Read at once. */
  readonly older: TimeWindow | undefined
  /** Read once the markers are found (only with markers). */
  readonly fresh: TimeWindow | undefined
  readonly olderClaims: readonly Covered[]
  readonly freshSlices: readonly FreshSlice[]
  /** Every Region that needs a marker, sorted. */
  readonly markerRegions: readonly string[]
}

const SECOND = 1000

/**
 * `regionsOfAny`: the Regions a slice of every Region (`*`) covers — the Regions the table holds, when its
 * definition or its registered partitions say — or undefined when nothing says.
 */
export function readPlan(
  window: TimeWindow,
  held: readonly Slice[],
  holds: TableHolds,
  delivery: DeliveryPlan,
  identity: Covered['identity'],
  regionsOfAny: readonly string[] | undefined
): ReadPlan {
  const claim = (slice: Slice, part: TimeWindow, delivered: Covered['delivered']): Covered => ({
    account: slice.account,
    region: slice.region,
    globalOnly: slice.globalOnly,
    identity,
    window: part,
    delivered
  })
  const windows = held.flatMap(slice => {
    const part = heldWindow(holds, slice.window)
    return part === undefined ? [] : [{ slice, part }]
  })
  // One query over the whole window, nothing to prove afterwards.
  const atOnce = (olderClaims: Covered[]): ReadPlan => ({
    horizonMs: delivery.horizonMs,
    older: window,
    fresh: undefined,
    olderClaims,
    freshSlices: [],
    markerRegions: []
  })
  if (delivery.kind === 'old-window') {
    return atOnce(windows.map(w => claim(w.slice, w.part, 'old-window')))
  }
  const freshFrom = delivery.kind === 'barrier' ? delivery.fresh.start : delivery.freshFrom
  if (delivery.kind === 'skipped') {
    // Read, but not proven delivered to S3: counted only because the user turned the wait off.
    const olderClaims = windows.flatMap(({ slice, part }) => [
      ...(part.start < freshFrom ? [claim(slice, { start: part.start, end: freshFrom }, 'old-window')] : []),
      claim(slice, { start: freshFrom, end: part.end }, 'unproven')
    ])
    return atOnce(olderClaims)
  }
  const olderEnd = new Date(freshFrom.getTime() - SECOND)
  const olderClaims = windows.flatMap(({ slice, part }) =>
    part.start <= olderEnd
      ? [claim(slice, { start: part.start, end: part.end < olderEnd ? part.end : olderEnd }, 'old-window')]
      : []
  )
  const freshSlices = windows.flatMap(({ slice, part }) =>
    part.end >= freshFrom
      ? [
          {
            slice,
            window: { start: part.start > freshFrom ? part.start : freshFrom, end: part.end },
            regions: slice.region === ANY ? regionsOfAny : [slice.region]
          }
        ]
      : []
  )
  const markerRegions = [...new Set(freshSlices.flatMap(f => f.regions ?? []))].sort()
  return {
    horizonMs: delivery.horizonMs,
    older: window.start <= olderEnd ? { start: window.start, end: olderEnd } : undefined,
    fresh: { start: freshFrom, end: window.end },
    olderClaims,
    freshSlices,
    markerRegions
  }
}

/**
 * The fresh part's claims: each slice whose every Region's marker was found, proven up to the earliest of those
 * markers (events after a marker, in a window that ends later, are not proven).
 */
export function freshClaims(
  plan: ReadPlan,
  provenUpTo: ReadonlyMap<string, Date>,
  identity: Covered['identity']
): Covered[] {
  return plan.freshSlices.flatMap(({ slice, window, regions }) => {
    if (regions === undefined || regions.length === 0) return []
    const times = regions.map(r => provenUpTo.get(r))
    if (times.some(t => t === undefined)) return []
    const upTo = Math.min(window.end.getTime(), ...times.map(t => (t as Date).getTime()))
    if (upTo < window.start.getTime()) return []
    return [
      {
        account: slice.account,
        region: slice.region,
        globalOnly: slice.globalOnly,
        identity,
        window: { start: window.start, end: new Date(upTo) },
        delivered: 'proven' as const
      }
    ]
  })
}

/** A fresh part not proven, and why: no marker for a Region, or the window goes on past the markers. */
export interface Unproven {
  readonly slice: Slice
  /** Regions whose marker was not found. */
  readonly regions: readonly string[]
  /** Set when every marker was found but the window ends after them: proven up to this time only. */
  readonly upTo: Date | undefined
}

/** The fresh parts the markers did not prove (a part whose Regions cannot be told is the plan's to report). */
export function unprovenParts(plan: ReadPlan, provenUpTo: ReadonlyMap<string, Date>): Unproven[] {
  return plan.freshSlices.flatMap(({ slice, window, regions }): Unproven[] => {
    if (regions === undefined || regions.length === 0) return []
    const missing = regions.filter(r => !provenUpTo.has(r))
    if (missing.length > 0) return [{ slice, regions: missing, upTo: undefined }]
    const upTo = Math.min(...regions.map(r => (provenUpTo.get(r) as Date).getTime()))
    // Records carry whole seconds: a marker in the window's last second proves it.
    const last = Math.floor(window.end.getTime() / SECOND) * SECOND
    return upTo < last ? [{ slice, regions: [], upTo: new Date(upTo) }] : []
  })
}
