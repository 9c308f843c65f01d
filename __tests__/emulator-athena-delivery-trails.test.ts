// Trail metadata and trail gaps, through the real @aws-sdk/client-cloudtrail over HTTP: DescribeTrails, GetTrail,
// GetTrailStatus (shadow trails, names and ARNs, AccessDenied), and StopLogging / StartLogging / DeleteTrail events
// that really leave records out of the trail's files.
import { afterAll, afterEach, describe, expect, it } from '@jest/globals'
import {
  DescribeTrailsCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  ListTrailsCommand
} from '@aws-sdk/client-cloudtrail'
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import { cloudTrailTables, makeTrailEvent } from '../emulator/athena/index.js'
import { iamUser, makeRecord, type EmulatorRecord } from '../emulator/records.js'
import { startEmulator, type Emulator, type EmulatorOptions, type TrailSpec } from '../emulator/server.js'
import { athenaClient } from '../__fixtures__/athena.js'
import { failure } from '../__fixtures__/failure.js'
import {
  ACCOUNT,
  BUCKET,
  Clock,
  cloudTrail,
  query,
  removeRoots,
  sts,
  tempRoot
} from '../__fixtures__/athena-live.js'

const roots: string[] = []
const emulators: Emulator[] = []
afterEach(async () => {
  await Promise.all(emulators.splice(0).map(e => e.close()))
})
afterAll(() => removeRoots(roots))

const AUDIT: TrailSpec = { name: 'audit', s3BucketName: BUCKET, homeRegion: 'eu-west-2' }
const AUDIT_ARN = `arn:aws:cloudtrail:eu-west-2:${ACCOUNT}:trail/audit`
const LOCAL: TrailSpec = {
  name: 'local-only',
  s3BucketName: 'other-bucket',
  s3KeyPrefix: 'ct',
  homeRegion: 'us-east-1',
  isMultiRegionTrail: false,
  logging: false,
  latestDeliveryError: 'NoSuchBucket'
}
const admin = iamUser(ACCOUNT, 'admin')

async function emulator(clock: Clock, options: EmulatorOptions = {}): Promise<Emulator> {
  const root = tempRoot(roots)
  const tables = cloudTrailTables({ bucket: BUCKET, account: ACCOUNT, regions: ['eu-west-2'] })
  const e = await startEmulator({
    requestsPerSecond: 0,
    now: clock.now,
    trails: [AUDIT, LOCAL],
    ...options,
    athena: { root, tables, queuedMs: 5, minRunningMs: 5, delivery: { trail: AUDIT, dataset: 'all' } }
  })
  emulators.push(e)
  return e
}

