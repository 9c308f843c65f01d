// Live delivery on the standalone Athena emulator and through the control routes a child process can reach, and
// Athena calls recorded as CloudTrail events of their caller (the `recordCalls` option).
import { afterAll, describe, expect, it } from '@jest/globals'
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail'
import { cloudTrailTables, makeDataEvent, startAthenaEmulator } from '../emulator/athena/index.js'
import { iamUser } from '../emulator/records.js'
import { startEmulator } from '../emulator/server.js'
import { athenaClient } from '../__fixtures__/athena.js'
import {
  ACCOUNT,
  BUCKET,
  Clock,
  MINUTE,
  cloudTrail,
  query,
  removeRoots,
  tempRoot
} from '../__fixtures__/athena-live.js'

const roots: string[] = []
afterAll(() => removeRoots(roots))

const tables = cloudTrailTables({ bucket: BUCKET, account: ACCOUNT, regions: ['eu-west-2'] })
const trail = { name: 'audit', s3BucketName: BUCKET, s3KeyPrefix: 'org/ct' }
const read = (time: string): ReturnType<typeof makeDataEvent> =>
  makeDataEvent({
    principal: iamUser(ACCOUNT, 'dev'),
    bucket: 'secrets',
    key: 'db',
    region: 'eu-west-2',
    time
  })

async function control(url: string, path: string, method = 'GET'): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}${path}`, { method })
  expect(response.status).toBe(200)
  return (await response.json()) as Record<string, unknown>
}

describe('the standalone Athena emulator', () => {
  it('writes its records after the 5-minute default delay, under the trail key prefix', async () => {
    const clock = new Clock(Date.parse('2026-04-01T12:00:00Z'))
    const prefixed = tables.map(t => ({ ...t, keyPrefix: 'org/ct' }))
    const e = await startAthenaEmulator({
      root: tempRoot(roots),
      tables: prefixed,
      now: clock.now,
      queuedMs: 5,
      minRunningMs: 5,
      // Due at the start (11:00 + 5 min): written then. Due later: pending.
      delivery: { trail, records: [read('2026-04-01T11:00:00Z'), read('2026-04-01T11:58:00Z')] }
    })
    const athena = athenaClient(e.url)
    const count = async (): Promise<string[][]> => query(athena, 'SELECT count(*) AS n FROM logs_pp')
    expect(await count()).toEqual([['1']])
    const state = await control(e.url, '/__emulator/trail')
    expect(state['trail']).toBe(`arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/audit`)
    expect(state['pending']).toEqual([
      expect.objectContaining({ eventName: 'GetObject', deliverAt: '2026-04-01T12:05:00.000Z' })
    ])
    expect(state['nextDeliveryAt']).toBe('2026-04-01T12:05:00.000Z')
    const none = await control(e.url, '/__emulator/trail/deliver', 'POST')
    expect(none['files']).toEqual([])
    const flushed = await control(e.url, '/__emulator/trail/flush', 'POST')
    expect(flushed['files']).toEqual([
      expect.objectContaining({
        key: expect.stringMatching(/^org\/ct\/AWSLogs\/123456789012\/CloudTrail\/eu-west-2\/2026\/04\/01\//),
        records: 1,
        deliveredAt: '2026-04-01T12:00:00.000Z'
      })
    ])
    expect(await count()).toEqual([['2']])
    athena.destroy()
    await e.close()
  })

  it('answers 404 on the trail routes without a live trail, and registers partitions on request', async () => {
    const e = await startAthenaEmulator({ root: tempRoot(roots), tables })
    expect((await fetch(`${e.url}/__emulator/trail`)).status).toBe(404)
    const registered = await fetch(`${e.url}/__emulator/athena/partitions`, { method: 'POST' })
    expect(await registered.json()).toEqual([])
    await e.close()
  })
})

describe('Athena calls recorded as CloudTrail events', () => {
  it('with recordCalls: in LookupEvents and, after their delay, in the trail files', async () => {
    const clock = new Clock(Date.parse('2026-04-01T12:00:00Z'))
    const e = await startEmulator({
      now: clock.now,
      requestsPerSecond: 0,
      athena: {
        root: tempRoot(roots),
        tables,
        queuedMs: 5,
        minRunningMs: 5,
        recordCalls: true,
        delivery: { trail: { name: 'audit', s3BucketName: BUCKET }, fileIntervalMs: MINUTE }
      }
    })
    const athena = athenaClient(e.url)
    const noTrailFiles = await query(athena, 'SELECT eventname FROM logs_pp')
    expect(noTrailFiles).toEqual([])
    const lookup = await cloudTrail(e.url).send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'athena.amazonaws.com' }]
      })
    )
    const names = new Set(lookup.Events?.map(ev => ev.EventName))
    expect([...names].sort()).toEqual(['GetQueryExecution', 'GetQueryResults', 'StartQueryExecution'])
    const start = lookup.Events?.find(ev => ev.EventName === 'StartQueryExecution')
    expect(start?.ReadOnly).toBe('false')
    expect(start?.Username).toBe('emulator-user')
    clock.set('2026-04-01T12:01:00Z')
    const inFiles = await query(
      athena,
      "SELECT eventid FROM logs_pp WHERE eventsource = 'athena.amazonaws.com'"
    )
    expect(inFiles.map(([id]) => id).sort()).toEqual((lookup.Events ?? []).map(ev => ev.EventId).sort())
    athena.destroy()
    await e.close()
  })
})
