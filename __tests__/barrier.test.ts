// The delivery barrier's parts: the plan (pure), the marker call and the wait for it, with an injected clock
// and aws-sdk-client-mock standing in for STS and CloudTrail.
import { beforeEach, describe, expect, it } from '@jest/globals'
import { CloudTrailClient, LookupEventsCommand, type Event } from '@aws-sdk/client-cloudtrail'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { mockClient } from 'aws-sdk-client-mock'
import { awaitMarker, safetyMarginMs, MARKER_SKEW_MS } from '../src/sources/lookup-events/barrier/await.js'
import { placeMarker, type Marker } from '../src/aws/marker.js'
import { formatDuration, markerAttribute, planDelivery } from '../src/core/delivery.js'
import { parseQuery, type RawQuery } from '../src/query/inputs.js'
import { SourceFailure } from '../src/core/errors.js'
import { DEFAULT_RETRY, type LookupDeps } from '../src/sources/lookup-events/call.js'
import { Pacer } from '../src/aws/pacer.js'
import { FakeClock } from '../__fixtures__/clock.js'
import { awsError, record } from '../__fixtures__/records.js'

const NOW = Date.parse('2026-11-21T12:00:00Z')
const MINUTE = 60_000
const ARN = 'arn:aws:sts::123456789012:assumed-role/deploy/GitHubActions'
const sts = mockClient(STSClient)
const cloudTrail = mockClient(CloudTrailClient)

beforeEach(() => {
  sts.reset()
  cloudTrail.reset()
})

function query(raw: Partial<RawQuery> = {}) {
  return parseQuery({ user: 'alice', region: 'eu-west-2', ...raw }, { now: new Date(NOW), env: {} })
}

function lookupDeps(clock: FakeClock, signal = new AbortController().signal): LookupDeps {
  return {
    client: new CloudTrailClient({ region: 'eu-west-2' }),
    pacer: new Pacer(2, clock),
    clock,
    random: () => 0.5,
    signal,
    requestTimeoutMs: 20_000,
    retry: DEFAULT_RETRY
  }
}

function markerEvent(requestId: string, time: number, name = 'GetCallerIdentity'): Event {
  const event = record({ name, time: new Date(time).toISOString(), source: 'sts.amazonaws.com' })
  const detail = JSON.parse(event.CloudTrailEvent ?? '{}') as Record<string, unknown>
  return { ...event, CloudTrailEvent: JSON.stringify({ ...detail, requestID: requestId }) }
}

describe('planDelivery', () => {
  it('splits a window that ends now at the 30-minute horizon', () => {
    const plan = planDelivery(query({ createdAfter: '2026-11-21T00:00:00Z' }), NOW)
    expect(plan).toEqual({
      kind: 'barrier',
      horizonMs: 30 * MINUTE,
      older: { start: new Date('2026-11-21T00:00:00Z'), end: new Date('2026-11-21T11:30:00Z') },
      fresh: { start: new Date('2026-11-21T11:30:00Z'), end: new Date(NOW) }
    })
  })

  it('reads a window that is all fresh (or ends in the future) only after the barrier', () => {
    const plan = planDelivery(
      query({ createdAfter: '2026-11-21T11:50:00Z', createdBefore: '2026/11/21' }),
      NOW
    )
    expect(plan.kind === 'barrier' && plan.older).toBeUndefined()
    expect(plan.kind === 'barrier' && plan.fresh.end.toISOString()).toBe('2026-11-21T23:59:59.000Z')
  })

  it('needs no barrier for a window that ended before the horizon', () => {
    expect(planDelivery(query({ createdBefore: '2026-11-21T11:29:59Z' }), NOW).kind).toBe('old-window')
    expect(planDelivery(query({ createdBefore: '2026-11-21T11:30:00Z' }), NOW).kind).toBe('barrier')
  })

  it('says when wait-for-delivery turns it off, and where the unproven part starts', () => {
    expect(planDelivery(query({ waitForDelivery: 'false' }), NOW)).toEqual({
      kind: 'skipped',
      horizonMs: 30 * MINUTE,
      freshFrom: new Date('2026-11-21T11:30:00Z')
    })
  })

  it('widens the horizon to a longer delivery timeout', () => {
    const plan = planDelivery(query({ deliveryTimeoutMinutes: '45', timeoutMinutes: '90' }), NOW)
    expect(plan.horizonMs).toBe(45 * MINUTE)
  })

  it('formats durations for messages', () => {
    expect([15 * MINUTE, MINUTE, 6_000, 1_000, 90_000].map(formatDuration)).toEqual([
      '15 minutes',
      '1 minute',
      '6 seconds',
      '1 second',
      '1 min 30 s'
    ])
  })
})

