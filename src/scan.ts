import type { ClientFactory } from './clients.js'
import type { Clock } from './clock.js'
import { isoSeconds } from './dates.js'
import type { Event } from '@aws-sdk/client-cloudtrail'
import { Evaluator, judge, type PageCounts } from './evaluate.js'
import { DEFAULT_RETRY, LookupFailure, lookupPages, type RetryPolicy } from './lookup.js'
import { Pacer } from './pacer.js'
import { findNearMisses } from './near-misses.js'
import { athenaClientFactory, type AthenaClientFactory } from './sources/athena/clients.js'
import { scanAthena, type AthenaScanDeps } from './sources/athena/scan.js'
import type { AthenaSettings } from './sources/athena/settings.js'
import { planLookups } from './plan.js'
import { fromLookupEvents } from './lookup-record.js'
import { describeRecordError, PageRecordError } from './record.js'
import type {
  IncompleteInfo,
  LookupTask,
  Plan,
  Query,
  RegionStats,
  ScanResult,
  UnfinishedRegion
} from './types.js'

/** Where progress goes: the action's log, the CLI's stderr, or nowhere. */
export interface ProgressSink {
  info(message: string): void
}

export interface ScanDeps {
  /** A CloudTrail client for a Region; its hooks, where the client supports them, tell the pacer when requests leave. */
  readonly clientFor: ClientFactory
  readonly clock: Clock
  readonly random?: () => number
  readonly progress?: ProgressSink
  readonly requestTimeoutMs?: number
  readonly retry?: RetryPolicy
  /** Log a progress line every this many pages per Region (default 10). */
  readonly progressEvery?: number
  /** Athena and Glue clients for the Athena source (default: the standard credential chain). */
  readonly athenaFor?: AthenaClientFactory
}

interface RegionRun {
  readonly stats: RegionStats
  oldest: string | null
}

function describeTask(task: LookupTask): string {
  const attribute = task.attribute ? `${task.attribute.key}=${task.attribute.value}` : 'all events'
  return `${task.region} ${attribute}${task.globalOnly ? ' (global services only)' : ''}`
}

/** Normalises and judges one page; a record that cannot be judged stops the scan, naming where it sat. */
function judgePage(
  evaluator: Evaluator,
  events: readonly Event[],
  task: LookupTask,
  page: number
): PageCounts & { oldest: Date | undefined } {
  try {
    const records = fromLookupEvents(events, task.region)
    return { ...evaluator.addPage(records), oldest: records[records.length - 1]?.time }
  } catch (error) {
    if (!(error instanceof PageRecordError)) throw error
    const where = `page ${page} of LookupEvents ${describeTask(task)}`
    throw new LookupFailure('bad-record', describeRecordError(error, where))
  }
}

/** Runs the lookups of one Region in turn: they share the Region's rate limit, so running them at once gains nothing. */
async function scanRegion(
  region: string,
  tasks: readonly LookupTask[],
  run: RegionRun,
  context: { query: Query; evaluator: Evaluator; deps: ScanDeps; signal: AbortSignal; started: number }
): Promise<void> {
  const { query, evaluator, deps, signal, started } = context
  const pacer = new Pacer(query.requestsPerSecond, deps.clock)
  const every = deps.progressEvery ?? 10
  const lookupDeps = {
    client: deps.clientFor(region, { onSend: () => pacer.markSent(), onAnswer: () => pacer.markAnswered() }),
    pacer,
    clock: deps.clock,
    random: deps.random ?? Math.random,
    signal,
    requestTimeoutMs: deps.requestTimeoutMs ?? 20_000,
    retry: deps.retry ?? DEFAULT_RETRY,
    onRetry: (kind: 'throttle' | 'transient') => {
      if (kind === 'throttle') run.stats.throttled += 1
      else run.stats.retries += 1
    }
  }
  for (const task of tasks) {
    deps.progress?.info(`[${region}] LookupEvents ${describeTask(task)}`)
    let pageOfTask = 0
    for await (const page of lookupPages(task, query.window, lookupDeps)) {
      pageOfTask += 1
      const counts = judgePage(evaluator, page.events, task, pageOfTask)
      // Judging is synchronous: give timers (the deadline) their turn between pages, however fast they come.
      await deps.clock.sleep(0)
      run.stats.pages += 1
      run.stats.scanned += counts.scanned
      run.stats.examined += counts.examined
      run.stats.matched += counts.matched
      const last = counts.oldest
      if (last) run.oldest = isoSeconds(last)
      if (run.stats.pages % every === 0) {
        const seconds = ((deps.clock.now() - started) / 1000).toFixed(1)
        deps.progress?.info(
          `[${region}] ${run.stats.pages} pages, ${run.stats.scanned} events, ${run.stats.matched} matched, ${seconds}s` +
            (run.oldest ? `, reached ${run.oldest}` : '')
        )
      }
    }
  }
}

