import { describe, expect, it } from '@jest/globals'
import type { LookupEventsCommand, LookupEventsCommandOutput, Event } from '@aws-sdk/client-cloudtrail'
import { parseQuery, type RawQuery } from '../src/query/inputs.js'
import type { CloudTrailLike } from '../src/sources/lookup-events/call.js'
import { scan } from '../src/run/run.js'
import { FakeClock } from '../__fixtures__/clock.js'
import { awsError, record, series } from '../__fixtures__/records.js'

/** What a lookup attribute selects, as LookupEvents does. */
function byAttribute(command: LookupEventsCommand): (event: Event) => boolean {
  const attribute = command.input.LookupAttributes?.[0]
  if (!attribute) return () => true
  const field = ({ Username: 'Username', EventName: 'EventName', EventSource: 'EventSource' } as const)[
    attribute.AttributeKey as 'Username' | 'EventName' | 'EventSource'
  ]
  return event => event[field] === attribute.AttributeValue
}

/** A fake CloudTrail per Region serving `events` 50 a page, or failing from page `failAt` on. */
function region(
  events: Event[],
  opts: {
    failAt?: number
    error?: Error
    sent?: Array<[string, number]>
    name?: string
    clock?: FakeClock
  } = {}
): CloudTrailLike {
  let page = 0
  return {
    send: async (command: LookupEventsCommand): Promise<LookupEventsCommandOutput> => {
      if (opts.sent && opts.clock) opts.sent.push([opts.name ?? '', opts.clock.now()])
      if (opts.failAt !== undefined && page >= opts.failAt)
        throw opts.error ?? awsError('InternalFailure', 500)
      const offset = Number(command.input.NextToken ?? 0)
      page += 1
      const next = offset + 50
      const found = events.filter(byAttribute(command))
      return {
        $metadata: {},
        Events: found.slice(offset, next),
        ...(next < found.length && { NextToken: String(next) })
      }
    }
  }
}

function query(raw: Partial<RawQuery> = {}) {
  return parseQuery(
    // The delivery barrier has its own tests (barrier-scan.test.ts).
    { user: 'alice', region: 'eu-west-2', includeGlobalEvents: false, waitForDelivery: false, ...raw },
    { now: new Date('2026-11-21T12:00:00Z'), env: {} }
  )
}

