// Live delivery to trail files, through the real SDK over HTTP with an injected emulator clock: the gate's delivery
// marker (STS GetCallerIdentity) reaches the Athena table only once its ~5-minute batch is delivered, late events
// land in the folder of their delivery day, and a marker told never to arrive stays out.
import { afterAll, afterEach, describe, expect, it } from '@jest/globals'
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail'
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import { cloudTrailTables, makeDataEvent } from '../emulator/athena/index.js'
import { iamUser, makeRecord, type EmulatorRecord } from '../emulator/records.js'
import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator/server.js'
import { athenaClient } from '../__fixtures__/athena.js'
import {
  ACCOUNT,
  BUCKET,
  Clock,
  MINUTE,
  cloudTrail,
  query,
  removeRoots,
  rowsOf,
  sts,
  submit,
  tempRoot
} from '../__fixtures__/athena-live.js'

const roots: string[] = []
const emulators: Emulator[] = []
const TRAIL = { name: 'audit', s3BucketName: BUCKET, homeRegion: 'eu-west-2' }
const MARKER_SQL =
  'SELECT eventname, requestid, "timestamp" FROM logs_rp WHERE region = ? AND "timestamp" = ? AND requestid = ?'

afterEach(async () => {
  await Promise.all(emulators.splice(0).map(e => e.close()))
})
afterAll(() => removeRoots(roots))

async function emulator(
  clock: Clock,
  delivery: Partial<NonNullable<EmulatorOptions['athena']>['delivery']> = {},
  options: EmulatorOptions = {}
): Promise<Emulator> {
  const root = tempRoot(roots)
  const tables = cloudTrailTables({ bucket: BUCKET, account: ACCOUNT, regions: ['eu-west-2', 'us-east-1'] })
  const e = await startEmulator({
    requestsPerSecond: 0,
    now: clock.now,
    ...options,
    athena: { root, tables, queuedMs: 5, minRunningMs: 5, delivery: { trail: TRAIL, ...delivery } }
  })
  emulators.push(e)
  return e
}

describe('the delivery marker', () => {
  it('shows in the table on its requestid only once its batch is delivered, in the newest partition', async () => {
    const clock = new Clock(Date.parse('2026-04-01T12:00:01.500Z'))
    const e = await emulator(clock)
    const marker = await sts(e.url).send(new GetCallerIdentityCommand({}))
    const requestId = marker.$metadata.requestId ?? ''
    const params = ["'eu-west-2'", "'2026/04/01'", `'${requestId}'`]
    const athena = athenaClient(e.url)
    // The batch is cut on the 5-minute grid after the call.
    expect(e.trail?.nextDeliveryAt()).toBe(Date.parse('2026-04-01T12:05:00Z'))
    expect(await query(athena, MARKER_SQL, params)).toEqual([])
    clock.set('2026-04-01T12:04:59.999Z')
    expect(await query(athena, MARKER_SQL, params)).toEqual([])
    clock.set('2026-04-01T12:05:00Z')
    expect(await query(athena, MARKER_SQL, params)).toEqual([['GetCallerIdentity', requestId, '2026/04/01']])
    const [file] = e.trail?.files() ?? []
    expect(file?.key).toMatch(
      /^AWSLogs\/123456789012\/CloudTrail\/eu-west-2\/2026\/04\/01\/123456789012_CloudTrail_eu-west-2_20260401T1205Z_[0-9A-F]{16}\.json\.gz$/
    )
    // LookupEvents (delay 0 here) showed it from the start; the file is the trail's own, later copy.
    const lookup = await cloudTrail(e.url).send(new LookupEventsCommand({}))
    expect(lookup.Events?.map(ev => ev.EventName)).toContain('GetCallerIdentity')
    athena.destroy()
  })

  it('is not read by a query submitted before its file was delivered, and is by the next one', async () => {
    const clock = new Clock(Date.parse('2026-04-01T12:00:00Z'))
    const e = await emulator(clock, { fileIntervalMs: MINUTE })
    const marker = await sts(e.url).send(new GetCallerIdentityCommand({}))
    const params = ["'eu-west-2'", "'2026/04/01'", `'${marker.$metadata.requestId ?? ''}'`]
    const athena = athenaClient(e.url)
    const early = await submit(athena, MARKER_SQL, params)
    clock.set('2026-04-01T12:01:00Z')
    expect((await e.trail?.deliver())?.map(f => f.eventIds.length)).toEqual([1])
    expect(await rowsOf(athena, early)).toEqual([])
    expect(await query(athena, MARKER_SQL, params)).toHaveLength(1)
    athena.destroy()
  })

  it('never arrives when told so, while LookupEvents still shows it', async () => {
    const clock = new Clock(Date.parse('2026-04-01T12:00:00Z'))
    const e = await emulator(clock, { neverDeliver: r => r.EventName === 'GetCallerIdentity' })
    const marker = await sts(e.url).send(new GetCallerIdentityCommand({}))
    await cloudTrail(e.url).send(new LookupEventsCommand({}))
    clock.set('2026-04-01T13:00:00Z')
    await e.trail?.flush()
    const athena = athenaClient(e.url)
    const params = ["'eu-west-2'", "'2026/04/01'", `'${marker.$metadata.requestId ?? ''}'`]
    expect(await query(athena, MARKER_SQL, params)).toEqual([])
    // The LookupEvents call was delivered; only the marker is held back.
    expect(await query(athena, 'SELECT eventname FROM logs_rp')).toEqual([['LookupEvents']])
    expect(e.trail?.pendingRecords().map(p => p.record.EventName)).toEqual(['GetCallerIdentity'])
    athena.destroy()
  })

  it('can be held back after the call, and delivered late once released', async () => {
    const clock = new Clock(Date.parse('2026-04-01T12:00:00Z'))
    const e = await emulator(clock)
    await sts(e.url).send(new GetCallerIdentityCommand({}))
    const trail = e.trail
    if (trail === undefined) throw new Error('no live trail')
    trail.neverDeliver = r => r.EventName === 'GetCallerIdentity'
    clock.set('2026-04-01T12:30:00Z')
    expect(await trail.deliver()).toEqual([])
    expect(trail.nextDeliveryAt()).toBeUndefined()
    trail.neverDeliver = undefined
    const [file] = await trail.deliver()
    // Written at 12:30, but named and dated after the batch it was due in.
    expect(file?.key).toContain('_20260401T1205Z_')
    expect(file?.deliveredMs).toBe(Date.parse('2026-04-01T12:05:00Z'))
  })

  it('never arrives with an infinite delay', async () => {
    const clock = new Clock(Date.parse('2026-04-01T12:00:00Z'))
    const e = await emulator(clock, {}, { deliveryDelayMs: Infinity })
    await sts(e.url).send(new GetCallerIdentityCommand({}))
    clock.set('2026-04-02T12:00:00Z')
    expect(await e.trail?.flush()).toEqual([])
    expect(e.trail?.pendingRecords()).toEqual([])
  })
})

