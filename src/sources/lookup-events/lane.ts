import type { Event } from '@aws-sdk/client-cloudtrail'
import { isoSeconds } from '../../core/dates.js'
import type { Evaluator, PageCounts } from '../../core/tally.js'
import { checkToken, LookupFailure, lookupPage, TokenGuard, type LookupDeps } from './call.js'
import { describeLaneChoice, describeReplan } from './plan.js'
import { fromLookupEvents } from './decode.js'
import { describeRecordError, PageRecordError } from '../../core/record.js'
import type { LookupTask, Query, RegionStats } from '../../core/types.js'
import { attributeKey } from './candidates.js'
import type { LanePlanner } from './planner.js'

// The driver of one lane (one Region, one pacer): it fetches the page the planner names, judges it, and tells
// the planner what it held. Probes, chosen lookups and abandoned ones all go through the evaluator.

/** Where progress goes: the action's log, the CLI's stderr, or nowhere. */
export interface ProgressSink {
  info(message: string): void
}

export interface RegionRun {
  readonly stats: RegionStats
  /** ISO time of the oldest record reached, for an incomplete scan's message. */
  oldest: string | null
}

export interface LaneContext {
  readonly query: Query
  readonly evaluator: Evaluator
  readonly lookup: LookupDeps
  readonly progress: ProgressSink | undefined
  /** A progress line every this many pages. */
  readonly every: number
  readonly elapsedSeconds: () => string
  /** Called once, when the lane has chosen (or ended); reading the choice then waits for `proceed`. */
  readonly onChosen: () => void
  readonly proceed: Promise<void>
}

export function describeTask(task: LookupTask): string {
  return `${task.region} ${attributeKey(task.attribute)}${task.globalOnly ? ' (global services only)' : ''}`
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

function count(run: RegionRun, counts: PageCounts & { oldest: Date | undefined }): void {
  run.stats.pages += 1
  run.stats.scanned += counts.scanned
  run.stats.examined += counts.examined
  run.stats.matched += counts.matched
  if (counts.oldest) run.oldest = isoSeconds(counts.oldest)
}

/** Runs a lane's plan to its end: probes, the chosen candidate's lookups, any re-plan. Throws LookupFailure. */
export async function runLane(planner: LanePlanner, run: RegionRun, ctx: LaneContext): Promise<void> {
  const { lane } = planner
  const region = lane.region
  const guards = new Map<string, TokenGuard>()
  const pages = new Map<string, number>()
  let announced = false
  const announce = (): void => {
    if (announced) return
    announced = true
    if (planner.report().chosen) ctx.progress?.info(`[${region}] ${describeLaneChoice(planner.report())}`)
    ctx.onChosen()
  }
  let logged = 0
  const logReplans = (): void => {
    for (const replan of planner.replanned.slice(logged))
      ctx.progress?.info(`[${region}] ${describeReplan(replan)}`)
    logged = planner.replanned.length
  }
  try {
    for (let step = planner.next(); step; step = planner.next()) {
      logReplans()
      if (!step.probe && !announced) {
        announce()
        await ctx.proceed
      }
      const key = attributeKey(step.lookup)
      const task: LookupTask = { region, attribute: step.lookup, globalOnly: lane.globalOnly }
      const page = await lookupPage(task, ctx.query.window, step.nextToken, ctx.lookup)
      const n = (pages.get(key) ?? 0) + 1
      pages.set(key, n)
      const counts = judgePage(ctx.evaluator, page.events, task, n)
      // Judging is synchronous: give timers (the deadline) their turn between pages, however fast they come.
      await ctx.lookup.clock.sleep(0)
      count(run, counts)
      const guard = guards.get(key) ?? new TokenGuard()
      guards.set(key, guard)
      checkToken(guard, page.nextToken)
      if (step.probe) {
        const last = page.nextToken ? '' : ', the last page'
        ctx.progress?.info(`[${region}] probe ${key}: ${page.events.length} events${last}`)
      }
      planner.record(step.lookup, {
        events: page.events.length,
        oldestMs: counts.oldest?.getTime(),
        nextToken: page.nextToken
      })
      if (run.stats.pages % ctx.every === 0) progressLine(run, ctx)
    }
  } finally {
    logReplans()
    announce()
  }
}

function progressLine(run: RegionRun, ctx: LaneContext): void {
  ctx.progress?.info(
    `[${run.stats.region}] ${run.stats.pages} pages, ${run.stats.scanned} events, ${run.stats.matched} matched, ` +
      `${ctx.elapsedSeconds()}s${run.oldest ? `, reached ${run.oldest}` : ''}`
  )
}
