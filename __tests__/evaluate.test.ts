import { describe, expect, it } from '@jest/globals'
import { Evaluator, judge } from '../src/core/tally.js'
import { parseQuery, type RawQuery } from '../src/query/inputs.js'
import type { Event } from '@aws-sdk/client-cloudtrail'
import { fromLookupEvents } from '../src/sources/lookup-events/decode.js'
import { PageRecordError } from '../src/core/record.js'
import { record } from '../__fixtures__/records.js'

/** A LookupEvents page from a Region, normalised as the scan does. */
const regional = (events: Event[]) => fromLookupEvents(events, 'eu-west-2')
const global = (events: Event[]) => fromLookupEvents(events, 'us-east-1')

function thrown(fn: () => unknown): unknown {
  try {
    fn()
  } catch (error) {
    return error
  }
  throw new Error('expected a throw')
}

function query(raw: Partial<RawQuery>) {
  return parseQuery(
    { user: 'alice', region: 'eu-west-2', ...raw },
    { now: new Date('2026-11-21T12:00:00Z'), env: {} }
  )
}

describe('Evaluator', () => {
  it('keeps only forbidden events, with the seed fields and more', () => {
    const evaluator = new Evaluator(query({ events: 'TerminateInstances' }))
    const counts = evaluator.addPage(
      regional([
        record({
          name: 'TerminateInstances',
          time: '2026-11-20T10:00:00Z',
          resources: ['i-1', 'i-2'],
          id: 'e1'
        }),
        record({ name: 'DescribeInstances', time: '2026-11-20T09:00:00Z' })
      ])
    )
    expect(counts).toEqual({ scanned: 2, examined: 2, matched: 1 })
    expect(evaluator.events()).toEqual([
      {
        UserName: 'alice',
        EventTime: '2026-11-20T10:00:00Z',
        EventName: 'TerminateInstances',
        Resources: ['i-1', 'i-2'],
        EventId: 'e1',
        EventSource: 'ec2.amazonaws.com',
        Region: 'eu-west-2',
        ErrorCode: null,
        ReadOnly: false,
        SourceIPAddress: '203.0.113.7',
        UserArn: 'arn:aws:iam::123456789012:user/alice',
        Forbidden: true,
        ForbiddenBy: 'TerminateInstances',
        Approved: null
      }
    ])
  })

  it('keeps every event in discovery, none forbidden', () => {
    const evaluator = new Evaluator(query({}))
    evaluator.addPage(
      regional([
        record({ name: 'A', time: '2026-11-20T10:00:00Z' }),
        record({ name: 'B', time: '2026-11-20T11:00:00Z' })
      ])
    )
    expect(evaluator.events().map(e => [e.EventName, e.Forbidden])).toEqual([
      ['B', false],
      ['A', false]
    ])
  })

  it('keeps only global-service events from the extra us-east-1 lookup', () => {
    const evaluator = new Evaluator(query({}))
    const counts = evaluator.addPage(
      global([
        record({
          name: 'CreateUser',
          time: '2026-11-20T10:00:00Z',
          source: 'iam.amazonaws.com',
          region: 'us-east-1'
        }),
        record({ name: 'RunInstances', time: '2026-11-20T10:00:00Z', region: 'us-east-1' })
      ])
    )
    expect(counts.examined).toBe(1)
    expect(evaluator.events().map(e => e.EventName)).toEqual(['CreateUser'])
  })

  it('drops events of other principals for ARN identities, and duplicates across lookups', () => {
    const evaluator = new Evaluator(
      query({ user: 'arn:aws:iam::123456789012:role/deploy', events: 'DeleteStack' })
    )
    const mine = record({
      name: 'DeleteStack',
      time: '2026-11-20T10:00:00Z',
      principal: { type: 'AssumedRole', role: 'deploy', session: 'GitHubActions' }
    })
    const theirs = record({
      name: 'DeleteStack',
      time: '2026-11-20T10:00:00Z',
      principal: { type: 'AssumedRole', role: 'audit', session: 'GitHubActions' }
    })
    evaluator.addPage(regional([mine, theirs]))
    evaluator.addPage(regional([mine]))
    expect(evaluator.events().map(e => e.UserArn)).toEqual([
      'arn:aws:sts::123456789012:assumed-role/deploy/GitHubActions'
    ])
    expect(evaluator.examined).toBe(1)
  })

  it('reads the event source from the CloudTrailEvent when LookupEvents left it out', () => {
    const evaluator = new Evaluator(query({ events: 'iam:CreateUser' }))
    const { EventSource, ...bare } = record({
      name: 'CreateUser',
      time: '2026-11-20T10:00:00Z',
      source: 'iam.amazonaws.com'
    })
    expect(EventSource).toBe('iam.amazonaws.com')
    evaluator.addPage(regional([bare]))
    expect(evaluator.events().map(e => [e.EventName, e.EventSource])).toEqual([
      ['CreateUser', 'iam.amazonaws.com']
    ])
  })

  it('fails on a record whose CloudTrailEvent is not JSON when it has to be read, naming its position', () => {
    const evaluator = new Evaluator(query({}))
    const broken = {
      ...record({ name: 'X', time: '2026-11-20T10:00:00Z', id: 'bad-1' }),
      CloudTrailEvent: '{oops'
    }
    const page = regional([record({ name: 'Y', time: '2026-11-20T10:00:00Z' }), broken])
    const error = thrown(() => evaluator.addPage(page))
    expect(error).toBeInstanceOf(PageRecordError)
    expect(error).toMatchObject({ position: 1, eventId: 'bad-1', problem: 'its CloudTrailEvent is not JSON' })
  })
})

