// Compact UTC times for the summary: a table column of `01-05 10:00:03` reads faster than a column of
// `2024-01-05T10:00:03Z`, and the full ISO time stays in the cell's title.

import { isoSeconds } from '../core/dates.js'

/** `2024-01-05 10:00:03` from `2024-01-05T10:00:03Z` (or any ISO time); other text unchanged. */
function spaced(iso: string): string {
  return iso.replace('T', ' ').replace(/Z$/, '')
}

/** `2024-01-05 00:00 → 12:00 UTC`, or with both dates when the window spans days; seconds only when set. */
export function compactWindow(start: Date, end: Date): string {
  const a = trimSeconds(spaced(isoSeconds(start)))
  const b = trimSeconds(spaced(isoSeconds(end)))
  const sameDay = a.slice(0, 10) === b.slice(0, 10)
  return `${a} → ${sameDay ? b.slice(11) : b} UTC`
}

function trimSeconds(t: string): string {
  return t.endsWith(':00') ? t.slice(0, -3) : t
}

/**
 * How event times are shown in one table: without the year when every time, and the window, lie in one year (the
 * verdict's window and each cell's title give it), else in full; date and time joined by a no-break space.
 */
export function timeFormat(
  times: readonly string[],
  window?: { readonly start: Date; readonly end: Date }
): (iso: string) => string {
  const spans = window === undefined ? [] : [window.start, window.end].map(d => String(d.getUTCFullYear()))
  const years = new Set([...times.map(t => t.slice(0, 4)), ...spans])
  const year = years.size === 1 ? [...years][0] : undefined
  return iso => {
    // A no-break space and no-break hyphens: a time never wraps inside itself.
    const full = spaced(iso).replace(' ', '\u00a0')
    const shown = year !== undefined && iso.startsWith(`${year}-`) ? full.slice(5) : full
    return shown.replace(/-/g, '\u2011')
  }
}