describe('markerAttribute', () => {
  it.each([
    ['arn:aws:iam::123456789012:user/deploy-bot', { key: 'Username', value: 'deploy-bot' }],
    ['arn:aws:iam::123456789012:user/ci/path/deploy-bot', { key: 'Username', value: 'deploy-bot' }],
    [ARN, { key: 'Username', value: 'GitHubActions' }],
    ['arn:aws-us-gov:sts::123456789012:assumed-role/r/s@x', { key: 'Username', value: 's@x' }],
    ['arn:aws:iam::123456789012:root', { key: 'Username', value: 'root' }],
    ['arn:aws:sts::123456789012:federated-user/bob', { key: 'EventName', value: 'GetCallerIdentity' }],
    ['not an arn', { key: 'EventName', value: 'GetCallerIdentity' }]
  ])('looks %s up by %j', (arn, attribute) => {
    expect(markerAttribute(arn)).toEqual(attribute)
  })
})

describe('placeMarker', () => {
  const deps = (clock: FakeClock) => ({ clock, random: () => 0.5, signal: new AbortController().signal })

  it('remembers the request ID and the caller, and how to look the caller up', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Arn: ARN, $metadata: { requestId: 'req-1' } })
    const clock = new FakeClock(NOW)
    const marker = await placeMarker('eu-west-2', new STSClient({}), deps(clock))
    expect(marker).toEqual({
      region: 'eu-west-2',
      requestId: 'req-1',
      callerArn: ARN,
      // No Account in the answer: the ARN's.
      account: '123456789012',
      attribute: { key: 'Username', value: 'GitHubActions' },
      sentAt: NOW,
      answeredAt: NOW
    })
  })

  it("takes the caller's account from the answer, and only twelve digits", async () => {
    const answer = (Account: string) => ({ Arn: ARN, Account, $metadata: { requestId: 'req-1' } })
    sts.on(GetCallerIdentityCommand).resolvesOnce(answer('210987654321')).resolvesOnce(answer('<html>'))
    const first = await placeMarker('eu-west-2', new STSClient({}), deps(new FakeClock(NOW)))
    const second = await placeMarker('eu-west-2', new STSClient({}), deps(new FakeClock(NOW)))
    expect([first.account, second.account]).toEqual(['210987654321', '123456789012'])
  })

  it('retries throttling, then fails as a delivery failure', async () => {
    sts.on(GetCallerIdentityCommand).rejects(awsError('Throttling', 400))
    const error = await placeMarker('eu-west-2', new STSClient({}), deps(new FakeClock(NOW))).catch(e => e)
    expect(error).toBeInstanceOf(SourceFailure)
    expect(error).toMatchObject({
      code: 'delivery',
      reason: expect.stringMatching(/GetCallerIdentity in eu-west-2/)
    })
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(3)
  })

  it('refuses an answer without a request ID: the marker could never be matched', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Arn: ARN, $metadata: {} })
    await expect(placeMarker('eu-west-2', new STSClient({}), deps(new FakeClock(NOW)))).rejects.toMatchObject(
      {
        code: 'delivery',
        reason: expect.stringMatching(/no request ID/)
      }
    )
  })
})

