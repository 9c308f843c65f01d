import { startDeadline } from '../aws/attempt.js'
import { athenaNotProven } from '../sources/athena/not-proven.js'
import {
  deliveryReport,
  describeDeliveryPlan,
  phasesOf,
  planDelivery,
  readBehindBarrier,
  type StsFactory
} from '../sources/lookup-events/barrier/index.js'
import type { ClientFactory } from '../aws/clients.js'
import type { Clock } from '../core/clock.js'
import { RETENTION_DAYS } from '../core/constants.js'
import { Evaluator, judge } from '../core/tally.js'
import {
  DEFAULT_RETRY,
  LookupFailure,
  type LookupDeps,
  type RetryPolicy
} from '../sources/lookup-events/call.js'
import { findNearMisses } from '../core/near-misses.js'
import { Pacer } from '../aws/pacer.js'
import { planLookups } from '../sources/lookup-events/plan.js'
import { athenaClientFactory, type AthenaClientFactory } from '../sources/athena/clients.js'
import { scanAthena, type AthenaScanDeps } from '../sources/athena/scan.js'
import type { AthenaSettings } from '../query/athena-settings.js'
import type { Span } from '../sources/lookup-events/estimate.js'
import { runLane, type ProgressSink, type RegionRun } from '../sources/lookup-events/lane.js'
import { LanePlanner, type LanePlanReport } from '../sources/lookup-events/planner.js'
import type {
  IncompleteInfo,
  Plan,
  Query,
  RegionDelivery,
  ScanResult,
  UnfinishedRegion
} from '../core/types.js'

export type { ProgressSink } from '../sources/lookup-events/lane.js'

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
  /** An STS client per Region for the delivery barrier's marker; needed only when the window is fresh. */
  readonly stsFor?: StsFactory
}

/** One Region's pacer and client: every page of the lane, probe or not, counts against the Region's pace. */
function lookupDeps(
  region: string,
  run: RegionRun,
  deps: ScanDeps,
  query: Query,
  signal: AbortSignal
): LookupDeps {
  const pacer = new Pacer(query.requestsPerSecond, deps.clock)
  return {
    client: deps.clientFor(region, { onSend: () => pacer.markSent(), onAnswer: () => pacer.markAnswered() }),
    pacer,
    clock: deps.clock,
    random: deps.random ?? Math.random,
    signal,
    requestTimeoutMs: deps.requestTimeoutMs ?? 20_000,
    retry: deps.retry ?? DEFAULT_RETRY,
    onRetry: kind => {
      if (kind === 'throttle') run.stats.throttled += 1
      else run.stats.retries += 1
    }
  }
}

