import { describe, expect, it } from '@jest/globals'
import { buildSummary, MIN_SUMMARY_BYTES } from '../src/report/summary.js'
import { wrappable } from '../src/report/html.js'
import {
  incompleteInfo,
  makeEvent,
  makeQuery,
  makeResult,
  manyEvents,
  regionStats
} from '../__fixtures__/scan-result.js'
import { discoveryResult, forbiddenResult, incompleteResult } from '../__fixtures__/verdicts.js'

const headingOf = (html: string): string => /^<h2>(.*?)<\/h2>/.exec(html)?.[1] ?? ''
const rowCount = (html: string): number => (html.match(/^<tr><td><span title="/gm) ?? []).length

// What GitHub's HTML sanitizer keeps: anything else in our output would be stripped or, worse, mean that data
// reached the page as markup.
const ALLOWED_TAGS = new Set(
  'h2 h3 p b s sub code br ul li table thead tbody tr th td a span details summary wbr'.split(' ')
)
const ALLOWED_ATTRIBUTES = new Set(['href', 'title', 'align'])

function checkMarkup(html: string): void {
  for (const match of html.matchAll(/<\/?([a-zA-Z0-9]+)([^>]*)>/g)) {
    expect(ALLOWED_TAGS.has(match[1] ?? '')).toBe(true)
    const attributes = [...(match[2] ?? '').matchAll(/\s([a-z-]+)="[^"<>]*"/g)].map(m => m[1])
    for (const a of attributes) expect(ALLOWED_ATTRIBUTES.has(a ?? '')).toBe(true)
    // Nothing in a tag but its name and quoted attributes.
    expect((match[2] ?? '').replace(/\s[a-z-]+="[^"<>]*"/g, '')).toMatch(/^\s*$/)
  }
}

describe('buildSummary escaping', () => {
  const nasty = makeEvent({
    EventName: '@octocat **bold**',
    EventSource: '![img](http://x)',
    Resources: ['</td><script>alert(1)</script>', '| pipes |', 'line\n\n# heading <!-- x'],
    ErrorCode: '[link](javascript:alert(1))',
    UserName: '<img src=x onerror=alert(1)>',
    UserArn: '" onmouseover="alert(1)',
    Region: '"><b>',
    EventTime: '"><i>',
    Forbidden: true
  })
  const query = makeQuery({
    identity: { kind: 'name', name: '<b>boss</b>' },
    warnings: ['window <i>reaches</i> past 90 days'],
    regions: ['us-east-1', 'eu-west-1']
  })
  const result = makeResult([nasty, makeEvent({ UserName: 'other' })], {
    query,
    plan: { lanes: [], strategy: 'Username=<u>x</u>' },
    regions: [regionStats('us-east-1'), regionStats('<em>r</em>')]
  })
  const html = buildSummary(result)

  it('renders injected HTML as text: only our own tags and attributes remain', () => {
    checkMarkup(html)
    for (const verdict of [forbiddenResult(), discoveryResult(), incompleteResult()]) {
      checkMarkup(buildSummary(verdict))
    }
    expect(html).toContain('&lt;/<wbr>td&gt;&lt;script&gt;alert&#40;1&#41;&lt;/<wbr>script&gt;')
  })

  it('neutralises markdown in CloudTrail strings', () => {
    for (const raw of ['**bold**', '| pipes |', '[link](', '![img]', '@octocat', '# heading']) {
      expect(html).not.toContain(raw)
    }
    // A line may break after `@` (see wrappable): the name is shown whole, escaped.
    expect(html).toContain('&#64;<wbr>octocat &#42;&#42;bold&#42;&#42;')
  })

  it('leaves no blank line inside an HTML block', () => {
    for (const block of html.split('\n\n')) expect(block.trimStart().startsWith('<')).toBe(true)
  })

  it('breaks long values only between escaped pieces, never inside an entity', () => {
    expect(wrappable('a&b/<c>')).toBe('a&amp;b/<wbr>&lt;c&gt;')
    expect(wrappable('x'.repeat(50))).toBe(`${'x'.repeat(24)}<wbr>${'x'.repeat(24)}<wbr>xx`)
    expect(wrappable('DeleteBucketPolicy')).toBe('DeleteBucketPolicy')
    expect(wrappable('PutBucketIntelligentTieringConfiguration')).toBe(
      'Put<wbr>Bucket<wbr>Intelligent<wbr>Tiering<wbr>Configuration'
    )
  })
})

describe('buildSummary size limits', () => {
  it('shows the newest maxRows events and names the report file for the rest', () => {
    const html = buildSummary(makeResult(manyEvents(1000)), {
      reportPath: '/tmp/run/report.json',
      maxRows: 200
    })
    expect(rowCount(html)).toBe(200)
    expect(html).toContain('title="2024-01-05T11:00:00Z"')
    expect(html).toContain(
      'The newest 200 events of 1,000; all of them are in the report file <code>/tmp/run/report.json</code>.'
    )
    expect(html).not.toContain('table was cut')
  })

  it('shows every event with no note when they fit', () => {
    const html = buildSummary(makeResult(manyEvents(5)))
    expect(rowCount(html)).toBe(5)
    expect(html).not.toContain('all of them are in')
  })

  it('stays under maxBytes with 100,000 events and long hostile values, keeping the sections', () => {
    const long = '|<'.repeat(400)
    const events = manyEvents(100_000, i => ({
      EventName: `Delete${i % 500}`,
      Forbidden: true,
      Resources: [`${long}-a-${i}`, `${long}-b-${i}`],
      UserName: `${'_'.repeat(300)}${i % 2}`
    }))
    const html = buildSummary(makeResult(events), { reportPath: '/tmp/report.json' })
    expect(Buffer.byteLength(html)).toBeLessThanOrEqual(256 * 1024)
    expect(headingOf(html)).toBe('❌ 100,000 forbidden events found')
    const rows = rowCount(html)
    expect(rows).toBeGreaterThan(10)
    expect(html).toContain(`The newest ${rows} events of 100,000`)
    expect(html).toContain('<summary><b>Query</b>')
    expect(html).toContain('<summary><b>Cost</b>')
  })

  it('stays under a small maxBytes by leaving sections out and saying so', () => {
    const events = manyEvents(2000, i => ({
      EventName: `${'|'.repeat(120)}${i}`,
      Resources: ['r'.repeat(500)]
    }))
    const query = makeQuery({ patterns: [] })
    for (const maxBytes of [MIN_SUMMARY_BYTES, 40_000, 60_000]) {
      const html = buildSummary(makeResult(events, { query }), { maxBytes, reportPath: '/tmp/r.json' })
      expect(Buffer.byteLength(html)).toBeLessThanOrEqual(maxBytes)
      expect(headingOf(html)).toBe('🔎 2,000 events found')
    }
    const small = buildSummary(makeResult(events, { query }), { maxBytes: 1 })
    expect(small).toContain('Left out to keep this summary under 32 KiB: events by name')
  })

  it('fits a worst-case incomplete verdict in the smallest budget', () => {
    const events = manyEvents(3000, i => ({ EventName: `${'|'.repeat(200)}${i}`, Forbidden: true }))
    const unfinished = Array.from({ length: 40 }, (_, i) => ({
      region: `${'|'.repeat(100)}${i}`,
      code: 'network' as const,
      reason: '|'.repeat(5000),
      oldestReached: '|'.repeat(99)
    }))
    const incomplete = { ...incompleteInfo({ reason: '|'.repeat(5000) }), unfinished }
    const html = buildSummary(makeResult(events, { incomplete }), {
      maxBytes: 1,
      reportPath: '_'.repeat(1000)
    })
    expect(Buffer.byteLength(html)).toBeLessThanOrEqual(MIN_SUMMARY_BYTES)
    // The hostile labels are no Region's name, so the heading counts parts rather than call them Regions.
    expect(headingOf(html)).toBe('🛑 Scan incomplete: 40 parts not read to the end')
  })
})
