// The summary's plan section: how the identity is looked up, which lookups each Region read and why, the
// candidates it rejected with their estimates, and the pages really read. Pure; every value that came from the
// query or CloudTrail is escaped (a plain user name may hold any printable character).

import { candidateLabel, estimateText } from '../sources/lookup-events/plan.js'
import type { LanePlanReport } from '../sources/lookup-events/planner.js'
import { cell, details, listItems, plural } from './html.js'
import type { SummaryNotice, SummarySection } from './section.js'

const KIND: Readonly<Record<string, string>> = {
  identity: 'Username',
  events: 'EventName / EventSource',
  region: 'full Region scan'
}

const HOW: Readonly<Record<LanePlanReport['how'], string>> = {
  only: 'chosen (the only correct plan)',
  forced: 'chosen (forced)',
  probed: 'chosen (cheapest after probing)'
}

/** Most rows shown: lanes × candidates is small, but a long Region list must not grow the summary unbounded. */
const MAX_ROWS = 60

function laneRows(lane: LanePlanReport): string[] {
  const account = lane.account === undefined ? '' : `${cell(lane.account, 12)} `
  const where = `${account}${cell(lane.region, 40)}${lane.globalOnly ? ' (global)' : ''}`
  return lane.candidates.map((candidate, i) => {
    const status = i === 0 && lane.chosen !== undefined ? HOW[lane.how] : 'rejected'
    return (
      `<tr><td>${where}</td><td>${KIND[candidate.kind] ?? ''}: <code>${cell(candidateLabel(candidate), 300)}</code></td>` +
      `<td>${status}</td><td align="right">${cell(estimateText(candidate))}</td>` +
      `<td align="right">${candidate.pagesRead}</td></tr>`
    )
  })
}

function replanItems(lanes: readonly LanePlanReport[]): string[] {
  return lanes.flatMap(lane =>
    lane.replans.map(
      r =>
        `${cell(lane.region, 40)}: after ${r.afterPages} pages the ${KIND[r.from]} lookups needed ` +
        `~${r.fromRemaining} more pages, another candidate as few as ${r.toRemaining}: ` +
        `${r.from === r.to ? 'probes showed otherwise' : `switched to ${KIND[r.to]}`}.`
    )
  )
}

function laneTable(lanes: readonly LanePlanReport[]): string[] {
  if (lanes.length === 0) return []
  const rows = lanes.flatMap(laneRows)
  const shown = rows.slice(0, MAX_ROWS)
  const more = rows.length - shown.length
  const replans = replanItems(lanes)
  return [
    '<table>',
    '<thead><tr><th>Region</th><th>Lookups</th><th></th><th>Estimate</th><th>Pages read</th></tr></thead>',
    '<tbody>',
    ...shown,
    ...(more > 0 ? [`<tr><td colspan="5">…and ${more} more</td></tr>`] : []),
    '</tbody>',
    '</table>',
    ...(replans.length > 0 ? ['<p>Re-plans:</p>', '<ul>', ...listItems(replans, 20), '</ul>'] : [])
  ]
}

/** `eu-west-2: EventName / EventSource, 4 pages`: the choice per Region, for the section's one-line hint. */
function hint(lanes: readonly LanePlanReport[]): string {
  if (lanes.length === 0) return ''
  const pages = lanes.reduce((sum, lane) => sum + lane.pages, 0)
  const chosen = lanes
    .slice(0, 4)
    .map(lane => `${cell(lane.region, 40)}: ${lane.chosen ? KIND[lane.chosen] : 'none'}`)
  return `${chosen.join(', ')}${lanes.length > 4 ? ', …' : ''}; ${plural(pages, 'page')} read, probes included`
}

export const planSection: SummarySection = {
  name: 'plan',
  render: result =>
    details('Plan', hint(result.lanes), [
      `<p>${cell(result.plan.strategy, 1000)}</p>`,
      ...laneTable(result.lanes)
    ])
}

/**
 * Above the fold when a Region was read whole (every management event in it): a role ARN with an unqualified
 * wildcard, or an allow-list, cannot be narrowed by a lookup, and a reviewer should see what that costs.
 */
export const fullScanNotice: SummaryNotice = result => {
  const full = result.lanes.filter(lane => lane.chosen === 'region')
  if (full.length === 0) return ''
  const pages = full.reduce((sum, lane) => sum + lane.pages, 0)
  const where = full.slice(0, 4).map(lane => cell(lane.region, 40))
  const more = full.length > 4 ? ` and ${full.length - 4} more` : ''
  return (
    `<p>🐢 Every management event of ${where.join(', ')}${more} was read (${plural(pages, 'page')}): no lookup ` +
    'narrows this query (a role ARN with an unqualified wildcard such as <code>Delete*</code>, or an allow-list). ' +
    'Exact names or service-qualified patterns (<code>ec2:Delete*</code>) read fewer pages.</p>'
  )
}
