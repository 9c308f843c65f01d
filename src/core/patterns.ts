import type { EventPattern } from './types.js'

// Entries of the `events` input: an event name as CloudTrail spells it (`TerminateInstances`), with `*` and `?`
// wildcards (`Delete*`, `Put*Policy`), and an optional service qualifier (`iam:*`, `iam:CreateUser`,
// `iam.amazonaws.com:CreateUser`). Matching is exact and case-sensitive, as CloudTrail's names are.

const NAME = /^[A-Za-z0-9_*?]{1,128}$/
const SERVICE = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)*$/

export const PATTERN_FORMS =
  'event names as CloudTrail spells them (TerminateInstances), optionally with * and ? wildcards (Delete*) ' +
  'and a service qualifier (iam:CreateUser, iam:*, iam.amazonaws.com:CreateUser)'

/** Splits a list input on commas and newlines, trims, drops empty entries and repeats. */
export function splitList(text: string): string[] {
  const entries = text
    .split(/[,\n\r]/)
    .map(entry => entry.trim())
    .filter(entry => entry.length > 0)
  return [...new Set(entries)]
}

/** Parses one entry; undefined when malformed. */
export function parsePattern(text: string): EventPattern | undefined {
  const parts = text.split(':')
  if (parts.length > 2) return undefined
  const name = parts.length === 2 ? parts[1] : parts[0]
  const service = parts.length === 2 ? parts[0] : undefined
  if (name === undefined || !NAME.test(name)) return undefined
  if (service !== undefined && !SERVICE.test(service)) return undefined
  const source =
    service === undefined
      ? undefined
      : service.endsWith('.amazonaws.com')
        ? service
        : `${service}.amazonaws.com`
  return { text, source, name, exact: !/[*?]/.test(name) }
}

/** Counts the character comparisons a match makes (for the test that matching stays linear). */
export interface StepCounter {
  steps: number
}

/** Whether `segment` (with `?` for any one character) matches `text` at `at`. */
function segmentAt(text: string, at: number, segment: string, counter: StepCounter | undefined): boolean {
  for (let i = 0; i < segment.length; i++) {
    if (counter) counter.steps += 1
    const c = segment.charCodeAt(i)
    if (c !== 63 /* ? */ && c !== text.charCodeAt(at + i)) return false
  }
  return true
}

/**
 * `*` (any run) and `?` (any one character) glob matching without backtracking: the pattern is split on `*`,
 * the first piece must start the text, the last must end it, and each piece between is taken at its leftmost
 * place after the previous one (leftmost is always safe: it leaves the most text for the rest). At most
 * (text length × pattern length) comparisons, where a backtracking regex can take exponential time
 * (`*a*a*a*a*a*a*a*a*a*a*b` on sixty a's).
 */
export function globMatch(glob: string, text: string, counter?: StepCounter): boolean {
  const pieces = glob.split('*')
  const first = pieces[0] ?? ''
  if (pieces.length === 1) return text.length === glob.length && segmentAt(text, 0, glob, counter)
  const last = pieces[pieces.length - 1] ?? ''
  if (text.length < first.length + last.length) return false
  if (!segmentAt(text, 0, first, counter)) return false
  const end = text.length - last.length
  if (!segmentAt(text, end, last, counter)) return false
  let at = first.length
  for (let p = 1; p < pieces.length - 1; p++) {
    const piece = pieces[p] ?? ''
    if (piece === '') continue
    let found = -1
    for (let i = at; i + piece.length <= end; i++) {
      if (segmentAt(text, i, piece, counter)) {
        found = i
        break
      }
    }
    if (found < 0) return false
    at = found + piece.length
  }
  return true
}

/** A compiled matcher for a pattern list: which pattern (if any) an event matches. */
export function compilePatterns(
  patterns: readonly EventPattern[]
): (eventName: string, eventSource: string) => EventPattern | undefined {
  return (eventName, eventSource) =>
    patterns.find(
      pattern =>
        (pattern.source === undefined || pattern.source === eventSource) && globMatch(pattern.name, eventName)
    )
}