describe('DescribeTrails, GetTrail, GetTrailStatus', () => {
  it('show a multi-Region trail everywhere and a single-Region trail in its home Region only', async () => {
    const e = await emulator(new Clock(Date.parse('2026-04-01T12:00:00Z')))
    const names = async (region: string, includeShadowTrails?: boolean): Promise<string[]> => {
      const out = await cloudTrail(e.url, region).send(new DescribeTrailsCommand({ includeShadowTrails }))
      return (out.trailList ?? []).map(t => t.Name ?? '')
    }
    expect(await names('eu-west-2')).toEqual(['audit'])
    expect(await names('us-east-1')).toEqual(['audit', 'local-only'])
    expect(await names('us-east-1', false)).toEqual(['local-only'])
    const [audit] =
      (await cloudTrail(e.url).send(new DescribeTrailsCommand({ trailNameList: [AUDIT_ARN] }))).trailList ??
      []
    expect(audit).toEqual({
      Name: 'audit',
      S3BucketName: BUCKET,
      IncludeGlobalServiceEvents: true,
      IsMultiRegionTrail: true,
      HomeRegion: 'eu-west-2',
      TrailARN: AUDIT_ARN,
      LogFileValidationEnabled: false,
      HasCustomEventSelectors: false,
      HasInsightSelectors: false,
      IsOrganizationTrail: false
    })
    const listed = await cloudTrail(e.url, 'ap-south-1').send(new ListTrailsCommand({}))
    expect(listed.Trails?.map(t => t.TrailARN)).toEqual([AUDIT_ARN])
  })

  it('find a trail by name in its home Region and by ARN elsewhere, as CloudTrail does', async () => {
    const e = await emulator(new Clock(Date.parse('2026-04-01T12:00:00Z')))
    const home = await cloudTrail(e.url).send(new GetTrailCommand({ Name: 'audit' }))
    expect(home.Trail?.TrailARN).toBe(AUDIT_ARN)
    const away = cloudTrail(e.url, 'us-east-1')
    expect(await failure(away.send(new GetTrailCommand({ Name: 'audit' })))).toEqual({
      name: 'TrailNotFoundException',
      status: 400
    })
    expect((await away.send(new GetTrailStatusCommand({ Name: AUDIT_ARN }))).IsLogging).toBe(true)
    const local = await away.send(new GetTrailCommand({ Name: 'local-only' }))
    expect(local.Trail).toMatchObject({
      S3KeyPrefix: 'ct',
      IsMultiRegionTrail: false,
      HomeRegion: 'us-east-1'
    })
    const status = await away.send(new GetTrailStatusCommand({ Name: 'local-only' }))
    expect(status).toMatchObject({ IsLogging: false, LatestDeliveryError: 'NoSuchBucket' })
    expect(await failure(away.send(new GetTrailCommand({ Name: 'x' })))).toEqual({
      name: 'InvalidTrailNameException',
      status: 400
    })
  })

  it('answer AccessDenied to the operations denied, by option, method or control route', async () => {
    const e = await emulator(new Clock(Date.parse('2026-04-01T12:00:00Z')), {
      trailAccessDenied: ['GetTrail']
    })
    const recorded: string[] = []
    e.onRecordedCall(r => {
      const { errorCode } = r.cloudTrailEvent as { errorCode?: string }
      recorded.push(`${r.EventName} ${errorCode ?? 'ok'}`)
    })
    const client = cloudTrail(e.url)
    expect(await failure(client.send(new GetTrailCommand({ Name: 'audit' })))).toEqual({
      name: 'AccessDeniedException',
      status: 400
    })
    expect((await client.send(new GetTrailStatusCommand({ Name: 'audit' }))).IsLogging).toBe(true)
    e.setTrailAccessDenied(['DescribeTrails'])
    expect((await client.send(new GetTrailCommand({ Name: 'audit' }))).Trail?.Name).toBe('audit')
    expect(await failure(client.send(new DescribeTrailsCommand({})))).toEqual({
      name: 'AccessDeniedException',
      status: 400
    })
    const set = await fetch(`${e.url}/__emulator/cloudtrail/access-denied`, {
      method: 'POST',
      body: JSON.stringify(['GetTrailStatus'])
    })
    expect(set.status).toBe(200)
    for (const body of ['not json', '["LookupEvents"]']) {
      const bad = await fetch(`${e.url}/__emulator/cloudtrail/access-denied`, { method: 'POST', body })
      expect(bad.status).toBe(400)
    }
    expect((await failure(client.send(new GetTrailStatusCommand({ Name: 'audit' })))).name).toBe(
      'AccessDeniedException'
    )
    // Every call is recorded as CloudTrail records it, denied ones with their errorCode.
    expect(recorded).toEqual([
      'GetTrail AccessDeniedException',
      'GetTrailStatus ok',
      'GetTrail ok',
      'DescribeTrails AccessDeniedException',
      'GetTrailStatus AccessDeniedException'
    ])
  })

  it('accept the AWS CLI target prefix too', async () => {
    const e = await emulator(new Clock(Date.parse('2026-04-01T12:00:00Z')))
    const response = await fetch(e.url, {
      method: 'POST',
      headers: {
        'X-Amz-Target': 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.GetTrailStatus',
        'Content-Type': 'application/x-amz-json-1.1',
        Authorization:
          'AWS4-HMAC-SHA256 Credential=AKIDCLI/20260401/eu-west-2/cloudtrail/aws4_request, SignedHeaders=host, Signature=0'
      },
      body: JSON.stringify({ Name: 'audit' })
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ IsLogging: true })
  })
})

