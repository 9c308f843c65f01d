import { describe, expect, it } from '@jest/globals'
import { Evaluator, judge } from '../src/evaluate.js'
import { parseQuery, type RawQuery } from '../src/inputs.js'
import type { LookupTask } from '../src/types.js'
import { record } from '../__fixtures__/records.js'

const regional: LookupTask = {
  region: 'eu-west-2',
  attribute: { key: 'Username', value: 'alice' },
  globalOnly: false
}
const global: LookupTask = {
  region: 'us-east-1',
  attribute: { key: 'Username', value: 'alice' },
  globalOnly: true
}

function query(raw: Partial<RawQuery>) {
  return parseQuery(
    { user: 'alice', region: 'eu-west-2', ...raw },
    { now: new Date('2026-11-21T12:00:00Z'), env: {} }
  )
}

describe('Evaluator', () => {
  it('keeps only forbidden events, with the seed fields and more', () => {
    const evaluator = new Evaluator(query({ events: 'TerminateInstances' }), false)
    const counts = evaluator.addPage(
      [
        record({
          name: 'TerminateInstances',
          time: '2026-11-20T10:00:00Z',
          resources: ['i-1', 'i-2'],
          id: 'e1'
        }),
        record({ name: 'DescribeInstances', time: '2026-11-20T09:00:00Z' })
      ],
      regional
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
        Forbidden: true
      }
    ])
  })

  it('keeps every event in discovery, none forbidden', () => {
    const evaluator = new Evaluator(query({}), false)
    evaluator.addPage(
      [
        record({ name: 'A', time: '2026-11-20T10:00:00Z' }),
        record({ name: 'B', time: '2026-11-20T11:00:00Z' })
      ],
      regional
    )
    expect(evaluator.events().map(e => [e.EventName, e.Forbidden])).toEqual([
      ['B', false],
      ['A', false]
    ])
  })

  it('keeps only global-service events from the extra us-east-1 lookup', () => {
    const evaluator = new Evaluator(query({}), false)
    const counts = evaluator.addPage(
      [
        record({ name: 'CreateUser', time: '2026-11-20T10:00:00Z', source: 'iam.amazonaws.com' }),
        record({ name: 'RunInstances', time: '2026-11-20T10:00:00Z' })
      ],
      global
    )
    expect(counts.examined).toBe(1)
    expect(evaluator.events().map(e => e.EventName)).toEqual(['CreateUser'])
  })

  it('drops events of other principals for ARN identities, and duplicates across lookups', () => {
    const evaluator = new Evaluator(
      query({ user: 'arn:aws:iam::123456789012:role/deploy', events: 'DeleteStack' }),
      true
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
    evaluator.addPage([mine, theirs], regional)
    evaluator.addPage([mine], regional)
    expect(evaluator.events().map(e => e.UserArn)).toEqual([
      'arn:aws:sts::123456789012:assumed-role/deploy/GitHubActions'
    ])
    expect(evaluator.examined).toBe(1)
  })

  it('reads the event source from the CloudTrailEvent when LookupEvents left it out', () => {
    const evaluator = new Evaluator(query({ events: 'iam:CreateUser' }), false)
    const { EventSource, ...bare } = record({
      name: 'CreateUser',
      time: '2026-11-20T10:00:00Z',
      source: 'iam.amazonaws.com'
    })
    expect(EventSource).toBe('iam.amazonaws.com')
    evaluator.addPage([bare], regional)
    expect(evaluator.events().map(e => [e.EventName, e.EventSource])).toEqual([
      ['CreateUser', 'iam.amazonaws.com']
    ])
  })

  it('survives a record whose CloudTrailEvent is not JSON', () => {
    const evaluator = new Evaluator(query({}), false)
    evaluator.addPage(
      [{ ...record({ name: 'X', time: '2026-11-20T10:00:00Z' }), CloudTrailEvent: '{oops' }],
      regional
    )
    expect(evaluator.events()[0]).toMatchObject({ EventName: 'X', ErrorCode: null, Region: 'eu-west-2' })
  })
})

describe('judge', () => {
  function events(raw: Partial<RawQuery>) {
    const q = query({ events: 'TerminateInstances,DeleteBucket', ...raw })
    const evaluator = new Evaluator(q, false)
    evaluator.addPage(
      [
        record({ name: 'TerminateInstances', time: '2026-11-20T10:00:00Z' }),
        record({ name: 'TerminateInstances', time: '2026-11-20T09:00:00Z' }),
        record({ name: 'DeleteBucket', time: '2026-11-20T08:00:00Z', errorCode: 'AccessDenied' })
      ],
      regional
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
    const evaluator = new Evaluator(q, false)
    evaluator.addPage([record({ name: 'TerminateInstances', time: '2026-11-20T10:00:00Z' })], regional)
    const verdict = judge(q, evaluator.events())
    expect(verdict).toMatchObject({ found: false, violations: [], denied: 0 })
    expect(verdict.countsByName).toEqual([{ name: 'TerminateInstances', count: 1, denied: 0 }])
  })
})
