import { describe, expect, it } from '@jest/globals'
import { InputError } from '../src/core/errors.js'
import { parseQuery, type RawQuery } from '../src/query/inputs.js'

const now = new Date('2026-11-21T12:00:00Z')
const env = { AWS_REGION: 'eu-west-2' }

function parse(raw: Partial<RawQuery>, e: Record<string, string | undefined> = env) {
  return parseQuery({ user: 'alice', ...raw }, { now, env: e })
}

function inputError(raw: Partial<RawQuery>, e?: Record<string, string | undefined>): InputError {
  try {
    parse(raw, e)
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error('expected an InputError')
}

describe('parseQuery', () => {
  it('defaults to the last 90 days up to now, in AWS_REGION, discovering everything', () => {
    const q = parse({})
    expect(q.window.start.toISOString()).toBe('2026-08-23T12:00:00.000Z')
    expect(q.window.end).toEqual(now)
    expect(q.regions).toEqual(['eu-west-2'])
    expect(q.patterns).toEqual([])
    expect(q.identity).toEqual({ kind: 'name', name: 'alice' })
    expect(q.includeGlobalEvents).toBe(true)
    expect(q.ignoreDenied).toBe(false)
    expect(q.requestsPerSecond).toBe(2)
    expect(q.timeoutMs).toBe(30 * 60_000)
    expect(Object.isFrozen(q)).toBe(true)
  })

  it('makes a date-only created_before include that whole day (today included)', () => {
    const q = parse({ createdAfter: '2026/11/20', createdBefore: '2026/11/21' })
    expect(q.window.start.toISOString()).toBe('2026-11-20T00:00:00.000Z')
    expect(q.window.end.toISOString()).toBe('2026-11-21T23:59:59.000Z')
  })

  it('splits events on commas and newlines, trimmed, de-duplicated', () => {
    const q = parse({ events: ' TerminateInstances,\nDeleteBucket\n\n, TerminateInstances ,iam:* ' })
    expect(q.patterns.map(p => p.text)).toEqual(['TerminateInstances', 'DeleteBucket', 'iam:*'])
  })

  it('falls back to AWS_DEFAULT_REGION and accepts a list of Regions', () => {
    expect(parse({}, { AWS_DEFAULT_REGION: 'us-west-2' }).regions).toEqual(['us-west-2'])
    expect(parse({ region: 'eu-west-2, us-east-1\nus-east-1' }).regions).toEqual(['eu-west-2', 'us-east-1'])
  })

  it('warns, not fails, when the window reaches past 90 days', () => {
    const q = parse({ createdAfter: '2026/01/01' })
    expect(q.warnings.join()).toMatch(/more than 90 days ago/)
  })

  it.each<[Partial<RawQuery>, string, RegExp]>([
    [{ user: '  ' }, 'user', /IAM user name/],
    [{ user: 'arn:aws:iam::123:user/x' }, 'user', /account is 12 digits/],
    [{ createdAfter: '2024/02/30' }, 'created_after', /YYYY\/MM\/DD/],
    [{ createdBefore: 'tomorrow' }, 'created_before', /ISO 8601/],
    [{ createdAfter: '2026/11/20', createdBefore: '2026/11/19' }, 'created_after', /before created_before/],
    [{ createdAfter: '2024/01/05', createdBefore: '2024/01/10' }, 'created_before', /90 days/],
    [{ region: 'Europe' }, 'region', /us-east-1/],
    [{ events: 'Terminate Instances' }, 'events', /wildcards/],
    [{ events: 'a:b:c' }, 'events', /service qualifier/],
    [{ ignoreDenied: 'yes' }, 'ignore-denied', /true or false/],
    [{ timeoutMinutes: '0' }, 'timeout-minutes', /a number from/],
    [{ requestsPerSecond: 'fast' }, 'requests-per-second', /a number from/]
  ])('rejects %p naming input %s, the value and the form', (raw, input, expected) => {
    const error = inputError(raw)
    expect(error.input).toBe(input)
    expect(error.message).toContain(`'${input}'`)
    expect(error.message).toMatch(expected)
  })

  it('says how to set a Region when there is none', () => {
    const error = inputError({}, {})
    expect(error.input).toBe('region')
    expect(error.message).toMatch(/AWS_REGION/)
    expect(error.message).toMatch(/configure-aws-credentials/)
  })

  it('waits for delivery by default, up to 15 minutes, or half of a shorter timeout-minutes', () => {
    expect(parse({}).delivery).toEqual({ wait: true, timeoutMs: 15 * 60_000 })
    expect(parse({ timeoutMinutes: '10' }).delivery.timeoutMs).toBe(5 * 60_000)
    expect(parse({ waitForDelivery: 'false', deliveryTimeoutMinutes: '2' }).delivery).toEqual({
      wait: false,
      timeoutMs: 120_000
    })
  })

  it.each([
    [{ deliveryTimeoutMinutes: '30' }, /fewer minutes than timeout-minutes \(30\)/],
    [{ deliveryTimeoutMinutes: '0' }, /a number from 0\.05 to 360/],
    [{ waitForDelivery: 'yes' }, /true or false/]
  ])('rejects delivery settings %j', (raw, expected) => {
    const error = inputError(raw)
    expect(error.message).toMatch(expected)
  })
})
