import { PAGE_SIZE } from '../../core/constants.js'
import type { Candidate } from './candidates.js'
import { attributeKey } from './candidates.js'

// Pure: how many pages a lookup still needs, from the pages it has returned. LookupEvents returns newest first,
// so after n events reaching back from the window's end to time t, the lookup has covered the fraction
// f = (end − t) / (end − start) of the window; at that density the whole window is n / f events, and
// ceil(n / f / 50) pages. A page with no NextToken was the last.

/** The part of the window CloudTrail can hold events for: [max(start, now − 90 days), min(end, now)], in ms. */
export interface Span {
  readonly startMs: number
  readonly endMs: number
}

/** What one lookup has returned so far. */
export interface LookupState {
  readonly pages: number
  readonly events: number
  /** Time of the oldest event returned so far, or undefined when every page was empty. */
  readonly oldestMs: number | undefined
  /** Where to resume: valid only with the same lookup attribute and window. */
  readonly nextToken: string | undefined
  /** The service gave no NextToken: every page has been read. */
  readonly done: boolean
}

/** What a page told the planner. */
export interface PageSeen {
  readonly events: number
  readonly oldestMs: number | undefined
  readonly nextToken: string | undefined
}

/** Estimates are capped so that a page covering a single second cannot overflow sums. */
const MAX_ESTIMATE = 1_000_000_000

export function afterPage(state: LookupState | undefined, page: PageSeen): LookupState {
  const oldest =
    page.oldestMs === undefined
      ? state?.oldestMs
      : Math.min(page.oldestMs, state?.oldestMs ?? Number.POSITIVE_INFINITY)
  return {
    pages: (state?.pages ?? 0) + 1,
    events: (state?.events ?? 0) + page.events,
    oldestMs: oldest,
    nextToken: page.nextToken,
    done: page.nextToken === undefined
  }
}

/**
 * Pages a lookup still needs. Unread: 1, a lower bound (its first page). Read to the end: 0. Otherwise at
 * least 1 (the service gave a NextToken), else the density estimate above less the pages already read.
 */
export function remainingPages(state: LookupState | undefined, span: Span): number {
  if (state === undefined) return 1
  if (state.done) return 0
  const width = span.endMs - span.startMs
  if (state.oldestMs === undefined || state.events === 0 || width <= 0) return 1
  // At least one second covered: a page of events that all share the window's last second says "very many".
  const covered = Math.min(width, Math.max(span.endMs - state.oldestMs, Math.min(1000, width)))
  const total = Math.min(MAX_ESTIMATE, Math.ceil((state.events * (width / covered)) / PAGE_SIZE))
  return Math.max(1, total - state.pages)
}

export interface CandidateCost {
  /** Pages still to read for the candidate to be complete (a lower bound when `atLeast`). */
  readonly remaining: number
  /** Pages its lookups have read so far (probes included). */
  readonly read: number
  /** Some lookup has not returned a page yet, so `remaining` counts it as one page. */
  readonly atLeast: boolean
}

export function candidateCost(
  candidate: Candidate,
  states: ReadonlyMap<string, LookupState>,
  span: Span
): CandidateCost {
  let remaining = 0
  let read = 0
  let atLeast = false
  for (const lookup of candidate.lookups) {
    const state = states.get(attributeKey(lookup))
    if (state === undefined) atLeast = true
    read += state?.pages ?? 0
    remaining += remainingPages(state, span)
  }
  return { remaining, read, atLeast }
}
