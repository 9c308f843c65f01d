// The pull-request comment: the verdict and the newest few events, with a link to the run for the rest. Pure.
// A comment is read by people who get notified: besides the summary's escaping (no markup from CloudTrail),
// no CloudTrail string may @mention someone or cross-reference an issue, so `@name`, `#12` and `GH-12` in text
// are put in code spans, where GitHub links neither; what a reader copies is still the value, exactly.

import type { ScanResult } from '../types.js'
import { escapeHtml, truncate } from './escape.js'
import { plural } from './html.js'
import { eventsTable } from './summary-events.js'
import { verdictBlock } from './summary-verdict.js'

export interface CommentOptions {
  /** The hidden first line that finds this comment again on the next run. */
  readonly marker: string
  /** The workflow run, for the full summary and report. */
  readonly runUrl?: string | undefined
  /** Workflow and job names, shown at the bottom. */
  readonly workflow?: string
  readonly job?: string
  /** Most events shown. Default 10. */
  readonly rows?: number
}

export const DEFAULT_COMMENT_ROWS = 10
/** GitHub refuses a comment body over 65,536 characters. */
export const MAX_COMMENT_CHARS = 65_000

export function buildComment(result: ScanResult, opts: CommentOptions): string {
  let rows = Math.max(0, opts.rows ?? DEFAULT_COMMENT_ROWS)
  for (;;) {
    const body = compose(result, opts, rows)
    if (body.length <= MAX_COMMENT_CHARS || rows === 0) return body.slice(0, MAX_COMMENT_CHARS)
    rows = Math.floor(rows / 2)
  }
}

function compose(result: ScanResult, opts: CommentOptions, rows: number): string {
  const blocks = [opts.marker, verdictBlock(result, 3)]
  const table = eventsTable(result, rows)
  if (table !== '') {
    const total = result.events.length
    const note = total > rows ? `<p>The newest ${rows} of ${plural(total, 'event')}.</p>\n` : ''
    blocks.push(note + table)
  }
  blocks.push(footer(opts))
  return inert(blocks.join('\n\n')) + '\n'
}

function footer(opts: CommentOptions): string {
  const where = [opts.workflow, opts.job]
    .filter((s): s is string => s !== undefined && s !== '')
    .map(s => `<code>${escapeHtml(truncate(s, 100))}</code>`)
    .join(' / ')
  const link =
    opts.runUrl === undefined
      ? 'the workflow run'
      : `<a href="${escapeHtml(opts.runUrl)}">the workflow run</a>`
  return `<p><sub>cloudtrail-gate${where === '' ? '' : ` · ${where}`} · every event, the query and the cost are in ${link}'s job summary and report. This comment is updated in place on every run.</sub></p>`
}

// After escaping, `@` and `#` are the entities `&#64;` and `&#35;`. A team is `@org/team`.
const REFERENCE = /&#64;[\w/-]*|&#35;[\w-]*|\bGH-\d+/gi

/** Elements GitHub links nothing inside: a mention or reference there is already inert. */
const INERT_INSIDE = new Set(['a', 'code', 'pre'])

/**
 * Makes mentions (`@user`, `@org/team`) and issue references (`#12`, `GH-12`) inert: each one in text outside
 * `<a>`, `<code>` and `<pre>` is wrapped in `<code>`, where GitHub neither notifies nor links. Tags themselves
 * (an href keeps its `#`) are left alone, and no character is added to the text.
 */
export function inert(html: string): string {
  const open: string[] = []
  return html.replace(/(<[^>]*>)|([^<]+)/g, (_, tag: string | undefined, text: string | undefined) => {
    if (tag !== undefined) {
      const [, closing, name = ''] = /^<(\/?)([a-z0-9]*)/i.exec(tag) ?? []
      const element = name.toLowerCase()
      const at = open.lastIndexOf(element)
      if (INERT_INSIDE.has(element) && !closing) open.push(element)
      else if (closing && at >= 0) open.splice(at, 1)
      return tag
    }
    return open.length > 0 ? (text ?? '') : (text ?? '').replace(REFERENCE, ref => `<code>${ref}</code>`)
  })
}
