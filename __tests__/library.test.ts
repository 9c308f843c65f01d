import { describe, expect, it } from '@jest/globals'
import type { LookupEventsCommand, LookupEventsCommandOutput } from '@aws-sdk/client-cloudtrail'
import { discoverUserEvents, IncompleteScanError, InputError, NoEventsError } from '../src/library.js'
import type { CloudTrailLike } from '../src/sources/lookup-events/call.js'
import { FakeClock } from '../__fixtures__/clock.js'
import { awsError, record } from '../__fixtures__/records.js'

const clock = () => new FakeClock(Date.parse('2026-11-21T12:00:00Z'))

function client(): CloudTrailLike & { inputs: Array<LookupEventsCommand['input']> } {
  const inputs: Array<LookupEventsCommand['input']> = []
  return {
    inputs,
    send: async (command: LookupEventsCommand): Promise<LookupEventsCommandOutput> => {
      inputs.push(command.input)
      return {
        $metadata: {},
        Events: [
          record({
            name: 'TerminateInstances',
            time: '2026-11-09T10:00:00Z',
            principal: { type: 'IAMUser', name: 'foo' }
          }),
          record({
            name: 'DetachVolume',
            time: '2026-11-08T10:00:00Z',
            principal: { type: 'IAMUser', name: 'foo' }
          })
        ]
      }
    }
  }
}

describe('discoverUserEvents', () => {
  it("answers the seed's programmatic example", async () => {
    const fake = client()
    const result = await discoverUserEvents({
      user: 'foo',
      events: ['TerminateInstances'],
      createdBefore: '2026/11/10',
      createdAfter: '2026/11/05',
      region: 'eu-west-2',
      includeGlobalEvents: false,
      client: fake,
      clock: clock()
    })
    expect(result.found).toBe(true)
    expect(result.count).toBe(1)
    expect(result.scanned).toBe(2)
    expect(result.events[0]).toMatchObject({
      UserName: 'foo',
      EventName: 'TerminateInstances',
      EventTime: '2026-11-09T10:00:00Z'
    })
    expect(fake.inputs[0]?.EndTime?.toISOString()).toBe('2026-11-10T23:59:59.000Z')
  })

  it('throws NoEventsError by default when the user has no events, returns it with failOnNoEvents false, and lists near misses', async () => {
    const options = {
      events: ['TerminateInstance'],
      allowUnknownEvents: ['TerminateInstance'],
      createdBefore: '2026/11/10',
      createdAfter: '2026/11/05',
      region: 'eu-west-2',
      includeGlobalEvents: false
    }
    const near = await discoverUserEvents({ ...options, user: 'foo', client: client(), clock: clock() })
    expect(near.found).toBe(false)
    expect(near.noEvents).toBe(false)
    expect(near.nearMisses).toEqual([
      { pattern: 'TerminateInstance', name: 'TerminateInstances', source: 'ec2.amazonaws.com', count: 1 }
    ])
    expect(near.verdict).toBe('clean')
    const none = await discoverUserEvents({
      ...options,
      user: 'Foo',
      failOnNoEvents: false,
      client: client(),
      clock: clock()
    })
    expect(none.noEvents).toBe(true)
    expect(none.verdict).toBe('no-events')
    await expect(
      discoverUserEvents({ ...options, user: 'Foo', client: client(), clock: clock() })
    ).rejects.toThrow(NoEventsError)
  })

  it('checks event names against the catalog before any call', async () => {
    const fake = client()
    await expect(
      discoverUserEvents({ user: 'foo', events: 'TerminateInstance', region: 'eu-west-2', client: fake })
    ).rejects.toThrow(/did you mean 'TerminateInstances' \(ec2\.amazonaws\.com\)\?/)
    expect(fake.inputs).toEqual([])
  })

  it('discovers every event when no events are named', async () => {
    const result = await discoverUserEvents({
      user: 'foo',
      region: 'eu-west-2',
      includeGlobalEvents: false,
      waitForDelivery: false,
      client: client(),
      clock: clock()
    })
    expect(result.found).toBe(false)
    expect(result.events.map(e => e.EventName)).toEqual(['TerminateInstances', 'DetachVolume'])
  })

  it('throws InputError before any call, and IncompleteScanError rather than a partial result', async () => {
    const fake = client()
    await expect(
      discoverUserEvents({ user: 'foo', region: 'nowhere', client: fake, clock: clock() })
    ).rejects.toThrow(InputError)
    expect(fake.inputs).toHaveLength(0)
    const failing: CloudTrailLike = {
      send: async () => Promise.reject(awsError('AccessDeniedException', 400))
    }
    const error = await discoverUserEvents({
      user: 'foo',
      region: 'eu-west-2',
      client: failing,
      clock: clock()
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(IncompleteScanError)
    expect((error as IncompleteScanError).info.code).toBe('access-denied')
  })

  it('returns the warnings the action logs, naming its own options', async () => {
    const result = await discoverUserEvents({
      user: 'foo',
      events: ['TerminateInstances', 'Delete*Zzz'],
      createdAfter: '100d',
      region: 'eu-west-2',
      requestsPerSecond: 1.5,
      includeGlobalEvents: false,
      waitForDelivery: false,
      client: client(),
      clock: clock()
    })
    expect(result.warnings).toEqual([
      expect.stringMatching(/^createdAfter 2026-08-13T12:00:00Z is more than 90 days ago/),
      expect.stringMatching(/^'Delete\*Zzz' matches no event name in the catalog/)
    ])
    const clean = await discoverUserEvents({
      user: 'foo',
      region: 'eu-west-2',
      includeGlobalEvents: false,
      waitForDelivery: false,
      client: client(),
      clock: clock()
    })
    expect(clean.warnings).toEqual([])
  })

  it('names its own options in input errors', async () => {
    const fake = client()
    await expect(
      discoverUserEvents({
        user: 'foo',
        region: 'eu-west-22',
        createdAfter: '0d',
        client: fake,
        clock: clock()
      })
    ).rejects.toThrow('Input \'createdAfter\' has an invalid value "0d"')
    await expect(
      discoverUserEvents({ user: 'foo', region: 'eu-west-22', client: fake, clock: clock() })
    ).rejects.toThrow("Input 'region': eu-west-22: not an AWS Region; did you mean eu-west-2?")
    expect(fake.inputs).toHaveLength(0)
  })
})
