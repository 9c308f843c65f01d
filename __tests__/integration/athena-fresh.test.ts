// The Athena source on windows that end now, through the real SDK over HTTP against the emulator's live trail:
// markers placed with STS and found in the table, late management and data events, a marker that never arrives,
// an old window, and trail gaps. One virtual clock drives both the gate and the emulator's delivery, so five
// minutes of CloudTrail delivery take no real time.
import { afterAll, afterEach, describe, expect, it } from '@jest/globals'
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail'
import { systemClock, type Clock } from '../../src/core/clock.js'
import { parseQuery, type RawQuery } from '../../src/query/inputs.js'
import { scan } from '../../src/run/run.js'
import type { ScanResult } from '../../src/types.js'
import { cloudTrailTables, makeDataEvent, makeTrailEvent } from '../../emulator/athena/index.js'
import { iamUser, makeRecord, roleSession, type EmulatorRecord } from '../../emulator/records.js'
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator/server.js'
import { athenaClient, glueClient } from '../../__fixtures__/athena.js'
import { ACCOUNT, BUCKET, KEYS, MINUTE, removeRoots, sts, tempRoot } from '../../__fixtures__/athena-live.js'

const roots: string[] = []
const emulators: Emulator[] = []
afterEach(async () => {
  await Promise.all(emulators.splice(0).map(e => e.close()))
})
afterAll(() => removeRoots(roots))

const START = Date.parse('2026-04-01T12:00:01Z')
const TRAIL = { name: 'audit', s3BucketName: BUCKET, homeRegion: 'eu-west-2' }
const deployer = roleSession(ACCOUNT, 'deploy', 'GitHubActions')
const admin = iamUser(ACCOUNT, 'admin')

/** Real time plus every wait of two minutes or less skipped: the gate's polls and margins, the emulator's batches. */
function virtualClock(): Clock {
  const real = Date.now()
  let skipped = 0
  return {
    now: () => START + (Date.now() - real) + skipped,
    sleep: (ms, signal) => {
      if (ms > 2 * MINUTE) return systemClock.sleep(ms, signal)
      const wait = Math.min(Math.max(0, ms), 2)
      skipped += Math.max(0, ms) - wait
      return systemClock.sleep(wait, signal)
    }
  }
}

function event(name: string, minutesAgo: number, delayMinutes?: number): EmulatorRecord {
  return makeRecord({
    principal: deployer,
    eventName: name,
    source: 'ec2',
    region: 'eu-west-2',
    time: START - minutesAgo * MINUTE,
    ...(delayMinutes !== undefined && { deliveryDelayMs: delayMinutes * MINUTE })
  })
}

async function emulator(
  clock: Clock,
  records: EmulatorRecord[],
  options: EmulatorOptions = {},
  delivery: Record<string, unknown> = {}
): Promise<Emulator> {
  const tables = cloudTrailTables({ bucket: BUCKET, account: ACCOUNT, regions: ['eu-west-2', 'us-east-1'] })
  const e = await startEmulator({
    requestsPerSecond: 0,
    now: () => clock.now(),
    records,
    trails: [TRAIL],
    ...options,
    athena: {
      root: tempRoot(roots),
      tables,
      queuedMs: 5,
      minRunningMs: 5,
      delivery: { trail: TRAIL, dataset: 'all', ...delivery }
    }
  })
  emulators.push(e)
  return e
}

async function run(e: Emulator, clock: Clock, raw: Partial<RawQuery> = {}): Promise<ScanResult> {
  const query = parseQuery(
    {
      user: `arn:aws:iam::${ACCOUNT}:role/deploy`,
      source: 'athena',
      athenaTable: 'cloudtrail.logs_rp',
      events: 'TerminateInstances, s3:GetObject',
      ...raw
    },
    { now: new Date(clock.now()), env: { AWS_REGION: 'eu-west-2' } }
  )
  return scan(query, {
    athenaFor: () => ({ athena: athenaClient(e.url), glue: glueClient(e.url) }),
    stsFor: async region => sts(e.url, region),
    trailsFor: region => new CloudTrailClient({ endpoint: e.url, region, credentials: KEYS, maxAttempts: 1 }),
    clock,
    random: () => 0,
    // Longer than the waits the clock skips, so a request's own timeout is real time.
    requestTimeoutMs: 5 * MINUTE
  })
}

