// The planner scenarios of `npm run bench` (issue 11): how many LookupEvents pages the planner reads against a
// full Username scan, and that its verdict is a full scan's.
// 1. A user with 20,000 events in the window, asked about three names that occur three times each in the
//    account (by others): the bundled action, paced at 2 requests/s, must answer in at most 1/10 of the pages
//    of the Username scan.
// 2. A user with 100 events, asked about a name with 50,000 occurrences by others: at most 2 pages above the
//    Username scan.
// The references (the Username scan and the full Region scan, forced through the library's plan option) run
// against a second emulator with the rate limit lifted: they count pages, and their time would say nothing.
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail'
import type { ClientFactory } from '../src/aws/clients.js'
import { systemClock } from '../src/core/clock.js'
import { parseQuery } from '../src/query/inputs.js'
import { planLookups } from '../src/sources/lookup-events/plan.js'
import { scan } from '../src/run/run.js'
import type { CandidateKind } from '../src/sources/lookup-events/candidates.js'
import type { ScanResult } from '../src/types.js'
import { delta, startEmulatorProcess, type EmulatorProcess } from './bench-proc.js'
import type { Target } from './bench-report.js'
import * as runs from './bench-runs.js'

interface Scenario {
  readonly name: string
  readonly userEvents: number
  readonly crowd: readonly string[]
  readonly events: string
  /** The target, from the Username scan's pages to the most the planner may read. */
  readonly allowed: (usernamePages: number) => number
  readonly targetName: string
}

const SCENARIOS: readonly Scenario[] = [
  {
    name: 'busy user, rare names',
    userEvents: 20_000,
    crowd: ['DeleteTrail:3', 'StopLogging:3', 'PutBucketPolicy:3'],
    events: 'DeleteTrail, StopLogging, PutBucketPolicy',
    allowed: pages => Math.floor(pages / 10),
    targetName: 'busy user, 3 rare names: <= 1/10 of the Username scan pages'
  },
  {
    name: 'quiet user, common name',
    userEvents: 100,
    crowd: ['DescribeInstances:50000'],
    events: 'DescribeInstances',
    allowed: pages => pages + 2,
    targetName: 'quiet user, a name 50,000 others called: <= Username scan pages + 2'
  }
]

export interface PlannerBenchOptions {
  readonly node: string
  readonly dir: string
}

export interface PlannerBenchResult {
  readonly targets: Target[]
  readonly problems: string[]
  readonly notes: string[]
}

function clientsFor(url: string): ClientFactory {
  const clients = new Map<string, CloudTrailClient>()
  return region => {
    const client =
      clients.get(region) ??
      new CloudTrailClient({
        region,
        endpoint: url,
        credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'x' },
        maxAttempts: 1
      })
    clients.set(region, client)
    return client
  }
}

/** A reference scan through the library, with one candidate forced, against the lifted emulator. */
async function reference(url: string, scenario: Scenario, window: runs.Window, kind: CandidateKind) {
  const query = parseQuery(
    {
      user: runs.USER,
      events: scenario.events,
      region: runs.REGION,
      includeGlobalEvents: false,
      createdAfter: window.start,
      createdBefore: window.end,
      requestsPerSecond: 1000
    },
    { now: new Date(), env: {} }
  )
  return scan(query, { clientFor: clientsFor(url), clock: systemClock }, planLookups(query, { force: kind }))
}

const ids = (events: ReadonlyArray<{ EventId: string }>): string => events.map(e => e.EventId).join(',')

async function emulator(scenario: Scenario, rate: number): Promise<EmulatorProcess> {
  return startEmulatorProcess({
    rate,
    burst: 1,
    count: scenario.userEvents,
    user: runs.USER,
    region: runs.REGION,
    lifetimeMs: 5 * 60_000,
    crowd: scenario.crowd
  })
}

async function runScenario(
  o: PlannerBenchOptions,
  scenario: Scenario,
  out: PlannerBenchResult
): Promise<string> {
  const window = runs.windowNow()
  const paced = await emulator(scenario, 2)
  let action: runs.ActionRun
  let pages: number
  let throttled: number
  try {
    const before = await paced.stats(runs.REGION)
    action = await runs.runAction({
      node: o.node,
      emulator: paced,
      window,
      requestsPerSecond: 2,
      dir: o.dir,
      name: `planner-${scenario.userEvents}`,
      timeoutMs: 3 * 60_000,
      events: scenario.events
    })
    const served = delta(before, await paced.stats(runs.REGION))
    pages = served.accepted
    throttled = served.throttled
  } finally {
    await paced.close()
  }
  const lifted = await emulator(scenario, 0)
  let username: ScanResult
  let full: ScanResult
  try {
    username = await reference(lifted.url, scenario, window, 'identity')
    full = await reference(lifted.url, scenario, window, 'region')
  } finally {
    await lifted.close()
  }
  const events = JSON.parse(action.outputs['events'] ?? '[]') as Array<{ EventId: string }>
  const same =
    action.outputs['complete'] === 'true' &&
    action.outputs['found'] === String(full.found) &&
    Number(action.outputs['count']) === full.events.length &&
    ids(events) === ids(full.events) &&
    ids(username.events) === ids(full.events)
  if (action.timedOut || action.outputs['complete'] !== 'true') {
    out.problems.push(`planner (${scenario.name}): exit ${action.code}, ${action.errorTail}`)
  }
  if (full.incomplete || username.incomplete)
    out.problems.push(`planner (${scenario.name}): a reference failed`)
  const allowed = scenario.allowed(username.pages)
  out.targets.push({
    name: scenario.targetName,
    pass: pages <= allowed && same,
    detail:
      `${pages} pages (allowed ${allowed}; Username scan ${username.pages}, full scan ${full.pages}), ` +
      `verdict ${same ? 'identical to' : 'DIFFERENT from'} the full scan's`
  })
  const verdict = `found=${action.outputs['found']}, count=${action.outputs['count']}`
  return (
    `| ${scenario.name} | ${scenario.userEvents.toLocaleString('en')} | ${scenario.crowd.join(', ')} | ` +
    `${pages} | ${throttled} | ${action.seconds.toFixed(2)} | ${username.pages} | ${full.pages} | ${verdict} | ${same ? 'yes' : 'NO'} |`
  )
}

/** Both scenarios; a missed target is reported, a run that did not work is a problem. */
export async function plannerBench(o: PlannerBenchOptions): Promise<PlannerBenchResult> {
  const out: PlannerBenchResult = { targets: [], problems: [], notes: [] }
  const lines = [
    '',
    'Planner (the action paced at 2 req/s; the references forced through the library, rate limit lifted):',
    '',
    '| scenario | user events | others | planner pages | throttled | seconds | Username scan pages | full scan pages | verdict | same as full scan |',
    '| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |'
  ]
  for (const scenario of SCENARIOS) lines.push(await runScenario(o, scenario, out))
  out.notes.push(...lines)
  return out
}
