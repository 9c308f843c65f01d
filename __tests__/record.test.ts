import { describe, expect, it } from '@jest/globals'
import type { Event } from '@aws-sdk/client-cloudtrail'
import { fromLookupEvent, fromLookupEvents } from '../src/sources/lookup-events/decode.js'
import {
  describeRecordError,
  PageRecordError,
  RecordError,
  usernameOf,
  type TrailRecord
} from '../src/core/record.js'
import { record } from '../__fixtures__/records.js'

const TIME = '2026-11-20T10:00:00Z'

function full(event: Event): TrailRecord {
  const normalised = fromLookupEvent(event, 'eu-west-2')
  return normalised.full?.() ?? normalised
}

function problemOf(fn: () => unknown): string {
  try {
    fn()
  } catch (error) {
    if (error instanceof RecordError) return error.problem
    throw error
  }
  throw new Error('expected a RecordError')
}

/** The record's CloudTrailEvent JSON with some fields changed. */
function withDetail(event: Event, change: Record<string, unknown>): Event {
  const detail = JSON.parse(event.CloudTrailEvent ?? '{}') as Record<string, unknown>
  return { ...event, CloudTrailEvent: JSON.stringify({ ...detail, ...change }) }
}

describe('fromLookupEvent', () => {
  it('reads the top level at once and the CloudTrailEvent only through full()', () => {
    const event = record({
      name: 'TerminateInstances',
      time: TIME,
      id: 'e1',
      resources: ['i-1'],
      errorCode: 'Denied'
    })
    const top = fromLookupEvent({ ...event, CloudTrailEvent: '{not json' }, 'eu-west-2')
    expect(top).toMatchObject({ id: 'e1', name: 'TerminateInstances', username: 'alice', resources: ['i-1'] })
    expect(top.userIdentity).toBeUndefined()
    expect(problemOf(() => top.full?.())).toBe('its CloudTrailEvent is not JSON')
    expect(full(event)).toMatchObject({
      id: 'e1',
      time: new Date(TIME),
      name: 'TerminateInstances',
      source: 'ec2.amazonaws.com',
      region: 'eu-west-2',
      username: 'alice',
      errorCode: 'Denied',
      readOnly: false,
      sourceIp: '203.0.113.7',
      userIdentity: { type: 'IAMUser', userName: 'alice' }
    })
  })

  it('keeps whole seconds', () => {
    const event = { ...record({ name: 'X', time: TIME }), EventTime: new Date('2026-11-20T10:00:00.987Z') }
    expect(fromLookupEvent(event, 'eu-west-2').time.toISOString()).toBe('2026-11-20T10:00:00.000Z')
  })

  it.each<[keyof Event, keyof TrailRecord, string]>([
    ['EventName', 'name', 'TerminateInstances'],
    ['EventSource', 'source', 'ec2.amazonaws.com'],
    ['EventId', 'id', 'e1'],
    ['Username', 'username', 'alice']
  ])('falls back to the CloudTrailEvent when %s is missing, empty or not a string', (field, key, value) => {
    const event = record({ name: 'TerminateInstances', time: TIME, id: 'e1' })
    for (const bad of [undefined, '', 42]) {
      const changed = { ...event, [field]: bad } as Event
      expect(fromLookupEvent(changed, 'eu-west-2')[key]).toBe(value)
    }
  })

  it('falls back to the CloudTrailEvent eventTime when EventTime is missing or invalid', () => {
    const event = record({ name: 'X', time: TIME })
    for (const bad of [undefined, new Date(Number.NaN), 'yesterday']) {
      const changed = { ...event, EventTime: bad } as Event
      expect(fromLookupEvent(changed, 'eu-west-2').time.toISOString()).toBe('2026-11-20T10:00:00.000Z')
    }
  })

  it('fails with what is wrong when neither the top level nor the CloudTrailEvent has a field', () => {
    const event = record({ name: 'X', time: TIME, id: 'e1' })
    expect(
      problemOf(() => fromLookupEvent(withDetail({ ...event, EventName: undefined }, { eventName: 7 }), 'r'))
    ).toBe('it has no EventName')
    expect(
      problemOf(() =>
        fromLookupEvent(withDetail({ ...event, EventTime: undefined }, { eventTime: 'soon' }), 'r')
      )
    ).toBe('it has no valid EventTime')
    expect(
      problemOf(() => fromLookupEvent(withDetail({ ...event, EventId: undefined }, { eventID: '' }), 'r'))
    ).toBe('it has no EventId')
    expect(
      problemOf(() => fromLookupEvent(withDetail({ ...event, EventSource: '' }, { eventSource: null }), 'r'))
    ).toBe('it has no EventSource')
    expect(
      problemOf(() => fromLookupEvent({ ...event, EventName: undefined, CloudTrailEvent: undefined }, 'r'))
    ).toBe('it has no CloudTrailEvent')
    const notString = { ...event, EventName: undefined, CloudTrailEvent: 5 } as unknown as Event
    expect(problemOf(() => fromLookupEvent(notString, 'r'))).toBe('its CloudTrailEvent is not a string')
    expect(
      problemOf(() => fromLookupEvent({ ...event, EventName: undefined, CloudTrailEvent: '[1]' }, 'r'))
    ).toBe('its CloudTrailEvent is not a JSON object')
    expect(problemOf(() => fromLookupEvent(null as unknown as Event, 'r'))).toBe('it is not an object')
  })

  it('validates the detail fields it reads', () => {
    const event = record({ name: 'X', time: TIME })
    expect(problemOf(() => full(withDetail(event, { errorCode: {} })))).toBe(
      'its CloudTrailEvent errorCode is not a string'
    )
    expect(problemOf(() => full(withDetail(event, { userIdentity: 'me' })))).toBe(
      'its userIdentity is not an object'
    )
    expect(
      problemOf(() => full(withDetail(event, { userIdentity: { type: 'IAMUser', userName: 42 } })))
    ).toBe('its userIdentity.userName is not a string')
    const issuer = { type: 'AssumedRole', sessionContext: { sessionIssuer: { arn: ['x'] } } }
    expect(problemOf(() => full(withDetail(event, { userIdentity: issuer })))).toBe(
      'its sessionIssuer.arn is not a string'
    )
    expect(problemOf(() => full({ ...event, Resources: 'i-1' } as unknown as Event))).toBe(
      'its Resources is not a list'
    )
  })

  it('refuses a field longer than CloudTrail ever writes, so matching and messages stay bounded', () => {
    const event = record({ name: 'X', time: TIME, id: 'e1' })
    expect(problemOf(() => fromLookupEvent({ ...event, EventName: 'A'.repeat(100_000) }, 'r'))).toBe(
      'its EventName is 100000 characters long (at most 256)'
    )
    expect(
      problemOf(() =>
        full(
          withDetail(
            { ...event, Username: undefined },
            { userIdentity: { type: 'IAMUser', userName: 'u'.repeat(5000) } }
          )
        )
      )
    ).toBe('its Username is 5000 characters long (at most 2048)')
  })

  it('takes the Region from the CloudTrailEvent, else the Region looked up', () => {
    const event = record({ name: 'X', time: TIME, region: 'us-east-1' })
    expect(full(event).region).toBe('us-east-1')
    expect(full(withDetail(event, { awsRegion: undefined })).region).toBe('eu-west-2')
  })
})

