// The job summary: one HTML string for core.summary.addRaw(). The verdict comes first; then the query, the
// per-Region and per-name counts, and the newest matched events, within a byte budget (GitHub refuses a step
// summary over 1 MiB, and a huge one is unreadable anyway). Everything is HTML blocks separated by blank lines,
// so GitHub's markdown parser never looks inside them.

import type { IncompleteInfo, ScanResult } from '../types.js'
import { addsGlobalLookup, identityKind, identityText, isoSeconds, violationTotal } from './describe.js'
import { escapeHtml, truncate } from './escape.js'
import {
  EVENTS_HEADING,
  EVENTS_LEGEND,
  EVENTS_TABLE_HEAD,
  EVENTS_TABLE_TAIL,
  TOP_NAMES,
  bytes,
  cell,
  countsTable,
  eventRow,
  regionTable
} from './summary-tables.js'

export interface SummaryOptions {
  /** Where the full report was written, named when rows are left out. */
  readonly reportPath?: string
  /** Most matched events shown (the newest). Default 200. */
  readonly maxRows?: number
  /** Size limit of the whole string in UTF-8 bytes. Default 256 KiB; never below {@link MIN_SUMMARY_BYTES}. */
  readonly maxBytes?: number
}

export const DEFAULT_MAX_ROWS = 200
export const DEFAULT_MAX_BYTES = 256 * 1024
/** Room for the verdict, whatever the result: a smaller maxBytes is raised to this. */
export const MIN_SUMMARY_BYTES = 8 * 1024

const BLOCK_SEPARATOR = '\n\n'
// Room kept for the matched-events heading and its notes while deciding which other sections fit.
const EVENTS_MIN_BYTES = 1024
const OMITTED_NOTE_MAX = 200

export function buildSummary(result: ScanResult, opts: SummaryOptions = {}): string {
  const maxRows = Math.max(0, opts.maxRows ?? DEFAULT_MAX_ROWS)
  const maxBytes = Math.max(MIN_SUMMARY_BYTES, opts.maxBytes ?? DEFAULT_MAX_BYTES)
  const blocks = [verdictBlock(result, Math.floor(MIN_SUMMARY_BYTES / 4))]
  // `left` is what the rest may use: blocks after the verdict, their separators and the final newline.
  let left = maxBytes - bytes(blocks.join('')) - 1
  const keep = EVENTS_MIN_BYTES + bytes(pathHtml(opts.reportPath)) + OMITTED_NOTE_MAX
  const omitted: string[] = []
  const optional: Array<[string, string]> = [
    ['query', queryBlock(result)],
    ['Regions', regionTable(result)],
    ['events by name', countsTable(result)]
  ]
  for (const [name, block] of optional) {
    if (block === '') continue
    const size = BLOCK_SEPARATOR.length + bytes(block)
    if (size + keep > left) {
      omitted.push(name)
      continue
    }
    blocks.push(block)
    left -= size
  }
  const omittedNote =
    omitted.length === 0
      ? ''
      : `<p>Left out to keep this summary under ${kib(maxBytes)}: ${omitted.join(', ')}.</p>`
  if (omittedNote !== '') left -= BLOCK_SEPARATOR.length + bytes(omittedNote)
  blocks.push(eventsBlock(result, maxRows, left - BLOCK_SEPARATOR.length, opts.reportPath))
  if (omittedNote !== '') blocks.push(omittedNote)
  return blocks.join(BLOCK_SEPARATOR) + '\n'
}

function verdictBlock(result: ScanResult, listBudget: number): string {
  // The same order as verdictOf: incomplete, forbidden, discovery, clean.
  if (result.incomplete !== undefined) return incompleteBlock(result, result.incomplete, listBudget)
  if (result.found) {
    return ['<h2>❌ Forbidden events found</h2>', violationList(result, listBudget)].join('\n')
  }
  if (result.query.patterns.length === 0) {
    return `<h2>🔎 ${result.events.length} events found (discovery, nothing forbidden)</h2>`
  }
  const denied =
    result.query.ignoreDenied && result.denied > 0
      ? ` ${result.denied} denied attempts of forbidden events were not counted (ignore-denied).`
      : ''
  return [
    '<h2>✅ No forbidden events</h2>',
    `<p>${result.scanned} events checked against ${result.query.patterns.length} forbidden patterns.${denied}</p>`
  ].join('\n')
}

function incompleteBlock(result: ScanResult, info: IncompleteInfo, listBudget: number): string {
  const oldest = info.oldestReached === null ? 'none' : cell(info.oldestReached, 40)
  const lines = [
    '<h2>⚠️ Scan incomplete — no verdict</h2>',
    `<p><b>Why:</b> ${cell(info.reason, 500)}</p>`,
    '<ul>',
    `<li>Stopped in <code>${cell(info.region, 40)}</code> after ${info.pages} pages and ${info.scanned} events.</li>`,
    `<li>Oldest event reached in that lookup: ${oldest}</li>`,
    '<li>Events after that point were not checked: this scan cannot say the identity is clean.</li>',
    '</ul>'
  ]
  if (result.violations.length > 0) {
    lines.push('<p>Forbidden events were already seen before the scan stopped:</p>')
    lines.push(violationList(result, listBudget))
  }
  return lines.join('\n')
}

