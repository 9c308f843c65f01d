import type { Event } from '@aws-sdk/client-cloudtrail'
import { TokenGuard } from '../../aws/pages.js'
import { ANY, SELF, type Covered, type Delivered, type Slice } from '../../core/coverage.js'
import { SourceFailure } from '../../core/errors.js'
import { describeRecordError, PageRecordError, type TrailRecord } from '../../core/record.js'
import type { TimeWindow } from '../../core/types.js'
import type { ProgressSink, RecordPage } from '../source.js'
import { lookupPage, type LookupDeps } from './call.js'
import { attributeKey } from './candidates.js'
import { fromLookupEvents } from './decode.js'
import { describeLaneChoice, describeReplan } from './plan.js'
import type { LanePlanner, LanePlanReport } from './planner.js'
import type { LookupTask } from './types.js'

// The driver of one lane (one account and Region, one pacer) over one part of its window: it fetches the page
// the planner names, hands its records on to be judged, and tells the planner what it held. Probes, chosen
// lookups and abandoned ones all go to the judge. When the chosen candidate has read its last page, the part
// is covered: that claim is the lane's last page.

export interface LanePart {
  readonly window: TimeWindow
  readonly planner: LanePlanner
  /**
   * What reading this part proves, window by window: `old-window` for what ended before the delivery horizon,
   * `proven` for a fresh part read after the barrier held, `unproven` for a fresh part read without it.
   */
  readonly claims: ReadonlyArray<{ readonly window: TimeWindow; readonly delivered: Delivered }>
}

export interface LaneContext {
  readonly slice: Slice
  readonly lookup: LookupDeps
  readonly progress: ProgressSink | undefined
  /** Told once, when the part's planner has chosen (or ended). */
  readonly onChosen?: () => void
}

export function describeTask(task: LookupTask): string {
  return `${task.region} ${attributeKey(task.attribute)}${task.globalOnly ? ' (global services only)' : ''}`
}

/** The account a lane's records are tagged with: a named one, never the credentials' own (`self`). */
function namedAccount(slice: Slice): string | undefined {
  return slice.account === SELF || slice.account === ANY ? undefined : slice.account
}

/** Normalises one page; a record that cannot be normalised stops the read, naming where it sat. */
function decode(events: readonly Event[], task: LookupTask, where: string, slice: Slice): TrailRecord[] {
  try {
    return fromLookupEvents(events, task.region, namedAccount(slice))
  } catch (error) {
    if (!(error instanceof PageRecordError)) throw error
    throw new SourceFailure('bad-record', describeRecordError(error, where))
  }
}

/** True when the part read every event of the identity: the chosen candidate did, or a Username lookup ended. */
export function readEveryEventOfIdentity(report: LanePlanReport): boolean {
  if (report.chosen === 'identity' || report.chosen === 'region') return true
  const identity = report.candidates.find(c => c.kind === 'identity')
  return (
    identity !== undefined &&
    identity.lookups.every(key => report.lookups.some(l => l.lookup === key && l.complete))
  )
}

/** Every page of one part of a lane, then its coverage claim. Throws SourceFailure. */
export async function* readLanePart(part: LanePart, ctx: LaneContext): AsyncGenerator<RecordPage> {
  const { planner } = part
  const { slice } = ctx
  const region = slice.region
  const guards = new Map<string, TokenGuard>()
  const pages = new Map<string, number>()
  let announced = false
  const announce = (): void => {
    if (announced) return
    announced = true
    if (planner.report().chosen) ctx.progress?.info(`[${region}] ${describeLaneChoice(planner.report())}`)
    ctx.onChosen?.()
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
      if (!step.probe) announce()
      const key = attributeKey(step.lookup)
      const task: LookupTask = { region, attribute: step.lookup, globalOnly: slice.globalOnly }
      const page = await lookupPage(task, part.window, step.nextToken, ctx.lookup)
      const n = (pages.get(key) ?? 0) + 1
      pages.set(key, n)
      const account = namedAccount(slice)
      const where = `page ${n} of LookupEvents ${account ? `in account ${account} ` : ''}${describeTask(task)}`
      const records = decode(page.events, task, where, slice)
      yield { records, where, region, fetched: true }
      const guard = guards.get(key) ?? new TokenGuard('LookupEvents')
      guards.set(key, guard)
      guard.check(page.nextToken)
      if (step.probe) {
        const last = page.nextToken ? '' : ', the last page'
        ctx.progress?.info(`[${region}] probe ${key}: ${page.events.length} events${last}`)
      }
      planner.record(step.lookup, {
        events: page.events.length,
        oldestMs: records[records.length - 1]?.time.getTime(),
        nextToken: page.nextToken
      })
    }
  } finally {
    logReplans()
    announce()
  }
  const identity = readEveryEventOfIdentity(planner.report()) ? 'all' : 'named'
  const covered: Covered[] = part.claims.map(claim => ({
    account: slice.account,
    region,
    globalOnly: slice.globalOnly,
    window: claim.window,
    delivered: claim.delivered,
    identity
  }))
  yield { records: [], where: `the end of LookupEvents in ${region}`, region, covered, fetched: false }
}