describe('trail gaps', () => {
  const at = (time: string, eventName = 'RunInstances'): EmulatorRecord =>
    makeRecord({ principal: admin, eventName, source: 'ec2', region: 'eu-west-2', time })
  const change = (
    time: string,
    eventName: 'StopLogging' | 'StartLogging' | 'DeleteTrail',
    trail = 'audit'
  ): EmulatorRecord => makeTrailEvent({ principal: admin, eventName, trail, region: 'eu-west-2', time })

  it('leave the records of a stopped period out of the files, but keep the switching events', async () => {
    const clock = new Clock(Date.parse('2026-04-01T11:00:00Z'))
    const records = [
      at('2026-04-01T10:00:00Z', 'CreateTags'),
      change('2026-04-01T10:10:00Z', 'StopLogging'),
      at('2026-04-01T10:20:00Z', 'TerminateInstances'),
      change('2026-04-01T10:30:00Z', 'StartLogging', AUDIT_ARN),
      at('2026-04-01T10:40:00Z', 'DeleteTags'),
      // A failed StopLogging switches nothing.
      makeTrailEvent({
        principal: admin,
        eventName: 'StopLogging',
        trail: 'audit',
        region: 'eu-west-2',
        time: '2026-04-01T10:45:00Z',
        errorCode: 'AccessDenied'
      }),
      at('2026-04-01T10:50:00Z', 'StopInstances')
    ]
    const e = await emulator(clock, { records })
    const athena = athenaClient(e.url)
    const rows = await query(athena, 'SELECT eventname, errorcode FROM logs_pp ORDER BY eventtime')
    expect(rows).toEqual([
      ['CreateTags', '<null>'],
      ['StopLogging', '<null>'],
      ['StartLogging', '<null>'],
      ['DeleteTags', '<null>'],
      ['StopLogging', 'AccessDenied'],
      ['StopInstances', '<null>']
    ])
    expect(e.trail?.notWritten().map(r => r.EventName)).toEqual(['TerminateInstances'])
    const status = await cloudTrail(e.url).send(new GetTrailStatusCommand({ Name: 'audit' }))
    expect(status.IsLogging).toBe(true)
    expect(status.StopLoggingTime?.toISOString()).toBe('2026-04-01T10:10:00.000Z')
    expect(status.StartLoggingTime?.toISOString()).toBe('2026-04-01T10:30:00.000Z')
    athena.destroy()
  })

  it('stop the marker too once logging stops, and a deleted trail is gone', async () => {
    const clock = new Clock(Date.parse('2026-04-01T12:00:00Z'))
    const e = await emulator(clock, { records: [at('2026-04-01T11:00:00Z')] })
    const trail = e.trail
    if (trail === undefined) throw new Error('no live trail')
    trail.add([change('2026-04-01T12:00:00Z', 'StopLogging')])
    clock.set('2026-04-01T12:01:00Z')
    expect((await cloudTrail(e.url).send(new GetTrailStatusCommand({ Name: 'audit' }))).IsLogging).toBe(false)
    const marker = await sts(e.url).send(new GetCallerIdentityCommand({}))
    clock.set('2026-04-01T12:30:00Z')
    const athena = athenaClient(e.url)
    const found = await query(athena, 'SELECT eventname FROM logs_pp WHERE requestid = ?', [
      `'${marker.$metadata.requestId ?? ''}'`
    ])
    expect(found).toEqual([])
    expect(trail.notWritten().map(r => r.EventName)).toContain('GetCallerIdentity')
    const status = await cloudTrail(e.url).send(new GetTrailStatusCommand({ Name: 'audit' }))
    expect(status.LatestDeliveryTime?.toISOString()).toBe('2026-04-01T12:05:00.000Z')
    trail.add([change('2026-04-01T12:30:00Z', 'DeleteTrail')])
    expect(await failure(cloudTrail(e.url).send(new GetTrailCommand({ Name: 'audit' })))).toEqual({
      name: 'TrailNotFoundException',
      status: 400
    })
    athena.destroy()
  })
})
