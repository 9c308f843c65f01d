import { describe, expect, it } from '@jest/globals'
import type { Event } from '@aws-sdk/client-cloudtrail'
import { InputError } from '../src/core/errors.js'
import { excludesGlobalEvents } from '../src/core/scope.js'
import { Evaluator, judge } from '../src/core/tally.js'
import { parseQuery, type RawQuery } from '../src/query/inputs.js'
import { buildStatement } from '../src/sources/athena/sql.js'
import { readPartitioning } from '../src/sources/athena/table.js'
import { lanesFor } from '../src/sources/lookup-events/candidates.js'
import { fromLookupEvents } from '../src/sources/lookup-events/decode.js'
import { record } from '../__fixtures__/records.js'
import { FLAVOURS } from '../__fixtures__/athena-query.js'

// The policies of issue 18: read-only events left alone, an allow-list (deny by default), approvals of reviewed
// events, each judged by the one judge whichever lookup fetched the record, and each parsed strictly.

const NOW = new Date('2026-11-21T12:00:00Z')

function query(raw: Partial<RawQuery>) {
  return parseQuery({ user: 'alice', region: 'eu-west-2', ...raw }, { now: NOW, env: {} })
}

function run(raw: Partial<RawQuery>, events: Event[]) {
  const q = query(raw)
  const evaluator = new Evaluator(q, { now: NOW.getTime() })
  evaluator.addPage(fromLookupEvents(events, 'eu-west-2'))
  const matched = evaluator.events()
  return { matched, verdict: judge(q, matched) }
}

const t = '2026-11-20T10:00:00Z'

describe('ignore-read-only', () => {
  const events = [record({ name: 'GetUser', source: 'iam.amazonaws.com', time: t, id: 'read' })]

  it('counts a read-only event by default, and never with ignore-read-only', () => {
    expect(run({ events: 'iam:*' }, events).verdict.found).toBe(true)
    const exempt = run({ events: 'iam:*', ignoreReadOnly: true }, events)
    expect(exempt.verdict.found).toBe(false)
    // Still shown: the pattern matched it, it is simply not forbidden.
    expect(exempt.matched).toEqual([expect.objectContaining({ EventId: 'read', Forbidden: false })])
  })

  it('counts an event whose read-only flag is unknown: the exemption fails safe', () => {
    const unknown = {
      ...record({ name: 'GetUser', source: 'iam.amazonaws.com', time: t }),
      ReadOnly: undefined
    }
    const detail = JSON.parse(unknown.CloudTrailEvent ?? '{}') as Record<string, unknown>
    delete detail['readOnly']
    const event = { ...unknown, CloudTrailEvent: JSON.stringify(detail) }
    expect(run({ events: 'iam:*', ignoreReadOnly: true }, [event]).verdict.found).toBe(true)
  })
})

describe('allowed-events', () => {
  const deploy = [
    record({ name: 'UpdateStack', source: 'cloudformation.amazonaws.com', time: t, id: 'ok' }),
    record({ name: 'CreateUser', source: 'iam.amazonaws.com', time: t, id: 'bad' }),
    record({ name: 'DescribeStacks', source: 'cloudformation.amazonaws.com', time: t, id: 'read' })
  ]

  it('forbids every event outside the allow-list, naming why', () => {
    const { matched, verdict } = run({ allowedEvents: 'cloudformation:UpdateStack' }, deploy)
    expect(verdict.violations).toEqual([
      { name: 'CreateUser', count: 1 },
      { name: 'DescribeStacks', count: 1 }
    ])
    expect(matched.find(e => e.EventId === 'bad')?.ForbiddenBy).toBe('not in allowed-events')
    expect(matched.find(e => e.EventId === 'ok')).toBeUndefined()
  })

  it('exempts read-only events with ignore-read-only, and adds to `events`', () => {
    const { verdict } = run(
      { allowedEvents: 'cloudformation:UpdateStack', ignoreReadOnly: true, events: 'UpdateStack' },
      deploy
    )
    expect(verdict.violations).toEqual([
      { name: 'CreateUser', count: 1 },
      { name: 'UpdateStack', count: 1 }
    ])
  })

  it('makes every plan read every event of the identity, in every Region and us-east-1', () => {
    const q = query({ allowedEvents: 'cloudformation:*', events: 'ec2:TerminateInstances' })
    for (const lane of lanesFor(q)) expect(lane.candidates.map(c => c.kind)).not.toContain('events')
    expect(lanesFor(q).map(l => l.region)).toEqual(['eu-west-2', 'us-east-1'])
    expect(excludesGlobalEvents(q)).toBe(false)
    const athena = query({
      allowedEvents: 'cloudformation:*',
      events: 'TerminateInstances',
      source: 'athena',
      athenaTable: 'security.logs'
    })
    const sql = buildStatement(athena, athena.athena!, readPartitioning(FLAVOURS.projection))
    expect(sql.sql).not.toContain('eventname =')
    expect(sql.everyEventOfIdentity).toBe(true)
  })

  it('refuses a malformed pattern, naming the input', () => {
    expect(() => query({ allowedEvents: 'iam:Create:User' })).toThrow(/allowed-events/)
  })
})

describe('approved-events', () => {
  const breakGlass = [
    record({ name: 'DeleteTrail', source: 'cloudtrail.amazonaws.com', time: t, id: 'e-approved' }),
    record({ name: 'DeleteTrail', source: 'cloudtrail.amazonaws.com', time: t, id: 'e-other' })
  ]

  it('does not fail on an approved event until its day has passed, and shows the reason', () => {
    const approved = run(
      { events: 'DeleteTrail', approvedEvents: 'e-approved until 2026-12-01 # INC-1234 rotation' },
      breakGlass
    )
    expect(approved.verdict).toMatchObject({
      approved: 1,
      expired: 0,
      violations: [{ name: 'DeleteTrail', count: 1 }]
    })
    expect(approved.matched.find(e => e.EventId === 'e-approved')?.Approved).toEqual({
      until: '2026-12-01',
      reason: 'INC-1234 rotation',
      expired: false
    })
    const both = run(
      { events: 'DeleteTrail', approvedEvents: ['e-approved until 2026-12-01', 'e-other until 2026-11-21'] },
      breakGlass
    )
    // 2026-11-21 holds through the whole of that day: the run at 12:00 is inside it.
    expect(both.verdict).toMatchObject({ approved: 2, found: false })
  })

  it('fails again once the approval has expired, and says so', () => {
    const q = query({ events: 'DeleteTrail', approvedEvents: 'e-approved until 2026-11-20' })
    const evaluator = new Evaluator(q, { now: NOW.getTime() })
    evaluator.addPage(fromLookupEvents(breakGlass, 'eu-west-2'))
    const verdict = judge(q, evaluator.events())
    expect(verdict).toMatchObject({ approved: 0, expired: 1, found: true })
    expect(verdict.violations).toEqual([{ name: 'DeleteTrail', count: 2 }])
  })

  it.each([
    ['no date', 'e-1'],
    ['a date that is not one', 'e-1 until 2026-02-30'],
    ['another form of date', 'e-1 until 2026/12/01'],
    ['more than a year ahead', 'e-1 until 2027-12-01'],
    ['an EventId with spaces', 'e 1 until 2026-12-01'],
    ['one EventId twice with two dates', 'e-1 until 2026-12-01\ne-1 until 2026-12-02']
  ])('refuses %s, before any AWS call', (_, value) => {
    expect(() => query({ events: 'DeleteTrail', approvedEvents: value })).toThrow(InputError)
    expect(() => query({ events: 'DeleteTrail', approvedEvents: value })).toThrow(/approved-events/)
  })
})
