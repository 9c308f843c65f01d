// The delivery barrier inside the scan, on virtual time: a fake CloudTrail that shows each event only once it
// is "delivered", and a mocked STS for the marker.
import { beforeEach, describe, expect, it } from '@jest/globals'
import type { Event, LookupEventsCommand, LookupEventsCommandOutput } from '@aws-sdk/client-cloudtrail'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { mockClient } from 'aws-sdk-client-mock'
import { parseQuery, type RawQuery } from '../src/query/inputs.js'
import type { CloudTrailLike } from '../src/sources/lookup-events/call.js'
import { scan } from '../src/run/run.js'
import { FakeClock } from '../__fixtures__/clock.js'
import { record } from '../__fixtures__/records.js'

const NOW = Date.parse('2026-11-21T12:00:00Z')
const GATE = 'arn:aws:iam::123456789012:user/gate'
const sts = mockClient(STSClient)

beforeEach(() => {
  sts.reset()
  sts.on(GetCallerIdentityCommand).resolves({ Arn: GATE, $metadata: { requestId: 'marker-1' } })
})

interface Delivered {
  readonly event: Event
  readonly visibleAt: number
}

/** LookupEvents over `events`, each shown from its visibleAt on; the marker shows `markerDelayMs` after its call. */
function cloudTrail(clock: FakeClock, events: Delivered[], markerDelayMs: number) {
  const sent: Array<{ at: number; input: LookupEventsCommand['input'] }> = []
  const client: CloudTrailLike = {
    send: async (command: LookupEventsCommand): Promise<LookupEventsCommandOutput> => {
      const { input } = command
      sent.push({ at: clock.now(), input })
      const marker = record({
        name: 'GetCallerIdentity',
        time: new Date(NOW).toISOString(),
        principal: { type: 'IAMUser', name: 'gate' }
      })
      const detail = JSON.parse(marker.CloudTrailEvent ?? '{}') as object
      const all: Delivered[] = [
        ...events,
        {
          event: { ...marker, CloudTrailEvent: JSON.stringify({ ...detail, requestID: 'marker-1' }) },
          visibleAt: NOW + markerDelayMs
        }
      ]
      const attribute = input.LookupAttributes?.[0]
      const shown = all
        .filter(d => d.visibleAt <= clock.now())
        .map(d => d.event)
        .filter(
          e =>
            !attribute ||
            (attribute.AttributeKey === 'Username' ? e.Username : e.EventName) === attribute.AttributeValue
        )
        .filter(e => (e.EventTime?.getTime() ?? 0) >= (input.StartTime?.getTime() ?? 0))
        .filter(e => (e.EventTime?.getTime() ?? 0) <= (input.EndTime?.getTime() ?? Infinity))
      return { $metadata: {}, Events: shown }
    }
  }
  return { client, sent }
}

function query(raw: Partial<RawQuery> = {}) {
  return parseQuery(
    { user: 'alice', events: 'TerminateInstances', region: 'eu-west-2', includeGlobalEvents: false, ...raw },
    { now: new Date(NOW), env: {} }
  )
}

/** alice terminated an instance 5 s before the run; CloudTrail shows it 20 s into the run. */
const late: Delivered = {
  event: record({ name: 'TerminateInstances', time: new Date(NOW - 5_000).toISOString() }),
  visibleAt: NOW + 20_000
}
const old: Delivered = {
  event: record({ name: 'DescribeInstances', time: '2026-11-21T08:00:00Z' }),
  visibleAt: NOW - 3_600_000
}

