import type { RateBudgets } from '../../aws/budgets.js'
import {
  cloudTrailClientFactory,
  stsClientFactory,
  type ClientFactory,
  type ClientOptions
} from '../../aws/clients.js'
import type { StsFactory } from '../../aws/marker.js'
import { DEFAULT_RETRY, type RetryPolicy } from '../../aws/retry.js'
import { RETENTION_DAYS } from '../../core/constants.js'
import { ANY, SELF, type Slice } from '../../core/coverage.js'
import { deliveryReport, describeDeliveryPlan, planDelivery, type DeliveryPlan } from '../../core/delivery.js'
import type { Query, RegionDelivery, TimeWindow } from '../../core/types.js'
import type { SourceDetails } from '../details.js'
import type { RecordPage, SourceContext, SourcePlan, TaskLabel, TrailSource } from '../source.js'
import { holdBarrier, partsOf } from './barrier/index.js'
import type { LookupDeps } from './call.js'
import { laneFor, type CandidateKind, type Lane } from './candidates.js'
import type { Span } from './estimate.js'
import { readLanePart, type LanePart } from './lane.js'
import { planSentences } from './plan.js'
import { LanePlanner } from './planner.js'

// LookupEvents behind the source seam: one lane per slice (account and Region), each with its own pacer from
// the account's and Region's budget, probing its candidates, reading the cheapest to its end, and — for a
// window that ends within the delivery horizon — reading the fresh part only once its barrier holds.

export interface LookupSourceDeps {
  /** Credentials and the own-request log for the default clients. */
  readonly clientOptions?: ClientOptions
  /** A CloudTrail client per Region (default: real clients); its hooks tell the pacer when requests leave. */
  readonly clientFor?: ClientFactory | undefined
  /** An STS client per Region for the delivery marker (default: real clients, loaded only when needed). */
  readonly stsFor?: StsFactory | undefined
  readonly requestTimeoutMs?: number
  readonly retry?: RetryPolicy
  /** Read this candidate in every lane, with no probe (tests and the differential check). */
  readonly force?: CandidateKind
}

export interface LaneTask {
  readonly slice: Slice
  readonly lane: Lane
  readonly parts: readonly (LanePart & { readonly afterBarrier: boolean })[]
}

/** The part of the window CloudTrail can hold events for, which the planner's estimates spread pages over. */
export function spanOf(window: TimeWindow, nowMs: number): Span {
  const span = {
    startMs: Math.max(window.start.getTime(), nowMs - RETENTION_DAYS * 86_400_000),
    endMs: Math.min(window.end.getTime(), nowMs)
  }
  // A clock that disagrees with the window (it can only be off) must not make every estimate "one page".
  return span.endMs > span.startMs ? span : { startMs: window.start.getTime(), endMs: window.end.getTime() }
}

/** A concrete account the scan names, as opposed to the credentials' own (`self`). */
function named(account: string): boolean {
  return account !== SELF && account !== ANY
}

/**
 * The plan in words. Every account reads the same lanes (the candidates depend on the query and the Region
 * only), so they are told once, for the accounts that read them.
 */
function strategyOf(query: Query, tasks: readonly LaneTask[], force: CandidateKind | undefined): string {
  const lanes = new Map<string, Lane>()
  for (const task of tasks) lanes.set(`${task.lane.region}|${task.lane.globalOnly}`, task.lane)
  const accounts = [...new Set(tasks.map(t => t.slice.account).filter(named))]
  const sentences = planSentences(query, [...lanes.values()], force)
  if (accounts.length === 0) return sentences
  const which = accounts.length === 1 ? `account ${accounts[0]}` : `each of ${accounts.length} accounts`
  return `In ${which}, with its own role and its own LookupEvents budget per Region: ${sentences}`
}

export class LookupEventsSource implements TrailSource<LaneTask, SourceDetails> {
  readonly name = 'lookup-events' as const
  private tasks: readonly LaneTask[] = []
  private delivery: DeliveryPlan | undefined
  private readonly outcomes: RegionDelivery[] = []
  private strategy = ''
  /** Tasks of each account not read yet: its clients are released after its last. */
  private readonly unread = new Map<string, number>()

  private readonly clientFor: ClientFactory
  private readonly stsFor: StsFactory

  constructor(
    private readonly deps: LookupSourceDeps,
    private readonly budgets: RateBudgets
  ) {
    this.clientFor = deps.clientFor ?? cloudTrailClientFactory(deps.clientOptions ?? {})
    this.stsFor = deps.stsFor ?? stsClientFactory(deps.clientOptions ?? {})
  }

