import { GetTableCommand } from '@aws-sdk/client-glue'
import { startDeadline } from '../../aws/attempt.js'
import { Evaluator, judge } from '../../core/tally.js'
import { findNearMisses } from '../../core/near-misses.js'
import { describeRecordError, PageRecordError, type TrailRecord } from '../../core/record.js'
import type { ProgressSink } from '../../run/run.js'
import type { AthenaRun, IncompleteInfo, Query, RegionStats, ScanResult } from '../../core/types.js'
import type { Clock } from '../../core/clock.js'
import { call, DEFAULT_CALL_POLICY, type CallDeps, type CallPolicy } from './call.js'
import type { AthenaClients } from './clients.js'
import { estimatedCostUsd } from './cost.js'
import { AthenaFailure } from './failure.js'
import { fromAthenaRows } from './rows.js'
import { emptyStats, runQuery, type QueryStats, type ResultRow } from './runner.js'
import type { AthenaSettings } from '../../query/athena-settings.js'
import { prepare } from './prepare.js'

// The Athena source end to end: read the table's partitioning, build one query, run it, and judge every row as its
// page arrives with the same Evaluator LookupEvents records go through. Any failure ends in `incomplete`.

export interface AthenaScanDeps {
  readonly clients: AthenaClients
  readonly clock: Clock
  readonly random?: () => number
  readonly progress?: ProgressSink
  readonly requestTimeoutMs?: number
  readonly policy?: CallPolicy
  readonly pollFirstMs?: number
  readonly pollMaxMs?: number
  readonly pageSize?: number
  /** Log a progress line every this many result pages (default 50). */
  readonly progressEvery?: number
}

interface Progress {
  /** The last row's event id: the query sorts by it, and the Evaluator counts on that order. */
  lastId: string | undefined
  readonly regions: Map<string, RegionStats>
  readonly stats: QueryStats
  bounds: readonly string[]
  warnings: string[]
}

function statsFor(progress: Progress, region: string): RegionStats {
  let stats = progress.regions.get(region)
  if (!stats) {
    stats = { region, pages: 0, scanned: 0, examined: 0, matched: 0, throttled: 0, retries: 0 }
    progress.regions.set(region, stats)
  }
  return stats
}

/** Compares as the engines sort VARCHAR: by UTF-8 bytes (the same as `<` for ASCII, which event ids are). */
export function utf8Order(a: string, b: string): number {
  // eslint-disable-next-line no-control-regex
  const ascii = /^[\x00-\x7f]*$/
  if (ascii.test(a) && ascii.test(b)) return a < b ? -1 : a > b ? 1 : 0
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}

/** Judges one page of rows, counting per Region; a row that cannot be read or judged stops the scan. */
function evaluatePage(rows: readonly ResultRow[], evaluator: Evaluator, progress: Progress): void {
  const page = progress.stats.pages
  let records: TrailRecord[]
  let position = 0
  try {
    records = fromAthenaRows(rows)
    for (; position < records.length; position++) {
      const record = records[position] as TrailRecord
      if (progress.lastId !== undefined && utf8Order(record.id, progress.lastId) < 0) {
        throw new AthenaFailure(
          'malformed-result',
          `row ${position + 1} of page ${page} of the Athena result is out of the eventid order the query asked for`
        )
      }
      progress.lastId = record.id
      const counts = evaluator.addPage([record])
      const stats = statsFor(progress, record.region)
      stats.scanned += 1
      stats.examined += counts.examined
      stats.matched += counts.matched
    }
  } catch (error) {
    if (!(error instanceof PageRecordError)) throw error
    const placed = new PageRecordError(error, error.position + position)
    throw new AthenaFailure('bad-record', describeRecordError(placed, `page ${page} of the Athena result`))
  }
}

function runInfo(settings: AthenaSettings, progress: Progress): AthenaRun {
  const s = progress.stats
  return {
    table: `${settings.database}.${settings.table}`,
    workgroup: settings.workgroup,
    queryExecutionId: s.queryExecutionId ?? null,
    state: s.state ?? null,
    dataScannedBytes: s.dataScannedBytes,
    engineMs: s.engineMs,
    totalMs: s.totalMs,
    // Nothing is billed for a query that never started.
    estimatedCostUsd: s.queryExecutionId ? estimatedCostUsd(s.dataScannedBytes) : 0,
    rows: s.rows,
    pages: s.pages,
    bounds: progress.bounds,
    warnings: progress.warnings
  }
}

