import { describe, expect, it } from '@jest/globals'
import { buildSummary } from '../src/report/summary.js'
import {
  incompleteInfo,
  makeEvent,
  makeQuery,
  makeResult,
  manyEvents,
  regionStats
} from '../__fixtures__/scan-result.js'

const headings = (html: string): string[] => [...html.matchAll(/<h(\d)>(.*?)<\/h\1>/g)].map(m => m[2] ?? '')
const eventsTable = (html: string): string => {
  const start = html.indexOf('<h3>Matched events</h3>')
  const table = html.indexOf('<table>', start)
  return start < 0 || table < 0 ? '' : html.slice(table, html.indexOf('</table>', table) + '</table>'.length)
}
const rowCount = (html: string): number => eventsTable(html).split('<tr><td>').length - 1

describe('buildSummary verdict', () => {
  it('opens with the forbidden verdict and lists each violation', () => {
    const result = makeResult([
      makeEvent({ EventName: 'TerminateInstances', Forbidden: true }),
      makeEvent({ EventName: 'TerminateInstances', Forbidden: true }),
      makeEvent({ EventName: 'DeleteBucket', Forbidden: true })
    ])
    const html = buildSummary(result)
    expect(html.startsWith('<h2>❌ Forbidden events found</h2>')).toBe(true)
    expect(headings(html)[0]).toBe('❌ Forbidden events found')
    expect(html).toContain('<li><code>TerminateInstances</code> ×2</li>')
    expect(html).toContain('<li><code>DeleteBucket</code> ×1</li>')
  })

  it('opens with the clean verdict and the number of events checked', () => {
    const html = buildSummary(makeResult([makeEvent()], { scanned: 412 }))
    expect(headings(html)[0]).toBe('✅ No forbidden events')
    expect(html).toContain('412 events checked against 2 forbidden patterns.')
  })

  it('opens with the discovery verdict when no events are forbidden', () => {
    const html = buildSummary(makeResult(manyEvents(3), { query: makeQuery({ patterns: [] }) }))
    expect(headings(html)[0]).toBe('🔎 3 events found (discovery, nothing forbidden)')
    expect(html).toContain('<b>Forbidden:</b> none — discovery')
  })

  it('says incomplete, with how far it got, and never reads as clean', () => {
    const result = makeResult([makeEvent()], { incomplete: incompleteInfo() })
    const html = buildSummary(result)
    expect(headings(html)[0]).toBe('⚠️ Scan incomplete — no verdict')
    expect(html).toContain('lower requests-per-second.')
    expect(html).toContain('Stopped in <code>eu-west-1</code> after 7 pages and 350 events.')
    expect(html).toContain('Oldest event reached in that lookup: 2024-01-05T03:12:00Z')
    expect(html).not.toContain('No forbidden events')
    expect(html).not.toContain('✅')
  })

  it('puts incomplete before forbidden, and still lists the violations already seen', () => {
    const events = [makeEvent({ EventName: 'TerminateInstances', Forbidden: true })]
    const html = buildSummary(makeResult(events, { incomplete: incompleteInfo({ oldestReached: null }) }))
    expect(headings(html)[0]).toBe('⚠️ Scan incomplete — no verdict')
    expect(html).toContain('Forbidden events were already seen before the scan stopped:')
    expect(html).toContain('<li><code>TerminateInstances</code> ×1</li>')
    expect(html).toContain('Oldest event reached in that lookup: none')
  })
})

