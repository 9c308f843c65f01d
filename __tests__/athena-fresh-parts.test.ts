// How a fresh window is read through Athena and what each read proves (parts.ts), the poll that looks for the
// markers (marker-sql.ts), and the wait for them (freshness.ts, on a fake clock). Pure or mocked.
import { describe, expect, it } from '@jest/globals'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { mockClient } from 'aws-sdk-client-mock'
import { ANY, type Slice } from '../src/core/coverage.js'
import { planDelivery } from '../src/core/delivery.js'
import { SourceFailure } from '../src/core/errors.js'
import { proveFresh, type FreshnessDeps } from '../src/sources/athena/freshness.js'
import { tableHolds } from '../src/sources/athena/holds.js'
import { markerStatement } from '../src/sources/athena/marker-sql.js'
import { freshClaims, readPlan, unprovenParts } from '../src/sources/athena/parts.js'
import { readPartitioning } from '../src/sources/athena/table.js'
import { nonPortableConstructs } from '../emulator/athena/portable.js'
import { athenaQuery, FLAVOURS } from '../__fixtures__/athena-query.js'
import { FakeClock } from '../__fixtures__/clock.js'

const NOW = Date.parse('2026-11-21T12:00:00Z')
const MINUTE = 60_000
const at = (iso: string): Date => new Date(iso)
const organization = FLAVOURS.organization
const holds = tableHolds(organization, readPartitioning(organization))

function slices(query: ReturnType<typeof athenaQuery>): Slice[] {
  return query.regions.length === 0
    ? [{ account: ANY, region: ANY, globalOnly: false, window: query.window }]
    : query.regions.map(region => ({ account: ANY, region, globalOnly: false, window: query.window }))
}

describe('readPlan', () => {
  const fresh = athenaQuery({ createdAfter: '2026-11-21T00:00:00Z', createdBefore: '2026-11-21T12:00:00Z' })

  it('reads an old window once, taken as delivered', () => {
    const old = athenaQuery({ createdAfter: '2026-11-01', createdBefore: '2026-11-02' })
    const plan = readPlan(old.window, slices(old), holds, planDelivery(old, NOW), 'named', ['eu-west-2'])
    expect(plan).toMatchObject({ older: old.window, fresh: undefined, markerRegions: [] })
    expect(plan.olderClaims).toMatchObject([{ window: old.window, delivered: 'old-window' }])
  })

  it('splits a fresh window a second apart, with a marker in every Region of the table', () => {
    const plan = readPlan(fresh.window, slices(fresh), holds, planDelivery(fresh, NOW), 'all', [
      'us-east-1',
      'eu-west-2'
    ])
    expect(plan.older).toEqual({ start: at('2026-11-21T00:00:00Z'), end: at('2026-11-21T11:29:59Z') })
    expect(plan.fresh).toEqual({ start: at('2026-11-21T11:30:00Z'), end: at('2026-11-21T12:00:00Z') })
    expect(plan.olderClaims).toMatchObject([{ delivered: 'old-window', window: plan.older }])
    expect(plan.markerRegions).toEqual(['eu-west-2', 'us-east-1'])
    // Proven only where every Region's marker was found, and only up to the earliest marker.
    const one = new Map([['eu-west-2', at('2026-11-21T12:00:05Z')]])
    expect(freshClaims(plan, one, 'all')).toEqual([])
    expect(unprovenParts(plan, one)).toMatchObject([{ regions: ['us-east-1'] }])
    const both = new Map([...one, ['us-east-1', at('2026-11-21T12:00:03Z')]])
    expect(freshClaims(plan, both, 'all')).toMatchObject([
      { delivered: 'proven', window: { start: at('2026-11-21T11:30:00Z'), end: at('2026-11-21T12:00:00Z') } }
    ])
    expect(unprovenParts(plan, both)).toEqual([])
  })

  it('proves a window that ends after the markers only up to them', () => {
    const later = athenaQuery({ createdAfter: '2026-11-21T00:00:00Z', createdBefore: '2026-11-21' })
    const plan = readPlan(later.window, slices(later), holds, planDelivery(later, NOW), 'all', ['eu-west-2'])
    const proven = new Map([['eu-west-2', at('2026-11-21T12:00:05Z')]])
    expect(freshClaims(plan, proven, 'all')).toMatchObject([{ window: { end: at('2026-11-21T12:00:05Z') } }])
    expect(unprovenParts(plan, proven)).toMatchObject([{ regions: [], upTo: at('2026-11-21T12:00:05Z') }])
  })

  it('cannot name the markers of a table whose Regions nothing says', () => {
    const plan = readPlan(fresh.window, slices(fresh), holds, planDelivery(fresh, NOW), 'all', undefined)
    expect(plan.markerRegions).toEqual([])
    expect(plan.freshSlices).toMatchObject([{ regions: undefined }])
    expect(freshClaims(plan, new Map(), 'all')).toEqual([])
  })

  it('with wait-for-delivery false, reads once and claims the fresh part unproven', () => {
    const skipped = athenaQuery({
      createdAfter: '2026-11-21T00:00:00Z',
      createdBefore: '2026-11-21T12:00:00Z',
      waitForDelivery: 'false'
    })
    const plan = readPlan(skipped.window, slices(skipped), holds, planDelivery(skipped, NOW), 'all', [
      'eu-west-2'
    ])
    expect(plan.fresh).toBeUndefined()
    expect(plan.olderClaims.map(c => c.delivered)).toEqual(['old-window', 'unproven'])
  })
})

