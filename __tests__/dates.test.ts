import { describe, expect, it } from '@jest/globals'
import { endOfUtcDay, isoSeconds, parseDate } from '../src/core/dates.js'

describe('parseDate', () => {
  it.each([
    ['2024/01/05', '2024-01-05T00:00:00.000Z', true],
    ['2024-01-05', '2024-01-05T00:00:00.000Z', true],
    ['2024-01-05T10:20:30Z', '2024-01-05T10:20:30.000Z', false],
    ['2024-01-05T10:20:30.250Z', '2024-01-05T10:20:30.250Z', false],
    ['2024-01-05T10:20', '2024-01-05T10:20:00.000Z', false],
    ['2024-01-05T10:20:30', '2024-01-05T10:20:30.000Z', false],
    ['2024-01-05T10:20:30+02:00', '2024-01-05T08:20:30.000Z', false],
    ['2024-01-05T01:00:00-0130', '2024-01-05T02:30:00.000Z', false],
    ['  2024/02/29 ', '2024-02-29T00:00:00.000Z', true]
  ])('reads %s as %s in UTC', (text, iso, dateOnly) => {
    const parsed = parseDate(text)
    expect(parsed?.date.toISOString()).toBe(iso)
    expect(parsed?.dateOnly).toBe(dateOnly)
  })

  it.each([
    '2023/02/29',
    '2024/13/01',
    '2024/00/10',
    '2024/01/32',
    '24/01/05',
    '2024/1/5',
    'yesterday',
    '',
    '2024-01-05T25:00',
    '2024-01-05T10:00+25:00',
    '1704412800'
  ])('rejects %p', text => expect(parseDate(text)).toBeUndefined())
})

describe('endOfUtcDay / isoSeconds', () => {
  it('makes a date-only end include its whole day, to the last second', () => {
    expect(endOfUtcDay(new Date('2024-01-10T00:00:00Z')).toISOString()).toBe('2024-01-10T23:59:59.000Z')
  })
  it('prints second precision like CloudTrail', () => {
    expect(isoSeconds(new Date('2024-01-05T10:00:00.000Z'))).toBe('2024-01-05T10:00:00Z')
  })
})