describe('buildSummary escaping', () => {
  const nasty = makeEvent({
    EventName: '@octocat **bold**',
    EventSource: '![img](http://x)',
    Resources: ['</td><script>alert(1)</script>', '| pipes |', 'line\n\n# heading <!-- x'],
    ErrorCode: '[link](javascript:alert(1))',
    UserName: '<img src=x onerror=alert(1)>',
    UserArn: '" onmouseover="alert(1)',
    Forbidden: true
  })
  const query = makeQuery({
    identity: { kind: 'name', name: '<b>boss</b>' },
    warnings: ['window <i>reaches</i> past 90 days'],
    regions: ['us-east-1', 'eu-west-1']
  })
  const result = makeResult([nasty, makeEvent()], {
    query,
    plan: { tasks: [], strategy: 'Username=<u>x</u>' },
    regions: [regionStats('us-east-1'), regionStats('eu-west-1')]
  })
  const html = buildSummary(result)

  it('renders injected HTML as text', () => {
    expect(html).not.toContain('<script')
    expect(html).not.toContain('<img')
    expect(html).not.toContain('<!--')
    expect(html).not.toContain('<b>boss')
    expect(html).not.toContain('<i>reaches')
    expect(html).not.toContain('<u>x')
    expect(html).not.toMatch(/" onmouseover/)
    expect(html).toContain('&lt;/td&gt;&lt;script&gt;alert&#40;1&#41;&lt;/script&gt;')
    // Only our own cells close: 8 per row, 2 rows.
    expect(eventsTable(html).split('</td>').length - 1).toBe(16)
  })

  it('neutralises markdown in CloudTrail strings', () => {
    for (const raw of ['**bold**', '| pipes |', '[link](', '![img]', '@octocat', '# heading']) {
      expect(html).not.toContain(raw)
    }
    expect(html).toContain('&#64;octocat &#42;&#42;bold&#42;&#42;')
    expect(html).toContain('&#124; pipes &#124;')
  })

  it('leaves no blank line inside an HTML block', () => {
    for (const block of html.split('\n\n')) {
      expect(block.trimStart().startsWith('<')).toBe(true)
    }
    expect(eventsTable(html)).not.toContain('\n\n')
  })
})

describe('buildSummary content', () => {
  it('marks forbidden successes apart from denied attempts and links to the console', () => {
    const events = [
      makeEvent({ EventName: 'TerminateInstances', Forbidden: true, EventId: 'ok-1' }),
      makeEvent({
        EventName: 'DeleteBucket',
        Forbidden: true,
        ErrorCode: 'AccessDenied',
        Region: 'eu-west-1'
      }),
      makeEvent({ EventName: 'RunInstances', Region: 'not a region', EventId: 'bad-region' })
    ]
    const html = buildSummary(makeResult(events))
    const rows = eventsTable(html)
      .split('\n')
      .filter(l => l.startsWith('<tr><td>'))
    expect(rows[0]).toContain('⛔ <b>TerminateInstances</b>')
    // The href is escaped like any attribute: `&#35;` is the `#` once the browser decodes it.
    expect(rows[0]).toContain(
      '<a href="https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1&#35;/events/ok-1">view</a>'
    )
    expect(rows[1]).toContain('🚫 <s>DeleteBucket</s>')
    expect(rows[1]).toContain('🚫 AccessDenied — denied')
    expect(rows[1]).not.toContain('⛔')
    expect(rows[2]).not.toContain('<a ')
    expect(rows[0]).toContain('<span title="arn:aws:iam::123456789012:user/deploy-bot">deploy-bot</span>')
  })

  it('shows the query and totals', () => {
    const query = makeQuery({
      identity: {
        kind: 'role',
        arn: 'arn:aws:iam::123456789012:role/deployer',
        partition: 'aws',
        account: '123456789012',
        role: 'deployer'
      },
      warnings: ['The window reaches past 90 days.']
    })
    const html = buildSummary(makeResult([makeEvent()], { query }))
    expect(html).toContain('<code>arn:aws:iam::123456789012:role/deployer</code> (role, every session)')
    expect(html).toContain('2024-01-05T00:00:00Z → 2024-01-05T12:00:00Z')
    expect(html).toContain('<code>TerminateInstances</code>, <code>Delete&#42;</code>')
    expect(html).toContain('Looks up Username=deploy-bot in each Region.')
    expect(html).toContain(
      "9 LookupEvents pages, 10 records read, 412 of the user's events examined, 1 matched, 12.3 s"
    )
    expect(html).toContain('<li>⚠️ The window reaches past 90 days.</li>')
  })

  it('shows the Region table only for several Regions or throttling', () => {
    const one = makeResult([makeEvent()])
    expect(buildSummary(one)).not.toContain('<h3>Regions</h3>')
    const throttled = makeResult([makeEvent()], { regions: [regionStats('us-east-1', { throttled: 3 })] })
    expect(buildSummary(throttled)).toContain('<h3>Regions</h3>')
    const two = makeResult([makeEvent()], { regions: [regionStats('us-east-1'), regionStats('eu-west-1')] })
    expect(buildSummary(two)).toContain('<tr><td>eu-west-1</td>')
  })

  it('lists the top 50 event names and says how many more', () => {
    const events = manyEvents(60, i => ({ EventName: `Name${i}` }))
    const html = buildSummary(makeResult(events))
    expect(html).toContain('<code>Name49</code>')
    expect(html).not.toContain('<code>Name50</code>')
    expect(html).toContain('…and 10 more event names')
  })
})

describe('buildSummary size limits', () => {
  it('shows the newest maxRows events and names the report file for the rest', () => {
    const result = makeResult(manyEvents(1000))
    const html = buildSummary(result, { reportPath: '/tmp/run/report.json', maxRows: 200 })
    expect(rowCount(html)).toBe(200)
    expect(eventsTable(html)).toContain('2024-01-05T11:00:00Z')
    expect(html).toContain('800 more events are in the report file <code>/tmp/run/report.json</code>')
    expect(html).not.toContain('table was cut')
  })

  it('shows every event with no note when they fit', () => {
    const html = buildSummary(makeResult(manyEvents(5)))
    expect(rowCount(html)).toBe(5)
    expect(html).not.toContain('more events are in')
  })

  it('stays under maxBytes with 100,000 events and long resource names', () => {
    const long = '|<'.repeat(400)
    const events = manyEvents(100_000, i => ({
      EventName: `Delete${i % 500}`,
      Forbidden: true,
      Resources: [`${long}-a-${i}`, `${long}-b-${i}`],
      UserArn: `arn:aws:iam::123456789012:user/${'_'.repeat(300)}`
    }))
    const result = makeResult(events)
    const html = buildSummary(result, { reportPath: '/tmp/report.json' })
    expect(Buffer.byteLength(html)).toBeLessThanOrEqual(256 * 1024)
    expect(headings(html)[0]).toBe('❌ Forbidden events found')
    const rows = rowCount(html)
    expect(rows).toBeGreaterThan(10)
    expect(rows).toBeLessThan(200)
    expect(html).toContain(`Showing the newest ${rows} of 100000 events.`)
    expect(html).toContain(
      `${100_000 - rows} more events are in the report file <code>/tmp/report.json</code>`
    )
    expect(html).toContain('the table was cut to stay under the size limit')
  })

  it('stays under a small maxBytes by leaving sections out and saying so', () => {
    const events = manyEvents(2000, i => ({
      EventName: `${'x'.repeat(120)}${i}`,
      Resources: ['r'.repeat(500)]
    }))
    for (const maxBytes of [9000, 20_000, 60_000]) {
      const html = buildSummary(makeResult(events), { maxBytes, reportPath: '/tmp/r.json' })
      expect(Buffer.byteLength(html)).toBeLessThanOrEqual(maxBytes)
      expect(html.startsWith('<h2>✅ No forbidden events</h2>')).toBe(true)
    }
    const small = buildSummary(makeResult(events), { maxBytes: 9000 })
    expect(small).toContain('Left out to keep this summary under 8 KiB: ')
  })

  it('fits a worst-case incomplete verdict in the smallest budget', () => {
    const events = manyEvents(3000, i => ({ EventName: `${'|'.repeat(200)}${i}`, Forbidden: true }))
    const incomplete = incompleteInfo({
      reason: '|'.repeat(5000),
      region: '|'.repeat(100),
      oldestReached: '|'.repeat(99)
    })
    const html = buildSummary(makeResult(events, { incomplete }), {
      maxBytes: 1,
      reportPath: '_'.repeat(1000)
    })
    expect(Buffer.byteLength(html)).toBeLessThanOrEqual(8 * 1024)
    expect(headings(html)[0]).toBe('⚠️ Scan incomplete — no verdict')
    expect(html).toContain('more event names')
  })
})
