import { afterAll, afterEach, describe, expect, it, jest } from '@jest/globals'
import { cloudTrailTables, makeDataEvent, makeTrailEvent } from '../../emulator/athena/index.js'
import { iamUser, makeRecord, roleSession, type EmulatorRecord } from '../../emulator/records.js'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { ACCOUNT, BUCKET, removeRoots, tempRoot } from '../../__fixtures__/athena-live.js'
import { runAction, runCli } from '../../__fixtures__/runner.js'

// `source: athena` with its default window (it ends now), as a runner runs the bundle: the emulator delivers the
// trail's files in real time on a 2-second grid, so the action's markers reach the table seconds after they are
// made; late events are delivered a few seconds after the run starts, after the older part has been read.

jest.setTimeout(120_000)

const SECOND = 1000
const TRAIL = { name: 'audit', s3BucketName: BUCKET, homeRegion: 'eu-west-2' }
const deployer = roleSession(ACCOUNT, 'deploy', 'GitHubActions')
const admin = iamUser(ACCOUNT, 'admin')
const roots: string[] = []
const emulators: Emulator[] = []

afterEach(async () => {
  await Promise.all(emulators.splice(0).map(e => e.close()))
})
afterAll(() => removeRoots(roots))

async function emulator(records: EmulatorRecord[], neverMarker = false): Promise<Emulator> {
  const e = await startEmulator({
    records,
    requestsPerSecond: 0,
    trails: [TRAIL],
    athena: {
      root: tempRoot(roots),
      tables: cloudTrailTables({ bucket: BUCKET, account: ACCOUNT, regions: ['eu-west-2', 'us-east-1'] }),
      queuedMs: 20,
      minRunningMs: 50,
      delivery: {
        trail: TRAIL,
        dataset: 'all',
        delayMs: 0,
        fileIntervalMs: 2 * SECOND,
        ...(neverMarker && { neverDeliver: (r: EmulatorRecord) => r.EventName === 'GetCallerIdentity' })
      }
    }
  })
  emulators.push(e)
  return e
}

function env(e: Emulator): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_ATHENA: e.url,
    AWS_ENDPOINT_URL_GLUE: e.url,
    AWS_ENDPOINT_URL_STS: e.url,
    AWS_ENDPOINT_URL_CLOUDTRAIL: e.url,
    AWS_REGION: 'eu-west-2',
    AWS_ACCESS_KEY_ID: 'AKIDE2E',
    AWS_SECRET_ACCESS_KEY: 'secret'
  }
}

/** The action's defaults but for the table and the identity: no dates, so the window ends now. */
const inputs = {
  source: 'athena',
  'athena-table': 'cloudtrail.logs_rp',
  user: `arn:aws:iam::${ACCOUNT}:role/deploy`,
  events: 'TerminateInstances, s3:GetObject',
  'timeout-minutes': '2'
}

function event(name: string, ago: number, delay?: number): EmulatorRecord {
  return makeRecord({
    principal: deployer,
    eventName: name,
    source: 'ec2',
    region: 'eu-west-2',
    time: Date.now() - ago,
    ...(delay !== undefined && { deliveryDelayMs: delay })
  })
}