describe('awaitMarker', () => {
  const marker: Marker = {
    region: 'eu-west-2',
    requestId: 'req-1',
    callerArn: ARN,
    account: undefined,
    attribute: { key: 'Username', value: 'GitHubActions' },
    sentAt: NOW,
    answeredAt: NOW + 200
  }

  it('polls by the caller from just before the marker until its requestID shows, then waits a margin', async () => {
    const clock = new FakeClock(NOW + 200)
    const visibleAt = NOW + 12_000
    cloudTrail.on(LookupEventsCommand).callsFake(() => ({
      Events: [
        markerEvent('other-request', NOW),
        markerEvent('req-1', NOW, 'LookupEvents'),
        ...(clock.now() >= visibleAt ? [markerEvent('req-1', NOW)] : [])
      ]
    }))
    const lines: string[] = []
    const delivery = await awaitMarker(marker, lookupDeps(clock), {
      timeoutMs: 15 * MINUTE,
      progress: line => lines.push(line)
    })
    expect(delivery).toMatchObject({
      delivered: true,
      markerTime: '2026-11-21T12:00:00Z',
      requestId: 'req-1'
    })
    expect(delivery.waitedMs).toBeGreaterThanOrEqual(12_000)
    expect(delivery.marginMs).toBe(safetyMarginMs(delivery.waitedMs))
    expect(delivery.polls).toBeGreaterThanOrEqual(3)
    expect(lines).toContain(
      '[eu-west-2] waiting for CloudTrail to deliver events up to 2026-11-21T12:00:00Z: marker not visible yet, 2 s'
    )
    const input = cloudTrail.commandCalls(LookupEventsCommand)[0]?.args[0].input
    expect(input?.LookupAttributes).toEqual([{ AttributeKey: 'Username', AttributeValue: 'GitHubActions' }])
    expect(input?.StartTime).toEqual(new Date(NOW - MARKER_SKEW_MS))
    expect(input?.EndTime).toEqual(new Date(NOW + 200 + MARKER_SKEW_MS))
    // The margin was slept after the marker showed.
    expect(clock.now()).toBe(NOW + delivery.waitedMs + delivery.marginMs)
  })

  it('gives up at the delivery timeout, having polled at a bounded pace', async () => {
    const clock = new FakeClock(NOW + 200)
    cloudTrail.on(LookupEventsCommand).resolves({ Events: [] })
    const delivery = await awaitMarker(marker, lookupDeps(clock), { timeoutMs: 15 * MINUTE })
    expect(delivery).toMatchObject({ delivered: false, markerTime: '2026-11-21T12:00:00Z', marginMs: 0 })
    expect(clock.now() - NOW).toBeGreaterThanOrEqual(15 * MINUTE)
    expect(clock.now() - NOW).toBeLessThan(15 * MINUTE + 2_000)
    // 2 s growing to 15 s between polls: about 65 polls in 15 minutes, not one every 500 ms.
    expect(delivery.polls).toBeLessThan(80)
  })

  it('reads at most a few pages a poll when the caller is busy around the marker', async () => {
    const clock = new FakeClock(NOW + 200)
    let page = 0
    cloudTrail.on(LookupEventsCommand).callsFake(() => ({
      Events: [markerEvent(`busy-${page}`, NOW)],
      NextToken: `t${++page}`
    }))
    const delivery = await awaitMarker(marker, lookupDeps(clock), { timeoutMs: 5_000 })
    expect(delivery.delivered).toBe(false)
    expect(delivery.pages).toBe(delivery.polls * 5)
  })

  it('fails closed when a poll fails', async () => {
    cloudTrail.on(LookupEventsCommand).rejects(awsError('AccessDeniedException', 400))
    await expect(
      awaitMarker(marker, lookupDeps(new FakeClock(NOW + 200)), { timeoutMs: 5_000 })
    ).rejects.toBeInstanceOf(SourceFailure)
  })
})
