import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildReport, reportJson, verdictOf, writeReport, writeReportTo } from '../src/report/file.js'
import {
  incompleteInfo,
  laneReport,
  makeEvent,
  makeQuery,
  makeResult,
  manyEvents
} from '../__fixtures__/scan-result.js'

const meta = { tool: 'cloudtrail-gate', version: '1.2.3', generatedAt: new Date('2024-01-05T12:34:56.789Z') }

describe('verdictOf', () => {
  const forbidden = [makeEvent({ EventName: 'DeleteBucket', Forbidden: true })]

  it('puts incomplete first, then forbidden, then discovery or clean', () => {
    expect(verdictOf(makeResult(forbidden, { incomplete: incompleteInfo() }))).toBe('incomplete')
    expect(verdictOf(makeResult([], { incomplete: incompleteInfo() }))).toBe('incomplete')
    expect(verdictOf(makeResult(forbidden))).toBe('forbidden')
    expect(verdictOf(makeResult([makeEvent()]))).toBe('clean')
    expect(verdictOf(makeResult([makeEvent()], { query: makeQuery({ patterns: [] }) }))).toBe('discovery')
  })
})

describe('buildReport', () => {
  it('holds the query, plan, counts and every event', () => {
    const events = [
      makeEvent({ EventName: 'DeleteBucket', Forbidden: true, ErrorCode: 'AccessDenied' }),
      ...manyEvents(300)
    ]
    const result = makeResult(events, { query: makeQuery({ regions: ['us-east-1', 'eu-west-1'] }) })
    const report = buildReport(result, meta)
    expect(report).toMatchObject({
      tool: 'cloudtrail-gate',
      version: '1.2.3',
      generatedAt: '2024-01-05T12:34:56Z',
      complete: true,
      verdict: 'forbidden',
      query: {
        user: 'deploy-bot',
        identity: { kind: 'name', name: 'deploy-bot' },
        events: ['TerminateInstances', 'Delete*'],
        createdAfter: '2024-01-05T00:00:00Z',
        createdBefore: '2024-01-05T12:00:00Z',
        regions: ['us-east-1', 'eu-west-1'],
        includeGlobalEvents: true,
        ignoreDenied: false
      },
      plan: {
        strategy: 'Looks up Username=deploy-bot in each Region.',
        forced: null,
        lanes: [
          { region: 'us-east-1', chosen: 'events', how: 'probed', pages: 2 },
          { region: 'eu-west-1', chosen: 'events', how: 'probed', pages: 2 }
        ]
      },
      counts: { scanned: 412, matched: 301, pages: 9, denied: 1 },
      violations: [{ name: 'DeleteBucket', count: 1 }],
      incomplete: null
    })
    expect(report.events).toHaveLength(301)
    expect(report.counts.byName).toEqual(result.countsByName)
    expect(report.counts.byRegion.map(r => r.region)).toEqual(['us-east-1', 'eu-west-1'])
  })

  it('records an incomplete scan, a forced plan, and a lane that stopped before choosing', () => {
    const result = makeResult([], {
      incomplete: incompleteInfo({ code: 'timeout' }),
      plan: { lanes: [], strategy: 's', force: 'region' },
      lanes: [laneReport('us-east-1', { chosen: undefined, globalOnly: true })]
    })
    const report = buildReport(result, meta)
    expect(report.complete).toBe(false)
    expect(report.verdict).toBe('incomplete')
    expect(report.incomplete).toMatchObject({ code: 'timeout', region: 'eu-west-1' })
    expect(report.plan).toMatchObject({
      forced: 'region',
      lanes: [{ region: 'us-east-1', globalOnly: true }]
    })
    expect(report.plan.lanes[0]?.chosen).toBeNull()
  })
})

describe('writeReport', () => {
  let dir = ''
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'report-test-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('writes the JSON report, readable by its owner only', async () => {
    const result = makeResult([makeEvent({ Resources: ['</td><script>'] })])
    const path = await writeReport(join(dir, 'nested'), result, meta)
    expect(path.startsWith(join(dir, 'nested', 'cloudtrail-gate-report-20240105T123456Z-'))).toBe(true)
    expect(path).toMatch(/-[0-9a-f]{8}\.json$/)
    expect((await stat(path)).mode & 0o777).toBe(0o600)
    const parsed: unknown = JSON.parse(await readFile(path, 'utf8'))
    expect(parsed).toEqual(JSON.parse(JSON.stringify(buildReport(result, meta))))
  })

  it('writes, a piece at a time, exactly the text of the whole report as one JSON string', async () => {
    const events = manyEvents(3_000, i => ({ Resources: [`arn:aws:s3:::bucket-${i}`, '</td>\n"é"'] }))
    const result = makeResult(events, { query: makeQuery({ patterns: [] }) })
    const text = `${JSON.stringify(buildReport(result, meta), null, 2)}\n`
    expect(reportJson(result, meta)).toBe(text)
    expect(await readFile(await writeReport(dir, result, meta), 'utf8')).toBe(text)
    const none = makeResult([])
    expect(reportJson(none, meta)).toBe(`${JSON.stringify(buildReport(none, meta), null, 2)}\n`)
  })

  it('writeReportTo replaces a file with w and refuses with wx', async () => {
    const path = join(dir, 'report.json')
    await writeReportTo(path, makeResult(manyEvents(2)), meta, 'w')
    await writeReportTo(path, makeResult([]), meta, 'w')
    expect(await readFile(path, 'utf8')).toBe(reportJson(makeResult([]), meta))
    await expect(writeReportTo(path, makeResult([]), meta, 'wx')).rejects.toMatchObject({ code: 'EEXIST' })
  })

  it('never overwrites a file: tries another name, and fails when every name is taken', async () => {
    const first = await writeReport(dir, makeResult([]), meta, { random: () => 'aaaa' })
    const before = await readFile(first, 'utf8')
    const names = ['aaaa', 'bbbb']
    const second = await writeReport(dir, makeResult(manyEvents(2)), meta, {
      random: () => names.shift() ?? 'zzzz'
    })
    expect(second).toMatch(/-bbbb\.json$/)
    await expect(
      writeReport(dir, makeResult(manyEvents(3)), meta, { random: () => 'aaaa' })
    ).rejects.toMatchObject({
      code: 'EEXIST'
    })
    expect(await readFile(first, 'utf8')).toBe(before)
    expect((await readdir(dir)).sort()).toEqual([
      'cloudtrail-gate-report-20240105T123456Z-aaaa.json',
      'cloudtrail-gate-report-20240105T123456Z-bbbb.json'
    ])
  })
})
