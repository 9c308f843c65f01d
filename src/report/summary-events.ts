// The matched events, newest first, in a table narrow enough for GitHub's page (about 1,000 px): time, event
// (with its service and Region underneath), resources, error, and a link to the event in the CloudTrail
// console. Long values are cut, with the full text in a `title`, and ARNs may wrap at `/` and `:`.

import { isDiscovery } from '../core/judge.js'
import type { MatchedEvent, ScanResult } from '../types.js'
import { consoleUrl, partitionOfRegion } from './console.js'
import { escapeHtml } from './escape.js'
import { bytes, cell, elided, plural } from './html.js'
import { timeFormat } from './times.js'

/** Characters of an event name shown before it is cut. */
const NAME_MAX = 48
/** Characters of the resource list shown before it is cut. */
const RESOURCES_MAX = 90
const ERROR_MAX = 28
const SERVICE_MAX = 40
const USER_MAX = 40

export const EVENTS_HEADING = '<h3>Matched events</h3>'

interface RowContext {
  readonly partition: string | undefined
  readonly show: (iso: string) => string
  /** Show each row's Username: the identity covers several (a role's sessions, or names that vary). */
  readonly users: boolean
  readonly discovery: boolean
  /** Denied attempts do not count (ignore-denied): only then are they struck through. */
  readonly ignoreDenied: boolean
}

/** One row: forbidden successes, denied attempts and plain (discovery) events each look different. */
export function eventRow(event: MatchedEvent, ctx: RowContext): string {
  const name = elided(event.EventName, NAME_MAX, { breakable: true })
  const failed = event.ErrorCode !== null
  const approved = event.Approved !== null && !event.Approved.expired
  // A no-break space keeps each mark on its name's line. A denied attempt that counts as forbidden is never struck
  // through (that would read as harmless): it says "denied" instead; one ignore-denied leaves out is struck.
  const mark =
    ctx.discovery || !event.Forbidden
      ? name
      : approved
        ? `✔️\u00a0${name}\u00a0<sub>approved</sub>`
        : failed && ctx.ignoreDenied
          ? `🚫\u00a0<s>${name}</s>`
          : failed
            ? `⛔\u00a0<b>${name}</b>\u00a0<sub>denied</sub>`
            : `⛔\u00a0<b>${name}</b>`
  const service = event.EventSource.replace(/\.amazonaws\.com$/, '')
  const under = [elided(service, SERVICE_MAX, { breakable: true }), cell(event.Region, 40)]
  if (event.Account !== undefined) under.push(`account ${cell(event.Account, 12)}`)
  if (ctx.users) under.push(elided(event.UserName, USER_MAX, { breakable: true }))
  const time = `<span title="${cell(event.EventTime, 40)}">${cell(ctx.show(event.EventTime), 40)}</span>`
  const error = failed ? `🚫\u00a0${elided(event.ErrorCode ?? '', ERROR_MAX, { breakable: true })}` : ''
  const url = consoleUrl(event, ctx.partition ?? partitionOfRegion(event.Region))
  const link = url === undefined ? '' : `<a href="${escapeHtml(url)}">view</a>`
  const resources = elided(event.Resources.join(', '), RESOURCES_MAX, { breakable: true })
  return (
    `<tr><td>${time}</td><td>${mark}<br><sub>${under.join(' · ')}</sub></td>` +
    `<td>${resources}</td><td>${error}</td><td>${link}</td></tr>`
  )
}

function tableHead(): string {
  return [
    '<table>',
    `<thead><tr><th>Time\u00a0(UTC)</th><th>Event</th><th>Resources</th><th>Error</th><th>Console</th></tr></thead>`,
    '<tbody>'
  ].join('\n')
}

const TABLE_TAIL = '</tbody>\n</table>'

/** What the marks mean, only the marks the shown rows use (never in discovery, where nothing is forbidden). */
function legend(rows: readonly MatchedEvent[], discovery: boolean, ignoreDenied: boolean): string {
  if (discovery) return ''
  const parts: string[] = []
  const live = rows.filter(e => e.Forbidden && !(e.Approved !== null && !e.Approved.expired))
  if (live.some(e => e.ErrorCode === null)) parts.push('⛔ <b>forbidden, succeeded</b>')
  if (live.some(e => e.ErrorCode !== null)) {
    parts.push(
      ignoreDenied
        ? '🚫 <s>forbidden, denied</s>: the call failed, and ignore-denied leaves it out'
        : '⛔ <b>forbidden</b> <sub>denied</sub>: the call failed, and still counts (ignore-denied is false)'
    )
  }
  if (rows.some(e => e.Forbidden && e.Approved !== null && !e.Approved.expired)) {
    parts.push('✔️ approved (approved-events): shown, does not fail the step')
  }
  return parts.length === 0 ? '' : `<p>${parts.join(' · ')}</p>`
}

function rowContext(result: ScanResult, candidates: readonly MatchedEvent[]): RowContext {
  const identity = result.query.identity
  return {
    partition: identity.kind === 'name' ? undefined : identity.partition,
    show: timeFormat(
      candidates.map(e => e.EventTime),
      result.query.window
    ),
    // A role's sessions differ, and a plain name can be several principals: then each row names its user.
    users: identity.kind === 'role' || new Set(candidates.map(e => e.UserName)).size > 1,
    discovery: isDiscovery(result.query),
    ignoreDenied: result.query.ignoreDenied
  }
}

/** The legend and table of the newest `rows` events, with no budget (for the PR comment's few rows). */
export function eventsTable(result: ScanResult, rows: number): string {
  const shown = result.events.slice(0, rows)
  if (shown.length === 0) return ''
  const ctx = rowContext(result, shown)
  const marks = legend(shown, ctx.discovery, ctx.ignoreDenied)
  const table = [tableHead(), ...shown.map(e => eventRow(e, ctx)), TABLE_TAIL].join('\n')
  return marks === '' ? table : `${marks}\n${table}`
}

/** The newest events, as many as `maxRows` and `budget` bytes allow, saying where the rest are. */
export function eventsBlock(result: ScanResult, maxRows: number, budget: number, where: string): string {
  const total = result.events.length
  if (total === 0) return ''
  const candidates = result.events.slice(0, maxRows)
  const ctx = rowContext(result, candidates)
  const head = tableHead()
  // Everything but the rows, with the longest note and legend, and room for the counts' digits to vary.
  const fixed = bytes(EVENTS_HEADING) + bytes(head) + bytes(TABLE_TAIL) + 600 + bytes(where)
  if (fixed > budget) {
    return `${EVENTS_HEADING}\n<p>Left out to stay under the size limit: all ${plural(total, 'event')} are in ${where}.</p>`
  }
  let left = budget - fixed
  const rows: string[] = []
  for (const event of candidates) {
    const row = eventRow(event, ctx)
    left -= bytes(row) + 1
    if (left < 0) break
    rows.push(row)
  }
  const lines = [EVENTS_HEADING]
  const marks = legend(result.events.slice(0, rows.length), ctx.discovery, ctx.ignoreDenied)
  if (marks !== '') lines.push(marks)
  const note = rowNote(total, rows.length, candidates.length, where)
  if (note !== '') lines.push(note)
  if (rows.length > 0) lines.push(head, ...rows, TABLE_TAIL)
  return lines.join('\n')
}

function rowNote(total: number, shown: number, wanted: number, where: string): string {
  if (shown === total) return ''
  const cut = shown < wanted ? ' (the table was cut to stay under the size limit)' : ''
  return `<p>The newest ${plural(shown, 'event')} of ${total.toLocaleString('en-US')}${cut}; all of them are in ${where}.</p>`
}
