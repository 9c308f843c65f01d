import { describe, expect, it } from '@jest/globals'
import { buildSummary, type SummarySection } from '../src/report/summary.js'
import { SUMMARY_SECTIONS } from '../src/report/summary-sections.js'
import { notStartedSummary } from '../src/report/summary-verdict.js'
import { incompleteInfo, makeEvent, makeQuery, makeResult, pattern } from '../__fixtures__/scan-result.js'
import { cleanResult, discoveryResult, forbiddenResult, incompleteResult } from '../__fixtures__/verdicts.js'

const firstLine = (html: string): string => html.split('\n')[0] ?? ''
const blocks = (html: string): string[] => html.trim().split('\n\n')
const rows = (html: string): string[] => html.split('\n').filter(l => l.startsWith('<tr><td>'))
const eventRows = (html: string): string[] => {
  const block = blocks(html).find(b => b.startsWith('<h3>Matched events</h3>')) ?? ''
  return rows(block)
}

describe('buildSummary: line 1 is the verdict with its counts', () => {
  it('forbidden: red, the total, then each name with its count', () => {
    const html = buildSummary(forbiddenResult())
    expect(firstLine(html)).toBe('<h2>❌ 4 forbidden events found</h2>')
    expect(html).toContain(
      '<code>TerminateInstances</code> ×2 · <code>DeleteBucket</code> ×1 · <code>DeleteRolePolicy</code> ×1'
    )
    expect(html).toContain('1 denied attempt counted as forbidden')
  })

  it('speaks in the singular for one', () => {
    const one = makeResult([makeEvent({ EventName: 'DeleteBucket', Forbidden: true })], {
      query: makeQuery({ patterns: [pattern('DeleteBucket')] }),
      scanned: 1
    })
    expect(firstLine(buildSummary(one))).toBe('<h2>❌ 1 forbidden event found</h2>')
    const clean = makeResult([], { query: makeQuery({ patterns: [pattern('DeleteBucket')] }), scanned: 1 })
    const html = buildSummary(clean)
    expect(firstLine(html)).toBe('<h2>✅ No forbidden events in 1 event</h2>')
    expect(html).toContain('checked against 1 forbidden pattern: <code>DeleteBucket</code>.')
    expect(html).not.toMatch(/\b1 [a-z ]*(events|patterns|pages|Regions)\b/)
  })

  it('clean: green, how many events were checked against which patterns', () => {
    const html = buildSummary(cleanResult())
    expect(firstLine(html)).toBe('<h2>✅ No forbidden events in 1,520 events</h2>')
    expect(html).toContain('Every page was read and every event was checked against 2 forbidden patterns')
    expect(html).toContain('in eu-west-2, us-east-1, 2024-01-05 00:00 → 12:00 UTC.')
    expect(html).not.toContain('<h3>Matched events</h3>')
  })

  it('discovery: how many events, and no legend for forbidden marks', () => {
    const html = buildSummary(discoveryResult())
    expect(firstLine(html)).toBe('<h2>🔎 40 events found</h2>')
    expect(html).toContain('Discovery: the <code>events</code> input is empty')
    expect(html).not.toMatch(/⛔|forbidden, succeeded|forbidden, denied/)
    // A role's sessions differ: each row names its session.
    expect(eventRows(html)[0]).toContain('gha-run-4242')
  })

  it('incomplete: red (a failure, not a warning), every unfinished Region named with its reason', () => {
    const html = buildSummary(incompleteResult())
    expect(firstLine(html)).toBe('<h2>🛑 Scan incomplete: 2 Regions not read to the end</h2>')
    expect(html).toContain('<b>The step fails.</b>')
    expect(html).toContain(
      '<li><b>eu-west-1</b>: LookupEvents kept throttling after 8 retries; lower requests-per-second. ' +
        '(oldest event reached: 2024-01-05T03:12:00Z)</li>'
    )
    expect(html).toContain('<li><b>us-east-1</b>: stopped when eu-west-1 failed</li>')
    expect(html).toContain(
      'Forbidden events were already seen before the scan stopped: <code>DeleteBucket</code> ×1'
    )
    expect(blocks(html)[0]).not.toMatch(/⚠|✅|No forbidden events/)
    // The Regions section says which ones finished.
    expect(html).toContain('<tr><td>eu-west-2</td><td>✅ read</td>')
    expect(html).toContain('<tr><td>eu-west-1</td><td>🛑 not finished</td>')
  })

  it('incomplete from a source that names only one Region still names it', () => {
    const html = buildSummary(makeResult([], { incomplete: incompleteInfo() }))
    expect(firstLine(html)).toBe('<h2>🛑 Scan incomplete: 1 Region not read to the end</h2>')
    expect(html).toContain('<li><b>eu-west-1</b>: LookupEvents kept throttling')
  })

  it('bad input: a short summary with the message, escaped, and what the outputs say', () => {
    const html = notStartedSummary(`Input 'user' has an invalid value "<b>x</b>": expected a name.`, 'input')
    expect(firstLine(html)).toBe('<h2>❗ Bad input: nothing was scanned</h2>')
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;')
    expect(html).toContain('<code>found=unknown</code>, <code>complete=false</code>')
    expect(firstLine(notStartedSummary('no OIDC', 'setup'))).toBe('<h2>❗ The scan could not start</h2>')
  })
})

