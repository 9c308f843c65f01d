// The emulator's CloudTrail LookupEvents, driven through the real SDK over HTTP.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  CloudTrailClient,
  LookupEventsCommand,
  type LookupEventsCommandInput,
  type LookupEventsCommandOutput
} from '@aws-sdk/client-cloudtrail'
import { iamUser, makeRecord, roleSession, type EmulatorRecord } from '../../emulator/data.js'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { failure } from '../../__fixtures__/failure.js'

const NOW = Date.parse('2025-06-01T12:00:00Z')
const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE
const ACCOUNT = '123456789012'

function records(): EmulatorRecord[] {
  const pager = iamUser(ACCOUNT, 'pager')
  const out = Array.from({ length: 130 }, (_, i) =>
    makeRecord({
      principal: pager,
      eventName: 'DescribeInstances',
      source: 'ec2',
      region: 'eu-west-2',
      time: NOW - (i + 1) * MINUTE
    })
  )
  const old = iamUser(ACCOUNT, 'old')
  const oldEvent = (days: number, name: string): EmulatorRecord =>
    makeRecord({
      principal: old,
      eventName: name,
      source: 'ec2',
      region: 'eu-west-2',
      time: NOW - days * DAY
    })
  out.push(
    oldEvent(89, 'RunInstances'),
    oldEvent(91, 'TerminateInstances'),
    oldEvent(200, 'TerminateInstances')
  )
  const tie = iamUser(ACCOUNT, 'tie')
  for (const id of ['c0000000-0000-4000-a000-000000000000', 'a0000000-0000-4000-a000-000000000000']) {
    out.push(
      makeRecord({
        principal: tie,
        eventName: 'CreateTags',
        source: 'ec2',
        region: 'eu-west-2',
        time: NOW - DAY,
        eventId: id
      })
    )
  }
  const bucket = [{ type: 'AWS::S3::Bucket', name: 'logs' }]
  const session = roleSession(ACCOUNT, 'admin', 'ops')
  out.push(
    makeRecord({
      principal: session,
      eventName: 'DeleteBucket',
      source: 's3',
      region: 'eu-west-2',
      time: NOW - 2 * DAY,
      resources: bucket
    })
  )
  out.push(
    makeRecord({
      principal: session,
      eventName: 'DeleteRole',
      source: 'iam',
      region: 'us-east-1',
      time: NOW - 3 * DAY
    })
  )
  return out
}

let emulator: Emulator

beforeAll(async () => {
  emulator = await startEmulator({ records: records(), requestsPerSecond: 0, now: () => NOW })
})

afterAll(async () => {
  await emulator.close()
})

function client(region = 'eu-west-2'): CloudTrailClient {
  return new CloudTrailClient({
    endpoint: emulator.url,
    region,
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'x' },
    maxAttempts: 1
  })
}

function lookup(input: LookupEventsCommandInput, region = 'eu-west-2'): Promise<LookupEventsCommandOutput> {
  return client(region).send(new LookupEventsCommand(input))
}

const byUser = (user: string): LookupEventsCommandInput => ({
  LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: user }]
})

