import type { TimeWindow } from './types.js'

// Coverage is data. The query is cut into slices (account × Region × window); every source says, page by page,
// which part of which slice it has proven read, and how it knows CloudTrail had delivered it. "Complete" is
// computed here from those claims alone — never from what a plan meant to read — so a slice nobody covered, a
// gap in time, or a fresh part whose delivery was not proven makes the scan incomplete. Pure.

/** `*`: every account (or Region) the source holds, as for an Athena table read whole. */
export const ANY = '*'
/** The credentials' own account, before its id is known (LookupEvents answers for that account only). */
export const SELF = 'self'

/** One part of what the query asks. */
export interface Slice {
  readonly account: string
  readonly region: string
  /** Only global-service events count here (the us-east-1 slice added for include-global-events). */
  readonly globalOnly: boolean
  readonly window: TimeWindow
}

/**
 * How a source knows CloudTrail had delivered what it read: `proven` (a marker call of this run was seen after
 * it), `old-window` (it ended long enough ago to be taken as delivered), `unproven` (fresh, and not proven).
 */
export type Delivered = 'proven' | 'old-window' | 'unproven'

/** A source's claim: this part of this slice was read to its last page. */
export interface Covered {
  readonly account: string
  readonly region: string
  readonly globalOnly: boolean
  readonly window: TimeWindow
  readonly delivered: Delivered
  /**
   * `all`: the read returned every event of the identity there (a Username lookup, a full scan, a query with no
   * event-name condition), so finding none of them means there were none; `named`: only the forbidden names.
   */
  readonly identity: 'all' | 'named'
}

/** Why a slice (or part of one) was not covered: a source that cannot hold it, or a read that failed. */
export interface Uncovered {
  readonly account: string
  readonly region: string
  readonly reason: string
}

export interface SliceCoverage {
  readonly slice: Slice
  /** Parts of the slice's window no claim covers (whole seconds that could hold an event). */
  readonly gaps: readonly TimeWindow[]
  /** Parts covered only by claims whose delivery was not proven. */
  readonly unproven: readonly TimeWindow[]
  /** Every covered part read every event of the identity. */
  readonly identityAll: boolean
  readonly complete: boolean
}

export function sliceKey(s: { account: string; region: string; globalOnly: boolean }): string {
  return `${s.account}|${s.region}|${s.globalOnly ? 'global' : 'all'}`
}

/** A claim about `account`/`region` covers a slice when it names it, or names `*`. */
function claims(covered: Covered, slice: Slice): boolean {
  const account = covered.account === slice.account || covered.account === ANY
  const region = covered.region === slice.region || covered.region === ANY
  // A claim over every event of a Region also covers that Region's global-service events.
  return account && region && (covered.globalOnly === slice.globalOnly || !covered.globalOnly)
}

const SECOND = 1000

/**
 * The parts of `window` that `parts` leave uncovered. Records carry whole seconds, so only whole seconds count:
 * a gap is a run of whole seconds inside the window that no part covers, given as its first and last second.
 */
export function gapsIn(window: TimeWindow, parts: readonly TimeWindow[]): TimeWindow[] {
  const first = Math.ceil(window.start.getTime() / SECOND) * SECOND
  const last = Math.floor(window.end.getTime() / SECOND) * SECOND
  const seconds = parts
    .map(p => ({
      start: Math.ceil(p.start.getTime() / SECOND) * SECOND,
      end: Math.floor(p.end.getTime() / SECOND) * SECOND
    }))
    .filter(p => p.start <= p.end)
    .sort((a, b) => a.start - b.start)
  const gaps: TimeWindow[] = []
  let cursor = first
  for (const part of seconds) {
    if (cursor > last) break
    if (part.start > cursor) {
      gaps.push({ start: new Date(cursor), end: new Date(Math.min(part.start - SECOND, last)) })
    }
    cursor = Math.max(cursor, part.end + SECOND)
  }
  if (cursor <= last) gaps.push({ start: new Date(cursor), end: new Date(last) })
  return gaps
}

/**
 * Each slice against every claim: what is covered, what is not, what is covered but not proven delivered.
 * `acceptUnproven` (wait-for-delivery false): an unproven part counts as read, and the summary says so.
 */
export function coverageOf(
  slices: readonly Slice[],
  covered: readonly Covered[],
  acceptUnproven: boolean
): SliceCoverage[] {
  return slices.map(slice => {
    const mine = covered.filter(c => claims(c, slice))
    const proven = mine.filter(c => c.delivered !== 'unproven')
    const gaps = gapsIn(
      slice.window,
      mine.map(c => c.window)
    )
    // Covered, but only by claims whose delivery was not proven: neither a gap nor proven.
    const unproven = gapsIn(slice.window, [...proven.map(c => c.window), ...gaps])
    return {
      slice,
      gaps,
      unproven,
      identityAll: mine.length > 0 && mine.every(c => c.identity === 'all'),
      complete: gaps.length === 0 && (acceptUnproven || unproven.length === 0)
    }
  })
}
