// The emulator's rate limiter, injected faults and control API, through the real SDK over HTTP.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import {
  CloudTrailClient,
  LookupEventsCommand,
  type LookupEventsCommandOutput
} from '@aws-sdk/client-cloudtrail'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { iamUser, makeRecord, type EmulatorRecord } from '../../emulator/data.js'
import { RateLimiter } from '../../emulator/ratelimit.js'
import { startEmulator, type Emulator, type EmulatorStats, type Fault } from '../../emulator/server.js'
import { failure } from '../../__fixtures__/failure.js'

const NOW = Date.parse('2025-06-01T12:00:00Z')

function records(): EmulatorRecord[] {
  const user = iamUser('123456789012', 'pager')
  return ['eu-west-2', 'us-east-1'].flatMap(region =>
    Array.from({ length: 12 }, (_, i) =>
      makeRecord({
        principal: user,
        eventName: 'DescribeStacks',
        source: 'cloudformation',
        region,
        time: NOW - (i + 1) * 60_000
      })
    )
  )
}

function client(emulator: Emulator, region = 'eu-west-2', requestTimeout?: number): CloudTrailClient {
  return new CloudTrailClient({
    endpoint: emulator.url,
    region,
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'x' },
    maxAttempts: 1,
    ...(requestTimeout
      ? { requestHandler: new NodeHttpHandler({ requestTimeout, throwOnRequestTimeout: true }) }
      : {})
  })
}

function page(c: CloudTrailClient, token?: string): Promise<LookupEventsCommandOutput> {
  return c.send(
    new LookupEventsCommand({
      LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'pager' }],
      MaxResults: 5,
      ...(token ? { NextToken: token } : {})
    })
  )
}

describe('rate limit', () => {
  it('by default throttles the second immediate request: strictly 2 per second', async () => {
    const emulator = await startEmulator({ records: records(), now: () => NOW })
    try {
      await page(client(emulator))
      expect(await failure(page(client(emulator)))).toEqual({ name: 'ThrottlingException', status: 400 })
    } finally {
      await emulator.close()
    }
  })

  it('with a burst of 2, throttles the third immediate request at 2 per second, per Region', async () => {
    const emulator = await startEmulator({ records: records(), burst: 2, now: () => NOW })
    try {
      const eu = client(emulator)
      await page(eu)
      await page(eu)
      expect(await failure(page(eu))).toEqual({ name: 'ThrottlingException', status: 400 })
      // Another Region has its own bucket.
      expect((await page(client(emulator, 'us-east-1'))).Events?.length).toBe(5)
      expect(emulator.stats().regions['eu-west-2']).toEqual({
        requests: 3,
        accepted: 2,
        throttled: 1,
        faults: 0
      })
    } finally {
      await emulator.close()
    }
  })

  it('refills continuously and never holds more than its capacity (burst 2)', () => {
    let t = 0
    const limiter = new RateLimiter(2, 2, () => t)
    expect([limiter.take('r'), limiter.take('r'), limiter.take('r')]).toEqual([true, true, false])
    t = 499
    expect(limiter.take('r')).toBe(false)
    t = 500
    expect(limiter.take('r')).toBe(true)
    t = 60_000
    expect([limiter.take('r'), limiter.take('r'), limiter.take('r')]).toEqual([true, true, false])
    expect(new RateLimiter(0).take('r')).toBe(true)
  })

  it('by default admits no two requests closer than 1/rate', () => {
    let t = 0
    const limiter = new RateLimiter(2, undefined, () => t)
    expect([limiter.take('r'), limiter.take('r')]).toEqual([true, false])
    t = 499
    expect(limiter.take('r')).toBe(false)
    t = 500
    expect(limiter.take('r')).toBe(true)
    t = 60_000
    expect([limiter.take('r'), limiter.take('r')]).toEqual([true, false])
  })
})

