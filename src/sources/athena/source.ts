import { GetTableCommand } from '@aws-sdk/client-glue'
import { ANY, type Covered, type Slice, type Uncovered } from '../../core/coverage.js'
import { INPUTS } from '../../core/constants.js'
import { isoSeconds } from '../../core/dates.js'
import { planDelivery, formatDuration, type DeliveryPlan } from '../../core/delivery.js'
import { deliveryReport } from '../../core/delivery.js'
import { SourceFailure } from '../../core/errors.js'
import type { AthenaSettings, Query } from '../../core/types.js'
import type { SourceDetails } from '../details.js'
import type { RecordPage, SourceContext, SourcePlan, TaskLabel, TrailSource } from '../source.js'
import type { ClientOptions } from '../../aws/clients.js'
import { call, DEFAULT_CALL_POLICY, type CallDeps, type CallPolicy } from './call.js'
import { athenaClientFactory, type AthenaClientFactory, type AthenaClients } from './clients.js'
import { checkTable } from './glue-table.js'
import { cannotHold, heldWindow, tableHolds } from './holds.js'
import { manualGaps } from './manual.js'
import { prepare } from './prepare.js'
import { readRecords, runInfo, strategyOf, type AthenaProgress } from './read.js'
import { emptyStats } from './runner.js'
import type { AthenaStatement } from './sql.js'
import { readPartitioning } from './table.js'

// Amazon Athena over the trail's S3 files, behind the source seam: the Glue table is read first (it says what the
// table can hold: accounts, Regions, days), one query answers every slice the table holds, and every row is
// judged by the run. What the table cannot hold is reported as not covered, never as read and empty.

export interface AthenaSourceDeps {
  /** Athena and Glue clients for the Athena source (default: real clients with `clientOptions`). */
  readonly athenaFor?: AthenaClientFactory | undefined
  readonly clientOptions?: ClientOptions
  readonly requestTimeoutMs?: number
  readonly athenaPolicy?: CallPolicy
  readonly pollFirstMs?: number
  readonly pollMaxMs?: number
  readonly pageSize?: number
}

export interface AthenaTask {
  readonly statement: AthenaStatement
  readonly claims: readonly Covered[]
}

/** The claims a read of the table makes for the slices it holds; the fresh part is left to the barrier. */
function claimsFor(
  slices: readonly Slice[],
  holds: ReturnType<typeof tableHolds>,
  delivery: DeliveryPlan,
  identity: Covered['identity']
): Covered[] {
  return slices.flatMap(slice => {
    const held = heldWindow(holds, slice.window)
    if (held === undefined) return []
    const base = { account: slice.account, region: slice.region, globalOnly: slice.globalOnly, identity }
    if (delivery.kind === 'old-window') return [{ ...base, window: held, delivered: 'old-window' as const }]
    const freshFrom = delivery.kind === 'barrier' ? delivery.fresh.start : delivery.freshFrom
    const older = { start: held.start, end: freshFrom }
    const fresh = { start: freshFrom, end: held.end }
    return [
      ...(held.start < freshFrom ? [{ ...base, window: older, delivered: 'old-window' as const }] : []),
      // Read, but not proven delivered to S3: counted only when the user turned the barrier off.
      ...(delivery.kind === 'skipped' ? [{ ...base, window: fresh, delivered: 'unproven' as const }] : [])
    ]
  })
}

/** The account an ARN identity names: its events are recorded in that account's trail. */
function identityAccount(query: Query): string | undefined {
  return query.identity.kind === 'name' ? undefined : query.identity.account
}

function notProven(query: Query, delivery: DeliveryPlan): Uncovered[] {
  if (delivery.kind !== 'barrier') return []
  const reason =
    `the ${INPUTS.source} athena cannot prove that CloudTrail has delivered the window's events after ` +
    `${isoSeconds(delivery.fresh.start)} to S3 (the delivery barrier works through LookupEvents): end the window ` +
    `${formatDuration(delivery.horizonMs)} ago or earlier (${INPUTS.createdBefore}), use ${INPUTS.source} ` +
    `lookup-events, or set ${INPUTS.waitForDelivery} to false to accept the risk`
  return [{ account: ANY, region: query.regions.length === 0 ? ANY : (query.regions[0] ?? ANY), reason }]
}

