// Delivery delays and self-recorded calls, through the real SDK over HTTP with an injected emulator clock.
import { afterAll, afterEach, describe, expect, it } from '@jest/globals'
import { CloudTrailClient, LookupEventsCommand, type Event } from '@aws-sdk/client-cloudtrail'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { iamUser, makeRecord, recordFromJson, type EmulatorRecord } from '../../emulator/data.js'
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator/server.js'
import { failure } from '../../__fixtures__/failure.js'

const NOW = Date.parse('2025-06-01T12:00:00Z')
const SECOND = 1000
const ACCOUNT = '123456789012'
const KEYS = { accessKeyId: 'AKIDDELIVERY', secretAccessKey: 'x' }
let now = NOW
const emulators: Emulator[] = []

async function emulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const started = await startEmulator({ requestsPerSecond: 0, now: () => now, ...options })
  emulators.push(started)
  return started
}

afterEach(() => {
  now = NOW
})
afterAll(async () => {
  await Promise.all(emulators.map(e => e.close()))
})

function record(name: string, secondsAgo: number, delaySeconds?: number): EmulatorRecord {
  return makeRecord({
    principal: iamUser(ACCOUNT, 'dev'),
    eventName: name,
    source: 'ec2',
    region: 'eu-west-2',
    time: NOW - secondsAgo * SECOND,
    ...(delaySeconds !== undefined && { deliveryDelayMs: delaySeconds * SECOND })
  })
}

function cloudTrail(e: Emulator, region = 'eu-west-2'): CloudTrailClient {
  return new CloudTrailClient({ endpoint: e.url, region, credentials: KEYS, maxAttempts: 1 })
}

async function lookup(e: Emulator, username: string, region = 'eu-west-2'): Promise<Event[]> {
  const out = await cloudTrail(e, region).send(
    new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: username }] })
  )
  return out.Events ?? []
}

function requestIdOf(event: Event): unknown {
  return (JSON.parse(event.CloudTrailEvent ?? '{}') as { requestID?: unknown }).requestID
}

describe('delivery delays', () => {
  it('shows each record only once its own delay (or the default) has passed', async () => {
    const e = await emulator({
      records: [record('StopInstances', 5), record('RunInstances', 5, 30), record('CreateTags', 600, 0)],
      deliveryDelayMs: 20 * SECOND
    })
    const names = async (): Promise<string[]> => (await lookup(e, 'dev')).map(ev => ev.EventName ?? '')
    expect(await names()).toEqual(['CreateTags'])
    now = NOW + 15 * SECOND
    expect(await names()).toEqual(['StopInstances', 'CreateTags'])
    now = NOW + 25 * SECOND
    expect((await names()).sort()).toEqual(['CreateTags', 'RunInstances', 'StopInstances'])
  })

  it('fills pages with delivered records only and ends when none is left to show', async () => {
    const hidden = Array.from({ length: 3 }, (_, i) => record('RunInstances', 10 + i, 3600))
    const shown = Array.from({ length: 4 }, (_, i) => record('DescribeInstances', 20 + i))
    const e = await emulator({ records: [...hidden, ...shown, record('StopInstances', 30, 3600)] })
    const first = await cloudTrail(e).send(new LookupEventsCommand({ MaxResults: 3 }))
    expect(first.Events?.map(ev => ev.EventName)).toEqual(Array(3).fill('DescribeInstances'))
    const second = await cloudTrail(e).send(
      new LookupEventsCommand({ MaxResults: 3, NextToken: first.NextToken })
    )
    expect(second.Events?.map(ev => ev.EventName)).toEqual(['DescribeInstances'])
    expect(second.NextToken).toBeUndefined()
  })

  it('never delivers with an infinite delay', async () => {
    const e = await emulator({ records: [record('RunInstances', 86_400)], deliveryDelayMs: Infinity })
    now = NOW + 30 * 86_400 * SECOND
    expect(await lookup(e, 'dev')).toEqual([])
  })

  it('reads per-record delays from JSON specs, and rejects bad ones', () => {
    const spec = {
      principal: { user: 'dev' },
      eventName: 'RunInstances',
      region: 'eu-west-2',
      time: '2025-06-01T11:00:00Z'
    }
    expect(recordFromJson({ ...spec, deliveryDelaySeconds: 20 }).deliveryDelayMs).toBe(20_000)
    expect(recordFromJson(spec).deliveryDelayMs).toBeUndefined()
    expect(() => recordFromJson({ ...spec, deliveryDelaySeconds: -1 })).toThrow(/deliveryDelaySeconds/)
  })
})