  async plan(slices: readonly Slice[], ctx: SourceContext): Promise<SourcePlan<LaneTask>> {
    const { query } = ctx
    const delivery = planDelivery(query, ctx.startedAt)
    this.delivery = delivery
    ctx.progress?.info(describeDeliveryPlan(delivery, query))
    const force = this.deps.force
    this.tasks = slices.map(slice => {
      const lane = laneFor(query, slice)
      const parts = partsOf(delivery, slice.window).map(part => ({
        ...part,
        planner: new LanePlanner(lane, spanOf(part.window, ctx.startedAt), force ? { force } : {})
      }))
      return { slice, lane, parts }
    })
    this.strategy = strategyOf(query, this.tasks, force)
    for (const task of this.tasks)
      this.unread.set(task.slice.account, (this.unread.get(task.slice.account) ?? 0) + 1)
    return { tasks: this.tasks, strategy: this.strategy, uncovered: [], warnings: [] }
  }

  label(task: LaneTask | undefined): TaskLabel {
    return task ? { account: task.slice.account, region: task.slice.region } : { account: ANY, region: ANY }
  }

  async *read(task: LaneTask, ctx: SourceContext): AsyncGenerator<RecordPage> {
    try {
      yield* this.readLane(task, ctx)
    } finally {
      this.readOne(task.slice.account)
    }
  }

  /** One more task of `account` read (or failed); after its last, the account's clients are closed. */
  private readOne(account: string): void {
    const left = (this.unread.get(account) ?? 1) - 1
    this.unread.set(account, left)
    if (left > 0 || !named(account)) return
    this.clientFor.release?.(account)
    this.stsFor.release?.(account)
  }

  private async *readLane(task: LaneTask, ctx: SourceContext): AsyncGenerator<RecordPage> {
    const { slice } = task
    const lookup = this.lookupDeps(slice, ctx)
    const delivery = this.delivery as DeliveryPlan
    const barrier = delivery.kind === 'barrier' ? this.barrier(slice, lookup, ctx) : undefined
    // Read while the barrier waits: its polls share this Region's pacer with the older part's pages.
    barrier?.catch(() => undefined)
    for (const part of task.parts) {
      if (part.afterBarrier) {
        await barrier
        ctx.progress?.info(
          `[${slice.region}] LookupEvents of the fresh part, from ${part.window.start.toISOString()}`
        )
      }
      yield* readLanePart(part, {
        slice,
        lookup,
        progress: ctx.progress
      })
    }
  }

  details(): SourceDetails {
    return {
      plan: {
        lanes: this.tasks.map(t => t.lane),
        strategy: this.strategy,
        ...(this.deps.force && { force: this.deps.force })
      },
      // Per lane, the plan of its first part: the candidate chosen, the others with their estimates.
      lanes: this.tasks.map(t => {
        const report = (t.parts[0] as LanePart).planner.report()
        return named(t.slice.account) ? { ...report, account: t.slice.account } : report
      }),
      ...(this.delivery && { delivery: deliveryReport(this.delivery, this.outcomes) })
    }
  }

  private lookupDeps(slice: Slice, ctx: SourceContext): LookupDeps {
    const pacer = this.budgets.pacer({ account: slice.account, region: slice.region, api: 'LookupEvents' })
    return {
      client: this.clientFor(
        slice.region,
        { onSend: () => pacer.markSent(), onAnswer: () => pacer.markAnswered() },
        slice.account
      ),
      pacer,
      clock: ctx.clock,
      random: ctx.random,
      signal: ctx.signal,
      requestTimeoutMs: this.deps.requestTimeoutMs ?? 20_000,
      retry: this.deps.retry ?? DEFAULT_RETRY,
      onRetry: kind => ctx.onRetry(slice.region, kind)
    }
  }

  /** The barrier of one account and Region: its marker is placed with that account's credentials. */
  private barrier(slice: Slice, lookup: LookupDeps, ctx: SourceContext): Promise<void> {
    const account = slice.account
    return holdBarrier(slice.region, lookup, {
      stsFor: region => this.stsFor(region, account),
      timeoutMs: ctx.query.delivery.timeoutMs,
      progress: line => ctx.progress?.info(line),
      onOutcome: outcome => this.outcomes.push(named(account) ? { ...outcome, account } : outcome),
      own: ctx.own
    })
  }
}