describe('a window that ends now, through Athena', () => {
  it('is clean once the markers of both Regions are found in the table', async () => {
    const clock = virtualClock()
    const e = await emulator(clock, [event('RunInstances', 60), event('DescribeInstances', 2)])
    const result = await run(e, clock)
    expect(result.incomplete).toBeUndefined()
    expect(result.found).toBe(false)
    expect(e.stats().sts.getCallerIdentityRegions.sort()).toEqual(['eu-west-2', 'us-east-1'])
    const fresh = result.athena?.freshness
    expect(fresh?.mode).toBe('marker')
    expect(fresh?.markers.map(m => [m.region, m.problem])).toEqual([
      ['eu-west-2', null],
      ['us-east-1', null]
    ])
    // The marker's batch is cut on the 5-minute grid: found about five minutes after the call.
    expect(fresh?.markers[0]?.foundAfterMs).toBeGreaterThanOrEqual(4 * MINUTE)
    expect(fresh?.polls).toBeGreaterThan(1)
    expect(result.athena?.queries.map(q => q.part)).toEqual(['older part', 'fresh part'])
    // The emulator does not answer GetQueryRuntimeStatistics: said once for the run, not once a query.
    expect(result.athena?.warnings.filter(w => w.includes("Athena's own count"))).toHaveLength(1)
    expect(result.coverage.every(c => c.complete)).toBe(true)
    expect(result.athena?.trail).toMatchObject({ trails: [{ name: 'audit', isLogging: true }], gaps: [] })
  })

  it('finds a management event made just before the run and delivered late', async () => {
    const clock = virtualClock()
    const e = await emulator(clock, [event('RunInstances', 60), event('TerminateInstances', 1, 3)])
    const result = await run(e, clock, { region: 'eu-west-2', includeGlobalEvents: 'false' })
    expect(result.incomplete).toBeUndefined()
    expect(result.events.map(ev => ev.EventName)).toEqual(['TerminateInstances'])
    expect(e.stats().sts.getCallerIdentityRegions).toEqual(['eu-west-2'])
  })

  it('finds a data event delivered late, which LookupEvents never shows', async () => {
    const clock = virtualClock()
    const read = {
      ...makeDataEvent({
        principal: deployer,
        bucket: 'secrets',
        key: 'db',
        region: 'eu-west-2',
        time: START - MINUTE
      }),
      deliveryDelayMs: 3 * MINUTE
    }
    const e = await emulator(clock, [event('RunInstances', 60), read])
    const result = await run(e, clock, { region: 'eu-west-2', includeGlobalEvents: 'false' })
    expect(result.incomplete).toBeUndefined()
    expect(result.events.map(ev => [ev.EventName, ev.EventSource])).toEqual([
      ['GetObject', 's3.amazonaws.com']
    ])
  })

  it('fails closed within delivery-timeout-minutes when a marker never reaches S3, saying up to when', async () => {
    const clock = virtualClock()
    const e = await emulator(
      clock,
      [event('RunInstances', 60)],
      {},
      {
        neverDeliver: (r: EmulatorRecord) => r.EventName === 'GetCallerIdentity'
      }
    )
    const result = await run(e, clock, {
      region: 'eu-west-2',
      includeGlobalEvents: 'false',
      deliveryTimeoutMinutes: '2'
    })
    expect(result.found).toBe(false)
    expect(result.incomplete?.code).toBe('delivery')
    expect(result.incomplete?.reason).toMatch(
      /proven up to 2026-04-01T11:30:00Z .*not after it: eu-west-2: the marker \(STS GetCallerIdentity, request ID \S+, at 2026-04-01T12:00:\d\dZ\) was not in the table after 2 minutes/
    )
    expect(result.athena?.freshness?.markers[0]?.problem).toMatch(/not in the table/)
  })

  it('places no marker for a window that ended long enough ago', async () => {
    const clock = virtualClock()
    const e = await emulator(clock, [event('TerminateInstances', 180)])
    const result = await run(e, clock, { createdBefore: new Date(START - 120 * MINUTE).toISOString() })
    expect(result.incomplete).toBeUndefined()
    expect(result.events).toHaveLength(1)
    expect(e.stats().sts.getCallerIdentityRegions).toEqual([])
    expect(result.athena?.freshness?.mode).toBe('old-window')
    expect(result.athena?.queries.map(q => q.part)).toEqual(['window'])
  })
})

