// The summary's sections on the Athena source, in place of the LookupEvents cost section: which queries answered,
// the partitions they read, the bytes scanned, the engine time and the cost at the list price; how the window's
// newest part was proven delivered to S3 (the markers, their polls and what those cost); and the trail that writes
// the table's bucket, with any gap in what it logged. Pure; every value from AWS is escaped (`$` too: two of them in
// one block would read as GitHub math).

import { formatDuration } from '../core/delivery.js'
import { formatBytes, formatUsd, PRICE_PER_TB_USD } from '../sources/athena/cost.js'
import type { AthenaFreshness, AthenaRun, AthenaTrailCheck } from '../sources/athena/types.js'
import { cell, details, listItems, plural } from './html.js'
import type { SummarySection } from './section.js'

/** One line for a heading or a log: `1.21 GB scanned, 4.2 s of engine time, about $0.0059`. */
export function athenaCostLine(run: AthenaRun): string {
  if (run.queryExecutionId === null) return 'no query was started, nothing billed'
  return (
    `${formatBytes(run.dataScannedBytes)} scanned, ${(run.engineMs / 1000).toFixed(1)} s of engine time, ` +
    `about ${formatUsd(run.estimatedCostUsd)}`
  )
}

function items(run: AthenaRun): string[] {
  const queries = run.queries.length === 0 ? [] : run.queries
  const query =
    queries.length === 0
      ? ['not started']
      : queries.map(
          q =>
            `${cell(q.part, 40)}: <code>${cell(q.queryExecutionId ?? 'not started', 100)}</code> ` +
            `${cell(q.state ?? 'unknown', 40)}, ${formatBytes(q.dataScannedBytes)}, ${plural(q.rows, 'row')}`
        )
  const bounds = run.bounds.length === 0 ? 'all (no bounds)' : run.bounds.map(b => cell(b, 300)).join('; ')
  const polls = run.freshness?.polls ?? 0
  const pollCost =
    polls > 0
      ? `, of which ${formatUsd(run.freshness?.pollCostUsd ?? 0)} for ${plural(polls, 'marker poll')}`
      : ''
  const cost = `${formatUsd(run.estimatedCostUsd)} at $${PRICE_PER_TB_USD} per TB scanned, 10 MB minimum a query${pollCost}`
  return [
    `<li><b>Source:</b> Amazon Athena, table <code>${cell(run.table, 300)}</code>, workgroup <code>${cell(run.workgroup, 200)}</code></li>`,
    `<li><b>${queries.length > 1 ? 'Queries' : 'Query'}:</b> ${query.join('; ')}</li>`,
    `<li><b>Partitions read:</b> ${bounds}</li>`,
    `<li><b>Data scanned:</b> ${formatBytes(run.dataScannedBytes)} (${run.dataScannedBytes.toLocaleString('en-US')} bytes)</li>`,
    `<li><b>Engine time:</b> ${(run.engineMs / 1000).toFixed(1)} s (${(run.totalMs / 1000).toFixed(1)} s in all)</li>`,
    `<li><b>Estimated cost:</b> ${cell(cost, 400)}</li>`,
    `<li><b>Rows:</b> ${run.rows.toLocaleString('en-US')} in ${plural(run.pages, 'result page')}, every one judged</li>`,
    ...run.warnings.slice(0, 10).map(w => `<li>⚠️ ${cell(w, 300)}</li>`)
  ]
}

function markerRows(f: AthenaFreshness): string[] {
  const head = ['Region', 'Account', 'Request ID', 'Placed', 'Found after', 'CloudTrail time', 'Outcome']
  const row = (m: AthenaFreshness['markers'][number]): string => {
    const cells = [
      m.region,
      m.account ?? '–',
      m.requestId ?? '–',
      m.sentAt ?? '–',
      m.foundAfterMs === null ? '–' : formatDuration(m.foundAfterMs),
      m.eventTime ?? '–',
      m.problem === null ? 'found in the table' : `not proven: the marker ${m.problem}`
    ]
    return `<tr>${cells.map(c => `<td>${cell(c, 300)}</td>`).join('')}</tr>`
  }
  return [
    '<table>',
    `<thead><tr>${head.map(h => `<th>${h}</th>`).join('')}</tr></thead>`,
    '<tbody>',
    ...f.markers.slice(0, 40).map(row),
    '</tbody>',
    '</table>'
  ]
}

/** The one-line state of freshness, for the `<summary>`. */
function freshnessHint(f: AthenaFreshness): string {
  const horizon = formatDuration(f.horizonMs)
  if (f.mode === 'old-window') return `not needed: the window ended more than ${horizon} before the run`
  if (f.mode === 'skipped') return 'not checked (wait-for-delivery is false)'
  const found = f.markers.filter(m => m.problem === null)
  if (f.markers.length > 0 && found.length === f.markers.length && f.unprovable === null) {
    const slowest = Math.max(...found.map(m => m.foundAfterMs ?? 0))
    return `proven: this run's markers found in the table after ${formatDuration(slowest)} (${plural(f.polls, 'poll')})`
  }
  return 'not proven for every Region'
}

