import {
  GetQueryExecutionCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type QueryExecution
} from '@aws-sdk/client-athena'
import { randomUUID } from 'node:crypto'
import { quote } from '../../core/bounded.js'
import { SourceFailure } from '../../core/errors.js'
import { call, deadlineFailure } from './call.js'
import { categoryName } from './failure.js'
import type { AthenaSettings } from '../../query/athena-settings.js'
import type { ResultRow } from './result-pages.js'
import { checkRowCount, readResults, type ResultDeps, type QueryStats, type RowsOfPage } from './results.js'
import type { AthenaStatement } from './sql.js'

// Runs one query: StartQueryExecution, GetQueryExecution with back-off until it ends, then GetQueryResults page by
// page, handing each page's rows on before the next is fetched (the result is never held whole). Anything short of
// SUCCEEDED and every page read ends in a SourceFailure; a query we give up on is stopped so it bills no further.

export type { ResultRow } from './result-pages.js'
export { emptyStats, MAX_RESULT_TOKEN, type QueryStats, type RowsOfPage } from './results.js'

/** Athena documents a QueryExecutionId as at most 128 characters. */
const MAX_EXECUTION_ID = 128

export interface RunnerDeps extends ResultDeps {
  /** First wait between GetQueryExecution calls, doubled each time up to `pollMaxMs`. */
  readonly pollFirstMs?: number
  readonly pollMaxMs?: number
  /** Stop the query once Athena reports more bytes scanned than this. */
  readonly maxBytesScanned?: number | undefined
  readonly onState?: (state: string, stats: QueryStats) => void
}

function record(execution: QueryExecution | undefined, stats: QueryStats): void {
  const s = execution?.Statistics
  const state: unknown = execution?.Status?.State
  if (state !== undefined) stats.state = quote(state, 40)
  if (typeof s?.DataScannedInBytes === 'number') stats.dataScannedBytes = s.DataScannedInBytes
  if (typeof s?.EngineExecutionTimeInMillis === 'number') stats.engineMs = s.EngineExecutionTimeInMillis
  if (typeof s?.TotalExecutionTimeInMillis === 'number') stats.totalMs = s.TotalExecutionTimeInMillis
}

function endedBadly(execution: QueryExecution | undefined, state: string): SourceFailure {
  const error = execution?.Status?.AthenaError
  const reason = quote(execution?.Status?.StateChangeReason ?? error?.ErrorMessage ?? 'no reason given')
  const category = error
    ? ` (ErrorCategory ${quote(error.ErrorCategory ?? '?', 20)} ${categoryName(error.ErrorCategory)}, ` +
      `ErrorType ${quote(error.ErrorType ?? '?', 20)})`
    : ''
  const code = state === 'CANCELLED' ? 'query-cancelled' : 'query-failed'
  return new SourceFailure(code, `the Athena query ended ${state}${category}: ${reason}`)
}

/** Stops the query, best effort, on a signal of its own: the scan's deadline may already have passed. */
async function stop(id: string, deps: RunnerDeps): Promise<void> {
  const own = {
    ...deps,
    signal: new AbortController().signal,
    policy: { maxThrottleRetries: 2, maxErrorRetries: 1 }
  }
  await call(
    'StopQueryExecution',
    signal =>
      deps.athena.send(new StopQueryExecutionCommand({ QueryExecutionId: id }), { abortSignal: signal }),
    own
  ).catch(() => undefined)
}

