// The summary's delivery section: what the delivery barrier proved, and what it assumes; and a notice under the
// verdict when the barrier was turned off for a fresh window. Pure; every value is escaped (request IDs and ARNs
// come from AWS answers, and are treated like any CloudTrail string).

import { formatDuration } from '../core/delivery.js'
import type { DeliveryReport, RegionDelivery, ScanResult } from '../types.js'
import { cell, details } from './html.js'
import type { SummaryNotice, SummarySection } from './section.js'

const ORDER_NOTE =
  'CloudTrail delivers events &quot;typically within an average of about 5 minutes&quot;, not guaranteed and ' +
  'not in order (&quot;log files aren&#39;t an ordered stack trace&quot;).'

function row(d: RegionDelivery): string {
  const cells = [
    d.account === undefined ? d.region : `${d.account} ${d.region}`,
    d.delivered ? 'delivered' : 'not shown',
    d.markerTime,
    d.requestId,
    formatDuration(d.waitedMs),
    d.delivered ? formatDuration(d.marginMs) : '–',
    `${d.polls} (${d.pages} pages)`
  ]
  return `<tr>${cells.map(c => `<td>${cell(c)}</td>`).join('')}</tr>`
}

function table(regions: readonly RegionDelivery[]): string[] {
  const head = ['Region', 'Marker', 'Marker time', 'Request ID', 'Waited', 'Margin', 'LookupEvents polls']
  return [
    '<table>',
    `<thead><tr>${head.map(h => `<th>${h}</th>`).join('')}</tr></thead>`,
    '<tbody>',
    ...regions.map(row),
    '</tbody>',
    '</table>'
  ]
}

function barrierBody(report: DeliveryReport, all: boolean): string[] {
  const callers = [...new Set(report.regions.map(r => r.callerArn))].map(a => cell(a)).join(', ')
  const horizon = formatDuration(report.horizonMs)
  const freshFrom = cell(report.freshFrom ?? '')
  const proved = all
    ? `<p><b>Proved:</b> in each Region, LookupEvents showed this run's own marker call (STS GetCallerIdentity as ` +
      `${callers}, matched by its request ID), made after the window's end: CloudTrail had delivered that ` +
      `Region's events up to the marker time. The window's part from ${freshFrom} on was read only after that.</p>`
    : `<p><b>Not proved:</b> a Region's marker did not show in LookupEvents in time, so the scan is incomplete.</p>`
  const assumed =
    `<p><b>Assumed:</b> ${ORDER_NOTE} An event made before a marker may still arrive after it: the margin (a ` +
    `quarter of the marker's wait, 1–60 s) covers the usual disorder, not an unbounded one. Events older than ` +
    `${horizon} before the run (before ${freshFrom}) are taken as delivered without a marker. Events after the ` +
    `marker time (a window ending in the future) are not covered.</p>`
  return [...table(report.regions), proved, assumed]
}

/** One `<details>` block saying what the barrier did, proved and assumed. */
export function renderDelivery(report: DeliveryReport): string {
  const horizon = formatDuration(report.horizonMs)
  switch (report.mode) {
    case 'barrier': {
      const all = report.regions.length > 0 && report.regions.every(r => r.delivered)
      const hint = all ? 'CloudTrail had caught up in every Region' : 'not proved'
      return details('Delivery', hint, barrierBody(report, all))
    }
    case 'skipped':
      return details('Delivery', 'not checked (wait-for-delivery is false)', [
        `<p>The window ends less than ${horizon} before the run, and the delivery barrier was turned off: ` +
          `events CloudTrail had not delivered yet were not seen, so a clean result does not cover them. ` +
          `${ORDER_NOTE}</p>`
      ])
    case 'old-window':
      return details('Delivery', 'taken as complete (the window ended long enough ago)', [
        `<p>The window ended more than ${horizon} before the run, so its events are taken as delivered ` +
          `without a marker. ${ORDER_NOTE}</p>`
      ])
  }
}

export const deliverySection: SummarySection = {
  name: 'delivery',
  // Athena proves delivery to S3 with markers found in its table: its own section says how (athena-section.ts).
  render: result =>
    result.delivery && result.query.source !== 'athena' ? renderDelivery(result.delivery) : ''
}

/** Under the verdict, only when a fresh window was judged without waiting for CloudTrail to deliver it. */
export const deliveryNotice: SummaryNotice = (result: ScanResult) =>
  result.delivery?.mode === 'skipped'
    ? `<p>⚠️ Not waited for CloudTrail to deliver the window's last ${formatDuration(result.delivery.horizonMs)} ` +
      '(wait-for-delivery is false): events it had not delivered yet were not seen.</p>'
    : ''