/** The part of the window CloudTrail can hold events for, which the planner's estimates spread pages over. */
export function spanOf(query: Query, nowMs: number): Span {
  const window = { startMs: query.window.start.getTime(), endMs: query.window.end.getTime() }
  const span = {
    startMs: Math.max(window.startMs, nowMs - RETENTION_DAYS * 86_400_000),
    endMs: Math.min(window.endMs, nowMs)
  }
  // A clock that disagrees with the window (it can only be off) must not make every estimate "one page".
  return span.endMs > span.startMs ? span : window
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

/** True when every lane read every event of the identity (a Username lookup, a full scan), not only named ones. */
export function readsEveryEventOfIdentity(lanes: readonly LanePlanReport[]): boolean {
  return lanes.every(lane => lane.chosen === 'identity' || lane.chosen === 'region')
}

export interface ScanRun {
  /** Resolves once every lane has probed and chosen its candidate (or stopped), with what each chose. */
  readonly planned: Promise<readonly LanePlanReport[]>
  /** Reads the chosen candidates to their end (lanes wait for this call) and judges the result. */
  finish(): Promise<ScanResult>
}

function deadlineTimer(query: Query, deps: ScanDeps, controller: AbortController): AbortController {
  return startDeadline(
    deps.clock,
    query.timeoutMs,
    controller,
    reason => new LookupFailure('deadline', reason)
  )
}

/**
 * Starts every lane, Regions at once (each has its own rate limit): each probes and chooses, then waits for
 * `finish()` to read its choice, so a caller can report the plan before the long part. A failure in any Region
 * stops the others and is returned as `incomplete`, with what was matched so far.
 */
export function startScan(query: Query, deps: ScanDeps, plan: Plan = planLookups(query)): ScanRun {
  const started = deps.clock.now()
  const controller = new AbortController()
  const deadline = deadlineTimer(query, deps, controller)
  const evaluator = new Evaluator(query)
  // The delivery barrier splits a fresh window into the part read at once and the part read once it holds:
  // each part is planned on its own (NextTokens are bound to the window), the first one's plan is the lane's.
  const delivery = planDelivery(query, started)
  deps.progress?.info(describeDeliveryPlan(delivery, query))
  const outcomes: RegionDelivery[] = []
  const phases = plan.lanes.map(lane =>
    phasesOf(delivery, query.window).map(window => ({
      window,
      planner: new LanePlanner(
        lane,
        spanOf({ ...query, window }, started),
        plan.force ? { force: plan.force } : {}
      )
    }))
  )
  const planners = phases.map(lane => lane[0]?.planner as LanePlanner)
  const runs = new Map<string, RegionRun>()
  for (const { region } of plan.lanes) {
    runs.set(region, {
      stats: { region, pages: 0, scanned: 0, examined: 0, matched: 0, throttled: 0, retries: 0 },
      oldest: null
    })
  }
  let proceed: () => void = () => undefined
  const proceeding = new Promise<void>(resolve => (proceed = resolve))
  const chosen: Array<Promise<void>> = []
  let failed: { failure: LookupFailure; region: string } | undefined
  const unfinished: UnfinishedRegion[] = []
  const lanes = phases.map(async lanePhases => {
    const { region } = (lanePhases[0]?.planner as LanePlanner).lane
    const run = runs.get(region) as RegionRun
    let onChosen: () => void = () => undefined
    chosen.push(new Promise<void>(resolve => (onChosen = resolve)))
    const lookup = lookupDeps(region, run, deps, query, controller.signal)
    const readPhase = (window: Query['window']): Promise<void> => {
      const phase = lanePhases.find(p => p.window === window) ?? lanePhases[0]
      return runLane(phase?.planner as LanePlanner, run, {
        query: { ...query, window },
        evaluator,
        lookup,
        progress: deps.progress,
        every: deps.progressEvery ?? 10,
        elapsedSeconds: () => ((deps.clock.now() - started) / 1000).toFixed(1),
        onChosen: phase === lanePhases[0] ? onChosen : () => undefined,
        proceed: proceeding
      })
    }
    try {
      await readBehindBarrier(region, delivery, readPhase, {
        window: query.window,
        lookup,
        stsFor: deps.stsFor,
        timeoutMs: query.delivery.timeoutMs,
        progress: line => deps.progress?.info(line),
        onOutcome: outcome => outcomes.push(outcome)
      })
    } catch (error) {
      onChosen()
      const failure = error instanceof LookupFailure ? error : new LookupFailure('other', String(error))
      // The first failure is the cause; the others are Regions we stopped because of it.
      if (!failed) {
        failed = { failure, region }
        controller.abort(failure)
        proceed()
      }
      unfinished.push(unfinishedRegion(failure, region, failed, run))
    }
  })
  const planned = Promise.all(chosen).then(() => planners.map(p => p.report()))
  return {
    planned,
    finish: async () => {
      proceed()
      await Promise.all(lanes)
      deadline.abort()
      // Counted once every Region has stopped, so "how far it got" covers all of them.
      const incomplete = incompleteInfo(unfinished, runs)
      const events = evaluator.events()
      const regions = [...runs.values()].map(r => r.stats)
      const reports = planners.map(p => p.report())
      const everyReport = phases.flat().map(p => p.planner.report())
      const nearMisses = incomplete ? [] : findNearMisses(query.patterns, evaluator.unmatched.entries())
      return {
        query,
        plan,
        lanes: reports,
        events,
        scanned: evaluator.examined,
        pages: regions.reduce((sum, r) => sum + r.pages, 0),
        regions,
        ...judge(query, events),
        elapsedMs: deps.clock.now() - started,
        incomplete,
        noEvents: !incomplete && evaluator.examined === 0 && readsEveryEventOfIdentity(everyReport),
        nearMisses,
        delivery: deliveryReport(delivery, outcomes)
      }
    }
  }
}

/**
 * The whole scan in one call: Athena's one query, or LookupEvents' lanes (`startScan`: probe, choose, read every
 * chosen lookup) judged into one result.
 */
export async function scan(query: Query, deps: ScanDeps, plan?: Plan): Promise<ScanResult> {
  if (query.source === 'athena' && query.athena) {
    const delivery = planDelivery(query, deps.clock.now())
    if (delivery.kind === 'barrier') return athenaNotProven(query, delivery, query.athena)
    deps.progress?.info(describeDeliveryPlan(delivery, query))
    const result = await scanAthena(query, query.athena, athenaDeps(query.athena, deps))
    return { ...result, delivery: deliveryReport(delivery, []) }
  }
  const run = startScan(query, deps, plan ?? planLookups(query))
  await run.planned
  return run.finish()
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
