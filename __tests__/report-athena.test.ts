import { describe, expect, it } from '@jest/globals'
import { athenaCostLine, athenaSection } from '../src/report/athena-section.js'
import { buildReport } from '../src/report/file.js'
import { buildSummary } from '../src/report/summary.js'
import type { AthenaRun } from '../src/types.js'
import { ATHENA_SETTINGS, makeQuery, makeResult } from '../__fixtures__/scan-result.js'

const run: AthenaRun = {
  table: 'security.cloudtrail_logs',
  workgroup: 'primary',
  queryExecutionId: 'q-1',
  state: 'SUCCEEDED',
  dataScannedBytes: 3 * 2 ** 30,
  engineMs: 4200,
  totalMs: 4600,
  estimatedCostUsd: (3 / 1024) * 5,
  rows: 1200,
  pages: 2,
  bounds: ['timestamp 2026/01/04 to 2026/01/13'],
  warnings: [],
  queries: [
    {
      part: 'window',
      queryExecutionId: 'q-1',
      state: 'SUCCEEDED',
      dataScannedBytes: 3 * 2 ** 30,
      estimatedCostUsd: (3 / 1024) * 5,
      rows: 1200
    }
  ],
  freshness: null,
  trail: null
}

const marker = {
  region: 'eu-west-2',
  account: '111122223333',
  requestId: 'r-1',
  callerArn: 'arn:aws:sts::111122223333:assumed-role/gate/run',
  sentAt: '2026-01-12T09:30:05Z',
  foundAfterMs: 312_000,
  eventTime: '2026-01-12T09:30:05Z',
  problem: null
}

const trail: NonNullable<AthenaRun['trail']> = {
  location: 's3://trail-bucket/',
  trails: [
    {
      name: 'audit',
      arn: 'arn:aws:cloudtrail:eu-west-2:111122223333:trail/audit',
      homeRegion: 'eu-west-2',
      multiRegion: true,
      isLogging: true,
      latestDeliveryError: null,
      statusProblem: null
    }
  ],
  problem: null,
  changes: 2,
  gaps: [
    { trail: 'audit', start: '2026-01-10T10:00:00Z', end: '2026-01-10T11:00:00Z', cause: 'StopLogging' }
  ],
  accepted: false,
  warnings: []
}

