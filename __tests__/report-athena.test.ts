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
    const hostile = {
      ...run,
      queryExecutionId: '<img src=x onerror=alert(1)>',
      state: '**RUNNING**',
      warnings: ['<script>']
    }
    const html = buildSummary(makeResult([], { athena: hostile }))
    expect(html).toContain('Cost (Amazon Athena)')
    expect(html).not.toContain('LookupEvents page')
    expect(html).not.toContain('<img')
    expect(html).not.toContain('<script>')
    expect(html).not.toContain('**RUNNING**')
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