async function start(
  statement: AthenaStatement,
  settings: AthenaSettings,
  deps: RunnerDeps
): Promise<string> {
  // The same ClientRequestToken on every attempt: a retried start cannot run (and bill) the query twice.
  const token = randomUUID()
  const output = await call(
    'StartQueryExecution',
    signal =>
      deps.athena.send(
        new StartQueryExecutionCommand({
          QueryString: statement.sql,
          ...(statement.parameters.length > 0 && { ExecutionParameters: [...statement.parameters] }),
          QueryExecutionContext: { Catalog: settings.catalog, Database: settings.database },
          WorkGroup: settings.workgroup,
          ...(settings.outputLocation && {
            ResultConfiguration: { OutputLocation: settings.outputLocation }
          }),
          ClientRequestToken: token
        }),
        { abortSignal: signal }
      ),
    deps
  )
  const id: unknown = output.QueryExecutionId
  if (typeof id !== 'string' || id === '') {
    throw new SourceFailure('other', 'StartQueryExecution returned no QueryExecutionId')
  }
  // Athena's ids are UUIDs; a longer one is not Athena's, and must not be logged or sent back whole.
  if (id.length > MAX_EXECUTION_ID) {
    throw new SourceFailure(
      'bad-response',
      `StartQueryExecution returned a QueryExecutionId of ${id.length} characters, longer than the ` +
        `${MAX_EXECUTION_ID} Athena allows`
    )
  }
  return id
}

/** Polls until the query ends; throws (after stopping it) on anything but SUCCEEDED. */
async function waitFor(id: string, stats: QueryStats, deps: RunnerDeps): Promise<void> {
  let delay = deps.pollFirstMs ?? 250
  for (;;) {
    const output = await call(
      'GetQueryExecution',
      signal =>
        deps.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }), { abortSignal: signal }),
      deps
    )
    const execution = output.QueryExecution
    // An answer about another query says nothing about ours.
    if (execution?.QueryExecutionId !== undefined && execution.QueryExecutionId !== id) {
      throw new SourceFailure(
        'bad-response',
        `GetQueryExecution answered about query ${quote(execution.QueryExecutionId, 80)}, not ${id}`
      )
    }
    record(execution, stats)
    const state = execution?.Status?.State
    deps.onState?.(quote(state ?? 'unknown', 40), stats)
    if (state === 'SUCCEEDED') return
    if (state === 'FAILED' || state === 'CANCELLED') throw endedBadly(execution, state)
    if (state !== 'QUEUED' && state !== 'RUNNING') {
      throw new SourceFailure(
        'other',
        `GetQueryExecution returned an unknown state ${JSON.stringify(quote(state ?? null, 40))}`
      )
    }
    const cap = deps.maxBytesScanned
    if (cap !== undefined && stats.dataScannedBytes > cap) {
      throw new SourceFailure(
        'bytes-limit',
        `the query had scanned ${stats.dataScannedBytes} bytes, past athena-max-bytes-scanned (${cap}); it was stopped`
      )
    }
    await deps.clock.sleep(delay, deps.signal).catch(() => undefined)
    if (deps.signal.aborted) throw deadlineFailure(deps.signal)
    delay = Math.min(deps.pollMaxMs ?? 5_000, delay * 2)
  }
}

/**
 * Runs the statement to the end, handing on rows page by page (the result is never held whole). `stats` is kept
 * up to date even when it throws.
 */
export async function* queryRows(
  statement: AthenaStatement,
  settings: AthenaSettings,
  deps: RunnerDeps,
  stats: QueryStats
): AsyncGenerator<RowsOfPage> {
  const id = await start(statement, settings, deps)
  stats.queryExecutionId = id
  try {
    await waitFor(id, stats, deps)
  } catch (error) {
    const ended = stats.state === 'FAILED' || stats.state === 'CANCELLED' || stats.state === 'SUCCEEDED'
    if (!ended) await stop(id, deps)
    throw error
  }
  yield* readResults(id, statement.columns, stats, deps)
  await checkRowCount(id, stats, deps)
}

/** {@link queryRows} with a callback per page. */
export async function runQuery(
  statement: AthenaStatement,
  settings: AthenaSettings,
  deps: RunnerDeps,
  stats: QueryStats,
  onRows: (rows: ResultRow[]) => void
): Promise<void> {
  for await (const { page, first } of queryRows(statement, settings, deps, stats)) {
    const rows: ResultRow[] = []
    for (let i = first; i < page.count; i++) rows.push(page.row(i))
    onRows(rows)
  }
}