describe('late events', () => {
  const dev = iamUser(ACCOUNT, 'dev')
  const late = (time: string, delayMinutes: number): EmulatorRecord =>
    makeRecord({
      principal: dev,
      eventName: 'TerminateInstances',
      source: 'ec2',
      region: 'eu-west-2',
      time,
      resources: [{ type: 'AWS::EC2::Instance', name: 'i-1' }],
      deliveryDelayMs: delayMinutes * MINUTE
    })
  const read = (time: string, delayMinutes: number): EmulatorRecord => ({
    ...makeDataEvent({ principal: dev, bucket: 'secrets', key: 'db', region: 'eu-west-2', time }),
    deliveryDelayMs: delayMinutes * MINUTE
  })

  it('land in the folder of their delivery day, data events in files only', async () => {
    const clock = new Clock(Date.parse('2026-04-01T23:59:00Z'))
    const onTime = makeRecord({
      principal: dev,
      eventName: 'RunInstances',
      source: 'ec2',
      region: 'eu-west-2',
      time: '2026-04-01T23:00:00Z'
    })
    const e = await emulator(
      clock,
      {},
      { records: [onTime, late('2026-04-01T23:58:00Z', 6), read('2026-04-01T23:57:00Z', 10)] }
    )
    const athena = athenaClient(e.url)
    const day = (d: string): Promise<string[][]> =>
      query(
        athena,
        `SELECT eventname, eventcategory FROM logs_rp WHERE "timestamp" = '${d}' ORDER BY eventtime`
      )
    // Only records of the data set with their own delay go through the live trail (`dataset: 'late'`).
    expect(
      e.trail?.pendingRecords().map(p => [p.record.EventName, new Date(p.deliverAt).toISOString()])
    ).toEqual([
      ['TerminateInstances', '2026-04-02T00:05:00.000Z'],
      ['GetObject', '2026-04-02T00:10:00.000Z']
    ])
    clock.set('2026-04-02T00:05:00Z')
    expect(await day('2026/04/02')).toEqual([['TerminateInstances', 'Management']])
    clock.set('2026-04-02T00:10:00Z')
    expect(await day('2026/04/02')).toEqual([
      ['GetObject', 'Data'],
      ['TerminateInstances', 'Management']
    ])
    expect(await day('2026/04/01')).toEqual([])
    expect(
      e.trail?.files().map(f => f.key.split('/').slice(4, 7).join('/') + ' ' + f.key.split('_')[3])
    ).toEqual(['2026/04/02 20260402T0005Z', '2026/04/02 20260402T0010Z'])
    const lookup = await cloudTrail(e.url).send(
      new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'dev' }] })
    )
    expect(lookup.Events?.map(ev => ev.EventName).sort()).toEqual(['RunInstances', 'TerminateInstances'])
    athena.destroy()
  })

  it('can be added while the emulator runs, and every record of the data set with `dataset: all`', async () => {
    const clock = new Clock(Date.parse('2026-04-01T10:00:00Z'))
    const first = makeRecord({
      principal: dev,
      eventName: 'RunInstances',
      source: 'ec2',
      region: 'us-east-1',
      time: '2026-04-01T09:00:00Z'
    })
    const e = await emulator(clock, { dataset: 'all' }, { records: [first] })
    const athena = athenaClient(e.url)
    expect(await query(athena, 'SELECT eventname, region FROM logs_rp')).toEqual([
      ['RunInstances', 'us-east-1']
    ])
    e.trail?.add([read('2026-04-01T10:01:00Z', 0)])
    expect(await query(athena, "SELECT eventname FROM logs_rp WHERE eventcategory = 'Data'")).toEqual([])
    clock.set('2026-04-01T10:05:00Z')
    expect(await query(athena, "SELECT eventname FROM logs_rp WHERE eventcategory = 'Data'")).toEqual([
      ['GetObject']
    ])
    athena.destroy()
  })
})
