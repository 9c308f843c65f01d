import { describe, expect, it } from '@jest/globals'
import { accountLines, accountsSection } from '../src/report/accounts-section.js'
import { forbiddenAnnotations } from '../src/report/annotations.js'
import { buildReport } from '../src/report/file.js'
import { buildOutputs } from '../src/report/outputs.js'
import { buildSummary } from '../src/report/summary.js'
import { formatTable } from '../src/report/table.js'
import { renderDelivery } from '../src/report/delivery.js'
import type { AccountSummary } from '../src/run/account-summary.js'
import { incompleteInfo, makeEvent, makeQuery, makeResult, pattern } from '../__fixtures__/scan-result.js'

// Every report of a scan over several accounts: the summary's accounts section (one row per account, the
// verdict over all of them above it), the report file's accounts, the `accounts` output, the annotations and
// the CLI lines naming the account. Rows carry text from AWS answers (reasons): escaped like CloudTrail's.

const [A, B, C] = ['111111111111', '222222222222', '333333333333']

function row(account: string, overrides: Partial<AccountSummary> = {}): AccountSummary {
  return {
    account,
    regions: ['eu-west-2', 'us-east-1'],
    pages: 6,
    examined: 300,
    forbidden: 0,
    complete: true,
    reason: null,
    ...overrides
  }
}

const forbidden = makeEvent({
  EventName: 'TerminateInstances',
  Forbidden: true,
  Account: C,
  Region: 'eu-west-2'
})
const query = makeQuery({ patterns: [pattern('TerminateInstances')] })

function result() {
  return makeResult([forbidden], {
    query,
    incomplete: incompleteInfo({
      region: `account ${B}`,
      code: 'access-denied',
      reason: 'could not assume <b>x</b>'
    }),
    accounts: [
      row(A),
      row(B, { pages: 0, examined: 0, complete: false, reason: 'could not assume <b>x</b>' }),
      row(C, { forbidden: 1, pages: 7, examined: 301 })
    ]
  })
}

describe('the accounts section', () => {
  it('one row per account: Regions, pages, examined, forbidden, complete or why not (escaped)', () => {
    const html = accountsSection.render(result())
    expect(html).toMatch(
      /^<details>\n<summary><b>Accounts<\/b> · 2 of 3 accounts complete, forbidden events in 1 account<\/summary>/
    )
    expect(html).toContain(
      `<tr><td><code>${A}</code></td><td>eu-west-2, us-east-1</td><td align="right">6</td><td align="right">300</td>` +
        '<td align="right">0</td><td>✅ complete</td></tr>'
    )
    expect(html).toContain('<td>🛑 could not assume &lt;b&gt;x&lt;/b&gt;</td>')
    expect(html).toContain('<td align="right">❌ 1</td>')
    expect(html).not.toContain('<b>x</b>')
  })

  it('comes right after the verdict and the events (each naming its account); nothing for one account', () => {
    const summary = buildSummary(result())
    expect(summary).toContain(`<sub>ec2 · eu-west-2 · account ${C}</sub>`)
    expect(summary.indexOf('Scan incomplete')).toBeLessThan(summary.indexOf('<b>Accounts</b>'))
    expect(summary.indexOf('<b>Accounts</b>')).toBeLessThan(summary.indexOf('<b>Query</b>'))
    expect(accountsSection.render(makeResult([forbidden], { query }))).toBe('')
  })

  it('Athena: one query read every account, so no counts per account', () => {
    const html = accountsSection.render(
      makeResult([], { query, accounts: [row(A, { pages: null, examined: null, forbidden: null })] })
    )
    expect(html).toContain('<td align="right">–</td><td align="right">–</td><td align="right">–</td>')
    expect(html).toContain('One Athena query read every account')
  })
})

describe('the other reports name the account', () => {
  it('the accounts output and the report file', () => {
    expect(buildOutputs(result(), 'r.json')['accounts']).toBe(`${A},${B},${C}`)
    expect(buildOutputs(makeResult([]), 'r.json')['accounts']).toBe('')
    const report = buildReport(result(), { tool: 't', version: '1', generatedAt: new Date(0) })
    expect(report.accounts?.map(a => [a.account, a.complete])).toEqual([
      [A, true],
      [B, false],
      [C, true]
    ])
    expect(report.events[0]?.Account).toBe(C)
    expect(
      buildReport(makeResult([]), { tool: 't', version: '1', generatedAt: new Date(0) }).accounts
    ).toBeNull()
  })

  it('annotations', () => {
    const [annotation] = forbiddenAnnotations(result())
    expect(annotation?.message).toMatch(
      new RegExp(`newest at 2024-01-05T10:00:00Z in account ${C} eu-west-2\\.`)
    )
    const two = makeResult([forbidden, { ...forbidden, EventId: 'other', Account: A }], { query })
    expect(forbiddenAnnotations(two)[0]?.message).toMatch(/\(in 2 accounts\)/)
  })

  it('the CLI: a line per account and an ACCOUNT column', () => {
    expect(accountLines(result())).toEqual([
      `account ${A}: complete, 6 pages, 300 examined, 0 forbidden`,
      `account ${B}: NOT complete: could not assume <b>x</b>, 0 pages, 0 examined, 0 forbidden`,
      `account ${C}: complete, 7 pages, 301 examined, 1 forbidden`
    ])
    const table = formatTable(result())
    expect(table).toMatch(/TIME\s+MARK\s+EVENT\s+SOURCE\s+ACCOUNT\s+REGION/)
    expect(table).toContain(C)
    expect(formatTable(makeResult([makeEvent()]))).not.toContain('ACCOUNT')
  })

  it('the delivery section names the account of each marker', () => {
    const html = renderDelivery({
      mode: 'barrier',
      horizonMs: 1_800_000,
      freshFrom: '2024-01-05T11:30:00Z',
      regions: [
        {
          region: 'eu-west-2',
          account: B,
          requestId: 'r-1',
          callerArn: `arn:aws:sts::${B}:assumed-role/cloudtrail-audit/cloudtrail-gate-1-1`,
          markerTime: '2024-01-05T12:00:05Z',
          delivered: true,
          waitedMs: 4000,
          marginMs: 1000,
          polls: 2,
          pages: 2
        }
      ]
    })
    expect(html).toContain(`<td>${B} eu-west-2</td>`)
  })
})
