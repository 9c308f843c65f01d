// LookupEvents' 2 requests/s is a budget per (account, Region): two accounts at 2 requests/s each are never
// throttled though together they send 4/s, and one account at 4/s is. The limiter runs on an injected clock
// (rateClock), so the pacing is exact and the test never sleeps.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { LookupEventsCommand, type CloudTrailClient } from '@aws-sdk/client-cloudtrail'
import { startEmulator, type Emulator } from '../emulator/server.js'
import { assumeRole, cloudTrailClient, roleArn } from '../__fixtures__/accounts.js'

const NOW = Date.parse('2025-06-01T12:00:00Z')
const [A, B] = ['111111111111', '222222222222'] as const
let t = 0
let e: Emulator
let inA: CloudTrailClient
let inB: CloudTrailClient

beforeEach(async () => {
  t = 0
  // recordCalls off: the counts below are the test's requests only.
  e = await startEmulator({
    now: () => NOW,
    rateClock: () => t,
    accounts: [{ id: A }, { id: B }],
    recordCalls: false
  })
  inA = cloudTrailClient(e, await assumeRole(e, roleArn(A)))
  inB = cloudTrailClient(e, await assumeRole(e, roleArn(B)))
})

afterEach(async () => {
  await e.close()
})

/** 'ok' or the error name of one LookupEvents call. */
async function outcome(client: CloudTrailClient): Promise<string> {
  try {
    await client.send(new LookupEventsCommand({}))
    return 'ok'
  } catch (error) {
    return error instanceof Error ? error.name : String(error)
  }
}

describe('rate budget per (account, Region)', () => {
  it('two accounts at 2 requests/s each, concurrently (4/s in all): no throttling', async () => {
    const outcomes: string[] = []
    for (let i = 0; i < 6; i++) {
      t = i * 500
      outcomes.push(...(await Promise.all([outcome(inA), outcome(inB)])))
    }
    expect(outcomes).toEqual(Array(12).fill('ok'))
    const stats = e.stats()
    for (const account of [A, B]) {
      expect(stats.accounts[account]?.['eu-west-2']).toEqual({
        requests: 6,
        accepted: 6,
        throttled: 0,
        faults: 0
      })
    }
    expect(stats.regions['eu-west-2']).toEqual({ requests: 12, accepted: 12, throttled: 0, faults: 0 })
  })

  it('one account at 4 requests/s: every other request throttled, while the other account and Region are not', async () => {
    const outcomes: string[] = []
    for (let i = 0; i < 8; i++) {
      t = i * 250
      outcomes.push(await outcome(inA))
    }
    expect(outcomes).toEqual(Array(4).fill(['ok', 'ThrottlingException']).flat())
    // Same instant as A's last, throttled request: B's bucket and A's us-east-1 bucket are their own.
    expect(await outcome(inB)).toBe('ok')
    const inAEast = cloudTrailClient(e, await assumeRole(e, roleArn(A)), 'us-east-1')
    expect(await outcome(inAEast)).toBe('ok')
    const stats = (await (await fetch(`${e.url}/__emulator/stats`)).json()) as {
      accounts: Record<string, Record<string, unknown>>
    }
    expect(stats.accounts[A]).toEqual({
      'eu-west-2': { requests: 8, accepted: 4, throttled: 4, faults: 0 },
      'us-east-1': { requests: 1, accepted: 1, throttled: 0, faults: 0 }
    })
    expect(stats.accounts[B]).toEqual({ 'eu-west-2': { requests: 1, accepted: 1, throttled: 0, faults: 0 } })
  })
})
