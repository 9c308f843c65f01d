import { beforeEach, describe, expect, it } from '@jest/globals'
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail'
import { mockClient } from 'aws-sdk-client-mock'
import { getEventListeners } from 'node:events'
import { SourceFailure } from '../src/core/errors.js'
import { lookupPages, TokenGuard, type LookupDeps } from '../src/sources/lookup-events/call.js'
import { Pacer } from '../src/aws/pacer.js'
import type { LookupTask } from '../src/sources/lookup-events/types.js'
import { FakeClock } from '../__fixtures__/clock.js'
import { awsError, series } from '../__fixtures__/records.js'

const ct = mockClient(CloudTrailClient)
const task: LookupTask = {
  region: 'eu-west-2',
  attribute: { key: 'Username', value: 'alice' },
  globalOnly: false
}
const window = { start: new Date('2026-11-01T00:00:00Z'), end: new Date('2026-11-21T23:59:59Z') }

function deps(clock: FakeClock, overrides: Partial<LookupDeps> = {}): LookupDeps {
  return {
    client: new CloudTrailClient({ region: 'eu-west-2' }),
    pacer: new Pacer(2, clock),
    clock,
    random: () => 0.5,
    signal: new AbortController().signal,
    requestTimeoutMs: 20_000,
    retry: { maxThrottleRetries: 20, maxErrorRetries: 4 },
    ...overrides
  }
}

async function collect(d: LookupDeps): Promise<number[]> {
  const sizes: number[] = []
  for await (const page of lookupPages(task, window, d)) sizes.push(page.events.length)
  return sizes
}

async function failure(d: LookupDeps): Promise<SourceFailure> {
  try {
    await collect(d)
  } catch (error) {
    if (error instanceof SourceFailure) return error
    throw error
  }
  throw new Error('expected the lookup to fail')
}

beforeEach(() => {
  ct.reset()
})

