import { describe, expect, it } from '@jest/globals'
import type { Event } from '@aws-sdk/client-cloudtrail'
import { Evaluator } from '../src/core/tally.js'
import { parseQuery, type RawQuery } from '../src/query/inputs.js'
import { findNearMisses, MAX_DISTINCT_NAMES, NameTally } from '../src/core/near-misses.js'
import { fromLookupEvents } from '../src/sources/lookup-events/decode.js'
import { nearMissesSection } from '../src/report/near-misses.js'
import { noEventsNotice, noEventsLine } from '../src/report/no-events.js'
import { buildSummary } from '../src/report/summary.js'
import { readEveryEventOfIdentity } from '../src/sources/lookup-events/lane.js'
import { record } from '../__fixtures__/records.js'
import { laneReport, makeQuery, makeResult, pattern } from '../__fixtures__/scan-result.js'

const now = new Date('2026-11-21T12:00:00Z')
const query = (raw: Partial<RawQuery>) =>
  parseQuery({ user: 'alice', region: 'eu-west-2', ...raw }, { now, env: {} })
const page = (events: Event[]) => fromLookupEvents(events, 'eu-west-2')

describe('near misses', () => {
  it('finds names in another case, a slip away, or from another service', () => {
    const names = [
      { name: 'DeleteBucket', source: 's3.amazonaws.com', count: 3 },
      { name: 'TerminateInstances', source: 'ec2.amazonaws.com', count: 1 },
      { name: 'DescribeInstances', source: 'ec2.amazonaws.com', count: 40 },
      { name: 'CreateUser', source: 'iam.amazonaws.com', count: 2 }
    ]
    const patterns = [
      pattern('DeleteBuckets'),
      pattern('terminateInstances'),
      pattern('transfer:CreateUser'),
      pattern('delete*')
    ]
    expect(findNearMisses(patterns, names)).toEqual([
      { pattern: 'DeleteBuckets', name: 'DeleteBucket', source: 's3.amazonaws.com', count: 3 },
      { pattern: 'delete*', name: 'DeleteBucket', source: 's3.amazonaws.com', count: 3 },
      { pattern: 'transfer:CreateUser', name: 'CreateUser', source: 'iam.amazonaws.com', count: 2 },
      { pattern: 'terminateInstances', name: 'TerminateInstances', source: 'ec2.amazonaws.com', count: 1 }
    ])
    expect(findNearMisses([pattern('RunInstances')], names)).toEqual([])
  })

  it('keeps the tally of distinct names bounded', () => {
    const tally = new NameTally()
    for (let i = 0; i < MAX_DISTINCT_NAMES + 5; i++) tally.add(`Name${i}`, 'x.amazonaws.com')
    tally.add('Name0', 'x.amazonaws.com')
    expect(tally.entries()).toHaveLength(MAX_DISTINCT_NAMES)
    expect(tally.entries()[0]).toEqual({ name: 'Name0', source: 'x.amazonaws.com', count: 2 })
    expect(tally.truncated).toBe(true)
    const small = new NameTally()
    small.add('x'.repeat(5_000_000), 'ec2.amazonaws.com')
    small.add('RunInstances', 's'.repeat(1000))
    expect(small.entries()).toEqual([])
  })

  it('the evaluator tallies the identity’s unmatched events once per EventId, never matched ones', () => {
    const evaluator = new Evaluator(query({ events: 'DeleteBuckets' }))
    evaluator.addPage(
      page([
        record({ name: 'DeleteBucket', time: '2026-11-20T10:00:00Z', source: 's3.amazonaws.com', id: 'a' }),
        record({ name: 'DeleteBucket', time: '2026-11-20T10:00:00Z', source: 's3.amazonaws.com', id: 'a' }),
        record({ name: 'DeleteBuckets', time: '2026-11-20T09:00:00Z', source: 's3.amazonaws.com', id: 'b' }),
        record({
          name: 'DeleteBucket',
          time: '2026-11-20T08:00:00Z',
          principal: { type: 'IAMUser', name: 'bob' },
          id: 'c'
        })
      ])
    )
    expect(evaluator.unmatched.entries()).toEqual([
      { name: 'DeleteBucket', source: 's3.amazonaws.com', count: 1 }
    ])
  })

  it('the summary lists them in a details section, escaped', () => {
    const result = makeResult([], {
      nearMisses: [{ pattern: 'Delete<b>', name: 'Delete<script>', source: 's3.amazonaws.com', count: 2 }]
    })
    const block = nearMissesSection.render(result)
    expect(block).toMatch(
      /^<details>\n<summary><b>🔍 Near misses<\/b> · 1 event name close to a forbidden pattern/
    )
    expect(block).toContain('<code>Delete&lt;script&gt;</code>')
    expect(block).not.toContain('<script>')
    expect(buildSummary(result)).toContain(block)
    expect(nearMissesSection.render(makeResult([]))).toBe('')
  })
})

