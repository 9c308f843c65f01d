// The summary's "near misses" section: the user's events whose names are close to a forbidden pattern that
// did not match them. Pure and escaped: the names come from CloudTrail.

import { verdictOf } from './describe.js'
import { cell, details, plural } from './html.js'
import type { SummarySection } from './section.js'

/** A `<details>` section when a scan ends clean with names close to a pattern; '' otherwise. */
export const nearMissesSection: SummarySection = {
  name: 'near misses',
  render: result => {
    const misses = result.nearMisses ?? []
    if (misses.length === 0 || verdictOf(result) !== 'clean') return ''
    const rows = misses.map(
      m =>
        `<tr><td><code>${cell(m.pattern)}</code></td><td><code>${cell(m.name)}</code></td>` +
        `<td>${cell(m.source)}</td><td align="right">${m.count}</td></tr>`
    )
    const names = new Set(misses.map(m => `${m.source} ${m.name}`)).size
    return details('🔍 Near misses', `${plural(names, 'event name')} close to a forbidden pattern`, [
      '<p>The user did these, and no pattern matched them: another case, a slip or two, or the right name ' +
        'from another service. Check the patterns.</p>',
      '<table>',
      '<thead><tr><th>Forbidden</th><th>Event</th><th>Source</th><th>Events</th></tr></thead>',
      '<tbody>',
      ...rows,
      '</tbody>',
      '</table>'
    ])
  }
}