describe('lookupPages', () => {
  it('follows NextToken to the end with the same parameters, 50 a page', async () => {
    ct.on(LookupEventsCommand)
      .resolvesOnce({ Events: series(50, '2026-11-20T00:00:00Z'), NextToken: 't1' })
      .resolvesOnce({ Events: series(50, '2026-11-19T00:00:00Z'), NextToken: 't2' })
      .resolvesOnce({ Events: series(7, '2026-11-18T00:00:00Z') })
    expect(await collect(deps(new FakeClock()))).toEqual([50, 50, 7])
    const inputs = ct.commandCalls(LookupEventsCommand).map(c => c.args[0].input)
    expect(inputs.map(i => i.NextToken)).toEqual([undefined, 't1', 't2'])
    for (const input of inputs) {
      expect(input.LookupAttributes).toEqual([{ AttributeKey: 'Username', AttributeValue: 'alice' }])
      expect(input.MaxResults).toBe(50)
      expect(input.StartTime).toEqual(window.start)
      expect(input.EndTime).toEqual(window.end)
    }
  })

  it('leaves no listener on the scan-wide signal once its pages are read', async () => {
    const controller = new AbortController()
    ct.on(LookupEventsCommand)
      .resolvesOnce({ Events: [], NextToken: 't1' })
      .rejectsOnce(awsError('ThrottlingException', 400))
      .resolvesOnce({ Events: series(3, '2026-11-20T00:00:00Z') })
    await collect(deps(new FakeClock(), { signal: controller.signal }))
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
  })

  it('keeps going through empty pages that carry a token', async () => {
    ct.on(LookupEventsCommand)
      .resolvesOnce({ Events: [], NextToken: 't1' })
      .resolvesOnce({ Events: series(3, '2026-11-20T00:00:00Z') })
    expect(await collect(deps(new FakeClock()))).toEqual([0, 3])
  })

  it('paces pages at 2 a second', async () => {
    const clock = new FakeClock(0)
    const sent: number[] = []
    ct.on(LookupEventsCommand).callsFake(input => {
      sent.push(clock.now())
      return { Events: [], ...(sent.length < 4 && { NextToken: `t${sent.length}${input.NextToken ?? ''}` }) }
    })
    await collect(deps(clock))
    expect(sent).toEqual([0, 510, 1020, 1530])
  })

  it('survives a throttle storm: backs off with jitter, slows down, and finishes', async () => {
    const clock = new FakeClock(0)
    const pacer = new Pacer(2, clock)
    const retries: string[] = []
    const call = ct.on(LookupEventsCommand)
    for (let i = 0; i < 8; i++) call.rejectsOnce(awsError('ThrottlingException', 400, 'Rate exceeded'))
    call.resolvesOnce({ Events: series(2, '2026-11-20T00:00:00Z') })
    const sizes = await collect(deps(clock, { pacer, onRetry: kind => retries.push(kind) }))
    expect(sizes).toEqual([2])
    expect(retries).toEqual(Array(8).fill('throttle'))
    expect(pacer.currentRate).toBeLessThan(2)
    expect(clock.sleeps.filter(ms => ms >= 250 && ms !== 20_000).length).toBeGreaterThanOrEqual(8)
  })

  it('fails closed when throttling never clears', async () => {
    ct.on(LookupEventsCommand).rejects(awsError('ThrottlingException', 400, 'Rate exceeded'))
    const error = await failure(
      deps(new FakeClock(), { retry: { maxThrottleRetries: 5, maxErrorRetries: 4 } })
    )
    expect(error.code).toBe('throttled')
    expect(error.reason).toMatch(/throttled 6 times in a row/)
    expect(ct.commandCalls(LookupEventsCommand)).toHaveLength(6)
  })

  it('retries a 5xx and carries on when it clears', async () => {
    ct.on(LookupEventsCommand)
      .rejectsOnce(awsError('InternalFailure', 500))
      .resolvesOnce({ Events: series(1, '2026-11-20T00:00:00Z') })
    expect(await collect(deps(new FakeClock()))).toEqual([1])
  })

  it('fails closed on a persistent 5xx after bounded retries', async () => {
    ct.on(LookupEventsCommand).rejects(awsError('ServiceUnavailableException', 503))
    const error = await failure(deps(new FakeClock()))
    expect(error.code).toBe('server-error')
    expect(error.reason).toMatch(/HTTP 503/)
    expect(ct.commandCalls(LookupEventsCommand)).toHaveLength(5)
  })

  it('times out a request that never answers, and fails closed after bounded retries', async () => {
    const clock = new FakeClock(0)
    ct.on(LookupEventsCommand).callsFake(() => new Promise(() => undefined))
    const error = await failure(deps(clock))
    expect(error.code).toBe('timeout')
    expect(ct.commandCalls(LookupEventsCommand)).toHaveLength(5)
    expect(clock.now()).toBeGreaterThanOrEqual(5 * 20_000)
  })

  it.each([
    ['AccessDeniedException', 400, 'access-denied', /cloudtrail:LookupEvents/],
    ['ExpiredTokenException', 400, 'credentials', /id-token: write/],
    ['UnrecognizedClientException', 403, 'credentials', /configure-aws-credentials/],
    ['CredentialsProviderError', 0, 'credentials', /configure-aws-credentials/],
    ['InvalidNextTokenException', 400, 'invalid-token', /page token/],
    ['InvalidTimeRangeException', 400, 'other', /InvalidTimeRangeException/]
  ])('fails at once, without retrying, on %s', async (name, status, code, reason) => {
    ct.on(LookupEventsCommand).rejects(awsError(name, status))
    const error = await failure(deps(new FakeClock()))
    expect(error.code).toBe(code)
    expect(error.reason).toMatch(reason)
    expect(ct.commandCalls(LookupEventsCommand)).toHaveLength(1)
  })

  it('fails closed on an error that is not even an Error', async () => {
    ct.on(LookupEventsCommand).callsFake(() => Promise.reject('boom'))
    const error = await failure(deps(new FakeClock()))
    expect(error.code).toBe('other')
    expect(error.reason).toMatch(/boom/)
  })

  it('detects a service that repeats a page token', async () => {
    ct.on(LookupEventsCommand)
      .resolvesOnce({ Events: series(50, '2026-11-20T00:00:00Z'), NextToken: 'loop' })
      .resolves({ Events: series(50, '2026-11-19T00:00:00Z'), NextToken: 'loop' })
    const error = await failure(deps(new FakeClock()))
    expect(error.code).toBe('repeated-token')
    expect(ct.commandCalls(LookupEventsCommand)).toHaveLength(2)
  })

  it.each([
    [
      'no Events',
      { NextToken: 't1' },
      /no Events array — is AWS_ENDPOINT_URL_CLOUDTRAIL pointing at CloudTrail\?/
    ],
    ['an empty NextToken', { Events: [], NextToken: '' }, /NextToken that is not a non-empty string/]
  ])('fails closed on a page with %s instead of reading it as the last page', async (_, page, reason) => {
    ct.on(LookupEventsCommand)
      .resolvesOnce({ Events: series(50, '2026-11-20T00:00:00Z'), NextToken: 't1' })
      .resolvesOnce(page)
    const error = await failure(deps(new FakeClock()))
    expect(error.code).toBe('bad-response')
    expect(error.reason).toMatch(reason)
  })

  it('detects a repeated megabyte token', async () => {
    const token = 'x'.repeat(1_000_000)
    ct.on(LookupEventsCommand).resolves({ Events: [], NextToken: token })
    const error = await failure(deps(new FakeClock()))
    expect(error.code).toBe('repeated-token')
    expect(ct.commandCalls(LookupEventsCommand)).toHaveLength(2)
  })

  it('keeps fingerprints of tokens, not the tokens', () => {
    const guard = new TokenGuard('LookupEvents')
    for (let i = 0; i < 20; i++) expect(() => guard.check(`${i}`.padEnd(1_000_000, 'x'))).not.toThrow()
    expect(() => guard.check('7'.padEnd(1_000_000, 'x'))).toThrow('LookupEvents repeated a page token')
    expect(guard.held).toBe(20 * 44)
  })

  it('refuses a token longer than the API documents, where it documents one', () => {
    const guard = new TokenGuard('GetQueryResults', 1024)
    expect(() => guard.check('t'.repeat(1024))).not.toThrow()
    expect(() => guard.check('t'.repeat(1025))).toThrow(/1025 characters, longer than the 1024 it allows/)
  })

  it('stops at the deadline with the reason the caller gave', async () => {
    const controller = new AbortController()
    const clock = new FakeClock(0)
    ct.on(LookupEventsCommand).rejects(awsError('ThrottlingException', 400))
    void clock
      .sleep(60_000)
      .then(() => controller.abort(new SourceFailure('deadline', 'past its 1-minute deadline')))
    const error = await failure(
      deps(clock, { signal: controller.signal, retry: { maxThrottleRetries: 1000, maxErrorRetries: 4 } })
    )
    expect(error.code).toBe('deadline')
    expect(error.reason).toBe('past its 1-minute deadline')
    expect(clock.now()).toBeLessThan(60_000 + 20_000)
  })
})