function incompleteInfo(
  unfinished: readonly UnfinishedRegion[],
  runs: Map<string, RegionRun>
): IncompleteInfo | undefined {
  const first = unfinished[0]
  if (first === undefined) return undefined
  const all = [...runs.values()]
  return {
    ...first,
    pages: all.reduce((sum, r) => sum + r.stats.pages, 0),
    scanned: all.reduce((sum, r) => sum + r.stats.scanned, 0),
    unfinished
  }
}

/** A Region that failed: its own failure, or (not for the deadline, which stops every Region) the first one's. */
function unfinishedRegion(
  failure: LookupFailure,
  region: string,
  first: { failure: LookupFailure; region: string },
  run: RegionRun | undefined
): UnfinishedRegion {
  const stopped = failure === first.failure && region !== first.region && failure.code !== 'deadline'
  return {
    region,
    code: failure.code,
    reason: stopped ? `stopped when ${first.region} failed` : failure.reason,
    oldestReached: run?.oldest ?? null
  }
}

/** True when the plan reads every event of the identity (Username lookups, full scans), not only named ones. */
export function readsEveryEventOfIdentity(plan: Plan): boolean {
  return plan.tasks.every(task => task.attribute === undefined || task.attribute.key === 'Username')
}

/**
 * Plans and runs every lookup, Regions at once (each has its own rate limit), and judges the result. A failure
 * in any Region stops the others and is returned as `incomplete`, with what was matched so far.
 */
export async function scan(query: Query, deps: ScanDeps, plan?: Plan): Promise<ScanResult> {
  if (query.source === 'athena' && query.athena)
    return scanAthena(query, query.athena, athenaDeps(query.athena, deps))
  return scanLookupEvents(query, deps, plan ?? planLookups(query))
}

function athenaDeps(settings: AthenaSettings, deps: ScanDeps): AthenaScanDeps {
  return {
    clients: (deps.athenaFor ?? athenaClientFactory({}))(settings.region),
    clock: deps.clock,
    ...(deps.random && { random: deps.random }),
    ...(deps.progress && { progress: deps.progress }),
    ...(deps.requestTimeoutMs !== undefined && { requestTimeoutMs: deps.requestTimeoutMs })
  }
}

async function scanLookupEvents(query: Query, deps: ScanDeps, plan: Plan): Promise<ScanResult> {
  const started = deps.clock.now()
  const controller = new AbortController()
  const deadline = new AbortController()
  deps.clock
    .sleep(query.timeoutMs, deadline.signal)
    .then(() => {
      const minutes = +(query.timeoutMs / 60_000).toFixed(2)
      controller.abort(
        new LookupFailure('deadline', `the scan ran past its ${minutes}-minute deadline (timeout-minutes)`)
      )
    })
    .catch(() => undefined)

  const byRegion = new Map<string, LookupTask[]>()
  for (const task of plan.tasks) byRegion.set(task.region, [...(byRegion.get(task.region) ?? []), task])
  const evaluator = new Evaluator(query)
  const runs = new Map<string, RegionRun>()
  for (const region of byRegion.keys()) {
    runs.set(region, {
      stats: { region, pages: 0, scanned: 0, examined: 0, matched: 0, throttled: 0, retries: 0 },
      oldest: null
    })
  }

  let failed: { failure: LookupFailure; region: string } | undefined
  const unfinished: UnfinishedRegion[] = []
  const context = { query, evaluator, deps, signal: controller.signal, started }
  await Promise.all(
    [...byRegion].map(async ([region, tasks]) => {
      const run = runs.get(region) as RegionRun
      try {
        await scanRegion(region, tasks, run, context)
      } catch (error) {
        const failure = error instanceof LookupFailure ? error : new LookupFailure('other', String(error))
        // The first failure is the cause; the others are Regions we stopped because of it.
        if (!failed) {
          failed = { failure, region }
          controller.abort(failure)
        }
        unfinished.push(unfinishedRegion(failure, region, failed, run))
      }
    })
  )
  deadline.abort()
  // Counted once every Region has stopped, so "how far it got" covers all of them.
  const incomplete = incompleteInfo(unfinished, runs)

  const events = evaluator.events()
  const verdict = judge(query, events)
  const regions = [...runs.values()].map(r => r.stats)
  const nearMisses = incomplete ? [] : findNearMisses(query.patterns, evaluator.unmatched.entries())
  return {
    query,
    plan,
    events,
    scanned: evaluator.examined,
    pages: regions.reduce((sum, r) => sum + r.pages, 0),
    regions,
    ...verdict,
    elapsedMs: deps.clock.now() - started,
    incomplete,
    noEvents: !incomplete && evaluator.examined === 0 && readsEveryEventOfIdentity(plan),
    nearMisses
  }
}