describe('LookupEvents paging', () => {
  it('pages 130 events as 50/50/30, newest first, all distinct, then no NextToken', async () => {
    const sizes: number[] = []
    const times: number[] = []
    const ids = new Set<string>()
    let token: string | undefined
    do {
      const page = await lookup({ ...byUser('pager'), ...(token ? { NextToken: token } : {}) })
      sizes.push(page.Events?.length ?? 0)
      for (const e of page.Events ?? []) {
        ids.add(e.EventId ?? '')
        times.push(e.EventTime?.getTime() ?? 0)
      }
      token = page.NextToken
    } while (token)
    expect(sizes).toEqual([50, 50, 30])
    expect(ids.size).toBe(130)
    expect(times[0]).toBe(NOW - MINUTE)
    expect(times).toEqual([...times].sort((a, b) => b - a))
  })

  it('returns the wire shape the SDK parses: ReadOnly string, EventTime Date, CloudTrailEvent JSON', async () => {
    const page = await lookup({ ...byUser('ops'), MaxResults: 1 })
    const event = page.Events?.[0]
    expect(event?.EventName).toBe('DeleteBucket')
    expect(event?.ReadOnly).toBe('false')
    expect(event?.EventTime).toEqual(new Date(NOW - 2 * DAY))
    expect(event?.Resources).toEqual([{ ResourceType: 'AWS::S3::Bucket', ResourceName: 'logs' }])
    const detail = JSON.parse(event?.CloudTrailEvent ?? '{}') as {
      userIdentity: { arn: string }
      eventID: string
    }
    expect(detail.userIdentity.arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/admin/ops`)
    expect(detail.eventID).toBe(event?.EventId)
    expect(page.$metadata.requestId).toBeTruthy()
  })

  it('breaks time ties by EventId, so the order is stable', async () => {
    const page = await lookup(byUser('tie'))
    expect(page.Events?.map(e => e.EventId?.[0])).toEqual(['a', 'c'])
  })

  it('filters by the other lookup attributes', async () => {
    const count = async (AttributeKey: string, AttributeValue: string): Promise<number> => {
      const input = { LookupAttributes: [{ AttributeKey, AttributeValue }] } as LookupEventsCommandInput
      return (await lookup(input)).Events?.length ?? 0
    }
    expect(await count('EventName', 'DeleteBucket')).toBe(1)
    expect(await count('ResourceName', 'logs')).toBe(1)
    expect(await count('ResourceType', 'AWS::S3::Bucket')).toBe(1)
    expect(await count('EventSource', 's3.amazonaws.com')).toBe(1)
    expect(await count('ReadOnly', 'false')).toBe(4)
    expect(await count('AccessKeyId', iamUser(ACCOUNT, 'tie').accessKeyId)).toBe(2)
  })

  it('binds NextToken to the parameters it was issued for', async () => {
    const first = await lookup(byUser('pager'))
    const token = first.NextToken ?? ''
    expect(await failure(lookup({ ...byUser('old'), NextToken: token }))).toEqual({
      name: 'InvalidNextTokenException',
      status: 400
    })
    expect((await failure(lookup({ ...byUser('pager'), MaxResults: 10, NextToken: token }))).name).toBe(
      'InvalidNextTokenException'
    )
    expect((await failure(lookup({ ...byUser('pager'), NextToken: token }, 'us-east-1'))).name).toBe(
      'InvalidNextTokenException'
    )
    expect((await failure(lookup({ ...byUser('pager'), NextToken: `${token}x` }))).name).toBe(
      'InvalidNextTokenException'
    )
  })
})

describe('LookupEvents validation', () => {
  it('rejects two lookup attributes', async () => {
    const input: LookupEventsCommandInput = {
      LookupAttributes: [
        { AttributeKey: 'Username', AttributeValue: 'pager' },
        { AttributeKey: 'EventName', AttributeValue: 'DescribeInstances' }
      ]
    }
    expect(await failure(lookup(input))).toEqual({ name: 'InvalidLookupAttributesException', status: 400 })
  })

  it('rejects StartTime after EndTime, and MaxResults outside 1–50', async () => {
    const range = { StartTime: new Date(NOW), EndTime: new Date(NOW - DAY) }
    expect((await failure(lookup(range))).name).toBe('InvalidTimeRangeException')
    expect((await failure(lookup({ MaxResults: 51 }))).name).toBe('InvalidMaxResultsException')
    expect((await failure(lookup({ MaxResults: 0 }))).name).toBe('InvalidMaxResultsException')
  })

  it('never returns events older than 90 days, whatever StartTime says', async () => {
    const page = await lookup({ ...byUser('old'), StartTime: new Date(NOW - 365 * DAY) })
    expect(page.Events?.map(e => e.EventName)).toEqual(['RunInstances'])
  })

  it('treats StartTime and EndTime as inclusive', async () => {
    const at = new Date(NOW - 2 * DAY)
    const page = await lookup({ ...byUser('ops'), StartTime: at, EndTime: at })
    expect(page.Events?.length).toBe(1)
  })

  it('answers an empty page for insight events', async () => {
    const page = await lookup({ ...byUser('pager'), EventCategory: 'insight' })
    expect(page.Events).toEqual([])
    expect(page.NextToken).toBeUndefined()
  })
})

describe('Regions and authentication', () => {
  it('takes the Region from the signature: one endpoint, separate data per Region', async () => {
    expect((await lookup(byUser('ops'), 'us-east-1')).Events?.map(e => e.EventName)).toEqual(['DeleteRole'])
    expect((await lookup(byUser('ops'), 'eu-west-2')).Events?.map(e => e.EventName)).toEqual(['DeleteBucket'])
    expect(emulator.stats().regions['us-east-1']?.accepted).toBeGreaterThan(0)
    expect(emulator.stats().accessKeys).toEqual(['AKIDTEST'])
  })

  it('answers 403 MissingAuthenticationTokenException to an unsigned request', async () => {
    const res = await fetch(emulator.url, {
      method: 'POST',
      headers: {
        'X-Amz-Target': 'CloudTrail_20131101.LookupEvents',
        'Content-Type': 'application/x-amz-json-1.1'
      },
      body: '{}'
    })
    expect(res.status).toBe(403)
    expect(res.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException')
    expect(await res.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' })
  })

  it('accepts the target prefix botocore (AWS CLI) sends', async () => {
    const res = await fetch(emulator.url, {
      method: 'POST',
      headers: {
        'X-Amz-Target': 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents',
        'Content-Type': 'application/x-amz-json-1.1',
        Authorization:
          'AWS4-HMAC-SHA256 Credential=AKIDCLI/20250601/eu-west-2/cloudtrail/aws4_request, ' +
          'SignedHeaders=host;x-amz-date, Signature=00'
      },
      body: JSON.stringify({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'tie' }] })
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { Events: Array<{ ReadOnly: string; EventTime: number }> }
    expect(body.Events[0]).toMatchObject({ ReadOnly: 'false', EventTime: (NOW - DAY) / 1000 })
  })
})