describe('buildSummary: the events table', () => {
  const html = buildSummary(forbiddenResult())

  it('comes right after the verdict, before every collapsed section', () => {
    const order = blocks(html).map(b => b.split('\n')[0])
    expect(order[1]).toBe('<h3>Matched events</h3>')
    expect(order.slice(2).every(line => line === '<details>')).toBe(true)
    expect(html).not.toContain('<details open')
  })

  it('has five columns: time, event, resources, error, console link', () => {
    expect(html).toContain(
      '<thead><tr><th>Time\u00a0(UTC)</th><th>Event</th><th>Resources</th><th>Error</th><th>Console</th></tr></thead>'
    )
    for (const row of eventRows(html)) expect(row.split('</td>')).toHaveLength(6)
  })

  it('lists the newest first, with compact times and the full time in a title', () => {
    const times = eventRows(html).map(r => /title="([^"]+)"/.exec(r)?.[1])
    expect(times).toEqual([
      '2024-01-05T11:42:07Z',
      '2024-01-05T10:03:55Z',
      '2024-01-05T09:15:30Z',
      '2024-01-05T08:01:02Z'
    ])
    expect(eventRows(html)[0]).toContain('>01\u201105\u00a011:42:07</span>')
  })

  it('marks successes and denied attempts apart, with service, Region and a console link', () => {
    const [first, second] = eventRows(html)
    expect(first).toContain('⛔\u00a0<b>TerminateInstances</b><br><sub>ec2 · eu-west-2</sub>')
    // A denied attempt that counts as forbidden is never struck through: it says "denied".
    expect(second).toContain('⛔\u00a0<b>DeleteBucket</b>\u00a0<sub>denied</sub>')
    expect(second).not.toContain('<s>')
    expect(second).toContain('🚫\u00a0AccessDenied')
    expect(first).toMatch(
      /<a href="https:\/\/eu-west-2\.console\.aws\.amazon\.com\/cloudtrailv2\/home\?region=eu-west-2&#35;\/events\/[^"]+">view<\/a>/
    )
    expect(html).toContain('⛔ <b>forbidden, succeeded</b> · ⛔ <b>forbidden</b> <sub>denied</sub>')
  })

  it('strikes a denied attempt through only when ignore-denied leaves it out', () => {
    const result = forbiddenResult()
    const ignoring = { ...result, query: { ...result.query, ignoreDenied: true } }
    const denied = eventRows(buildSummary(ignoring)).find(row => row.includes('DeleteBucket')) ?? ''
    expect(denied).toContain('🚫\u00a0<s>DeleteBucket</s>')
  })

  it('shows the year when the window spans two, even if every event is in one', () => {
    const result = forbiddenResult()
    const spanning = {
      ...result,
      query: {
        ...result.query,
        window: { start: new Date('2023-12-20T00:00:00Z'), end: result.query.window.end }
      }
    }
    expect(eventRows(buildSummary(spanning))[0]).toMatch(/>2024‑01‑05\u00a011:/)
    expect(eventRows(buildSummary(result))[0]).toMatch(/>01‑05\u00a011:/)
  })

  it('elides long resource lists, keeping the full text in a title, and lets ARNs wrap', () => {
    const first = eventRows(html)[0] ?? ''
    expect(first).toContain('<span title="arn:aws:ec2:eu-west-2:123456789012:instance/i-0a1b2c3d4e5f60718, ')
    expect(first).toContain('i-01234abcd5678ef90">')
    expect(first).toContain('arn:<wbr>aws:<wbr>ec2:<wbr>')
    expect(first).toContain('…</span>')
  })
})

describe('buildSummary: sections', () => {
  it('renders the default sections collapsed, in order', () => {
    const html = buildSummary(forbiddenResult())
    const titles = [...html.matchAll(/<summary><b>([^<]+)<\/b>/g)].map(m => m[1])
    expect(titles).toEqual(['Query', 'Plan', 'Regions', 'Events by name', 'Delivery', 'Cost'])
    // Near misses render only when a scan ends clean with names close to a pattern; Athena's cost only for Athena;
    // the accounts only when the accounts input named some (first: the verdict above is over all of them).
    expect(SUMMARY_SECTIONS.map(s => s.name)).toEqual([
      'accounts',
      'query',
      'plan',
      'Regions',
      'coverage',
      'events by name',
      'near misses',
      'delivery',
      'cost',
      'Athena cost'
    ])
  })

  it('takes other sections and notices, in the order given, and skips the empty ones', () => {
    const extra: SummarySection = {
      name: 'delivery',
      render: result => `<details>\n<summary><b>Delivery</b></summary>\n<p>${result.scanned}</p>\n</details>`
    }
    const empty: SummarySection = { name: 'nothing', render: () => '' }
    const html = buildSummary(cleanResult(), {
      sections: [extra, empty, ...SUMMARY_SECTIONS],
      notices: [() => '<p>⚠️ No events by this user.</p>', () => '']
    })
    const order = blocks(html).map(b => b.split('\n').slice(0, 2).join(' '))
    expect(order[1]).toBe('<p>⚠️ No events by this user.</p>')
    expect(order[2]).toBe('<details> <summary><b>Delivery</b></summary>')
    expect(html).toContain('<p>1520</p>')
    expect(blocks(html)).toHaveLength(2 + 1 + 5)
  })

  it('shows the query, plan, Regions and cost', () => {
    const html = buildSummary(forbiddenResult())
    expect(html).toContain('<li><b>User:</b> <code>deploy-bot</code> (Username)</li>')
    expect(html).toContain(
      '<li><b>Forbidden:</b> <code>TerminateInstances</code>, <code>Delete&#42;</code></li>'
    )
    expect(html).toContain('<p>Looks up Username=deploy-bot in each Region.</p>')
    expect(html).toContain("<li>140 records read, 152 of the user's events examined, 4 matched</li>")
  })
})