describe('scan', () => {
  it('scans Regions concurrently, each at its own 2/s, and merges newest first with per-Region counts', async () => {
    const clock = new FakeClock(0)
    const sent: Array<[string, number]> = []
    const clients: Record<string, CloudTrailLike> = {
      'eu-west-2': region(series(120, '2026-11-20T12:00:00Z', { name: 'TerminateInstances' }), {
        sent,
        clock,
        name: 'eu-west-2'
      }),
      'us-east-1': region(
        [record({ name: 'TerminateInstances', time: '2026-11-20T12:30:00Z', region: 'us-east-1' })],
        { sent, clock, name: 'us-east-1' }
      )
    }
    // A wildcard: the Username lookup is the only candidate, so nothing is probed.
    const result = await scan(query({ region: 'eu-west-2,us-east-1', events: 'Terminate*' }), {
      clientFor: r => clients[r]!,
      clock
    })
    expect(result.incomplete).toBeUndefined()
    expect(result.found).toBe(true)
    expect(result.events).toHaveLength(121)
    expect(result.events[0]?.Region).toBe('us-east-1')
    expect(result.events.map(e => e.EventTime)).toEqual(
      [...result.events.map(e => e.EventTime)].sort().reverse()
    )
    expect(result.regions).toEqual([
      { region: 'eu-west-2', pages: 3, scanned: 120, examined: 120, matched: 120, throttled: 0, retries: 0 },
      { region: 'us-east-1', pages: 1, scanned: 1, examined: 1, matched: 1, throttled: 0, retries: 0 }
    ])
    // Both Regions started at once; eu-west-2's three pages went 510 ms apart (the pacer's 2% margin).
    expect(sent).toEqual([
      ['eu-west-2', 0],
      ['us-east-1', 0],
      ['eu-west-2', 510],
      ['eu-west-2', 1020]
    ])
    expect(result.violations).toEqual([{ name: 'TerminateInstances', count: 121 }])
  })

  it('logs a progress line every 10 pages with pages, events and elapsed time', async () => {
    const lines: string[] = []
    const clock = new FakeClock(0)
    await scan(query(), {
      clientFor: () => region(series(1000, '2026-11-20T12:00:00Z')),
      clock,
      progress: { info: l => lines.push(l) }
    })
    const progress = lines.filter(l => /pages/.test(l))
    expect(progress).toHaveLength(2)
    expect(progress[0]).toMatch(
      /^\[eu-west-2\] 10 pages, 500 events, 500 matched, 4\.6s, reached 2026-11-20T03:41:00Z$/
    )
    expect(progress[1]).toMatch(/^\[eu-west-2\] 20 pages, 1000 events/)
  })

  it('returns an incomplete result, never a clean one, when a Region fails, and reads the others', async () => {
    const clock = new FakeClock(0)
    let otherCalls = 0
    const other: CloudTrailLike = {
      send: async command => {
        otherCalls += 1
        return {
          $metadata: {},
          Events: series(50, '2026-11-20T12:00:00Z'),
          ...(otherCalls < 3 && { NextToken: `${otherCalls}${command.input.NextToken ?? ''}` })
        }
      }
    }
    const failing = region(series(200, '2026-11-20T12:00:00Z'), {
      failAt: 2,
      error: awsError('AccessDeniedException', 400)
    })
    const result = await scan(query({ region: 'eu-west-2,eu-central-1', events: 'Delete*' }), {
      clientFor: r => (r === 'eu-west-2' ? failing : other),
      clock
    })
    expect(result.found).toBe(false)
    expect(result.incomplete).toMatchObject({
      code: 'access-denied',
      region: 'eu-west-2',
      oldestReached: '2026-11-20T10:21:00Z'
    })
    expect(result.incomplete?.pages).toBeGreaterThanOrEqual(2)
    // Only the Region that failed is unfinished: the other was read to its end (a forbidden event there would
    // still be found), and its coverage is proven.
    expect(result.incomplete?.unfinished).toEqual([
      expect.objectContaining({ region: 'eu-west-2', code: 'access-denied' })
    ])
    expect(otherCalls).toBe(3)
    expect(result.coverage.map(c => [c.slice.region, c.complete])).toEqual([
      ['eu-west-2', false],
      ['eu-central-1', true]
    ])
  })

  it('fails a scan that cannot finish within its deadline, within that deadline', async () => {
    const clock = new FakeClock(0)
    const throttled: CloudTrailLike = {
      send: async () => Promise.reject(awsError('ThrottlingException', 400))
    }
    const result = await scan(query({ timeoutMinutes: 1 }), {
      clientFor: () => throttled,
      clock,
      retry: { maxThrottleRetries: 10_000, maxErrorRetries: 4 }
    })
    expect(result.incomplete).toMatchObject({ code: 'deadline', pages: 0, oldestReached: null })
    expect(result.incomplete?.reason).toMatch(/1-minute deadline/)
    expect(result.elapsedMs).toBeGreaterThanOrEqual(60_000)
    expect(result.elapsedMs).toBeLessThan(61_000)
  })

  it('stops as incomplete on a record it cannot judge, naming the Region, page, position and EventId', async () => {
    const events = series(60, '2026-11-20T12:00:00Z', { name: 'TerminateInstances' })
    const bad = events[55]
    events[55] = { ...bad, EventName: undefined, CloudTrailEvent: '{' }
    const result = await scan(query({ events: 'Run*' }), {
      clientFor: () => region(events),
      clock: new FakeClock(0)
    })
    expect(result.found).toBe(false)
    expect(result.incomplete).toMatchObject({ code: 'bad-record', region: 'eu-west-2', pages: 1 })
    expect(result.incomplete?.reason).toBe(
      `record 6 (EventId ${bad?.EventId}) of page 2 of LookupEvents eu-west-2 Username=alice cannot be judged: ` +
        'its CloudTrailEvent is not JSON'
    )
  })

  it('names each Region that failed on its own, with its own reason', async () => {
    const clock = new FakeClock(0)
    const denied: CloudTrailLike = {
      send: async () => Promise.reject(awsError('AccessDeniedException', 400))
    }
    const result = await scan(query({ region: 'eu-west-2,eu-central-1', events: 'DeleteBucket' }), {
      clientFor: () => denied,
      clock
    })
    expect(result.incomplete?.unfinished?.map(u => [u.region, u.code])).toEqual([
      ['eu-west-2', 'access-denied'],
      ['eu-central-1', 'access-denied']
    ])
    expect(result.incomplete?.unfinished?.every(u => !u.reason.startsWith('stopped'))).toBe(true)
  })
})
