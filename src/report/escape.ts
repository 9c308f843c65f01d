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
 * Makes a string safe to print in the runner log, as a line of its own or inside one: backslash, CR, LF and tab
 * become `\\`, `\r`, `\n`, `\t`; every other control character (ESC included, so no ANSI sequences), line
 * separator and bidi override becomes `\uXXXX`. The result is one line, and {@link breakWorkflowCommands} keeps it
 * from being a workflow command. Everything else is printed as it is, so a copied ARN or event name is exact.
 */
export function sanitizeForLog(s: string): string {
  const oneLine = s.replace(
    LOG_UNSAFE,
    ch => LOG_ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`
  )
  return breakWorkflowCommands(oneLine)
}

// The runner reads a line as a workflow command when, after leading white space, it starts with `::`
// (`::set-output …`, `::add-mask::`, `::stop-commands::`), or when it holds `##[` anywhere (the legacy
// `##[command]` form). `::` elsewhere in a line is text: ARNs (`arn:aws:iam::123…`) are left whole.
// The white space is what .NET's TrimStart removes, and a little more.
const COMMAND_START = /^([\s\u0085\u180e\u200b\ufeff]*):(?=:)/
const LEGACY_COMMAND = /#(?=#\[)/g

/**
 * Keeps one line from being read as a workflow command, visibly: a `:` that would start the line's `::` becomes
 * `\u003a`, and the first `#` of every `##[` becomes `\u0023` (the log's escapes, as {@link sanitizeForLog}
 * writes them; a backslash of the data itself shows as `\\`). No invisible character is added, and a line
 * that is not a command (every line the gate writes starts with its own words) is left as it is. Idempotent.
 */
export function breakWorkflowCommands(line: string): string {
  return line.replace(COMMAND_START, '$1\\u003a').replace(LEGACY_COMMAND, '\\u0023')
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