describe('fromLookupEvents', () => {
  it('names the position of the record that cannot be normalised', () => {
    const good = record({ name: 'X', time: TIME })
    const bad = {
      ...record({ name: 'Y', time: TIME, id: 'e9' }),
      EventName: undefined,
      CloudTrailEvent: undefined
    }
    let error: unknown
    try {
      fromLookupEvents([good, good, bad], 'eu-west-2')
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(PageRecordError)
    expect(describeRecordError(error as PageRecordError, 'page 2 of LookupEvents eu-west-2')).toBe(
      'record 3 (EventId e9) of page 2 of LookupEvents eu-west-2 cannot be judged: it has no CloudTrailEvent'
    )
  })

  it('bounds an EventId quoted in a message', () => {
    const error = new PageRecordError(new RecordError('it has no EventName', 'x'.repeat(100_000)), 0)
    expect(describeRecordError(error, 'here').length).toBeLessThan(300)
  })
})

describe('usernameOf', () => {
  it('follows LookupEvents Username', () => {
    const arn = 'arn:aws:sts::123456789012:assumed-role/deploy/GitHubActions'
    expect(usernameOf({ type: 'IAMUser', userName: 'alice', arn: 'arn:aws:iam::1:user/x' })).toBe('alice')
    expect(usernameOf({ type: 'IAMUser', arn: 'arn:aws:iam::123456789012:user/path/bob' })).toBe('bob')
    expect(usernameOf({ type: 'AssumedRole', arn })).toBe('GitHubActions')
    expect(usernameOf({ type: 'Root', arn: 'arn:aws:iam::123456789012:root' })).toBe('root')
    expect(usernameOf({ type: 'FederatedUser', arn: 'arn:aws:sts::123456789012:federated-user/carol' })).toBe(
      'carol'
    )
    expect(usernameOf({ type: 'AWSService' })).toBeNull()
    expect(usernameOf(undefined)).toBeNull()
  })
})