/** `name ×count` for each violation, as many as fit in `budget` bytes (at most {@link TOP_NAMES}). */
function violationList(result: ScanResult, budget: number): string {
  const items: string[] = []
  let size = 0
  for (const v of result.violations.slice(0, TOP_NAMES)) {
    const item = `<li><code>${cell(v.name)}</code> ×${v.count}</li>`
    size += bytes(item) + 1
    if (size > budget) break
    items.push(item)
  }
  const more = result.violations.length - items.length
  const tail = more > 0 ? [`<li>…and ${more} more event names</li>`] : []
  const total = `<p>${violationTotal(result)} forbidden events in ${result.violations.length} event names.</p>`
  return ['<ul>', ...items, ...tail, '</ul>', total].join('\n')
}

function queryBlock(result: ScanResult): string {
  const { query, plan } = result
  const identity = query.identity
  const records = result.regions.reduce((sum, r) => sum + r.scanned, 0)
  const patterns =
    query.patterns.length === 0
      ? 'none — discovery'
      : query.patterns
          .slice(0, TOP_NAMES)
          .map(p => `<code>${cell(p.text)}</code>`)
          .join(', ') +
        (query.patterns.length > TOP_NAMES ? `, …and ${query.patterns.length - TOP_NAMES} more` : '')
  const regions = query.regions.map(r => cell(r, 40)).join(', ')
  const lines = [
    '<h3>Query</h3>',
    '<ul>',
    `<li><b>User:</b> <code>${cell(identityText(identity), 300)}</code> (${identityKind(identity)})</li>`,
    `<li><b>Window:</b> ${isoSeconds(query.window.start)} → ${isoSeconds(query.window.end)}</li>`,
    `<li><b>Regions:</b> ${regions}${addsGlobalLookup(result) ? ' (+ global events from us-east-1)' : ''}</li>`,
    `<li><b>Forbidden:</b> ${patterns}</li>`,
    `<li><b>Ignore denied:</b> ${query.ignoreDenied ? 'yes' : 'no'}</li>`,
    `<li><b>Strategy:</b> ${cell(plan.strategy, 500)}</li>`,
    `<li><b>Cost:</b> ${result.pages} LookupEvents pages, ${records} records read, ` +
      `${result.scanned} of the user's events examined, ${result.events.length} matched, ` +
      `${(result.elapsedMs / 1000).toFixed(1)} s</li>`,
    '</ul>'
  ]
  if (query.warnings.length > 0) {
    const shown = query.warnings.slice(0, 20).map(w => `<li>⚠️ ${cell(w, 300)}</li>`)
    const more = query.warnings.length - shown.length
    lines.push(
      '<p><b>Warnings</b></p>',
      '<ul>',
      ...shown,
      ...(more > 0 ? [`<li>…and ${more} more</li>`] : []),
      '</ul>'
    )
  }
  return lines.join('\n')
}

/** The newest events, as many as maxRows and `budget` bytes allow, saying where the rest are. */
function eventsBlock(
  result: ScanResult,
  maxRows: number,
  budget: number,
  reportPath: string | undefined
): string {
  const total = result.events.length
  if (total === 0) return `${EVENTS_HEADING}\n<p>No matched events.</p>`
  // Everything but the rows, with the longest notes (no row shown) and room for the counts' digits to vary.
  const fixed =
    bytes(EVENTS_HEADING) +
    bytes(EVENTS_LEGEND) +
    bytes(rowNotes(total, 0, maxRows, reportPath)) +
    bytes(EVENTS_TABLE_HEAD) +
    bytes(EVENTS_TABLE_TAIL) +
    64
  if (fixed > budget) {
    return `${EVENTS_HEADING}\n<p>Left out to stay under the size limit: all ${total} events are in ${where(reportPath)}.</p>`
  }
  const partition = result.query.identity.kind === 'name' ? undefined : result.query.identity.partition
  let left = budget - fixed
  const rows: string[] = []
  for (const event of result.events.slice(0, maxRows)) {
    const row = eventRow(event, partition)
    left -= bytes(row) + 1
    if (left < 0) break
    rows.push(row)
  }
  const lines = [EVENTS_HEADING, EVENTS_LEGEND]
  const notes = rowNotes(total, rows.length, maxRows, reportPath)
  if (notes !== '') lines.push(notes)
  if (rows.length > 0) lines.push(EVENTS_TABLE_HEAD, ...rows, EVENTS_TABLE_TAIL)
  return lines.join('\n')
}

function rowNotes(total: number, shown: number, maxRows: number, reportPath: string | undefined): string {
  if (shown === total) return ''
  const cut =
    shown < Math.min(maxRows, total)
      ? ` Only ${shown} rows fit: the table was cut to stay under the size limit.`
      : ''
  return `<p>Showing the newest ${shown} of ${total} events. ${total - shown} more events are in ${where(reportPath)}.${cut}</p>`
}

function where(reportPath: string | undefined): string {
  return reportPath === undefined ? 'the report file' : `the report file <code>${pathHtml(reportPath)}</code>`
}

/** Our own path, but escaped all the same (a workspace path may hold any character). */
function pathHtml(reportPath: string | undefined): string {
  return reportPath === undefined ? '' : escapeHtml(truncate(reportPath, 300))
}

function kib(n: number): string {
  return `${Math.floor(n / 1024)} KiB`
}
