// Plain text for the runner log and the CLI. Every CloudTrail string goes through sanitizeForLog, and every
// assembled line through breakWorkflowCommands, so no line can carry a workflow command (`::set-output`…).

import type { MatchedEvent, ScanResult } from '../types.js'
import {
  addsGlobalLookup,
  identityKind,
  identityText,
  isoSeconds,
  verdictOf,
  violationTotal,
  regionNames
} from './describe.js'
import { accountLines } from './accounts-section.js'
import { breakWorkflowCommands, sanitizeForLog, truncate } from './escape.js'

/** How many violation names the verdict line lists before `+N more`. */
const VERDICT_NAMES = 10

/** The verdict in one plain-text line: `FORBIDDEN: …`, `CLEAN: …`, `DISCOVERY: …` or `INCOMPLETE: …`. */
export function verdictLine(result: ScanResult): string {
  const info = result.incomplete
  switch (verdictOf(result)) {
    case 'incomplete': {
      const seen =
        result.violations.length > 0 ? `; forbidden events already seen: ${violationNames(result)}` : ''
      const where =
        info === undefined
          ? ''
          : ` (stopped in ${info.region} after ${info.pages} pages, ${info.scanned} events)`
      return line(`INCOMPLETE: ${info?.reason ?? 'scan incomplete'}${where}; no verdict${seen}`)
    }
    case 'forbidden':
      return line(
        `FORBIDDEN: ${violationNames(result)} (${violationTotal(result)} of ${result.scanned} events)${deniedNote(result)}`
      )
    case 'clean':
      return line(`CLEAN: no forbidden events in ${result.scanned} events${deniedNote(result)}`)
    case 'discovery':
      return line(`DISCOVERY: ${result.events.length} events`)
    case 'no-events':
      return line(
        `NO EVENTS: ${truncate(identityText(result.query.identity), 300)} made no event in the window: check the ` +
          'identity (fail-on-no-events)'
      )
  }
}

function violationNames(result: ScanResult): string {
  const names = result.violations.slice(0, VERDICT_NAMES).map(v => `${truncate(v.name, 128)} ×${v.count}`)
  const more = result.violations.length - names.length
  return names.join(', ') + (more > 0 ? `, +${more} more` : '')
}

function deniedNote(result: ScanResult): string {
  return result.query.ignoreDenied && result.denied > 0
    ? `; ${result.denied} denied attempts not counted`
    : ''
}

/** The query in one line: who, when, where, what is forbidden. */
export function queryLine(result: ScanResult): string {
  const q = result.query
  const forbidden =
    q.patterns.length === 0 && q.allowed.length === 0
      ? 'none (discovery)'
      : [
          ...q.patterns.map(p => p.text),
          ...(q.allowed.length > 0 ? [`anything but ${q.allowed.map(p => p.text).join(' | ')}`] : [])
        ].join(', ')
  return line(
    `Query: user ${truncate(identityText(q.identity), 300)} (${identityKind(q.identity)}); ` +
      `${isoSeconds(q.window.start)} -> ${isoSeconds(q.window.end)}; Regions ${regionNames(q.regions).join(', ')}` +
      `${addsGlobalLookup(result) ? ' (+ global events from us-east-1)' : ''}; forbidden: ${truncate(forbidden, 500)}; ` +
      `ignore-denied: ${q.ignoreDenied ? 'yes' : 'no'}`
  )
}

interface Column {
  readonly title: string
  readonly max: number
  readonly value: (e: MatchedEvent) => string
}

const COLUMNS: readonly Column[] = [
  { title: 'TIME', max: 20, value: e => e.EventTime },
  { title: 'MARK', max: 9, value: mark },
  { title: 'EVENT', max: 40, value: e => e.EventName },
  { title: 'SOURCE', max: 32, value: e => e.EventSource },
  { title: 'ACCOUNT', max: 12, value: e => e.Account ?? '-' },
  { title: 'REGION', max: 16, value: e => e.Region },
  { title: 'ERROR', max: 32, value: e => e.ErrorCode ?? '-' },
  { title: 'RESOURCES', max: 100, value: e => e.Resources.join(', ') }
]

/** `FORBIDDEN` for a forbidden call that succeeded, `denied` for one that failed, `approved`, blank otherwise. */
function mark(e: MatchedEvent): string {
  if (!e.Forbidden) return ''
  if (e.Approved !== null && !e.Approved.expired) return 'approved'
  return e.ErrorCode === null ? 'FORBIDDEN' : 'denied'
}

/**
 * The result as plain text: the verdict line, the query line, then the newest `maxRows` (default 50) matched
 * events in aligned columns, and a line saying how many more there are and `where` they all are (the shell
 * knows: a file it wrote, or how to get one).
 */
export function formatTable(result: ScanResult, opts: { maxRows?: number; where?: string } = {}): string {
  const maxRows = Math.max(0, opts.maxRows ?? 50)
  const lines = [verdictLine(result), queryLine(result), ...accountLines(result)]
  const shown = result.events.slice(0, maxRows)
  if (shown.length === 0) {
    lines.push('No matched events.')
    return lines.join('\n')
  }
  // The account column only when the scan named accounts.
  const columns = shown.some(e => e.Account !== undefined)
    ? COLUMNS
    : COLUMNS.filter(c => c.title !== 'ACCOUNT')
  const cells = shown.map(e => columns.map(c => truncate(sanitizeForLog(c.value(e)), c.max)))
  const widths = columns.map((c, i) => Math.max(c.title.length, ...cells.map(row => (row[i] ?? '').length)))
  // Cells are already sanitised; the joined line is checked once more as a whole line.
  const render = (row: readonly string[]): string =>
    breakWorkflowCommands(
      row
        .map((v, i) => (i === row.length - 1 ? v : v.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd()
    )
  lines.push(render(columns.map(c => c.title)), ...cells.map(render))
  const more = result.events.length - shown.length
  if (more > 0)
    lines.push(
      sanitizeForLog(
        `... ${more} more events (newest ${shown.length} shown; all are in ${opts.where ?? 'the JSON report'})`
      )
    )
  return lines.join('\n')
}

/** A log line with our text around raw CloudTrail text: the whole line is made safe at once. */
function line(text: string): string {
  return sanitizeForLog(text)
}
