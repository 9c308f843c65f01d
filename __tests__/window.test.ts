import { describe, expect, it } from '@jest/globals'
import { AGO_MAX_DAYS, parseAgo } from '../src/core/dates.js'
import { InputError } from '../src/core/errors.js'
import { parseQuery, type RawQuery } from '../src/query/inputs.js'

// Relative windows (`created_after: 7d`): a scheduled audit says "the last week" once, instead of a date that
// someone must keep moving. Every case runs against one fixed now.

const now = new Date('2026-11-21T12:34:56.789Z')
const HOUR = 3_600_000
const DAY = 24 * HOUR

function window(raw: Partial<RawQuery>) {
  const q = parseQuery({ user: 'alice', region: 'eu-west-2', ...raw }, { now, env: {} })
  return { start: q.window.start.getTime(), end: q.window.end.getTime(), warnings: q.warnings }
}

function inputError(raw: Partial<RawQuery>): InputError {
  try {
    window(raw)
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error('expected an InputError')
}

describe('parseAgo', () => {
  it.each([
    ['30m', 30 * 60_000],
    ['12h', 12 * HOUR],
    ['7d', 7 * DAY],
    ['2w', 14 * DAY],
    [' 1d ', DAY],
    ['0d', 0]
  ])('reads %p as %d ms', (text, ms) => expect(parseAgo(text)).toBe(ms))

  it.each(['7', 'd', '7D', '1M', '1y', '1mo', '1.5h', '-7d', '+7d', '7 d', '7dd', '1e3d', '1234567890d'])(
    'rejects %p',
    text => expect(parseAgo(text)).toBeUndefined()
  )
})

describe('relative created_after and created_before', () => {
  it('7d is exactly the last 7 × 24 hours, up to now', () => {
    const w = window({ createdAfter: '7d' })
    expect(w.start).toBe(now.getTime() - 7 * DAY)
    expect(w.end).toBe(now.getTime())
  })

  it('a relative end is that long before now, not the end of a day', () => {
    const w = window({ createdAfter: '2d', createdBefore: '1h' })
    expect(w.start).toBe(now.getTime() - 2 * DAY)
    expect(w.end).toBe(now.getTime() - HOUR)
  })

  it('mixes with absolute dates', () => {
    const w = window({ createdAfter: '2026/11/01', createdBefore: '30m' })
    expect(new Date(w.start).toISOString()).toBe('2026-11-01T00:00:00.000Z')
    expect(w.end).toBe(now.getTime() - 30 * 60_000)
  })

  it('keeps LookupEvents limits: 90d is the whole retention, 91d warns, an end past it is an error', () => {
    expect(window({ createdAfter: '90d' }).warnings).toEqual([])
    expect(window({ createdAfter: '12w' }).warnings).toEqual([])
    expect(window({ createdAfter: '13w' }).warnings.join()).toMatch(/more than 90 days ago/)
    expect(window({ createdAfter: '91d' }).warnings.join()).toMatch(/more than 90 days ago/)
    expect(inputError({ createdAfter: '100d', createdBefore: '95d' }).input).toBe('created_before')
  })

  it('reaches past 90 days with the Athena source', () => {
    const w = window({ createdAfter: '52w', source: 'athena', athenaTable: 'db.t' })
    expect(w.start).toBe(now.getTime() - 364 * DAY)
    expect(w.warnings).toEqual([])
  })

  it('says a start after the end is an error, naming both inputs', () => {
    const error = inputError({ createdAfter: '1h', createdBefore: '2h' })
    expect(error.input).toBe('created_after')
    expect(error.message).toMatch(/expected a time before created_before/)
  })

  it.each<[Partial<RawQuery>, string, string]>([
    [{ createdAfter: '0d' }, 'created_after', '0d'],
    [{ createdBefore: '0m' }, 'created_before', '0m'],
    [{ createdAfter: `${AGO_MAX_DAYS + 1}d` }, 'created_after', `${AGO_MAX_DAYS + 1}d`],
    [{ createdAfter: '999999999w' }, 'created_after', '999999999w']
  ])('rejects %p naming the input, the value and the bounds', (raw, input, value) => {
    const error = inputError(raw)
    expect(error.input).toBe(input)
    expect(error.value).toBe(value)
    expect(error.message).toMatch(/<n>m, <n>h, <n>d or <n>w/)
    expect(error.message).toMatch(/n a whole number from 1 and at most 3650 days/)
  })

  it('lists the relative forms among the date forms for a value of neither kind', () => {
    for (const value of ['1.5d', '7D', '1y', 'last week']) {
      const error = inputError({ createdAfter: value })
      expect(error.message).toMatch(
        /YYYY\/MM\/DD, .*ISO 8601.*or a time before now: <n>m, <n>h, <n>d or <n>w/
      )
    }
  })

  it('takes the longest relative start allowed', () => {
    const w = window({ createdAfter: `${AGO_MAX_DAYS}d`, source: 'athena', athenaTable: 'db.t' })
    expect(w.start).toBe(now.getTime() - AGO_MAX_DAYS * DAY)
  })
})
