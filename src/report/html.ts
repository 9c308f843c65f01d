// Small HTML pieces for the job summary and the PR comment. Every string from CloudTrail enters through
// `cell` or `elided`: truncated first, then escaped (escapeHtml also turns CR/LF into entities, so data cannot
// add a blank line and end the HTML block the summary sits in). No element here ever spans a blank line.

import { escapeHtml, truncate } from './escape.js'

/** Longest CloudTrail value shown in full in a cell, in UTF-16 units, before escaping. */
export const CELL_MAX = 128
/** Longest text kept in a `title` (the full value a cell elides). */
export const TITLE_MAX = 1000

/** Truncates, then escapes: the one way CloudTrail text enters the summary. */
export function cell(s: string, max = CELL_MAX): string {
  return escapeHtml(truncate(s, max))
}

/**
 * Text shown in at most `max` characters; when cut, the full text (up to {@link TITLE_MAX}) is in a `title`,
 * so a reader can hover for it. `breakable` lets long values wrap (see {@link wrappable}) instead of widening
 * the table past the page.
 */
export function elided(s: string, max: number, opts: { breakable?: boolean } = {}): string {
  const shown = truncate(s, max)
  const text = opts.breakable ? wrappable(shown) : escapeHtml(shown)
  if (s.length <= max) return text
  return `<span title="${cell(s, TITLE_MAX)}">${text}</span>`
}

/** Longest run of characters with no place to wrap. */
const RUN_MAX = 24
/** Names this long or shorter (most event names and error codes) stay on one line. */
const WORDS_FROM = 30

/**
 * Escaped text with `<wbr>` where a line may break: after ARN and path separators, between the camelCase words
 * of a long name (`Delete<wbr>Bucket<wbr>Policy`), and at least every {@link RUN_MAX} characters. Splits the
 * raw text and escapes each piece, so a break never lands inside an entity.
 */
export function wrappable(s: string): string {
  const separators = /(?<=[/:,.=@_])/
  const words = /(?<=[/:,.=@_])|(?<=[a-z0-9])(?=[A-Z])/
  const pieces: string[] = []
  for (const token of s.split(s.length > WORDS_FROM ? words : separators)) {
    const chars = Array.from(token)
    for (let i = 0; i < chars.length; i += RUN_MAX) pieces.push(chars.slice(i, i + RUN_MAX).join(''))
  }
  return pieces.map(escapeHtml).join('<wbr>')
}

export function bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8')
}

/** `1 event`, `2 events`: counts in prose never read "1 forbidden patterns". */
export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? noun : nouns}`
}

/**
 * A collapsed section: `<details>` with a one-line `<summary>` and a body of HTML lines. `title` and `hint` are
 * HTML already (escape CloudTrail text in them with {@link cell}).
 */
export function details(title: string, hint: string, body: readonly string[]): string {
  const summary = hint === '' ? `<b>${title}</b>` : `<b>${title}</b> · ${hint}`
  return ['<details>', `<summary>${summary}</summary>`, ...body, '</details>'].join('\n')
}

/** A list of HTML items, at most `max`, with "…and N more" for the rest. */
export function listItems(items: readonly string[], max: number, more = 'more'): string[] {
  const shown = items.slice(0, max).map(item => `<li>${item}</li>`)
  const left = items.length - shown.length
  return left > 0 ? [...shown, `<li>…and ${left.toLocaleString('en-US')} ${more}</li>`] : shown
}