describe('no events for the identity', () => {
  it('says so, with the fix, when every event of the identity was read', () => {
    const result = makeResult([], {
      scanned: 0,
      noEvents: true,
      query: makeQuery({ regions: ['eu-west-2'] })
    })
    expect(noEventsLine(result)).toBe(
      'No events by deploy-bot in eu-west-2 (and global-service events in us-east-1) between ' +
        '2024-01-05T00:00:00Z and 2024-01-05T12:00:00Z: check the name; Username is the IAM user name or the ' +
        'role *session* name (not the role name).'
    )
    const summary = buildSummary(result)
    const verdictEnd = summary.indexOf('</h2>')
    // Right after the verdict, before anything else; its asterisks are inert.
    expect(summary.indexOf('<p><b>⚠️ No events by deploy-bot')).toBeGreaterThan(verdictEnd)
    expect(summary.indexOf('<p><b>⚠️ No events by deploy-bot')).toBeLessThan(summary.indexOf('<details>'))
    expect(noEventsNotice(result)).toContain('role <em>session</em> name')
  })

  it('names the ARN for ARN identities, and says nothing when there were events', () => {
    const arn = 'arn:aws:iam::123456789012:role/deploy'
    const result = makeResult([], {
      noEvents: true,
      query: makeQuery({
        identity: { kind: 'role', arn, partition: 'aws', account: '123456789012', role: 'deploy' },
        regions: ['us-east-1']
      })
    })
    expect(noEventsLine(result)).toMatch(
      /^No events by any session of role arn:aws:iam::123456789012:role\/deploy in us-east-1 between .*: check the account and the role name/
    )
    expect(noEventsLine(makeResult([]))).toBeUndefined()
    expect(noEventsNotice(makeResult([]))).toBe('')
  })

  it('counts only plans that read every event of the identity', () => {
    // What each lane chose: the Username, the full scan (a role with a wildcard), or per-name lookups.
    expect(readEveryEventOfIdentity(laneReport('eu-west-2', { chosen: 'identity' }))).toBe(true)
    expect(readEveryEventOfIdentity(laneReport('eu-west-2', { chosen: 'region' }))).toBe(true)
    expect(readEveryEventOfIdentity(laneReport('us-east-1', { chosen: 'events' }))).toBe(false)
    expect(readEveryEventOfIdentity(laneReport('eu-west-2', { chosen: undefined }))).toBe(false)
    // Per-name lookups were chosen, but the Username probe reached its last page: every event was read.
    const probedToEnd = laneReport('eu-west-2', {
      lookups: [
        { lookup: 'Username=deploy-bot', pages: 1, events: 12, complete: true },
        { lookup: 'EventName=DeleteTrail', pages: 1, events: 3, complete: true }
      ]
    })
    expect(readEveryEventOfIdentity(probedToEnd)).toBe(true)
  })
})
