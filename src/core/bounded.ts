// Strings from a server or from CloudTrail are untrusted and unbounded: a 5 MB error message or event name must
// not become a 5 MB log line, annotation or failure message. Everything quoted from them goes through here.

/** The longest piece of server or CloudTrail text quoted in one message. */
export const QUOTE_MAX = 300

/** The longest whole failure message (it quotes several bounded pieces). */
export const MESSAGE_MAX = 2000

/** `s` cut to `max` UTF-16 units (a surrogate pair is never split), with `… (N more characters)` when cut. */
export function clip(s: string, max = QUOTE_MAX): string {
  if (s.length <= max) return s
  let end = max
  const last = s.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end -= 1
  return `${s.slice(0, end)}… (${s.length - end} more characters)`
}

/** `a, b, c and 7 more`: at most `max` items, each clipped. */
export function listSome(items: readonly string[], max = 10, itemMax = 100): string {
  const shown = items.slice(0, max).map(item => clip(item, itemMax))
  const rest = items.length - shown.length
  return rest > 0 ? `${shown.join(', ')} and ${rest} more` : shown.join(', ')
}

/**
 * Any value a server sent, as bounded text for a message: strings clipped, anything else described by its kind
 * (a server that sends an object where a string belongs must not get it printed whole).
 */
export function quote(value: unknown, max = QUOTE_MAX): string {
  if (typeof value === 'string') return clip(value, max)
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (value === undefined || value === null) return String(value)
  return Array.isArray(value) ? `a list of ${value.length}` : `a ${typeof value}`
}
