// The summary's coverage section: each part of the query (account × Region × window) and what the pages proved
// about it — read to its last page, and CloudTrail's delivery proven or taken as done — with whether the identity
// made any event at all, and how many of the gate's own calls were set aside. Pure; every value escaped.

import type { SliceCoverage } from '../core/coverage.js'
import { placeOf } from '../run/incomplete.js'
import type { ScanResult } from '../types.js'
import { cell, details, plural } from './html.js'
import type { SummaryNotice, SummarySection } from './section.js'
import { compactWindow } from './times.js'

/** Most parts listed before "…and N more". */
const MAX_ROWS = 50

function status(c: SliceCoverage): string {
  if (c.complete && c.unproven.length > 0) return '⚠️ read; delivery not proven (wait-for-delivery is false)'
  if (c.complete) return '✅ proven read'
  if (c.gaps.length > 0) return `🛑 not read: ${plural(c.gaps.length, 'gap')}`
  return '🛑 delivery not proven'
}

function row(c: SliceCoverage): string {
  const where =
    placeOf(c.slice.account, c.slice.region) + (c.slice.globalOnly ? ' (global-service events)' : '')
  const window = compactWindow(c.slice.window.start, c.slice.window.end)
  const identity = c.identityAll ? 'every event' : 'the forbidden names'
  return (
    `<tr><td>${cell(where, 80)}</td><td>${cell(window, 80)}</td><td>${status(c)}</td>` +
    `<td>${identity}</td></tr>`
  )
}

/** Whether the identity made any event, in words: some, none, or could not tell (and why). */
export function identityEventsLine(result: ScanResult): string {
  switch (result.identityEvents) {
    case 'some':
      return `${plural(result.scanned, 'event')} of the identity examined.`
    case 'none':
      return 'None: every part was read whole for the identity, and it made no event there.'
    case 'unknown':
      return result.incomplete
        ? 'Could not tell: the scan is incomplete.'
        : 'Could not tell: somewhere the plan read only the forbidden names, not every event of the identity.'
  }
}

export const coverageSection: SummarySection = {
  name: 'coverage',
  render: result => {
    const parts = result.coverage
    if (parts.length === 0) return ''
    const proven = parts.filter(c => c.complete).length
    const rows = parts.slice(0, MAX_ROWS).map(row)
    const more = parts.length - rows.length
    const own =
      result.ownCalls > 0
        ? `<p><b>The gate's own calls:</b> ${plural(result.ownCalls, 'record')} of this run's own calls (its ` +
          'delivery marker, its reads) were set aside: they are not the identity&#39;s doing.</p>'
        : ''
    return details('Coverage', `${proven} of ${plural(parts.length, 'part')} proven read`, [
      '<table>',
      '<thead><tr><th>Part</th><th>Window</th><th>Status</th><th>Read</th></tr></thead>',
      '<tbody>',
      ...rows,
      ...(more > 0 ? [`<tr><td colspan="4">…and ${more} more</td></tr>`] : []),
      '</tbody>',
      '</table>',
      `<p><b>Events of the identity:</b> ${cell(identityEventsLine(result), 300)}</p>`,
      own
    ])
  }
}

/** Under the verdict when the gate set its own calls aside: a reader auditing the gate's role should know. */
export const ownCallsNotice: SummaryNotice = result =>
  result.ownCalls > 0
    ? `<p>ℹ️ ${plural(result.ownCalls, 'record')} of this gate&#39;s own calls were set aside, not counted as the ` +
      'identity&#39;s events.</p>'
    : ''