describe('Evaluator judges every record against the whole query', () => {
  it('counts an EventId once per scan, however many pages returned it', () => {
    const evaluator = new Evaluator(query({ events: 'TerminateInstances' }))
    const terminate = record({ name: 'TerminateInstances', time: '2026-11-20T10:00:00Z', id: 'same' })
    expect(evaluator.addPage(regional([terminate, terminate]))).toEqual({
      scanned: 2,
      examined: 1,
      matched: 1
    })
    expect(evaluator.addPage(regional([terminate]))).toEqual({ scanned: 1, examined: 0, matched: 0 })
    expect(evaluator.events()).toHaveLength(1)
    expect(evaluator.examined).toBe(1)
  })

  it('never lets an earlier copy of an EventId hide a forbidden one', () => {
    const evaluator = new Evaluator(query({ events: 'TerminateInstances' }))
    evaluator.addPage(
      regional([
        record({ name: 'DescribeInstances', time: '2026-11-20T10:00:00Z', id: 'x' }),
        record({ name: 'TerminateInstances', time: '2026-11-20T10:00:00Z', id: 'x' })
      ])
    )
    expect(evaluator.events().map(e => e.EventName)).toEqual(['TerminateInstances'])
  })

  it('leaves out events outside the window (inclusive) and other users of a plain name', () => {
    const evaluator = new Evaluator(
      query({
        events: 'TerminateInstances',
        createdAfter: '2026-11-20T00:00:00Z',
        createdBefore: '2026-11-20T12:00:00Z'
      })
    )
    const counts = evaluator.addPage(
      regional([
        record({ name: 'TerminateInstances', time: '2026-11-20T12:00:00Z', id: 'end' }),
        record({ name: 'TerminateInstances', time: '2026-11-20T12:00:01Z', id: 'after' }),
        record({ name: 'TerminateInstances', time: '2026-11-20T00:00:00Z', id: 'start' }),
        record({ name: 'TerminateInstances', time: '2026-11-19T23:59:59Z', id: 'before' }),
        record({
          name: 'TerminateInstances',
          time: '2026-11-20T06:00:00Z',
          id: 'bob',
          principal: { type: 'IAMUser', name: 'bob' }
        })
      ])
    )
    expect(evaluator.events().map(e => e.EventId)).toEqual(['end', 'start'])
    expect(counts).toEqual({ scanned: 5, examined: 2, matched: 2 })
  })

  it('reads a missing EventName from the CloudTrailEvent instead of matching it as nothing', () => {
    const evaluator = new Evaluator(query({ events: 'TerminateInstances' }))
    const { EventName, ...bare } = record({ name: 'TerminateInstances', time: '2026-11-20T10:00:00Z' })
    expect(EventName).toBe('TerminateInstances')
    evaluator.addPage(regional([bare]))
    expect(evaluator.events().map(e => e.EventName)).toEqual(['TerminateInstances'])
  })

  it('fails on a record of an ARN identity whose CloudTrailEvent is missing, instead of dropping it', () => {
    const evaluator = new Evaluator(
      query({ user: 'arn:aws:iam::123456789012:role/deploy', events: 'DeleteStack' })
    )
    const { CloudTrailEvent, ...bare } = record({
      name: 'DeleteStack',
      time: '2026-11-20T10:00:00Z',
      principal: { type: 'AssumedRole', role: 'deploy', session: 'GitHubActions' }
    })
    expect(CloudTrailEvent).toBeDefined()
    expect(thrown(() => evaluator.addPage(regional([bare])))).toMatchObject({
      position: 0,
      problem: 'it has no CloudTrailEvent'
    })
  })
})