describe('calls recorded as CloudTrail events of their caller', () => {
  it('answers GetCallerIdentity with the caller, recorded in the Region it was signed for', async () => {
    const e = await emulator({ deliveryDelayMs: 4 * SECOND })
    const sts = new STSClient({ endpoint: e.url, region: 'ap-south-1', credentials: KEYS, maxAttempts: 1 })
    const out = await sts.send(new GetCallerIdentityCommand({}))
    expect(out.Arn).toBe(`arn:aws:iam::${ACCOUNT}:user/emulator-user`)
    expect(out.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/)
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/)
    expect(e.stats().sts.getCallerIdentityRegions).toEqual(['ap-south-1'])
    // Not delivered yet; LookupEvents calls made meanwhile are recorded too, with the same delay.
    expect(await lookup(e, 'emulator-user', 'ap-south-1')).toEqual([])
    now = NOW + 5 * SECOND
    const events = await lookup(e, 'emulator-user', 'ap-south-1')
    const marker = events.find(ev => ev.EventName === 'GetCallerIdentity')
    expect(marker?.EventSource).toBe('sts.amazonaws.com')
    expect(requestIdOf(marker ?? {})).toBe(out.$metadata.requestId)
    const detail = JSON.parse(marker?.CloudTrailEvent ?? '{}') as Record<string, unknown>
    expect(detail['awsRegion']).toBe('ap-south-1')
    expect(detail['userIdentity']).toMatchObject({ arn: out.Arn, principalId: out.UserId })
    expect(events.map(ev => ev.EventName).sort()).toEqual(['GetCallerIdentity', 'LookupEvents'])
    expect(await lookup(e, 'emulator-user', 'eu-west-2')).toEqual([])
  })

  it('records each LookupEvents call with the requestID it answered with, failed ones with their error', async () => {
    const e = await emulator()
    const client = cloudTrail(e)
    const ok = await client.send(new LookupEventsCommand({}))
    e.setFaults([{ kind: 'throttle', count: 1 }])
    const throttled = await failure(client.send(new LookupEventsCommand({})))
    expect(throttled).toEqual({ name: 'ThrottlingException', status: 400 })
    now = NOW + 2 * SECOND
    const events = (await client.send(new LookupEventsCommand({}))).Events ?? []
    expect(events.map(ev => ev.EventName)).toEqual(['LookupEvents', 'LookupEvents'])
    const details = events.map(ev => JSON.parse(ev.CloudTrailEvent ?? '{}') as Record<string, unknown>)
    expect(details.map(d => d['requestID'])).toContain(ok.$metadata.requestId)
    expect(details.map(d => d['errorCode'] ?? null).sort()).toEqual(['ThrottlingException', null].sort())
    expect(e.stats().recordedCalls).toBe(3)
  })

  it('records nothing when asked not to', async () => {
    const e = await emulator({ recordCalls: false })
    const sts = new STSClient({ endpoint: e.url, region: 'eu-west-2', credentials: KEYS, maxAttempts: 1 })
    await sts.send(new GetCallerIdentityCommand({}))
    await lookup(e, 'emulator-user')
    expect(await lookup(e, 'emulator-user')).toEqual([])
    expect(e.stats().recordedCalls).toBe(0)
  })

  it('keeps indexes already built in order as calls are added', async () => {
    const e = await emulator({ records: [record('RunInstances', 60)] })
    // Builds the Username index, then the calls below must land in it, newest first.
    expect(await lookup(e, 'emulator-user')).toEqual([])
    now = NOW + 3 * SECOND
    await lookup(e, 'emulator-user')
    now = NOW + 7 * SECOND
    const times = (await lookup(e, 'emulator-user')).map(ev => ev.EventTime?.getTime())
    expect(times).toEqual([NOW + 3 * SECOND, NOW])
    const all = (await cloudTrail(e).send(new LookupEventsCommand({}))).Events ?? []
    expect(all.map(ev => ev.EventName)).toEqual([
      'LookupEvents',
      'LookupEvents',
      'LookupEvents',
      'RunInstances'
    ])
  })
})
