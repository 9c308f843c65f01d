import { slipDistance } from './nearness.js'
import { globMatch } from './patterns.js'
import type { EventPattern } from './types.js'

// Near misses in the data: the identity's events whose name is close to a forbidden pattern that did not
// match them (another case, a slip or two, the right name from another service). When a scan ends clean they
// are the cheapest way to spot a wrong pattern: `DeleteBuckets` forbidden, `DeleteBucket` done.

/** Most distinct (source, name) pairs the evaluator remembers: a scan's memory stays bounded. */
export const MAX_DISTINCT_NAMES = 2000
/** Longest event name tallied: a pattern's name is at most 128 characters, plus two slips. */
export const MAX_NAME_LENGTH = 130
/** Most near misses reported. */
export const MAX_NEAR_MISSES = 50

export interface NearMiss {
  /** The forbidden pattern, as the user wrote it. */
  readonly pattern: string
  /** The event the identity did, which the pattern did not match. */
  readonly name: string
  readonly source: string
  /** How many of the identity's events had this name and source. */
  readonly count: number
}

/** Counts of the identity's unmatched event names, by source, up to {@link MAX_DISTINCT_NAMES} pairs. */
export class NameTally {
  private readonly counts = new Map<string, { name: string; source: string; count: number }>()
  /** True when a pair was left out because the tally was full. */
  truncated = false

  add(name: string, source: string): void {
    // A pattern's name is at most 128 characters and a near miss at most 2 slips away: a longer name (a hostile
    // server's 5 MB one) can never be near, and is not worth its memory.
    if (name.length > MAX_NAME_LENGTH || source.length > MAX_NAME_LENGTH * 2) return
    const key = `${source} ${name}`
    const entry = this.counts.get(key)
    if (entry) entry.count += 1
    else if (this.counts.size < MAX_DISTINCT_NAMES) this.counts.set(key, { name, source, count: 1 })
    else this.truncated = true
  }

  entries(): ReadonlyArray<{ name: string; source: string; count: number }> {
    return [...this.counts.values()]
  }
}

/** Why `name` from `source` nearly matched `pattern` (it did not match it: the caller only passes unmatched names). */
function isNear(pattern: EventPattern, name: string, source: string): boolean {
  const otherSource = pattern.source !== undefined && pattern.source !== source
  // A wildcard in another case (`delete*`), or the right names from another service.
  // Case-insensitive, in linear time (a backtracking regex can hang on `*a*a*a*…b`).
  if (!pattern.exact) return globMatch(pattern.name.toLowerCase(), name.toLowerCase())
  if (name === pattern.name) return otherSource
  return slipDistance(pattern.name, name) !== undefined
}

/** The unmatched names close to a forbidden pattern, most frequent first, at most {@link MAX_NEAR_MISSES}. */
export function findNearMisses(
  patterns: readonly EventPattern[],
  names: ReadonlyArray<{ name: string; source: string; count: number }>
): NearMiss[] {
  const misses: NearMiss[] = []
  for (const pattern of patterns) {
    for (const { name, source, count } of names) {
      if (isNear(pattern, name, source)) misses.push({ pattern: pattern.text, name, source, count })
    }
  }
  return misses
    .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .slice(0, MAX_NEAR_MISSES)
}
