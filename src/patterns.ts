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

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[*?]/g, c => (c === '*' ? '.*' : '.'))
  return new RegExp(`^${body}$`)
}

/** A compiled matcher for a pattern list: which pattern (if any) an event matches. */
export function compilePatterns(
  patterns: readonly EventPattern[]
): (eventName: string, eventSource: string) => EventPattern | undefined {
  const compiled = patterns.map(pattern => ({ pattern, name: globToRegExp(pattern.name) }))
  return (eventName, eventSource) =>
    compiled.find(
      ({ pattern, name }) =>
        (pattern.source === undefined || pattern.source === eventSource) && name.test(eventName)
    )?.pattern
}