describe('the Athena summary section', () => {
  it('says which source answered, the bytes scanned, engine time and estimated cost', () => {
    const html = athenaSection.render(makeResult([], { athena: run }))
    expect(html).toContain(
      '<summary><b>Cost (Amazon Athena)</b> · 3.00 GB scanned, 4.2 s of engine time, about &#36;0.01</summary>'
    )
    expect(html).toContain('table <code>security.cloudtrail&#95;logs</code>')
    expect(html).toContain('3,221,225,472 bytes')
    expect(html).toContain('&#36;5 per TB scanned, 10 MB minimum')
    expect(html).toContain('timestamp 2026/01/04 to 2026/01/13')
    expect(html).toContain('1,200 in 2 result pages')
    expect(athenaSection.render(makeResult([], { athena: { ...run, rows: 5, pages: 1 } }))).toContain(
      '5 in 1 result page,'
    )
  })

  it('is absent when LookupEvents answered', () => {
    expect(athenaSection.render(makeResult([]))).toBe('')
    expect(buildSummary(makeResult([]))).not.toContain('Amazon Athena')
  })

  it('is part of the summary, and escapes what the service sent', () => {
    const hostile: AthenaRun = {
      ...run,
      queryExecutionId: '<img src=x onerror=alert(1)>',
      state: '**RUNNING**',
      warnings: ['<script>'],
      queries: [
        {
          ...(run.queries[0] as AthenaRun['queries'][number]),
          queryExecutionId: '<img src=x>',
          state: '**RUNNING**'
        }
      ],
      freshness: {
        mode: 'marker',
        horizonMs: 1_800_000,
        freshFrom: '2026-01-12T09:00:00Z',
        markers: [{ ...marker, requestId: '<img src=y>', problem: 'was not in the table <b>' }],
        polls: 3,
        pollBytes: 1,
        pollCostUsd: 0.00001,
        marginMs: 0,
        unprovable: null
      },
      trail: {
        ...trail,
        warnings: ['<script>alert(2)</script>'],
        gaps: [{ trail: '<i>', start: 'a', end: 'b', cause: '$x$ $y$' }]
      }
    }
    const html = buildSummary(makeResult([], { athena: hostile }))
    expect(html).toContain('Cost (Amazon Athena)')
    expect(html).not.toContain('LookupEvents page')
    expect(html).not.toContain('<img')
    expect(html).not.toContain('<script>')
    expect(html).not.toContain('**RUNNING**')
    expect(html).not.toContain('<b>\n')
    expect(html).not.toContain('<i>')
    expect(html).not.toMatch(/\$x\$/)
  })

  it('says how the fresh part was proven: the markers found, their polls and what they cost', () => {
    const fresh: AthenaRun = {
      ...run,
      freshness: {
        mode: 'marker',
        horizonMs: 1_800_000,
        freshFrom: '2026-01-12T09:00:00Z',
        markers: [marker],
        polls: 7,
        pollBytes: 7 * 10 * 2 ** 20,
        pollCostUsd: 0.00033,
        marginMs: 60_000,
        unprovable: null
      }
    }
    const html = athenaSection.render(makeResult([], { athena: fresh }))
    expect(html).toContain(
      "<summary><b>Delivery to S3 (Amazon Athena)</b> · proven: this run's markers found in the table after 5 min 12 s (7 polls)</summary>"
    )
    expect(html).toContain('<td>eu-west-2</td><td>111122223333</td><td>r-1</td>')
    expect(html).toContain('7 poll queries, 70.0 MB scanned, about &#36;0.00033')
    const lost = {
      ...fresh.freshness!,
      markers: [{ ...marker, foundAfterMs: null, problem: 'was not in the table after 15 minutes' }]
    }
    expect(athenaSection.render(makeResult([], { athena: { ...fresh, freshness: lost } }))).toContain(
      'not proven: the marker was not in the table after 15 minutes'
    )
    const old = { ...fresh.freshness!, mode: 'old-window' as const, markers: [] }
    expect(athenaSection.render(makeResult([], { athena: { ...fresh, freshness: old } }))).toContain(
      'not needed: the window ended more than 30 minutes before the run'
    )
  })

  it("shows the trail writing the table's bucket, its state and its gaps", () => {
    const html = athenaSection.render(makeResult([], { athena: { ...run, trail } }))
    expect(html).toContain(
      '<summary><b>Trail (Amazon Athena)</b> · 1 gap in what the trail logged: not covered</summary>'
    )
    expect(html).toContain('IsLogging true')
    expect(html).toContain('audit: 2026-01-10T10:00:00Z to 2026-01-10T11:00:00Z')
    const clean = athenaSection.render(makeResult([], { athena: { ...run, trail: { ...trail, gaps: [] } } }))
    expect(clean).toContain('· audit logging, no gap</summary>')
    const unknown = { ...trail, trails: [], gaps: [], problem: 'cloudtrail:DescribeTrails is not allowed' }
    expect(athenaSection.render(makeResult([], { athena: { ...run, trail: unknown } }))).toContain(
      '· not checked: cloudtrail:DescribeTrails is not allowed</summary>'
    )
  })

  it('names every Region of the table when the query names none', () => {
    const html = buildSummary(
      makeResult([], {
        athena: run,
        query: makeQuery({ source: 'athena', athena: ATHENA_SETTINGS, regions: [] })
      })
    )
    expect(html).toContain(' in every Region of the table, ')
    expect(html).toContain('<b>Regions:</b> every Region of the table')
  })

  it('says nothing was billed when no query started', () => {
    expect(athenaCostLine({ ...run, queryExecutionId: null, estimatedCostUsd: 0 })).toMatch(
      /no query was started/
    )
  })
})

describe('the report file', () => {
  it('names the source and carries the Athena query', () => {
    const athena = buildReport(
      makeResult([], { athena: run, query: makeQuery({ source: 'athena', athena: ATHENA_SETTINGS }) }),
      {
        tool: 't',
        version: '1',
        generatedAt: new Date(0)
      }
    )
    expect(athena.source).toBe('athena')
    expect(athena.athena).toEqual(run)
    const lookup = buildReport(makeResult([]), { tool: 't', version: '1', generatedAt: new Date(0) })
    expect(lookup.source).toBe('lookup-events')
    expect(lookup.athena).toBeNull()
  })
})
