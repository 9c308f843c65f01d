import { describe, expect, it } from '@jest/globals'
import type { Event, LookupEventsCommand, LookupEventsCommandOutput } from '@aws-sdk/client-cloudtrail'
import { parseQuery, type RawQuery } from '../src/query/inputs.js'
import type { CloudTrailLike } from '../src/sources/lookup-events/call.js'
import { planLookups } from '../src/sources/lookup-events/plan.js'
import { scan } from '../src/run/run.js'
import { FakeClock } from '../__fixtures__/clock.js'
import { awsError, record } from '../__fixtures__/records.js'

// The scan with the planner, against a fake CloudTrail that honours lookup attributes and page tokens.

const NOW = Date.UTC(2026, 10, 21, 12, 0, 0)
const HOUR = 3_600_000

interface Sent {
  readonly at: number
  readonly lookup: string
  readonly token: string | undefined
}

/** Serves `events` (newest first) 50 a page for any attribute; fails every call from `failAt` on. */
function fake(events: Event[], clock: FakeClock, sent: Sent[], failAt?: number): CloudTrailLike {
  return {
    send: async (command: LookupEventsCommand): Promise<LookupEventsCommandOutput> => {
      const attribute = command.input.LookupAttributes?.[0]
      const lookup = attribute ? `${attribute.AttributeKey}=${attribute.AttributeValue}` : 'all events'
      sent.push({ at: clock.now(), lookup, token: command.input.NextToken })
      if (failAt !== undefined && sent.length > failAt) throw awsError('AccessDeniedException', 400)
      const key = attribute?.AttributeKey as 'Username' | 'EventName' | 'EventSource' | undefined
      const found = events.filter(e => key === undefined || e[key] === attribute?.AttributeValue)
      const offset = Number(command.input.NextToken ?? 0)
      const next = offset + 50
      return {
        $metadata: {},
        Events: found.slice(offset, next),
        ...(next < found.length && { NextToken: String(next) })
      }
    }
  }
}

/** A busy user (`busy` events over 80 days, one a `DeleteTrail`), others' rare and common names. */
function account(busy: number): Event[] {
  const events: Event[] = []
  for (let i = 0; i < busy; i++) {
    const name = i === 777 ? 'DeleteTrail' : 'DescribeInstances'
    events.push(record({ name, time: new Date(NOW - HOUR - i * ((80 * 24 * HOUR) / busy)).toISOString() }))
  }
  for (let i = 0; i < 3; i++) {
    const principal = { type: 'IAMUser', name: 'bob' } as const
    events.push(
      record({ name: 'DeleteTrail', principal, time: new Date(NOW - i * 20 * 24 * HOUR).toISOString() })
    )
  }
  return events.sort((a, b) => (b.EventTime?.getTime() ?? 0) - (a.EventTime?.getTime() ?? 0))
}

function query(raw: Partial<RawQuery> = {}) {
  return parseQuery(
    // The delivery barrier has its own tests (barrier-scan.test.ts); these windows end now.
    { user: 'alice', region: 'eu-west-2', includeGlobalEvents: false, waitForDelivery: false, ...raw },
    { now: new Date(NOW), env: {} }
  )
}

describe('scan with the planner', () => {
  it('a heavy user and a rare name: one Username probe, then the name, and the same verdict as a full scan', async () => {
    const clock = new FakeClock(NOW)
    const sent: Sent[] = []
    const events = account(5_000)
    const q = query({ events: 'DeleteTrail, StopLogging' })
    const result = await scan(q, { clientFor: () => fake(events, clock, sent), clock })
    expect(sent.map(s => `${s.lookup}@${s.token ?? 0}`)).toEqual([
      'Username=alice@0',
      'EventName=DeleteTrail@0',
      'EventName=StopLogging@0'
    ])
    // Every page, probes included, went through the Region's one pacer: 510 ms apart.
    expect(sent.map(s => s.at - NOW)).toEqual([0, 510, 1020])
    expect(result.pages).toBe(3)
    expect(result.lanes[0]).toMatchObject({ chosen: 'events', how: 'probed', pages: 3 })
    expect(result.lanes[0]?.candidates[1]).toMatchObject({ kind: 'identity', pagesRead: 1 })
    expect(result.lanes[0]?.candidates[1]?.estimatedPages).toBeGreaterThan(90)
    // Bob's DeleteTrail events were read and judged: not alice's, so not counted.
    expect(result.events.map(e => e.UserName)).toEqual(['alice'])

    const full = await scan(
      q,
      { clientFor: () => fake(events, clock, []), clock },
      planLookups(q, { force: 'region' })
    )
    expect(full.pages).toBe(101)
    expect(result.events).toEqual(full.events)
    expect(result.violations).toEqual(full.violations)
  })

  it('a light user and a common name: the Username probe is the last page, and nothing else is read', async () => {
    const clock = new FakeClock(NOW)
    const sent: Sent[] = []
    const events = account(30)
    for (let i = 0; i < 2_000; i++) {
      const principal = { type: 'IAMUser', name: `user${i % 7}` } as const
      events.push(
        record({ name: 'DescribeInstances', principal, time: new Date(NOW - i * 60_000).toISOString() })
      )
    }
    const result = await scan(query({ events: 'DescribeInstances' }), {
      clientFor: () => fake(events, clock, sent),
      clock
    })
    expect(sent.map(s => s.lookup)).toEqual(['Username=alice'])
    expect(result.lanes[0]).toMatchObject({ chosen: 'identity', pages: 1 })
    expect(result.events).toHaveLength(30)
  })

  it('each lane probes, chooses, and resumes its probes instead of reading a page twice', async () => {
    const clock = new FakeClock(NOW)
    const sent: Sent[] = []
    const events = account(2_000)
    const result = await scan(query({ events: 'DescribeInstances', region: 'eu-west-2, eu-central-1' }), {
      clientFor: () => fake(events, clock, sent),
      clock
    })
    expect(result.lanes.map(l => l.chosen)).toEqual(['identity', 'identity'])
    expect(result.pages).toBe(2 * (40 + 1))
    // The probes' NextTokens were resumed: no page of a lookup was fetched twice.
    const keys = sent.map(s => `${s.lookup}@${s.token ?? 0}`)
    expect(new Set(keys).size).toBe(keys.length / 2)
    expect(result.incomplete).toBeUndefined()
  })

  it('a failure while probing is an incomplete scan, with no choice made', async () => {
    const clock = new FakeClock(NOW)
    const sent: Sent[] = []
    const result = await scan(query({ events: 'DeleteTrail' }), {
      clientFor: () => fake(account(5_000), clock, sent, 1),
      clock
    })
    expect(result.lanes[0]?.chosen).toBeUndefined()
    expect(result.incomplete).toMatchObject({ code: 'access-denied', pages: 1 })
    expect(result.found).toBe(false)
  })

  it('a forced candidate that does not answer the query is refused before any lookup', async () => {
    const q = query({ user: 'arn:aws:iam::123456789012:role/deploy', events: 'DeleteTrail' })
    const clock = new FakeClock(NOW)
    await expect(
      scan(q, { clientFor: () => fake([], clock, []), clock }, planLookups(q, { force: 'identity' }))
    ).rejects.toThrow(/no identity candidate/)
  })
})