describe('faults', () => {
  let emulator: Emulator
  beforeAll(async () => {
    emulator = await startEmulator({ records: records(), requestsPerSecond: 0, now: () => NOW })
  })
  afterAll(async () => {
    await emulator.close()
  })
  beforeEach(() => emulator.setFaults([]))

  it.each([
    [{ kind: 'throttle' }, 'ThrottlingException', 400],
    [{ kind: 'server-error' }, 'InternalFailure', 500],
    [{ kind: 'server-error', status: 503 }, 'ServiceUnavailableException', 503],
    [{ kind: 'access-denied' }, 'AccessDeniedException', 400],
    [{ kind: 'expired-token' }, 'ExpiredTokenException', 400]
  ] satisfies Array<[Fault, string, number]>)(
    '%j answers %s (%i) for `count` requests',
    async (fault, name, status) => {
      emulator.setFaults([{ ...fault, count: 1 }])
      expect(await failure(page(client(emulator)))).toEqual({ name, status })
      expect((await page(client(emulator))).Events?.length).toBe(5)
    }
  )

  it('applies a fault only after `afterPages` pages, and only in its Region', async () => {
    emulator.setFaults([{ kind: 'access-denied', region: 'eu-west-2', afterPages: 2 }])
    const eu = client(emulator)
    const first = await page(eu)
    const second = await page(eu, first.NextToken)
    expect((await failure(page(eu, second.NextToken))).name).toBe('AccessDeniedException')
    expect((await failure(page(eu))).name).toBe('AccessDeniedException')
    const us = client(emulator, 'us-east-1')
    expect((await page(us)).Events?.length).toBe(5)
  })

  it('invalid-token rejects only requests that carry a NextToken', async () => {
    emulator.setFaults([{ kind: 'invalid-token' }])
    const first = await page(client(emulator))
    expect(first.NextToken).toBeTruthy()
    expect((await failure(page(client(emulator), first.NextToken))).name).toBe('InvalidNextTokenException')
  })

  it('repeat-token hands back the NextToken it was sent', async () => {
    emulator.setFaults([{ kind: 'repeat-token', count: 1 }])
    const first = await page(client(emulator))
    const second = await page(client(emulator), first.NextToken)
    expect(second.NextToken).toBe(first.NextToken)
    expect(second.Events?.length).toBe(5)
  })

  // @smithy/node-http-handler 4.x only logs a warning when requestTimeout passes, unless
  // throwOnRequestTimeout is set; an AbortSignal works without it.
  it('hang never answers; a requestTimeout with throwOnRequestTimeout fails the call', async () => {
    emulator.setFaults([{ kind: 'hang', count: 1 }])
    expect((await failure(page(client(emulator, 'eu-west-2', 300)))).name).toBe('TimeoutError')
    expect((await page(client(emulator))).Events?.length).toBe(5)
  })

  it('hang never answers; an AbortSignal ends the call', async () => {
    emulator.setFaults([{ kind: 'hang', count: 1 }])
    const command = new LookupEventsCommand({ LookupAttributes: [] })
    const call = client(emulator).send(command, { abortSignal: AbortSignal.timeout(200) })
    expect((await failure(call)).name).toBe('AbortError')
    expect(emulator.stats().regions['eu-west-2']?.faults).toBeGreaterThan(0)
  })
})

describe('control API', () => {
  it('sets faults and reads stats over HTTP, for tests in another process', async () => {
    const emulator = await startEmulator({ records: records(), requestsPerSecond: 0, now: () => NOW })
    try {
      const post = (body: string): Promise<Response> =>
        fetch(`${emulator.url}/__emulator/faults`, { method: 'POST', body })
      expect((await post(JSON.stringify([{ kind: 'throttle', count: 2 }]))).status).toBe(200)
      expect((await failure(page(client(emulator)))).name).toBe('ThrottlingException')
      expect((await post('[{"kind":"flood"}]')).status).toBe(400)
      const stats = (await (await fetch(`${emulator.url}/__emulator/stats`)).json()) as EmulatorStats
      expect(stats.regions['eu-west-2']).toEqual({ requests: 1, accepted: 0, throttled: 1, faults: 1 })
      expect(stats.accessKeys).toEqual(['AKIDTEST'])
      const faults = (await (await fetch(`${emulator.url}/__emulator/faults`)).json()) as Fault[]
      expect(faults).toEqual([{ kind: 'throttle', count: 2 }])
    } finally {
      await emulator.close()
    }
  })

  it('close() ends a hung request so the process can exit', async () => {
    const emulator = await startEmulator({ records: records(), now: () => NOW })
    emulator.setFaults([{ kind: 'hang' }])
    const pending = failure(page(client(emulator)))
    // Closes once the request hangs in the server, however long a loaded machine takes to send it.
    while ((emulator.stats().regions['eu-west-2']?.faults ?? 0) === 0) {
      await new Promise(resolve => setTimeout(resolve, 10))
    }
    await emulator.close()
    expect((await pending).status).toBeUndefined()
  })
})