function freshnessBody(f: AthenaFreshness): string[] {
  const horizon = formatDuration(f.horizonMs)
  const from = cell(f.freshFrom ?? '')
  if (f.mode === 'old-window') {
    return [
      `<p>The window ended more than ${horizon} before the run: its events are taken as delivered to S3, and no marker was placed.</p>`
    ]
  }
  if (f.mode === 'skipped') {
    return [
      `<p>The window's part from ${from} on was read without proof that CloudTrail had delivered it to S3 ` +
        '(wait-for-delivery is false): events not delivered yet were not seen, so a clean result does not cover them.</p>'
    ]
  }
  const cost = `${plural(f.polls, 'poll query', 'poll queries')}, ${formatBytes(f.pollBytes)} scanned, about ${formatUsd(f.pollCostUsd)}`
  return [
    ...(f.markers.length > 0 ? markerRows(f) : []),
    `<p><b>How:</b> the window's part older than ${horizon} (before ${from}) was read at once. In each Region of ` +
      "the fresh part this run made a marker call of its own (STS GetCallerIdentity, on that Region's endpoint) after " +
      "the window's end, and looked for its request ID in the table's newest day folders (" +
      `${cell(cost, 200)}); once found, and a margin of ${formatDuration(f.marginMs)} later for events delivered out ` +
      'of order, the fresh part was read by a query of its own.</p>',
    "<p><b>Proved:</b> where the marker was found, the trail had delivered that Region's files to S3 up to the " +
      'marker, for management and data events alike. <b>Assumed:</b> events made before a marker are delivered by ' +
      'then (delivery is not strictly ordered: the margin covers small disorder), events older than ' +
      `${horizon} at the run's start were delivered, and this runner's clock is within a minute of AWS's.</p>`,
    ...(f.unprovable === null ? [] : [`<p>⚠️ ${cell(f.unprovable, 500)}</p>`])
  ]
}

function trailHint(t: AthenaTrailCheck): string {
  if (t.gaps.length > 0) {
    return `${plural(t.gaps.length, 'gap')} in what the trail logged${t.accepted ? ' (accepted)' : ': not covered'}`
  }
  if (t.trails.length === 0) return `not checked: ${cell(t.problem ?? 'no trail found', 120)}`
  const states = t.trails.map(w =>
    w.isLogging === null
      ? `${cell(w.name, 60)} (logging not checked)`
      : `${cell(w.name, 60)} ${w.isLogging ? 'logging' : 'not logging'}`
  )
  return `${states.join(', ')}, no gap`
}

function trailBody(t: AthenaTrailCheck): string[] {
  const trails = t.trails.map(w => {
    const status =
      w.isLogging === null
        ? `IsLogging not checked (${w.statusProblem ?? 'no answer'})`
        : `IsLogging ${w.isLogging}${w.latestDeliveryError ? `, LatestDeliveryError ${w.latestDeliveryError}` : ''}`
    const scope = w.multiRegion ? 'every Region' : `${w.homeRegion ?? '?'} only`
    return `<code>${cell(w.arn, 300)}</code> (${cell(scope, 60)}): ${cell(status, 300)}`
  })
  const gaps = t.gaps.map(
    g => `${cell(g.trail, 100)}: ${cell(g.start)} to ${cell(g.end)} — ${cell(g.cause, 300)}`
  )
  return [
    `<p>The table reads <code>${cell(t.location ?? 'an unrecognised location', 300)}</code>. S3 holds only what a ` +
      `trail delivered while it was logging; the query also read every trail change in the window (${plural(t.changes, 'change')} found).</p>`,
    '<ul>',
    ...(trails.length > 0
      ? listItems(trails, 5)
      : [`<li>Trail not known: ${cell(t.problem ?? '', 300)}</li>`]),
    '</ul>',
    ...(gaps.length > 0
      ? [
          `<p><b>Gaps</b> (${t.accepted ? 'accepted with athena-accept-trail-gaps: read as covered' : 'not covered: the scan is incomplete'}):</p>`,
          '<ul>',
          ...listItems(gaps, 10),
          '</ul>'
        ]
      : []),
    ...(t.warnings.length > 0
      ? [
          '<ul>',
          ...listItems(
            t.warnings.map(w => `⚠️ ${cell(w, 300)}`),
            10
          ),
          '</ul>'
        ]
      : [])
  ]
}

/** `<details>` on the Athena queries, then on freshness and on the trail; '' when LookupEvents answered. */
export const athenaSection: SummarySection = {
  name: 'Athena cost',
  render: result => {
    const run = result.athena
    if (!run) return ''
    return [
      details('Cost (Amazon Athena)', cell(athenaCostLine(run), 300), ['<ul>', ...items(run), '</ul>']),
      ...(run.freshness
        ? [
            details(
              'Delivery to S3 (Amazon Athena)',
              freshnessHint(run.freshness),
              freshnessBody(run.freshness)
            )
          ]
        : []),
      ...(run.trail ? [details('Trail (Amazon Athena)', trailHint(run.trail), trailBody(run.trail))] : [])
    ].join('\n')
  }
}
