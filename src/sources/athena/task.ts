import type { StsFactory } from '../../aws/marker.js'
import { listSome } from '../../core/bounded.js'
import { INPUTS } from '../../core/constants.js'
import type { Covered } from '../../core/coverage.js'
import { isoSeconds } from '../../core/dates.js'
import { formatDuration } from '../../core/delivery.js'
import { SourceFailure } from '../../core/errors.js'
import type { AthenaSettings, Query } from '../../core/types.js'
import type { RecordPage, SourceContext } from '../source.js'
import { estimatedCostUsd } from './cost.js'
import { proveFresh, type FreshnessOutcome } from './freshness.js'
import { withoutGaps } from './gaps.js'
import { markerStatement } from './marker-sql.js'
import { freshClaims, unprovenParts, type ReadPlan } from './parts.js'
import { readRecords, type AthenaProgress } from './read.js'
import type { ResultRow } from './result-pages.js'
import { emptyStats, queryRows, type RunnerDeps } from './runner.js'
import type { AthenaStatement } from './sql.js'
import type { Partitioning } from './table.js'
import { checkTrails, gapReason, type TrailDeps, type Writers } from './trail-check.js'

// One read of the window, as the run sees one task: the older part's query at once while this run's markers wait to
// show in the table, the fresh part's query once they have, then the trail check; the claims of what was proven go
// last, and whatever was not proven (a marker never found, a trail gap not accepted) ends the task as incomplete,
// saying up to when delivery was proven.

export interface AthenaTask {
  readonly older: AthenaStatement | undefined
  readonly fresh: AthenaStatement | undefined
  readonly plan: ReadPlan
  readonly identity: Covered['identity']
  readonly writers: Writers
  /** Why a marker cannot show in the table for this account and Region (the table does not hold it). */
  readonly cannotShow: (marker: { region: string; account: string | undefined }) => string | undefined
}

export interface TaskEnv {
  readonly query: Query
  readonly settings: AthenaSettings
  readonly partitioning: Partitioning
  readonly runner: RunnerDeps
  readonly progress: AthenaProgress
  readonly stsFor: StsFactory
  readonly trails: TrailDeps
  readonly acceptGaps: { readonly accept: boolean; readonly input: string }
  readonly pollFirstMs: number
  readonly pollMaxMs: number
}

async function* part(
  statement: AthenaStatement,
  name: string,
  env: TaskEnv,
  ctx: SourceContext
): AsyncGenerator<RecordPage> {
  const { progress } = env
  const reading = readRecords(statement, name, env.settings, { ...env.runner, progress, sink: ctx.progress })
  for await (const { records, first } of reading) {
    yield { records, where: `page ${progress.stats.pages} of the Athena result (${name})`, fetched: first }
  }
}

/** One poll: the rows of the markers found, its cost counted. */
async function poll(markers: Parameters<typeof markerStatement>[0], env: TaskEnv, ctx: SourceContext) {
  const statement = markerStatement(markers, env.settings, env.partitioning, ctx.clock.now())
  const stats = emptyStats()
  const rows: ResultRow[] = []
  try {
    for await (const { page, first } of queryRows(statement, env.settings, env.runner, stats)) {
      for (let i = first; i < page.count && rows.length < 1000; i++) rows.push(page.row(i))
    }
  } finally {
    env.progress.polls.count += 1
    env.progress.polls.bytes += stats.dataScannedBytes
    if (stats.queryExecutionId) env.progress.polls.costUsd += estimatedCostUsd(stats.dataScannedBytes)
  }
  return rows
}

function freshness(task: AthenaTask, env: TaskEnv, ctx: SourceContext): Promise<FreshnessOutcome> {
  return proveFresh(task.plan.markerRegions, {
    clock: ctx.clock,
    random: ctx.random,
    signal: ctx.signal,
    stsFor: env.stsFor,
    own: ctx.own,
    poll: markers => poll(markers, env, ctx),
    cannotShow: task.cannotShow,
    timeoutMs: env.query.delivery.timeoutMs,
    firstPollMs: env.pollFirstMs,
    maxPollMs: env.pollMaxMs,
    progress: line => ctx.progress?.info(line)
  })
}

