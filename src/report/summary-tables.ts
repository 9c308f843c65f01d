// The HTML tables of the job summary. Each element sits on its own line and no line is ever blank: a blank
// line would end GitHub's HTML block and hand the rest to the markdown parser. Every string from CloudTrail
// is truncated, then escaped (escapeHtml also turns CR/LF into entities, so data cannot add a blank line).

import type { MatchedEvent, ScanResult } from '../types.js'
import { consoleUrl, partitionOfRegion } from './console.js'
import { escapeHtml, truncate } from './escape.js'

/** Longest CloudTrail value shown in a cell, in UTF-16 units, before escaping. */
export const CELL_MAX = 128
/** Longest resource list shown in a cell (names joined by `, `). */
export const RESOURCES_MAX = 200
/** How many event names the counts table lists. */
export const TOP_NAMES = 50

/** Truncates, then escapes: the one way CloudTrail text enters the summary. */
export function cell(s: string, max = CELL_MAX): string {
  return escapeHtml(truncate(s, max))
}

export function bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8')
}

/** Per-Region progress, worth a table when there is more than one Region or any throttling. */
export function regionTable(result: ScanResult): string {
  const throttled = result.regions.some(r => r.throttled > 0)
  if (result.regions.length < 2 && !throttled) return ''
  const rows = result.regions.map(
    r =>
      `<tr><td>${cell(r.region)}</td><td align="right">${r.pages}</td><td align="right">${r.scanned}</td>` +
      `<td align="right">${r.examined}</td><td align="right">${r.matched}</td><td align="right">${r.throttled}</td></tr>`
  )
  return [
    '<h3>Regions</h3>',
    '<table>',
    '<thead><tr><th>Region</th><th>Pages</th><th>Scanned</th><th>Examined</th><th>Matched</th><th>Throttled</th></tr></thead>',
    '<tbody>',
    ...rows,
    '</tbody>',
    '</table>'
  ].join('\n')
}

/** Matched events per event name, the top {@link TOP_NAMES}. */
export function countsTable(result: ScanResult): string {
  const names = result.countsByName
  if (names.length === 0) return ''
  const rows = names
    .slice(0, TOP_NAMES)
    .map(
      n =>
        `<tr><td><code>${cell(n.name)}</code></td><td align="right">${n.count}</td><td align="right">${n.denied}</td></tr>`
    )
  const more = names.length - TOP_NAMES
  return [
    '<h3>Events by name</h3>',
    '<table>',
    '<thead><tr><th>Event</th><th>Count</th><th>Denied</th></tr></thead>',
    '<tbody>',
    ...rows,
    '</tbody>',
    '</table>',
    ...(more > 0 ? [`<p>…and ${more} more event names (all of them are in the report file).</p>`] : [])
  ].join('\n')
}

export const EVENTS_HEADING = '<h3>Matched events</h3>'

export const EVENTS_LEGEND =
  '<p>⛔ <b>forbidden, succeeded</b> · 🚫 call failed (denied): a forbidden event that was denied ' +
  'did not happen. Newest first; times are UTC.</p>'

export const EVENTS_TABLE_HEAD = [
  '<table>',
  '<thead><tr><th>Time</th><th>Event</th><th>Source</th><th>Region</th><th>Resources</th><th>Error</th>' +
    '<th>User</th><th>Console</th></tr></thead>',
  '<tbody>'
].join('\n')

export const EVENTS_TABLE_TAIL = '</tbody>\n</table>'

/** One row of the matched-events table; forbidden successes and denied attempts look different. */
export function eventRow(event: MatchedEvent, partition: string | undefined): string {
  const name = cell(event.EventName)
  const failed = event.ErrorCode !== null
  const eventCell = !event.Forbidden ? name : failed ? `🚫 <s>${name}</s>` : `⛔ <b>${name}</b>`
  const errorCell = failed ? `🚫 ${cell(event.ErrorCode ?? '')} — denied` : ''
  const resources = cell(event.Resources.join(', '), RESOURCES_MAX)
  const title = event.UserArn === null ? '' : ` title="${cell(event.UserArn, 2 * CELL_MAX)}"`
  const url = consoleUrl(event, partition ?? partitionOfRegion(event.Region))
  const link = url === undefined ? '' : `<a href="${escapeHtml(url)}">view</a>`
  return (
    `<tr><td>${cell(event.EventTime, 40)}</td><td>${eventCell}</td><td>${cell(event.EventSource)}</td>` +
    `<td>${cell(event.Region, 40)}</td><td>${resources}</td><td>${errorCell}</td>` +
    `<td><span${title}>${cell(event.UserName)}</span></td><td>${link}</td></tr>`
  )
}
