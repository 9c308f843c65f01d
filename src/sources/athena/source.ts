import { GetTableCommand } from '@aws-sdk/client-glue'
import type { ClientOptions } from '../../aws/clients.js'
import { stsClientFactory } from '../../aws/clients.js'
import type { StsFactory } from '../../aws/marker.js'
import { ANY, type Slice } from '../../core/coverage.js'
import { INPUTS } from '../../core/constants.js'
import { deliveryReport, planDelivery, type DeliveryPlan } from '../../core/delivery.js'
import { SourceFailure } from '../../core/errors.js'
import type { AthenaSettings, Query } from '../../core/types.js'
import type { SourceDetails } from '../details.js'
import type { RecordPage, SourceContext, SourcePlan, TaskLabel, TrailSource } from '../source.js'
import { call, DEFAULT_CALL_POLICY, type CallDeps, type CallPolicy } from './call.js'
import {
  athenaClientFactory,
  trailClientFactory,
  type AthenaClientFactory,
  type AthenaClients
} from './clients.js'
import { checkTable } from './glue-table.js'
import {
  cannotShow,
  deliveryOutcomes,
  describeFreshness,
  initialFreshness,
  unprovable
} from './fresh-words.js'
import { cannotHold, tableHolds, type TableHolds } from './holds.js'
import { manualGaps } from './manual.js'
import { readPlan } from './parts.js'
import { prepare } from './prepare.js'
import { newProgress, runInfo, strategyOf } from './read.js'
import { buildStatement } from './sql.js'
import { readPartitioning, type Partitioning } from './table.js'
import { findWriters, homeRegions, type TrailDeps } from './trail-check.js'
import { locationOf, type TrailClientFactory } from './trails.js'
import { readTask, type AthenaTask, type TaskEnv } from './task.js'

// Amazon Athena over the trail's S3 files, behind the source seam: the Glue table is read first (it says what the
// table can hold: accounts, Regions, days) and the trail that writes its bucket is looked up; the window is read by
// one query, or, when it reaches the last minutes, by a query of its older part and one of its fresh part once this
// run's markers show in the table (task.ts). Every row is judged by the run. What the table cannot hold, what no
// marker proved delivered and what the trail did not log are reported as not covered, never as read and empty.

export interface AthenaSourceDeps {
  /** Athena and Glue clients for the Athena source (default: real clients with `clientOptions`). */
  readonly athenaFor?: AthenaClientFactory | undefined
  /** An STS client per Region for the delivery markers (default: real clients). */
  readonly stsFor?: StsFactory | undefined
  /** A CloudTrail client per Region for the trail check (default: real clients). */
  readonly trailsFor?: TrailClientFactory | undefined
  readonly clientOptions?: ClientOptions
  readonly requestTimeoutMs?: number
  readonly athenaPolicy?: CallPolicy
  readonly pollFirstMs?: number
  readonly pollMaxMs?: number
  readonly pageSize?: number
  /** First wait before looking for the markers in the table, then ×1.5 up to `markerPollMaxMs`. */
  readonly markerPollFirstMs?: number
  readonly markerPollMaxMs?: number
}

/** The trail check's calls are a report, not the scan: a few retries, never the scan's whole budget. */
const TRAIL_POLICY: CallPolicy = { maxThrottleRetries: 3, maxErrorRetries: 1 }

/** The account an ARN identity names: its events are recorded in that account's trail. */
function identityAccount(query: Query): string | undefined {
  return query.identity.kind === 'name' ? undefined : query.identity.account
}

export class AthenaSource implements TrailSource<AthenaTask, SourceDetails> {
  readonly name = 'athena' as const
  private clients: AthenaClients | undefined
  private readonly progress = newProgress()
  private strategy = ''
  private delivery: DeliveryPlan | undefined
  private partitioning: Partitioning | undefined
  private trails: TrailDeps | undefined

  constructor(
    private readonly settings: AthenaSettings,
    private readonly deps: AthenaSourceDeps
  ) {}

  private callDeps(ctx: SourceContext, policy?: CallPolicy): CallDeps {
    return {
      clock: ctx.clock,
      random: ctx.random,
      signal: ctx.signal,
      requestTimeoutMs: this.deps.requestTimeoutMs ?? 20_000,
      policy: policy ?? this.deps.athenaPolicy ?? DEFAULT_CALL_POLICY,
      onRetry: kind => ctx.onRetry(this.settings.region, kind)
    }
  }

  private trailDeps(ctx: SourceContext, holds: TableHolds): TrailDeps {
    const tableRegions = holds.regions === 'any' ? [] : holds.regions.slice(0, 4)
    return {
      clientFor: this.deps.trailsFor ?? trailClientFactory(this.deps.clientOptions ?? {}),
      call: this.callDeps(ctx, TRAIL_POLICY),
      regions: [...new Set([this.settings.region, ...tableRegions])]
    }
  }

  private table(): string {
    return `${this.settings.database}.${this.settings.table}`
  }

