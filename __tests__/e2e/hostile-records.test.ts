import { describe, expect, it, jest } from '@jest/globals'
import { page, send, wireEvent, type Scenario } from '../../__fixtures__/hostile.js'
import { against, expectBounded, expectFailedClosed } from '../../__fixtures__/hostile-run.js'
import type { RecordSpec } from '../../__fixtures__/records.js'

// Records a hostile server can send: each is judged against the whole query or fails the scan, never skipped.

jest.setTimeout(120_000)

const now = Date.now()
const ago = (minutes: number): string => new Date(now - minutes * 60_000).toISOString()
const role = { type: 'AssumedRole', role: 'deploy', session: 'GitHubActions' } as const
const ROLE_ARN = 'arn:aws:iam::123456789012:role/deploy'

/** Every call answered with one page of these events (the same page for every lookup). */
function onePage(...events: unknown[]): Scenario {
  return (_, res) => send(res, 200, page(events))
}

/** A wire event without some fields. */
function without(spec: RecordSpec, ...fields: string[]): Record<string, unknown> {
  const event = wireEvent(spec)
  for (const field of fields) delete event[field]
  return event
}

const terminate = (minutes: number, extra: Partial<RecordSpec> = {}): RecordSpec => ({
  name: 'TerminateInstances',
  time: ago(minutes),
  ...extra
})

describe('records that cannot be judged fail the scan, end to end', () => {
  it('finds a forbidden event whose EventName is only in its CloudTrailEvent', async () => {
    const run = await against(onePage(without(terminate(5), 'EventName')))
    expect(run.code).toBe(1)
    expect(run.outputs).toMatchObject({ found: 'true', complete: 'true', count: '1' })
    expectBounded(run)
  })

  it.each<[string, Record<string, unknown>, RegExp]>([
    [
      'no CloudTrailEvent',
      without(terminate(5, { principal: role }), 'CloudTrailEvent'),
      /it has no CloudTrailEvent/
    ],
    [
      'a CloudTrailEvent that is not JSON',
      { ...wireEvent(terminate(5, { principal: role })), CloudTrailEvent: '{"userIdentity":' },
      /its CloudTrailEvent is not JSON/
    ]
  ])('fails closed for a role ARN on a record with %s', async (_, event, problem) => {
    const run = await against(onePage(event), { user: ROLE_ARN })
    expectFailedClosed(
      run,
      /record 1 \(EventId [0-9a-f-]+\) of page 1 of LookupEvents eu-west-2 EventName=TerminateInstances/
    )
    expect(run.stdout).toMatch(problem)
  })

  it('fails closed on records with no EventId anywhere, instead of dropping them as duplicates', async () => {
    const spec = terminate(5, { id: '' })
    const run = await against(onePage(without(terminate(4), 'EventId'), without(spec, 'EventId')))
    expectFailedClosed(
      run,
      /record 2 of page 1 of LookupEvents eu-west-2 Username=alice cannot be judged: it has no EventId/
    )
  })

  it('fails closed on a record with neither EventSource nor CloudTrailEvent for a qualified pattern', async () => {
    const event = without(terminate(5), 'EventSource', 'CloudTrailEvent')
    const run = await against(onePage(event), { events: 'ec2:TerminateInstances' })
    expectFailedClosed(run, /it has no CloudTrailEvent/)
  })

  it('fails closed on an EventTime no date can hold and no eventTime to fall back on', async () => {
    const event = { ...wireEvent(terminate(5)), EventTime: 1e20, CloudTrailEvent: '{}' }
    const run = await against(onePage(event))
    expectFailedClosed(run, /it has no valid EventTime/)
  })
})

describe('results are checked against the question, end to end', () => {
  it("counts neither other users' events nor events outside the window, and each EventId once", async () => {
    const mine = wireEvent(terminate(5, { id: 'mine' }))
    const scenario: Scenario = ({ call }, res) =>
      call < 3
        ? send(
            res,
            200,
            page([mine, wireEvent(terminate(6, { principal: { type: 'IAMUser', name: 'bob' } }))], `t${call}`)
          )
        : send(res, 200, page([mine, wireEvent(terminate(60 * 24 * 10)), wireEvent(terminate(-60))]))
    const run = await against(scenario, { created_after: ago(60 * 24) })
    expect(run.outputs).toMatchObject({ found: 'true', complete: 'true', count: '1', scanned: '1' })
    expectBounded(run)
  })

  it('matches a pattern that makes a backtracking regex hang, well within the deadline', async () => {
    const names = ['a'.repeat(60), `${'a'.repeat(59)}b`]
    const run = await against(onePage(...names.map(name => wireEvent(terminate(5, { name })))), {
      events: '*a*a*a*a*a*a*a*a*a*a*b',
      'timeout-minutes': '0.5'
    })
    expect(run.outputs).toMatchObject({ found: 'true', complete: 'true', count: '1' })
    expectBounded(run)
  })
})