describe('the delivery barrier in the scan', () => {
  it('finds an event delivered late: the fresh part is read only once the marker shows', async () => {
    const clock = new FakeClock(NOW)
    const fake = cloudTrail(clock, [late, old], 30_000)
    const lines: string[] = []
    const result = await scan(query(), {
      clientFor: () => fake.client,
      stsFor: async () => new STSClient({}),
      clock,
      progress: { info: line => lines.push(line) }
    })
    expect(result.incomplete).toBeUndefined()
    expect(result.found).toBe(true)
    expect(result.events.map(e => e.EventName)).toEqual(['TerminateInstances'])
    expect(result.delivery).toMatchObject({ mode: 'barrier', freshFrom: '2026-11-21T11:30:00Z' })
    expect(result.delivery?.regions).toEqual([
      expect.objectContaining({
        region: 'eu-west-2',
        delivered: true,
        requestId: 'marker-1',
        callerArn: GATE
      })
    ])
    // The older part went out at once; the fresh part only after the marker (30 s) and its margin.
    const reads = fake.sent.filter(s => s.input.LookupAttributes?.[0]?.AttributeValue === 'alice')
    expect(reads.map(r => r.input.StartTime?.toISOString())).toEqual([
      '2026-08-23T12:00:00.000Z',
      '2026-11-21T11:30:00.000Z'
    ])
    expect(reads[0]?.at).toBe(NOW)
    expect(reads[1]?.at).toBeGreaterThanOrEqual(NOW + 30_000 + 7_500)
    // Marker polls by the caller's Username.
    expect(fake.sent.some(s => s.input.LookupAttributes?.[0]?.AttributeValue === 'gate')).toBe(true)
    // Polls share the Region's pacer with the older part's pages, so the first one waits its turn.
    expect(lines).toContain(
      '[eu-west-2] waiting for CloudTrail to deliver events up to 2026-11-21T12:00:00Z: marker not visible yet, 1 s'
    )
    expect(lines.find(l => /\] CloudTrail shows the marker/.test(l))).toMatch(
      /after \d+ seconds; waiting \d+ seconds more/
    )
  })

  it('without the barrier, the same late event is missed: what wait-for-delivery: false risks', async () => {
    const clock = new FakeClock(NOW)
    const fake = cloudTrail(clock, [late, old], 30_000)
    const lines: string[] = []
    const result = await scan(query({ waitForDelivery: false }), {
      clientFor: () => fake.client,
      clock,
      progress: { info: line => lines.push(line) }
    })
    expect(result.found).toBe(false)
    expect(result.delivery).toEqual({ mode: 'skipped', horizonMs: 1_800_000, freshFrom: null, regions: [] })
    expect(lines[0]).toMatch(
      /^Delivery barrier skipped \(wait-for-delivery is false\): events after 2026-11-21T11:30:00Z/
    )
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(0)
  })

  it('fails as incomplete, never clean, when the marker never shows', async () => {
    const clock = new FakeClock(NOW)
    const fake = cloudTrail(clock, [old], Infinity)
    const result = await scan(query({ deliveryTimeoutMinutes: '15' }), {
      clientFor: () => fake.client,
      stsFor: async () => new STSClient({}),
      clock
    })
    expect(result.found).toBe(false)
    expect(result.incomplete).toMatchObject({ code: 'delivery', region: 'eu-west-2' })
    expect(result.incomplete?.reason).toMatch(
      /^CloudTrail had not delivered events up to 2026-11-21T12:00:00Z in eu-west-2 after 15 minutes/
    )
    expect(result.delivery?.regions).toEqual([expect.objectContaining({ delivered: false })])
    expect(clock.now() - NOW).toBeLessThan(16 * 60_000)
  })

  it('fails as incomplete when no STS client can be made to place the marker with', async () => {
    const clock = new FakeClock(NOW)
    const result = await scan(query(), {
      clientFor: () => cloudTrail(clock, [old], 0).client,
      stsFor: () => Promise.reject(new Error('no credentials for STS')),
      clock
    })
    expect(result.incomplete).toMatchObject({ code: 'delivery' })
    expect(result.incomplete?.reason).toMatch(/no credentials for STS/)
  })

  it('places no marker and waits for nothing on an old window', async () => {
    const clock = new FakeClock(NOW)
    const fake = cloudTrail(clock, [old], Infinity)
    const result = await scan(query({ createdBefore: '2026-11-21T10:00:00Z' }), {
      clientFor: () => fake.client,
      stsFor: async () => new STSClient({}),
      clock
    })
    expect(result.incomplete).toBeUndefined()
    expect(result.delivery?.mode).toBe('old-window')
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(0)
    expect(fake.sent).toHaveLength(1)
    expect(clock.now()).toBe(NOW)
  })
})