describe('trail gaps', () => {
  const stop = (minutesAgo: number, name: 'StopLogging' | 'StartLogging' | 'UpdateTrail'): EmulatorRecord =>
    makeTrailEvent({
      principal: admin,
      eventName: name,
      trail: 'audit',
      region: 'eu-west-2',
      time: START - minutesAgo * MINUTE
    })
  const old = {
    region: 'eu-west-2',
    includeGlobalEvents: 'false',
    createdBefore: new Date(START - 60 * MINUTE).toISOString()
  }

  it('a stopped-logging period is not covered, and the summary names it', async () => {
    const clock = virtualClock()
    const e = await emulator(clock, [
      event('RunInstances', 200),
      stop(180, 'StopLogging'),
      event('TerminateInstances', 150),
      stop(120, 'StartLogging')
    ])
    const result = await run(e, clock, old)
    // The TerminateInstances of the stopped period never reached S3: nothing to find, and no clean verdict.
    expect(result.found).toBe(false)
    expect(result.incomplete?.code).toBe('not-covered')
    expect(result.incomplete?.reason).toMatch(
      /did not log all of the window: audit 2026-04-01T09:00:01Z to 2026-04-01T10:00:01Z \(StopLogging by arn:aws:iam::123456789012:user\/admin/
    )
    expect(result.athena?.trail?.gaps).toHaveLength(1)
    expect(result.coverage[0]?.gaps.length).toBeGreaterThan(0)
  })

  it('is accepted with athena-accept-trail-gaps, and still shown', async () => {
    const clock = virtualClock()
    const e = await emulator(clock, [stop(180, 'StopLogging'), stop(120, 'StartLogging')])
    const result = await run(e, clock, { ...old, athenaAcceptTrailGaps: 'true' })
    expect(result.incomplete).toBeUndefined()
    expect(result.athena?.trail).toMatchObject({ accepted: true, gaps: [{ trail: 'audit' }] })
  })

  it('only warns about a change it cannot tie to the bucket (DescribeTrails and GetTrail denied)', async () => {
    const clock = virtualClock()
    const e = await emulator(clock, [stop(180, 'UpdateTrail')], {
      trailAccessDenied: ['DescribeTrails', 'GetTrail', 'GetTrailStatus']
    })
    const result = await run(e, clock, old)
    expect(result.incomplete).toBeUndefined()
    expect(result.athena?.trail?.warnings.join(' ')).toMatch(
      /UpdateTrail at 2026-04-01T09:00:01Z names the trail audit, which the gate cannot tie to the table's bucket \(cloudtrail:DescribeTrails is not allowed/
    )
    expect(result.athena?.trail?.problem).toMatch(/DescribeTrails is not allowed/)
  })

  it('a trail not logging now leaves the window from its stop uncovered', async () => {
    const clock = virtualClock()
    const e = await emulator(clock, [event('RunInstances', 100)], { trails: [{ ...TRAIL, logging: false }] })
    const result = await run(e, clock, old)
    expect(result.incomplete?.code).toBe('not-covered')
    expect(result.athena?.trail?.trails[0]).toMatchObject({ name: 'audit', isLogging: false })
    expect(result.incomplete?.reason).toMatch(/GetTrailStatus: not logging/)
  })
})