/** What the markers did not prove, in words; '' when they proved every fresh part they could. */
function notFresh(
  task: AthenaTask,
  outcome: FreshnessOutcome | undefined,
  proven: ReadonlyMap<string, Date>
): string {
  const fresh = task.plan.fresh
  const unproven = unprovenParts(task.plan, proven)
  if (fresh === undefined || unproven.length === 0) return ''
  const regions = new Set(unproven.flatMap(u => u.regions))
  const why = (outcome?.markers ?? [])
    .filter(m => regions.has(m.region))
    .map(m => {
      const call = m.requestId
        ? ` (STS GetCallerIdentity, request ID ${m.requestId}, at ${m.sentAt ?? '?'})`
        : ''
      return `${m.region}: the marker${call} ${(m.problem ?? 'was not found').replace(/\.+$/, '')}`
    })
  const upTo = unproven.flatMap(u => u.upTo ?? [])
  if (upTo.length > 0) {
    const first = new Date(Math.min(...upTo.map(t => t.getTime())))
    why.push(
      `the window ends at ${isoSeconds(fresh.end)}, after this run's markers (${isoSeconds(first)}): events after ` +
        'them cannot be proven delivered yet'
    )
  }
  const older = isoSeconds(new Date(fresh.start.getTime() - 1000))
  return (
    `CloudTrail's delivery of the window to S3 is proven up to ${older} (events more than ` +
    `${formatDuration(task.plan.horizonMs)} before the run), not after it: ${listSome(why, 4, 400)}; raise ` +
    `${INPUTS.deliveryTimeoutMinutes}, or end the window earlier (${INPUTS.createdBefore})`
  )
}

/** Each Region whose marker was found, up to when it proves delivery (the marker call's own time). */
function provenUpTo(outcome: FreshnessOutcome | undefined): Map<string, Date> {
  const proven = new Map<string, Date>()
  for (const m of outcome?.markers ?? []) {
    if (m.problem === null && m.sentAt !== null) proven.set(m.region, new Date(m.sentAt))
  }
  return proven
}

function record(progress: AthenaProgress, outcome: FreshnessOutcome): void {
  if (progress.freshness === null) return
  progress.freshness = {
    ...progress.freshness,
    markers: outcome.markers,
    polls: outcome.polls,
    marginMs: outcome.marginMs,
    pollBytes: progress.polls.bytes,
    pollCostUsd: progress.polls.costUsd
  }
}

export async function* readTask(
  task: AthenaTask,
  env: TaskEnv,
  ctx: SourceContext
): AsyncGenerator<RecordPage> {
  const { plan } = task
  const proving = plan.fresh && plan.markerRegions.length > 0 ? freshness(task, env, ctx) : undefined
  // Read while the markers wait to show; a failure of the older part must not leave the wait unobserved.
  proving?.catch(() => undefined)
  if (task.older) yield* part(task.older, task.fresh ? 'older part' : 'window', env, ctx)
  const outcome = await proving
  if (outcome) record(env.progress, outcome)
  if (task.fresh) yield* part(task.fresh, 'fresh part', env, ctx)
  const proven = provenUpTo(outcome)
  const claims = [...plan.olderClaims, ...freshClaims(plan, proven, task.identity)]
  const { accept, input } = env.acceptGaps
  const { report, gaps } = await checkTrails(
    task.writers,
    env.progress.changes,
    env.query.window,
    accept,
    env.trails
  )
  env.progress.trail = report
  const cut = gaps.length > 0 && !accept
  const covered = cut ? withoutGaps(claims, gaps) : claims
  yield { records: [], where: 'the end of the Athena result', fetched: false, covered }
  const reasons = [notFresh(task, outcome, proven), cut ? gapReason(report, input) : ''].filter(r => r !== '')
  if (reasons.length > 0) throw new SourceFailure(cut ? 'not-covered' : 'delivery', reasons.join('; and '))
}
