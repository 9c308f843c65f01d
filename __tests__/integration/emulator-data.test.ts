// The emulator's data sets: the sample's traps are really there, heavy data is fast, specs load from JSON.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CloudTrailClient, LookupEventsCommand, type Event } from '@aws-sdk/client-cloudtrail'
import {
  DEPLOY_BOT,
  INJECTION_COMMAND,
  INJECTION_HTML,
  INJECTION_MARKDOWN,
  heavyUser,
  loadRecords,
  sampleDataset,
  type EmulatorRecord
} from '../../emulator/data.js'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { RecordStore } from '../../emulator/store.js'

const NOW = new Date('2025-06-01T12:00:00Z')
const DAY = 86_400_000
const sample = sampleDataset(NOW)
const recent = sample.filter(r => r.EventTime.getTime() >= NOW.getTime() - 90 * DAY)

function count(records: EmulatorRecord[], test: (r: EmulatorRecord) => boolean): number {
  return records.filter(test).length
}

function arn(r: EmulatorRecord): string {
  return (r.cloudTrailEvent as { userIdentity: { arn: string } }).userIdentity.arn
}

describe('sampleDataset', () => {
  it('is deterministic and every EventId is unique', () => {
    expect(sampleDataset(NOW).map(r => r.EventId)).toEqual(sample.map(r => r.EventId))
    expect(new Set(sample.map(r => r.EventId)).size).toBe(sample.length)
  })

  it('records IAM, STS and sign-in events in us-east-1 only', () => {
    const global = /^(iam|sts|signin)\.amazonaws\.com$/
    expect(count(sample, r => global.test(r.EventSource) && r.region !== 'us-east-1')).toBe(0)
  })

  it('gives deploy-bot 140 events in eu-west-2 with 2 TerminateInstances and 1 DeleteBucket', () => {
    const bot = recent.filter(r => r.Username === DEPLOY_BOT && r.region === 'eu-west-2')
    expect(bot.length).toBe(140)
    expect(count(bot, r => r.EventName === 'TerminateInstances')).toBe(2)
    expect(count(bot, r => r.EventName === 'DeleteBucket')).toBe(1)
    expect(count(bot, r => NOW.getTime() - r.EventTime.getTime() <= 3_600_000)).toBe(5)
    const names = bot.flatMap(r => r.Resources.map(x => x.ResourceName))
    expect(names).toEqual(expect.arrayContaining([INJECTION_HTML, INJECTION_MARKDOWN, INJECTION_COMMAND]))
  })

  it('shares names between principals: alice the user and the admin session, two GitHubActions roles', () => {
    const alice = new Set(recent.filter(r => r.Username === 'alice').map(arn))
    expect([...alice].sort()).toEqual([
      'arn:aws:iam::123456789012:user/alice',
      'arn:aws:sts::123456789012:assumed-role/admin/alice'
    ])
    const aliceUserDeletes = recent.filter(
      r => arn(r).endsWith(':user/alice') && r.EventName.startsWith('Delete')
    )
    expect(aliceUserDeletes).toEqual([])
    const gha = recent.filter(r => r.Username === 'GitHubActions')
    const audit = gha.filter(r => arn(r).includes('/readonly-audit/'))
    expect(audit.every(r => r.ReadOnly)).toBe(true)
    const denied = gha.filter(r => 'errorCode' in r.cloudTrailEvent)
    expect(denied.map(r => [r.EventName, arn(r)])).toEqual([
      ['DeleteBucket', 'arn:aws:sts::123456789012:assumed-role/deploy-prod/GitHubActions']
    ])
  })

  it('has root ConsoleLogin without an access key, and events older than 90 days', () => {
    const login = recent.find(r => r.EventName === 'ConsoleLogin')
    expect(login).toMatchObject({ Username: 'root', EventSource: 'signin.amazonaws.com', AccessKeyId: '' })
    expect(sample.length - recent.length).toBe(4)
  })
})

describe('the sample through the emulator', () => {
  let emulator: Emulator
  beforeAll(async () => {
    emulator = await startEmulator({ records: sample, requestsPerSecond: 0, now: () => NOW.getTime() })
  })
  afterAll(async () => {
    await emulator.close()
  })

  it('needs 3 pages for deploy-bot and includes the last hour', async () => {
    const client = new CloudTrailClient({
      endpoint: emulator.url,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'x' },
      maxAttempts: 1
    })
    const events: Event[] = []
    let pages = 0
    let token: string | undefined
    do {
      const out = await client.send(
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: DEPLOY_BOT }],
          ...(token ? { NextToken: token } : {})
        })
      )
      pages += 1
      events.push(...(out.Events ?? []))
      token = out.NextToken
    } while (token)
    expect(pages).toBe(3)
    expect(events.length).toBe(140)
    expect(events.filter(e => e.EventName === 'TerminateInstances').length).toBe(2)
    expect(events[1]?.EventName).toBe('TerminateInstances')
  })
})

describe('heavyUser', () => {
  it('builds 100,000 events and pages through them by binary search', () => {
    const records = heavyUser({
      user: 'bench',
      count: 100_000,
      region: 'eu-west-2',
      now: NOW,
      forbiddenEvery: 1000
    })
    const store = new RecordStore(records)
    let cursor: { ms: number; id: string } | undefined
    let seen = 0
    let pages = 0
    do {
      const page = store.page({
        region: 'eu-west-2',
        attribute: { key: 'Username', value: 'bench' },
        startMs: NOW.getTime() - 90 * DAY,
        endMs: NOW.getTime(),
        limit: 50,
        cursor
      })
      seen += page.events.length
      pages += 1
      cursor = page.next
    } while (cursor)
    expect(seen).toBe(100_000)
    expect(pages).toBe(2000)
    expect(count(records, r => r.EventName === 'TerminateInstances')).toBe(100)
    const detail = records[999]?.cloudTrailEvent as { eventName: string; userIdentity: { userName: string } }
    expect(detail).toMatchObject({ eventName: 'TerminateInstances', userIdentity: { userName: 'bench' } })
  })
})

describe('loadRecords', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'emulator-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('reads record specs from a JSON file', async () => {
    const path = join(dir, 'records.json')
    const specs = [
      {
        principal: { user: 'alice' },
        eventName: 'TerminateInstances',
        region: 'eu-west-2',
        time: '2025-05-01T10:00:00Z'
      },
      {
        principal: { role: 'admin', session: 'alice' },
        eventName: 'DeleteRole',
        region: 'us-east-1',
        time: '2025-05-02T10:00:00Z',
        errorCode: 'AccessDenied'
      },
      {
        principal: { root: true },
        eventName: 'ConsoleLogin',
        region: 'us-east-1',
        time: '2025-05-03T10:00:00Z'
      }
    ]
    await writeFile(path, JSON.stringify(specs))
    const records = await loadRecords(path)
    expect(records.map(r => [r.Username, r.EventSource])).toEqual([
      ['alice', 'ec2.amazonaws.com'],
      ['alice', 'iam.amazonaws.com'],
      ['root', 'signin.amazonaws.com']
    ])
    expect(records[1]?.cloudTrailEvent).toMatchObject({ errorCode: 'AccessDenied', readOnly: false })
    await writeFile(path, JSON.stringify([{ principal: {}, eventName: 'X', region: 'r', time: 't' }]))
    await expect(loadRecords(path)).rejects.toThrow(/record 0/)
  })
})
