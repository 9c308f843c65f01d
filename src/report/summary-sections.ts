// The collapsed sections under the events table. Each is a pure function of the result that returns one
// `<details>` block (see details() in html.ts), or '' when it has nothing to say.
//
// To add a section: write `fooSection` in a file of its own in src/report/ (escape every CloudTrail string
// with cell()/elided()), and add it to SUMMARY_SECTIONS below, where it sits in reading order. The summary
// builder keeps the whole under its byte budget and names any section it had to leave out.

import type { RegionStats, ScanResult } from '../types.js'
import { accountsSection } from './accounts-section.js'
import { athenaSection } from './athena-section.js'
import { coverageSection, ownCallsNotice } from './coverage-section.js'
import { deliveryNotice, deliverySection } from './delivery.js'
import { addsGlobalLookup, identityKind, identityText } from './describe.js'
import { CELL_MAX, cell, details, elided, listItems, plural } from './html.js'
import { nearMissesSection } from './near-misses.js'
import { noEventsNotice } from './no-events.js'
import { fullScanNotice, planSection } from './plan-section.js'
import { unfinishedRegions } from './summary-verdict.js'
import type { SummaryNotice, SummarySection } from './section.js'
import { compactWindow } from './times.js'

export type { SummaryNotice, SummarySection } from './section.js'

/** How many names a section lists before "…and N more". */
const SECTION_NAMES = 50

export const querySection: SummarySection = {
  name: 'query',
  render: result => {
    const { query } = result
    const patterns =
      query.patterns.length === 0
        ? query.allowed.length > 0
          ? 'none by name (see Allowed)'
          : 'none: discovery'
        : query.patterns
            .slice(0, SECTION_NAMES)
            .map(p => `<code>${cell(p.text)}</code>`)
            .join(', ') +
          (query.patterns.length > SECTION_NAMES
            ? `, …and ${query.patterns.length - SECTION_NAMES} more`
            : '')
    const regions =
      query.regions.length === 0
        ? 'every Region of the table'
        : query.regions.map(r => cell(r, 40)).join(', ')
    const body = [
      '<ul>',
      `<li><b>User:</b> <code>${cell(identityText(query.identity), 300)}</code> (${identityKind(query.identity)})</li>`,
      `<li><b>Window:</b> ${compactWindow(query.window.start, query.window.end)}</li>`,
      `<li><b>Regions:</b> ${regions}${addsGlobalLookup(result) ? ' (+ global-service events from us-east-1)' : ''}</li>`,
      `<li><b>Forbidden:</b> ${patterns}</li>`,
      ...(query.allowed.length > 0
        ? [
            `<li><b>Allowed (everything else forbidden):</b> ${query.allowed
              .slice(0, SECTION_NAMES)
              .map(p => `<code>${cell(p.text)}</code>`)
              .join(', ')}</li>`
          ]
        : []),
      `<li><b>Denied attempts:</b> ${query.ignoreDenied ? 'ignored (ignore-denied)' : 'count as forbidden'}</li>`,
      `<li><b>Read-only events:</b> ${query.ignoreReadOnly ? 'never forbidden (ignore-read-only)' : 'count like any other'}</li>`,
      ...(query.approvals.length > 0
        ? [`<li><b>Approved events:</b> ${plural(query.approvals.length, 'approval')} (approved-events)</li>`]
        : []),
      '</ul>'
    ]
    if (query.warnings.length > 0) {
      const warnings = query.warnings.map(w => `⚠️ ${cell(w, 300)}`)
      body.push('<p><b>Warnings</b></p>', '<ul>', ...listItems(warnings, 20), '</ul>')
    }
    const hint = query.warnings.length > 0 ? plural(query.warnings.length, 'warning') : ''
    return details('Query', hint, body)
  }
}

/** A Region's status from what the pages proved (coverage), else from the failure that names it. */
function regionStatus(result: ScanResult, stats: RegionStats): string {
  const parts = result.coverage.filter(c => c.slice.region === stats.region)
  if (parts.length > 0) return parts.every(c => c.complete) ? '✅ read' : '🛑 not finished'
  if (result.incomplete === undefined) return '✅ read'
  const unfinished = unfinishedRegions(result.incomplete).find(u => u.region === stats.region)
  return unfinished === undefined ? '✅ read' : '🛑 not finished'
}

export const regionsSection: SummarySection = {
  name: 'Regions',
  render: result => {
    if (result.regions.length === 0) return ''
    const rows = result.regions.map(
      r =>
        `<tr><td>${cell(r.region, 40)}</td><td>${regionStatus(result, r)}</td><td align="right">${r.pages}</td>` +
        `<td align="right">${r.scanned}</td><td align="right">${r.examined}</td>` +
        `<td align="right">${r.matched}</td><td align="right">${r.throttled}</td></tr>`
    )
    const head =
      '<thead><tr><th>Region</th><th>Status</th><th>Pages</th><th>Records read</th><th>Examined</th>' +
      '<th>Matched</th><th>Throttled</th></tr></thead>'
    return details('Regions', plural(result.regions.length, 'Region'), [
      '<table>',
      head,
      '<tbody>',
      ...rows,
      '</tbody>',
      '</table>'
    ])
  }
}

export const namesSection: SummarySection = {
  name: 'events by name',
  render: result => {
    const names = result.countsByName
    if (names.length < 2) return ''
    // A long name wraps between its words: unbroken, a 128-character name is wider than GitHub's column.
    const rows = names
      .slice(0, SECTION_NAMES)
      .map(
        n =>
          `<tr><td><code>${elided(n.name, CELL_MAX, { breakable: true })}</code></td>` +
          `<td align="right">${n.count}</td><td align="right">${n.denied}</td></tr>`
      )
    const more = names.length - rows.length
    return details('Events by name', plural(names.length, 'name'), [
      '<table>',
      '<thead><tr><th>Event</th><th>Count</th><th>Denied</th></tr></thead>',
      '<tbody>',
      ...rows,
      '</tbody>',
      '</table>',
      ...(more > 0 ? [`<p>…and ${plural(more, 'more name')} (all of them are in the report file).</p>`] : [])
    ])
  }
}

export const costSection: SummarySection = {
  name: 'cost',
  render: result => {
    if (result.athena) return '' // the Athena section says what the query cost
    const records = result.regions.reduce((sum, r) => sum + r.scanned, 0)
    const seconds = (result.elapsedMs / 1000).toFixed(1)
    return details('Cost', `${plural(result.pages, 'LookupEvents page')}, ${seconds} s`, [
      '<ul>',
      `<li>${plural(result.pages, 'LookupEvents page')} (2 requests a second per Region; no charge)</li>`,
      `<li>${plural(records, 'record')} read, ${result.scanned.toLocaleString('en-US')} of the user's events examined, ${result.events.length.toLocaleString('en-US')} matched</li>`,
      `<li>${seconds} s</li>`,
      '</ul>'
    ])
  }
}

/** The notices, in reading order. Add yours here. */
export const SUMMARY_NOTICES: readonly SummaryNotice[] = [
  noEventsNotice,
  fullScanNotice,
  deliveryNotice,
  ownCallsNotice
]

/** The sections, in reading order. Add yours here. */
export const SUMMARY_SECTIONS: readonly SummarySection[] = [
  accountsSection,
  querySection,
  planSection,
  regionsSection,
  coverageSection,
  namesSection,
  nearMissesSection,
  deliverySection,
  costSection,
  athenaSection
]