describe('source athena with the default window (bundled action, live delivery to S3)', () => {
  it('is clean once its markers show in the table, and says how it knows', async () => {
    const e = await emulator([event('RunInstances', 3_600 * SECOND), event('DescribeInstances', 60 * SECOND)])
    const run = await runAction(inputs, env(e))
    expect(run.code).toBe(0)
    expect(run.outputs['complete']).toBe('true')
    expect(run.outputs['found']).toBe('false')
    expect([...e.stats().sts.getCallerIdentityRegions].sort()).toEqual(['eu-west-2', 'us-east-1'])
    expect(run.stdout).toMatch(
      /Delivery to S3: a marker call \(STS GetCallerIdentity\) in eu-west-2, us-east-1/
    )
    expect(run.summary).toMatch(/<b>Delivery to S3 \(Amazon Athena\)<\/b> · proven: this run's markers found/)
    expect(run.summary).toMatch(/<b>Trail \(Amazon Athena\)<\/b> · audit logging, no gap/)
  })

  it('finds a management event delivered late, after the older part was read', async () => {
    // Made just before the run, its file due 4 s after it: after the run's first query, before its markers.
    const e = await emulator([
      event('RunInstances', 3_600 * SECOND),
      event('TerminateInstances', SECOND, 4 * SECOND)
    ])
    const run = await runAction(inputs, env(e))
    expect(run.code).toBe(1)
    expect(run.outputs['complete']).toBe('true')
    expect(run.stdout).toMatch(/::error::Forbidden CloudTrail events found .*TerminateInstances ×1/)
  })

  it('finds a data event delivered late, which LookupEvents never shows', async () => {
    const read = {
      ...makeDataEvent({
        principal: deployer,
        bucket: 'secrets',
        key: 'db',
        region: 'eu-west-2',
        time: Date.now() - SECOND
      }),
      deliveryDelayMs: 4 * SECOND
    }
    const e = await emulator([event('RunInstances', 3_600 * SECOND), read])
    const run = await runAction(inputs, env(e))
    expect(run.code).toBe(1)
    expect(run.outputs['complete']).toBe('true')
    expect(JSON.parse(run.outputs['events'] ?? '[]')).toMatchObject([
      { EventName: 'GetObject', EventSource: 's3.amazonaws.com', Forbidden: true }
    ])
  })

  it('fails closed within delivery-timeout-minutes when its marker never reaches S3', async () => {
    const e = await emulator([event('RunInstances', 3_600 * SECOND)], true)
    const run = await runAction(
      { ...inputs, region: 'eu-west-2', 'include-global-events': 'false', 'delivery-timeout-minutes': '0.2' },
      env(e)
    )
    expect(run.code).toBe(1)
    expect(run.outputs['complete']).toBe('false')
    expect(run.outputs['found']).not.toBe('false')
    expect(run.stdout).toMatch(
      /::error::CloudTrail scan incomplete in Athena \(cloudtrail\.logs_rp\): CloudTrail's delivery of the window to S3 is proven up to \S+Z .*not after it: eu-west-2: the marker \(STS GetCallerIdentity, request ID \S+, at \S+Z\) was not in the table after 12 seconds/
    )
    // The marker's own limit, not the run's 2-minute deadline; the rest is room for a loaded machine.
    expect(run.ms).toBeLessThan(60 * SECOND)
    expect(run.summary).toContain('not proven: the marker was not in the table after 12 seconds')
  })

  it('places no marker for a window that ended long enough ago', async () => {
    const e = await emulator([event('TerminateInstances', 3 * 3_600 * SECOND)], true)
    const run = await runAction(
      { ...inputs, created_before: new Date(Date.now() - 2 * 3_600 * SECOND).toISOString() },
      env(e)
    )
    expect(run.code).toBe(1)
    expect(run.outputs['complete']).toBe('true')
    expect(run.outputs['count']).toBe('1')
    expect(e.stats().sts.getCallerIdentityRegions).toEqual([])
    expect(run.summary).toContain('not needed: the window ended more than 30 minutes before the run')
  })

  it('reports a stopped-logging gap and does not call the window clean', async () => {
    const change = (name: 'StopLogging' | 'StartLogging', ago: number): EmulatorRecord =>
      makeTrailEvent({
        principal: admin,
        eventName: name,
        trail: 'audit',
        region: 'eu-west-2',
        time: Date.now() - ago
      })
    const e = await emulator([
      change('StopLogging', 7_200 * SECOND),
      event('TerminateInstances', 5_400 * SECOND),
      change('StartLogging', 3_600 * SECOND)
    ])
    const run = await runAction(inputs, env(e))
    expect(run.code).toBe(1)
    expect(run.outputs['complete']).toBe('false')
    expect(run.outputs['found']).not.toBe('false')
    expect(run.stdout).toMatch(
      /the trail writing s3:\/\/audit-trail\/ did not log all of the window: audit \S+Z to \S+Z \(StopLogging by arn:aws:iam::123456789012:user\/admin/
    )
    expect(run.summary).toContain('1 gap in what the trail logged: not covered')
  })
})

describe('the README CLI example with source athena', () => {
  it('ends with exit 0 on a clean identity, its window ending now', async () => {
    const e = await emulator([event('RunInstances', 3_600 * SECOND)])
    const run = await runCli(
      [
        ...['--source', 'athena', '--athena-table', 'cloudtrail.logs_rp', '--user', 'deploy-bot'],
        ...['--events', 's3:GetObject', '--created-after', '2026/01/01', '--athena-max-bytes-scanned', '50GB']
      ],
      env(e),
      90_000
    )
    expect(run.stderr).not.toMatch(/incomplete/i)
    expect(run.code).toBe(0)
  })
})
