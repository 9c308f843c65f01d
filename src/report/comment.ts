// The pull-request comment: the verdict and the newest few events, with a link to the run for the rest. Pure.
// A comment is read by people who get notified: besides the summary's escaping (no markup from CloudTrail),
// no CloudTrail string may @mention someone or cross-reference an issue, so `@`, `#` and `GH-` in text get an
// invisible break after them.

import type { ScanResult } from '../core/types.js'
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

/**
 * Breaks mentions (`@user`), issue references (`#12`, `GH-12`) in text, never in tags (an href keeps its `#`):
 * after escaping, `@` and `#` are the entities `&#64;` and `&#35;`, and a ZERO WIDTH SPACE after each keeps
 * GitHub from linking them, while the text reads the same.
 */
export function inert(html: string): string {
  return html.replace(/(^|>)([^<]*)/g, (_, open: string, text: string) => {
    const broken = text.replace(/&#(64|35);/g, '&#$1;&#8203;').replace(/\b(GH)-(?=\d)/gi, '$1-&#8203;')
    return open + broken
  })
}