  async plan(slices: readonly Slice[], ctx: SourceContext): Promise<SourcePlan<AthenaTask>> {
    const { query } = ctx
    const settings = this.settings
    this.clients = (this.deps.athenaFor ?? athenaClientFactory(this.deps.clientOptions ?? {}))(
      settings.region
    )
    const glue = this.clients.glue
    const output = await call(
      'Glue GetTable',
      signal =>
        glue.send(new GetTableCommand({ DatabaseName: settings.database, Name: settings.table }), {
          abortSignal: signal
        }),
      this.callDeps(ctx)
    )
    const table = checkTable(output.Table, this.table())
    const whole = prepare(query, settings, table)
    const partitioning = readPartitioning(table)
    this.partitioning = partitioning
    const holds = tableHolds(table, partitioning)
    this.progress.bounds = whole.bounds
    this.progress.warnings.push(...whole.warnings, ...holds.warnings)
    this.progress.parametersReadable = partitioning.columns.has('requestparameters')
    const delivery = planDelivery(query, ctx.startedAt)
    this.delivery = delivery
    const trails = this.trailDeps(ctx, holds)
    this.trails = trails
    const projected = /^true$/i.test(table.Parameters?.['projection.enabled'] ?? '')
    const [manual, writers] = await Promise.all([
      holds.projected
        ? { uncovered: [], regions: undefined }
        : manualGaps(slices, partitioning, { name: this.table(), settings, glue }, this.callDeps(ctx)),
      findWriters(
        locationOf(
          projected ? table.Parameters?.['storage.location.template'] : table.StorageDescriptor?.Location
        ),
        trails
      )
    ])
    const cannot = [
      ...slices.flatMap(slice => cannotHold(holds, slice, this.table(), identityAccount(query)) ?? []),
      ...manual.uncovered
    ]
    const identity = query.patterns.length === 0 || whole.everyEventOfIdentity ? 'all' : 'named'
    // A slice the table cannot hold (whole or in part) is claimed by nothing: its coverage shows the gap too.
    const refused = new Set(cannot.map(u => `${u.account}|${u.region}`))
    const held = slices.filter(s => !refused.has(`${s.account}|${s.region}`))
    const regionsOfAny = holds.regions === 'any' ? manual.regions : holds.regions
    const plan = readPlan(query.window, held, holds, delivery, identity, regionsOfAny)
    const statement = (window: NonNullable<typeof plan.older>) =>
      buildStatement(query, settings, partitioning, { window, trailRegions: homeRegions(writers) })
    const task: AthenaTask = {
      older: plan.older && statement(plan.older),
      fresh: plan.fresh && statement(plan.fresh),
      plan,
      identity,
      writers,
      cannotShow: marker => cannotShow(this.table(), holds, marker)
    }
    const unknown = plan.freshSlices.filter(f => f.regions === undefined).map(f => f.slice)
    const cannotProve = unprovable(this.table(), holds, delivery, unknown)
    this.progress.freshness = initialFreshness(delivery, plan.freshSlices.length > 0, cannotProve[0]?.reason)
    this.strategy = strategyOf(settings, whole.bounds, plan.fresh !== undefined)
    ctx.progress?.info(
      describeFreshness(delivery, plan.markerRegions, query.window, query.delivery.timeoutMs)
    )
    return {
      // Nothing the table holds: no query, nothing billed.
      tasks: plan.olderClaims.length === 0 && plan.freshSlices.length === 0 ? [] : [task],
      strategy: this.strategy,
      uncovered: [...cannot, ...cannotProve],
      warnings: [...whole.warnings, ...holds.warnings]
    }
  }

  label(): TaskLabel {
    return { account: ANY, region: `Athena (${this.table()})` }
  }

  async *read(task: AthenaTask, ctx: SourceContext): AsyncGenerator<RecordPage> {
    const { clients, partitioning, trails } = this
    if (clients === undefined || partitioning === undefined || trails === undefined) {
      throw new SourceFailure('other', 'the Athena source read before it planned')
    }
    yield* readTask(task, this.env(ctx, clients, partitioning, trails), ctx)
  }

  private env(
    ctx: SourceContext,
    clients: AthenaClients,
    partitioning: Partitioning,
    trails: TrailDeps
  ): TaskEnv {
    const deps = this.deps
    return {
      query: ctx.query,
      settings: this.settings,
      partitioning,
      runner: {
        ...this.callDeps(ctx),
        athena: clients.athena,
        maxBytesScanned: this.settings.maxBytesScanned,
        ...(deps.pollFirstMs !== undefined && { pollFirstMs: deps.pollFirstMs }),
        ...(deps.pollMaxMs !== undefined && { pollMaxMs: deps.pollMaxMs }),
        ...(deps.pageSize !== undefined && { pageSize: deps.pageSize })
      },
      progress: this.progress,
      stsFor: deps.stsFor ?? stsClientFactory(deps.clientOptions ?? {}),
      trails,
      acceptGaps: { accept: this.settings.acceptTrailGaps, input: INPUTS.athenaAcceptTrailGaps },
      pollFirstMs: deps.markerPollFirstMs ?? 5_000,
      pollMaxMs: deps.markerPollMaxMs ?? 60_000
    }
  }

  details(): SourceDetails {
    const outcomes = deliveryOutcomes(this.progress.freshness)
    return {
      plan: { lanes: [], strategy: this.strategy },
      lanes: [],
      athena: runInfo(this.settings, this.progress),
      ...(this.delivery && { delivery: deliveryReport(this.delivery, outcomes) })
    }
  }
}
