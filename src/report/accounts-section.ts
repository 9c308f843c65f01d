// The accounts section: one row per account the `accounts` input named — its Regions, the pages read there, the
// identity's events examined, the forbidden events found, and complete or why not. The verdict above it is the
// scan's over every account: one account not read makes the whole scan incomplete. Pure; every value escaped.

import type { AccountSummary } from '../run/account-summary.js'
import type { ScanResult } from '../types.js'
import { sanitizeForLog, truncate } from './escape.js'
import { cell, details, plural } from './html.js'
import type { SummarySection } from './section.js'

/** Most accounts listed before "…and N more" (the report file has them all). */
const MAX_ROWS = 100

function count(n: number | null): string {
  return n === null ? '–' : n.toLocaleString('en-US')
}

function status(a: AccountSummary): string {
  return a.complete ? '✅ complete' : `🛑 ${cell(a.reason ?? 'not complete', 300)}`
}

function row(a: AccountSummary): string {
  return (
    `<tr><td><code>${cell(a.account, 12)}</code></td><td>${cell(a.regions.join(', '), 200)}</td>` +
    `<td align="right">${count(a.pages)}</td><td align="right">${count(a.examined)}</td>` +
    `<td align="right">${a.forbidden === null ? '–' : a.forbidden > 0 ? `❌ ${count(a.forbidden)}` : '0'}</td>` +
    `<td>${status(a)}</td></tr>`
  )
}

export const accountsSection: SummarySection = {
  name: 'accounts',
  render: result => {
    const accounts = result.accounts
    if (accounts === undefined || accounts.length === 0) return ''
    const complete = accounts.filter(a => a.complete).length
    const withForbidden = accounts.filter(a => (a.forbidden ?? 0) > 0).length
    const hint =
      `${complete} of ${plural(accounts.length, 'account')} complete` +
      (withForbidden > 0 ? `, forbidden events in ${plural(withForbidden, 'account')}` : '')
    const rows = accounts.slice(0, MAX_ROWS).map(row)
    const more = accounts.length - rows.length
    const oneQuery = accounts.every(a => a.pages === null)
      ? [
          '<p>One Athena query read every account: pages and events are counted for the query, not per account.</p>'
        ]
      : []
    return details('Accounts', hint, [
      '<table>',
      '<thead><tr><th>Account</th><th>Regions</th><th>Pages</th><th>Examined</th><th>Forbidden</th>' +
        '<th>Status</th></tr></thead>',
      '<tbody>',
      ...rows,
      ...(more > 0
        ? [`<tr><td colspan="6">…and ${more} more (all of them are in the report file)</td></tr>`]
        : []),
      '</tbody>',
      '</table>',
      ...oneQuery
    ])
  }
}

/** The same rows as plain text for the CLI: `account 111122223333: complete, 12 pages, 40 examined, 1 forbidden`. */
export function accountLines(result: ScanResult, max = 50): string[] {
  const accounts = result.accounts ?? []
  const lines = accounts.slice(0, max).map(a => {
    const counts =
      a.pages === null
        ? ''
        : `, ${plural(a.pages, 'page')}, ${count(a.examined)} examined, ${count(a.forbidden)} forbidden`
    const state = a.complete ? 'complete' : `NOT complete: ${truncate(a.reason ?? '', 300)}`
    return sanitizeForLog(`account ${a.account}: ${state}${counts}`)
  })
  const more = accounts.length - lines.length
  return more > 0 ? [...lines, `... ${more} more accounts (all are in the JSON report)`] : lines
}
