import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { crowd, heavyUser, iamUser, makeRecord, SAMPLE_ACCOUNT } from '../../emulator/data.js'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { runAction } from '../../__fixtures__/runner.js'

// The planner in the bundled action, against the emulator at its real 2 requests/s: a busy user asked about
// rare names reads a few pages instead of its whole history; a quiet user asked about a name everyone calls
// reads its own page and nothing else. The choice is in the log's Plan group, the summary and the report.

jest.setTimeout(60_000)

const REGION = 'eu-west-2'
// The page counts here are the planner's; the delivery barrier's polls and split are tested in delivery.test.ts.
const NO_BARRIER = { 'wait-for-delivery': 'false' }
let emulator: Emulator
const now = new Date()

function env(): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_CLOUDTRAIL: emulator.url,
    AWS_ACCESS_KEY_ID: 'AKIDE2E',
    AWS_SECRET_ACCESS_KEY: 'secret'
  }
}

function pages(): number {
  return emulator.stats().regions[REGION]?.accepted ?? 0
}

/** The lines the action logged inside one `::group::`. */
function group(stdout: string, name: string): string {
  const start = stdout.indexOf(`::group::${name}\n`)
  return start < 0 ? '' : stdout.slice(start, stdout.indexOf('::endgroup::', start))
}

beforeAll(async () => {
  const busy = heavyUser({ user: 'busy', count: 2_000, region: REGION, now })
  const quiet = heavyUser({ user: 'quiet', count: 30, region: REGION, now })
  const deleteTrail = makeRecord({
    principal: iamUser(SAMPLE_ACCOUNT, 'busy'),
    eventName: 'DeleteTrail',
    source: 'cloudtrail',
    region: REGION,
    time: now.getTime() - 40 * 86_400_000
  })
  const others = [
    ...crowd({ eventName: 'DeleteTrail', count: 3, region: REGION, now }),
    ...crowd({ eventName: 'StopLogging', count: 2, region: REGION, now }),
    ...crowd({ eventName: 'DescribeInstances', count: 3_000, region: REGION, now })
  ]
  emulator = await startEmulator({
    records: [...busy, ...quiet, deleteTrail, ...others],
    requestsPerSecond: 2
  })
})
afterAll(async () => {
  await emulator.close()
})

describe('the planner in the bundled action', () => {
  it('a busy user and rare names: four pages instead of forty, and the find', async () => {
    const before = pages()
    const run = await runAction(
      {
        user: 'busy',
        events: 'DeleteTrail, StopLogging, PutBucketPolicy',
        region: REGION,
        'include-global-events': 'false',
        ...NO_BARRIER
      },
      env()
    )
    expect(run.code).toBe(1)
    expect(run.outputs).toMatchObject({ found: 'true', count: '1', complete: 'true' })
    // The Username probe (2,000 events: 40 pages), then one page per name, each the last.
    expect(pages() - before).toBe(4)
    // The Plan group says what will be read; the probes and the choice they lead to are read in the Lookup group.
    expect(group(run.stdout, 'Plan')).toMatch(/Plan: busy \(Username\):/)
    const plan = group(run.stdout, 'Lookup')
    expect(plan).toMatch(/\[eu-west-2\] probe Username=busy: 50 events\n/)
    expect(plan).toMatch(/\[eu-west-2\] probe EventName=DeleteTrail: 4 events, the last page/)
    expect(plan).toMatch(
      /\[eu-west-2\] plan: EventName\/EventSource lookups EventName=DeleteTrail, EventName=StopLogging, EventName=PutBucketPolicy, the cheapest after probing \(3 pages\); rejected: Username lookup Username=busy \(~\d+ pages, 1 read\)/
    )
    expect(run.summary).toMatch(
      /<summary><b>Plan<\/b> · eu-west-2: EventName \/ EventSource; 4 pages read, probes included<\/summary>/
    )
    const report = JSON.parse(readFileSync(run.outputs['report'] ?? '', 'utf8')) as {
      plan: { lanes: Array<{ chosen: string; pages: number }> }
    }
    expect(report.plan.lanes).toEqual([expect.objectContaining({ chosen: 'events', pages: 4 })])
  })

  it('a quiet user and a name everyone calls: the Username probe is its only page', async () => {
    const before = pages()
    const run = await runAction(
      {
        user: 'quiet',
        events: 'DescribeInstances',
        region: REGION,
        'include-global-events': 'false',
        ...NO_BARRIER
      },
      env()
    )
    expect(run.code).toBe(1)
    expect(run.outputs).toMatchObject({ found: 'true', count: '5', complete: 'true' })
    expect(pages() - before).toBe(1)
    expect(group(run.stdout, 'Lookup')).toMatch(
      /plan: Username lookup Username=quiet, the cheapest after probing \(1 page\); rejected: EventName\/EventSource lookups EventName=DescribeInstances \(≥ 1 page\)/
    )
  })
})