describe('markerStatement', () => {
  it('reads the newest day folders of the markers’ Regions and account only, by request ID', () => {
    const markers = [
      { region: 'eu-west-2', account: '111122223333', requestId: 'r-1', sentAt: NOW },
      { region: 'us-east-1', account: '111122223333', requestId: 'r-2', sentAt: NOW + 500 }
    ]
    const s = markerStatement(
      markers,
      athenaQuery().athena!,
      readPartitioning(organization),
      NOW + 5 * MINUTE
    )
    expect(s.sql).toMatch(/"timestamp" BETWEEN \? AND \?/)
    expect(s.sql).toMatch(/requestid IN \(\?, \?\)/)
    expect(s.parameters).toEqual([
      "'2026/11/21'",
      "'2026/11/21'",
      "'eu-west-2'",
      "'us-east-1'",
      "'111122223333'",
      "'2026-11-21T11:59:00'",
      "'2026-11-21T12:06:00Z'",
      "'r-1'",
      "'r-2'"
    ])
    expect(s.columns).toEqual(['requestid', 'awsregion', 'eventtime'])
    expect(nonPortableConstructs(s.sql)).toEqual([])
  })

  it('reaches the next day once the clock has passed midnight', () => {
    const markers = [
      {
        region: 'eu-west-2',
        account: undefined,
        requestId: 'r-1',
        sentAt: Date.parse('2026-11-21T23:58:00Z')
      }
    ]
    const s = markerStatement(
      markers,
      athenaQuery().athena!,
      readPartitioning(organization),
      Date.parse('2026-11-22T00:04:00Z')
    )
    expect(s.parameters.slice(0, 2)).toEqual(["'2026/11/21'", "'2026/11/22'"])
    // An unknown account leaves the account key unbounded.
    expect(s.sql).not.toMatch(/"account"/)
  })
})

describe('proveFresh', () => {
  const sts = mockClient(STSClient)

  function deps(
    clock: FakeClock,
    poll: FreshnessDeps['poll'],
    more: Partial<FreshnessDeps> = {}
  ): FreshnessDeps {
    return {
      clock,
      random: () => 0.5,
      signal: new AbortController().signal,
      stsFor: async region => new STSClient({ region }),
      own: { add: () => undefined },
      poll,
      cannotShow: () => undefined,
      timeoutMs: 15 * MINUTE,
      firstPollMs: 5_000,
      maxPollMs: 60_000,
      ...more
    }
  }

  it('polls with back-off until the marker shows, then waits a quarter of its lag', async () => {
    sts.reset()
    sts.on(GetCallerIdentityCommand).resolves({
      Arn: 'arn:aws:sts::111122223333:assumed-role/gate/run',
      Account: '111122223333',
      $metadata: { requestId: 'r-1' }
    })
    const clock = new FakeClock(NOW)
    const own: string[] = []
    const outcome = await proveFresh(
      ['eu-west-2'],
      deps(
        clock,
        async markers =>
          clock.now() >= NOW + 5 * MINUTE
            ? [[markers[0]?.requestId, 'eu-west-2', '2026-11-21T12:00:00Z']]
            : [],
        { own: { add: id => own.push(id) } }
      )
    )
    expect(own).toEqual(['r-1'])
    expect(outcome.markers).toMatchObject([{ region: 'eu-west-2', account: '111122223333', problem: null }])
    // 5 s, then x1.5 up to a minute: found on the poll after five minutes.
    expect(clock.sleeps.slice(0, 4)).toEqual([5_000, 7_500, 11_250, 16_875])
    expect(outcome.polls).toBe(clock.sleeps.length - 1)
    expect(outcome.marginMs).toBe(60_000)
  })

  it('gives up at the timeout, and says why; a poll that fails ends the wait too', async () => {
    sts.reset()
    sts
      .on(GetCallerIdentityCommand)
      .resolves({ Arn: 'arn:aws:sts::111122223333:user/ci', $metadata: { requestId: 'r-2' } })
    const never = await proveFresh(
      ['eu-west-2'],
      deps(new FakeClock(NOW), async () => [], { timeoutMs: 2 * MINUTE })
    )
    expect(never.markers[0]?.problem).toMatch(
      /was not in the table after 2 minutes \(delivery-timeout-minutes, \d+ polls\)/
    )
    expect(never.marginMs).toBe(0)
    const failing = await proveFresh(
      ['eu-west-2'],
      deps(new FakeClock(NOW), async () => {
        throw new SourceFailure('query-failed', 'the Athena query ended FAILED')
      })
    )
    expect(failing.markers[0]?.problem).toMatch(/a poll query failed \(the Athena query ended FAILED\)/)
    expect(failing.polls).toBe(1)
  })

  it('does not poll for a marker the table cannot show', async () => {
    sts.reset()
    sts
      .on(GetCallerIdentityCommand)
      .resolves({ Arn: 'arn:aws:sts::999988887777:user/ci', $metadata: { requestId: 'r-3' } })
    let polls = 0
    const outcome = await proveFresh(
      ['eu-west-2'],
      deps(new FakeClock(NOW), async () => (polls++, []), {
        cannotShow: m => `was made in account ${m.account ?? '?'}`
      })
    )
    expect(outcome.markers[0]?.problem).toBe('was made in account 999988887777')
    expect(polls).toBe(0)
  })
})