export class AthenaSource implements TrailSource<AthenaTask, SourceDetails> {
  readonly name = 'athena' as const
  private clients: AthenaClients | undefined
  private readonly progress: AthenaProgress = {
    lastId: undefined,
    stats: emptyStats(),
    bounds: [],
    warnings: []
  }
  private strategy = ''
  private delivery: DeliveryPlan | undefined

  constructor(
    private readonly settings: AthenaSettings,
    private readonly deps: AthenaSourceDeps
  ) {}

  private callDeps(ctx: SourceContext): CallDeps {
    return {
      clock: ctx.clock,
      random: ctx.random,
      signal: ctx.signal,
      requestTimeoutMs: this.deps.requestTimeoutMs ?? 20_000,
      policy: this.deps.athenaPolicy ?? DEFAULT_CALL_POLICY,
      onRetry: kind => ctx.onRetry(this.settings.region, kind)
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
    const statement = prepare(query, settings, table)
    const partitioning = readPartitioning(table)
    const holds = tableHolds(table, partitioning)
    this.progress.bounds = statement.bounds
    this.progress.warnings.push(...statement.warnings, ...holds.warnings)
    this.strategy = strategyOf(settings, statement.bounds)
    const delivery = planDelivery(query, ctx.startedAt)
    this.delivery = delivery
    const manual = holds.projected
      ? []
      : await manualGaps(slices, partitioning, { name: this.table(), settings, glue }, this.callDeps(ctx))
    const cannot = [
      ...slices.flatMap(slice => cannotHold(holds, slice, this.table(), identityAccount(query)) ?? []),
      ...manual
    ]
    const uncovered = [...cannot, ...notProven(query, delivery)]
    const identity = query.patterns.length === 0 || statement.everyEventOfIdentity ? 'all' : 'named'
    // A slice the table cannot hold (whole or in part) is claimed by nothing: its coverage shows the gap too.
    const refused = new Set(cannot.map(u => `${u.account}|${u.region}`))
    const held = slices.filter(s => !refused.has(`${s.account}|${s.region}`))
    const claims = claimsFor(held, holds, delivery, identity)
    return {
      // Nothing the table holds: no query, nothing billed.
      tasks: claims.length === 0 ? [] : [{ statement, claims }],
      strategy: this.strategy,
      uncovered,
      warnings: [...statement.warnings, ...holds.warnings]
    }
  }

  label(): TaskLabel {
    return { account: ANY, region: `Athena (${this.table()})` }
  }

  async *read(task: AthenaTask, ctx: SourceContext): AsyncGenerator<RecordPage> {
    const clients = this.clients
    if (clients === undefined) throw new SourceFailure('other', 'the Athena source read before it planned')
    const reading = readRecords(task.statement, this.settings, {
      ...this.callDeps(ctx),
      athena: clients.athena,
      progress: this.progress,
      sink: ctx.progress,
      ...(this.deps.pollFirstMs !== undefined && { pollFirstMs: this.deps.pollFirstMs }),
      ...(this.deps.pollMaxMs !== undefined && { pollMaxMs: this.deps.pollMaxMs }),
      ...(this.deps.pageSize !== undefined && { pageSize: this.deps.pageSize })
    })
    for await (const { records, first } of reading) {
      yield { records, where: `page ${this.progress.stats.pages} of the Athena result`, fetched: first }
    }
    yield { records: [], where: 'the end of the Athena result', covered: task.claims, fetched: false }
  }

  details(): SourceDetails {
    return {
      plan: { lanes: [], strategy: this.strategy },
      lanes: [],
      athena: runInfo(this.settings, this.progress),
      ...(this.delivery && { delivery: deliveryReport(this.delivery, []) })
    }
  }
}
