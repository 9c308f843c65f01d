import { describe, expect, it } from '@jest/globals'
import { billedBytes, estimatedCostUsd, formatBytes, formatUsd } from '../src/sources/athena/cost.js'
import { unboundInjected } from '../src/sources/athena/partitions.js'
import { parseByteSize } from '../src/query/athena-settings.js'
import { formatDay, readPartitioning } from '../src/sources/athena/table.js'
import { athenaQuery, FLAVOURS, glueTable, PROJECTION } from '../__fixtures__/athena-query.js'

describe('readPartitioning', () => {
  it('reads timestamp projection with its yyyy/MM/dd format', () => {
    const p = readPartitioning(FLAVOURS.projection)
    expect(p).toMatchObject({
      keys: ['timestamp'],
      day: { kind: 'timestamp', format: 'yyyy/MM/dd' },
      region: false
    })
    expect(p.unbounded).toEqual([])
  })

  it('reads manual region/year/month/day partitions', () => {
    const p = readPartitioning(FLAVOURS.manual)
    expect(p).toMatchObject({ day: { kind: 'year-month-day' }, region: true, account: false, unbounded: [] })
  })

  it('reads an organization table with an account key', () => {
    const p = readPartitioning(FLAVOURS.organization)
    expect(p).toMatchObject({ day: { kind: 'timestamp' }, region: true, account: true, unbounded: [] })
  })

  it('reads a table with no partition keys, and the columns it has', () => {
    const p = readPartitioning(FLAVOURS.none)
    expect(p.keys).toEqual([])
    expect(p.day).toBeUndefined()
    expect(p.columns.has('useridentity')).toBe(true)
  })

  it('leaves unknown keys and day formats whose string order is not time order unbounded', () => {
    const p = readPartitioning(
      glueTable(['dt', 'timestamp'], { ...PROJECTION, 'projection.timestamp.format': 'dd/MM/yyyy' })
    )
    expect(p.day).toBeUndefined()
    expect(p.unbounded).toEqual(['dt', 'timestamp'])
    expect(
      readPartitioning(
        glueTable(['timestamp'], { ...PROJECTION, 'projection.timestamp.format': 'yyyy-MM-dd' })
      ).day
    ).toEqual({
      kind: 'timestamp',
      format: 'yyyy-MM-dd'
    })
  })

  it('takes the table size from Glue statistics when present, and only a sane number', () => {
    expect(readPartitioning(glueTable([], { totalSize: '123456' })).sizeBytes).toBe(123456)
    expect(readPartitioning(glueTable([], { sizeKey: '99' })).sizeBytes).toBe(99)
    expect(readPartitioning(glueTable([], { totalSize: '-1' })).sizeBytes).toBeUndefined()
    expect(readPartitioning(glueTable([], { totalSize: 'lots' })).sizeBytes).toBeUndefined()
  })

  it('names injected keys the query cannot bind', () => {
    const table = glueTable(['region', 'timestamp'], { ...PROJECTION, 'projection.region.type': 'injected' })
    expect(unboundInjected(athenaQuery(), readPartitioning(table))).toEqual(['region'])
    expect(unboundInjected(athenaQuery({ region: 'eu-west-2' }), readPartitioning(table))).toEqual([])
  })

  it('formats a UTC day in the table format', () => {
    expect(formatDay(new Date('2024-03-09T23:59:59Z'), 'yyyy/MM/dd')).toBe('2024/03/09')
    expect(formatDay(new Date('2024-03-09T00:00:00Z'), 'yyyy-MM-dd')).toBe('2024-03-09')
  })
})

describe('athena-max-bytes-scanned', () => {
  it.each([
    ['10GB', 10e9],
    ['500 MB', 500e6],
    ['1.5TB', 1.5e12],
    ['2TiB', 2 * 2 ** 40],
    ['1024', 1024],
    ['64kib', 65536]
  ])('reads %s', (text, bytes) => {
    expect(parseByteSize('athena-max-bytes-scanned', text)).toBe(bytes)
  })

  it.each(['10XB', '-5GB', '0', 'GB', '1e3GB', ''])('refuses %j (or reads empty as no cap)', text => {
    if (text === '') return expect(parseByteSize('x', text)).toBeUndefined()
    expect(() => parseByteSize('x', text)).toThrow(/500MB, 10GB/)
  })
})

describe('cost', () => {
  it('bills at least 10 MB, rounded up to the MB, at $5 per TB', () => {
    expect(billedBytes(0)).toBe(10 * 2 ** 20)
    expect(billedBytes(10 * 2 ** 20 + 1)).toBe(11 * 2 ** 20)
    expect(estimatedCostUsd(2 ** 40)).toBe(5)
    expect(formatUsd(estimatedCostUsd(0))).toBe('$0.000048')
    expect(formatUsd(estimatedCostUsd(3 * 2 ** 40))).toBe('$15.00')
    expect(formatBytes(1536)).toBe('1.50 KB')
    expect(formatBytes(12)).toBe('12 B')
  })
})
