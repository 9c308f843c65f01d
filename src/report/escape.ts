// Every string that came from CloudTrail (resource names, user names, event names, IPs, error codes) is
// attacker-controlled: anyone who can call an AWS API can choose a resource name. These helpers make such
// strings inert before they reach the job summary (rendered as markdown + HTML) or the runner log (parsed for
// workflow commands).

// HTML-special characters, plus the characters markdown (and GitHub's extensions: tables, strikethrough, math,
// mentions, issue references) gives a meaning to, plus line breaks: a blank line would end the HTML block the
// summary sits in and hand the rest of the text back to the markdown parser.
const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
  '*': '&#42;',
  _: '&#95;',
  '[': '&#91;',
  ']': '&#93;',
  '(': '&#40;',
  ')': '&#41;',
  '!': '&#33;',
  '|': '&#124;',
  '@': '&#64;',
  '#': '&#35;',
  '~': '&#126;',
  '\\': '&#92;',
  $: '&#36;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;'
}

// Control characters (C0, DEL, C1), line/paragraph separators, and bidi overrides (which can make a name
// display as a different one). In HTML, CR/LF/tab become entities and the rest U+FFFD; in the log, escapes.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/

const HTML_UNSAFE = new RegExp(`[&<>"'\`*_[\\]()!|@#~\\\\$]|${CONTROL.source}`, 'g')

/** Makes a string safe as HTML text or a double-quoted attribute value, and inert as markdown. */
export function escapeHtml(s: string): string {
  return s.replace(HTML_UNSAFE, ch => HTML_ESCAPES[ch] ?? '\uFFFD')
}

const LOG_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r'
}

const LOG_UNSAFE = new RegExp(`\\\\|${CONTROL.source}`, 'g')

/**
 * Makes a string safe to print in the runner log: backslash, CR, LF and tab become `\\`, `\r`, `\n`, `\t`;
 * every other control character (ESC included, so no ANSI sequences), line separator and bidi override
 * becomes `\uXXXX`. The result is one line, so the data cannot start a line of its own; workflow commands
 * inside it are then broken by {@link breakWorkflowCommands}.
 */
export function sanitizeForLog(s: string): string {
  const oneLine = s.replace(
    LOG_UNSAFE,
    ch => LOG_ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`
  )
  return breakWorkflowCommands(oneLine)
}

/**
 * Breaks every `::` (workflow commands: `::set-output …`, `::add-mask::`, `::stop-commands::`) and `##[`
 * (the legacy `##[command]` form) by inserting a ZERO WIDTH SPACE (U+200B) between the two characters:
 * `:\u200b:`. The text still reads the same, but the runner no longer recognises a command wherever the line
 * ends up starting. Trade-off: ARNs (`arn:aws:iam::123…`) copied from the log carry the invisible character.
 * Idempotent, so it can run again over a line assembled from already-sanitised pieces.
 */
export function breakWorkflowCommands(s: string): string {
  return s.replace(/:(?=:)/g, ':\u200b').replace(/#(?=#\[)/g, '#\u200b')
}

/**
 * Shortens `s` to at most `max` UTF-16 units, ending with `…` when cut, without splitting a surrogate pair.
 * Apply before escaping, so an entity is never cut in half.
 */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s
  let end = Math.max(0, max - 1)
  const last = s.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end -= 1
  return `${s.slice(0, end)}…`
}