function strategy(settings: AthenaSettings, bounds: readonly string[]): string {
  const pruned = bounds.length > 0 ? `partitions bounded by ${bounds.join('; ')}` : 'no partition bounds'
  return (
    `One Amazon Athena query on ${settings.database}.${settings.table} (workgroup ${settings.workgroup}): ` +
    `${pruned}; identity, window and event names in WHERE; every row judged here.`
  )
}

async function execute(
  query: Query,
  settings: AthenaSettings,
  deps: AthenaScanDeps,
  callDeps: CallDeps,
  progress: Progress,
  evaluator: Evaluator
): Promise<void> {
  const output = await call(
    'Glue GetTable',
    signal =>
      deps.clients.glue.send(new GetTableCommand({ DatabaseName: settings.database, Name: settings.table }), {
        abortSignal: signal
      }),
    callDeps
  )
  const statement = prepare(query, settings, output.Table)
  progress.bounds = statement.bounds
  progress.warnings.push(...statement.warnings)
  for (const warning of statement.warnings) deps.progress?.info(`Warning: ${warning}`)
  deps.progress?.info(`Athena: ${strategy(settings, statement.bounds)}`)
  const every = deps.progressEvery ?? 50
  let lastState = ''
  await runQuery(
    statement,
    settings,
    {
      ...callDeps,
      athena: deps.clients.athena,
      maxBytesScanned: settings.maxBytesScanned,
      ...(deps.pollFirstMs !== undefined && { pollFirstMs: deps.pollFirstMs }),
      ...(deps.pollMaxMs !== undefined && { pollMaxMs: deps.pollMaxMs }),
      ...(deps.pageSize !== undefined && { pageSize: deps.pageSize }),
      onState: (state, stats) => {
        if (state !== lastState) deps.progress?.info(`Athena query ${stats.queryExecutionId ?? ''} ${state}`)
        lastState = state
      }
    },
    progress.stats,
    rows => {
      evaluatePage(rows, evaluator, progress)
      if (progress.stats.pages % every === 0) {
        deps.progress?.info(`Athena: ${progress.stats.pages} pages, ${progress.stats.rows} rows read`)
      }
    }
  )
}

/** Runs the query for `query` (whose source is Athena) and judges its rows. Never throws for AWS failures. */
export async function scanAthena(
  query: Query,
  settings: AthenaSettings,
  deps: AthenaScanDeps
): Promise<ScanResult> {
  const started = deps.clock.now()
  const controller = new AbortController()
  const deadline = startDeadline(
    deps.clock,
    query.timeoutMs,
    controller,
    reason => new AthenaFailure('deadline', reason)
  )
  const callDeps: CallDeps = {
    clock: deps.clock,
    random: deps.random ?? Math.random,
    signal: controller.signal,
    requestTimeoutMs: deps.requestTimeoutMs ?? 20_000,
    policy: deps.policy ?? DEFAULT_CALL_POLICY
  }
  const evaluator = new Evaluator(query, { idOrdered: true })
  const progress: Progress = {
    lastId: undefined,
    regions: new Map(),
    stats: emptyStats(),
    bounds: [],
    warnings: []
  }
  let failure: AthenaFailure | undefined
  try {
    await execute(query, settings, deps, callDeps, progress, evaluator)
  } catch (error) {
    failure = error instanceof AthenaFailure ? error : new AthenaFailure('other', String(error))
  } finally {
    deadline.abort()
  }
  const events = evaluator.events()
  const incomplete: IncompleteInfo | undefined = failure && {
    code: failure.code,
    reason: failure.reason,
    region: `Athena (${settings.database}.${settings.table})`,
    pages: progress.stats.pages,
    scanned: progress.stats.rows,
    oldestReached: null
  }
  return {
    query,
    plan: { lanes: [], strategy: strategy(settings, progress.bounds) },
    lanes: [],
    events,
    scanned: evaluator.examined,
    pages: progress.stats.pages,
    regions: [...progress.regions.values()].sort((a, b) => a.region.localeCompare(b.region)),
    ...judge(query, events),
    elapsedMs: deps.clock.now() - started,
    incomplete,
    // Only a discovery query reads every event of the identity: with patterns, WHERE keeps only their names.
    noEvents: !incomplete && evaluator.examined === 0 && query.patterns.length === 0,
    nearMisses: incomplete ? [] : findNearMisses(query.patterns, evaluator.unmatched.entries()),
    athena: runInfo(settings, progress)
  }
}
