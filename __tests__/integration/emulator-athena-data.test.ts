// The trail files the Athena emulator reads: names and folders as CloudTrail writes them, the benchmark's year,
// and the templates that serialise it.
import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { gunzipSync } from 'node:zlib'
import { makeRecord, roleSession } from '../../emulator/records.js'
import { bytesOfDays, generateYear } from '../../emulator/athena/bench-data.js'
import { EventTemplate } from '../../emulator/athena/templates.js'
import { makeDataEvent, startAthenaEmulator, writeTrailLogs } from '../../emulator/athena/index.js'
import { athenaSample } from '../../emulator/athena/sample.js'
import { sampleDataset } from '../../emulator/sample.js'
import { athenaClient } from '../../__fixtures__/athena.js'
import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand
} from '@aws-sdk/client-athena'

const roots: string[] = []
const tempRoot = (): string => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'athena-data-'))
  roots.push(root)
  return root
}
afterAll(() => roots.forEach(root => rmSync(root, { recursive: true, force: true })))

const session = roleSession('123456789012', 'deploy', 'GitHubActions')

describe('writeTrailLogs', () => {
  it('names files as CloudTrail does and folders them by delivery day', async () => {
    const root = tempRoot()
    const late = makeRecord({
      principal: session,
      eventName: 'CreateTags',
      source: 'ec2',
      region: 'eu-west-2',
      time: '2025-03-01T23:58:00Z'
    })
    const files = await writeTrailLogs([late], { root, bucket: 'b' })
    expect(files).toHaveLength(1)
    expect(files[0]?.key).toMatch(
      /^AWSLogs\/123456789012\/CloudTrail\/eu-west-2\/2025\/03\/02\/123456789012_CloudTrail_eu-west-2_20250302T0005Z_[0-9A-F]{16}\.json\.gz$/
    )
    const body = JSON.parse(gunzipSync(readFileSync(files[0]?.path ?? '')).toString('utf8')) as {
      Records: unknown[]
    }
    expect(body.Records).toEqual([late.cloudTrailEvent])
    const earlier = makeRecord({
      principal: session,
      eventName: 'CreateTags',
      source: 'ec2',
      region: 'eu-west-2',
      time: '2025-03-01T23:50:00Z'
    })
    const onTime = await writeTrailLogs([earlier], { root, bucket: 'b' }, { deliveryDelayMs: 60_000 })
    expect(onTime[0]?.key).toMatch(/\/2025\/03\/01\/123456789012_CloudTrail_eu-west-2_20250301T2355Z_/)
  })

  it('writes the organization layout under the org id', async () => {
    const event = makeDataEvent({
      principal: session,
      bucket: 's',
      key: 'k',
      region: 'us-east-1',
      time: '2025-03-01T10:00:00Z'
    })
    const files = await writeTrailLogs([event], { root: tempRoot(), bucket: 'b', organizationId: 'o-abc123' })
    expect(files[0]?.key).toMatch(/^AWSLogs\/o-abc123\/123456789012\/CloudTrail\/us-east-1\/2025\/03\/01\//)
  })
})

describe('EventTemplate', () => {
  it('fills to exactly what makeRecord builds, but for the request id', () => {
    const spec = { principal: session, eventName: 'TerminateInstances', source: 'ec2', region: 'eu-west-2' }
    const time = Date.parse('2025-07-04T13:14:15Z')
    const eventId = '11111111-2222-4333-a444-555555555555'
    const filled = JSON.parse(new EventTemplate(spec).fill({ time, eventId, requestId: 'req-1' })) as Record<
      string,
      unknown
    >
    const built = makeRecord({ ...spec, time, eventId }).cloudTrailEvent as Record<string, unknown>
    expect(filled).toEqual({ ...built, requestID: 'req-1' })
  })
})

describe('generateYear', () => {
  it('spreads the records over the days and Regions, with delivery-day folders, and reuses a complete run', async () => {
    const root = tempRoot()
    const end = new Date('2025-06-01T00:00:00Z')
    const options = { root, records: 2_000, days: 10, end, forbiddenEvery: 500, dataEvery: 700 }
    const year = await generateYear(options)
    expect(year.files.reduce((sum, f) => sum + f.records, 0)).toBe(2_000)
    expect(year.forbidden).toBe(4)
    expect(year.dataEvents).toBe(2)
    const days = new Set(year.files.map(f => f.day))
    // Ten event days; the last hour's files are delivered on the day after.
    expect([...days].sort()).toEqual([
      '2025/05/22',
      '2025/05/23',
      '2025/05/24',
      '2025/05/25',
      '2025/05/26',
      '2025/05/27',
      '2025/05/28',
      '2025/05/29',
      '2025/05/30',
      '2025/05/31',
      '2025/06/01'
    ])
    expect(new Set(year.files.map(f => f.region))).toEqual(new Set(['eu-west-2', 'us-east-1']))
    expect(bytesOfDays(year, ['2025/05/22'], ['eu-west-2'])).toBeGreaterThan(0)
    const again = await generateYear(options)
    expect(again.generatedMs).toBe(year.generatedMs)
  })
})

describe('athenaSample (npm run emulator -- --athena, the demo)', () => {
  it('serves the sample data plus the S3 data events, the oldest beyond 90 days', async () => {
    const now = new Date('2025-06-01T12:00:00Z')
    const sample = await athenaSample(sampleDataset(now), now)
    roots.push(sample.options.root)
    const emulator = await startAthenaEmulator({ ...sample.options, queuedMs: 5, minRunningMs: 5 })
    const athena = athenaClient(emulator.url)
    try {
      const { QueryExecutionId } = await athena.send(
        new StartQueryExecutionCommand({
          QueryString: `SELECT useridentity.arn AS arn, eventtime FROM cloudtrail.logs_plain WHERE eventcategory = 'Data' ORDER BY eventtime`
        })
      )
      let state: string | undefined
      do {
        await new Promise(resolve => setTimeout(resolve, 20))
        state = (await athena.send(new GetQueryExecutionCommand({ QueryExecutionId }))).QueryExecution?.Status
          ?.State
      } while (state === 'QUEUED' || state === 'RUNNING')
      const page = await athena.send(new GetQueryResultsCommand({ QueryExecutionId }))
      expect(page.ResultSet?.Rows?.slice(1).map(r => r.Data?.map(d => d.VarCharValue))).toEqual([
        ['arn:aws:iam::123456789012:user/deploy-bot', '2024-11-13T12:00:00Z'],
        ['arn:aws:sts::123456789012:assumed-role/deploy-prod/GitHubActions', '2025-05-30T12:00:00Z']
      ])
    } finally {
      athena.destroy()
      await emulator.close()
    }
  })
})