describe('judge', () => {
  function events(raw: Partial<RawQuery>) {
    const q = query({ events: 'TerminateInstances,DeleteBucket', ...raw })
    const evaluator = new Evaluator(q)
    evaluator.addPage(
      regional([
        record({ name: 'TerminateInstances', time: '2026-11-20T10:00:00Z' }),
        record({ name: 'TerminateInstances', time: '2026-11-20T09:00:00Z' }),
        record({ name: 'DeleteBucket', time: '2026-11-20T08:00:00Z', errorCode: 'AccessDenied' })
      ])
    )
    return judge(q, evaluator.events())
  }

  it('counts violations per name, denied attempts included by default', () => {
    const verdict = events({})
    expect(verdict.found).toBe(true)
    expect(verdict.violations).toEqual([
      { name: 'TerminateInstances', count: 2 },
      { name: 'DeleteBucket', count: 1 }
    ])
    expect(verdict.denied).toBe(1)
    expect(verdict.countsByName).toEqual([
      { name: 'TerminateInstances', count: 2, denied: 0 },
      { name: 'DeleteBucket', count: 1, denied: 1 }
    ])
  })

  it('with ignore-denied, reports denied attempts without counting them', () => {
    const verdict = events({ ignoreDenied: true })
    expect(verdict.violations).toEqual([{ name: 'TerminateInstances', count: 2 }])
    expect(verdict.denied).toBe(1)
  })

  it('finds nothing forbidden in discovery', () => {
    const q = query({})
    const evaluator = new Evaluator(q)
    evaluator.addPage(regional([record({ name: 'TerminateInstances', time: '2026-11-20T10:00:00Z' })]))
    const verdict = judge(q, evaluator.events())
    expect(verdict).toMatchObject({ found: false, violations: [], denied: 0 })
    expect(verdict.countsByName).toEqual([{ name: 'TerminateInstances', count: 1, denied: 0 }])
  })
})

describe('Evaluator with records in EventId order (the Athena source)', () => {
  it('counts adjacent copies once with no set of ids, and still keeps a forbidden copy once', () => {
    const evaluator = new Evaluator(query({ events: 'TerminateInstances' }), { idOrdered: true })
    const page = regional([
      record({ name: 'TerminateInstances', time: '2026-11-20T10:00:00Z', id: 'a' }),
      record({ name: 'TerminateInstances', time: '2026-11-20T10:00:00Z', id: 'a' }),
      record({ name: 'DescribeInstances', time: '2026-11-20T09:00:00Z', id: 'b' }),
      record({ name: 'DescribeInstances', time: '2026-11-20T09:00:00Z', id: 'b' })
    ])
    expect(evaluator.addPage(page)).toEqual({ scanned: 4, examined: 2, matched: 1 })
    expect(evaluator.events().map(e => e.EventId)).toEqual(['a'])
  })
})
