import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  GetQueryRuntimeStatisticsCommand,
  type GetQueryResultsCommandOutput,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type AthenaClient,
  type QueryExecution,
  type Row
} from '@aws-sdk/client-athena'
import { randomUUID } from 'node:crypto'
import { paginate, TokenGuard } from '../../aws/pages.js'
import { quote } from '../../core/bounded.js'
import { SourceFailure } from '../../core/errors.js'
import { call, deadlineFailure, type CallDeps } from './call.js'
import { categoryName } from './failure.js'
import type { AthenaSettings } from '../../query/athena-settings.js'
import { COLUMNS, type AthenaStatement } from './sql.js'

// Runs one query: StartQueryExecution, GetQueryExecution with back-off until it ends, then GetQueryResults page by
// page, handing each page's rows on before the next is fetched (the result is never held whole). Anything short of
// SUCCEEDED and every page read ends in an SourceFailure; a query we give up on is stopped so it bills no further.

/** One result row: a value per column of COLUMNS, undefined for NULL. */
export type ResultRow = ReadonlyArray<string | undefined>

export interface QueryStats {
  queryExecutionId: string | undefined
  state: string | undefined
  dataScannedBytes: number
  engineMs: number
  totalMs: number
  rows: number
  pages: number
  /** Whether Athena's own row count confirmed every row was read (undefined: not asked yet). */
  rowCountChecked?: boolean
}

export interface RunnerDeps extends CallDeps {
  readonly athena: AthenaClient
  /** First wait between GetQueryExecution calls, doubled each time up to `pollMaxMs`. */
  readonly pollFirstMs?: number
  readonly pollMaxMs?: number
  /** Stop the query once Athena reports more bytes scanned than this. */
  readonly maxBytesScanned?: number | undefined
  /** Rows a GetQueryResults page asks for (Athena's maximum is 1,000). */
  readonly pageSize?: number
  readonly onState?: (state: string, stats: QueryStats) => void
}

export function emptyStats(): QueryStats {
  return {
    queryExecutionId: undefined,
    state: undefined,
    dataScannedBytes: 0,
    engineMs: 0,
    totalMs: 0,
    rows: 0,
    pages: 0
  }
}

function record(execution: QueryExecution | undefined, stats: QueryStats): void {
  const s = execution?.Statistics
  stats.state = execution?.Status?.State ?? stats.state
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
  if (!output.QueryExecutionId)
    throw new SourceFailure('other', 'StartQueryExecution returned no QueryExecutionId')
  return output.QueryExecutionId
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
    record(execution, stats)
    const state = execution?.Status?.State
    deps.onState?.(state ?? 'unknown', stats)
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

/** Athena documents its page tokens as at most 1,024 characters. */
export const MAX_RESULT_TOKEN = 1024

function cells(row: Row): ResultRow {
  return (row.Data ?? []).map(datum => datum.VarCharValue)
}

function malformed(reason: string): SourceFailure {
  return new SourceFailure('malformed-result', reason)
}

function checkHeader(row: Row | undefined): void {
  const header = row ? cells(row) : []
  if (header.length !== COLUMNS.length || header.some((name, i) => name !== COLUMNS[i])) {
    throw malformed(
      `the result's header row is ${quote(JSON.stringify(header.slice(0, 30)))}, not the columns the query selected`
    )
  }
}

/**
 * A GetQueryResults answer must be a page: `ResultSet.Rows` a list of rows, each with a `Data` list of
 * `VarCharValue` strings (or none, for NULL), and `NextToken` a non-empty string or absent. The SDK reads a body
 * without `ResultSet` as a page with no rows — the last one, if it has no token — which would end the result
 * early and call it read.
 */
function rowsOf(output: GetQueryResultsCommandOutput, page: number): Row[] {
  const rows: unknown = output.ResultSet?.Rows
  if (!Array.isArray(rows)) throw malformed(`GetQueryResults page ${page} has no ResultSet.Rows list`)
  for (const row of rows as unknown[]) {
    const data = typeof row === 'object' && row !== null ? (row as { Data?: unknown }).Data : undefined
    if (!Array.isArray(data)) throw malformed(`a row of GetQueryResults page ${page} has no Data list`)
    for (const datum of data as unknown[]) {
      const value =
        typeof datum === 'object' && datum !== null ? (datum as Record<string, unknown>)['VarCharValue'] : 0
      if (value !== undefined && typeof value !== 'string')
        throw malformed(`a value on GetQueryResults page ${page} is not a string`)
    }
  }
  const token: unknown = output.NextToken
  if (token !== undefined && token !== null && (typeof token !== 'string' || token === '')) {
    throw malformed(`GetQueryResults page ${page} has a NextToken that is not a non-empty string`)
  }
  return rows as Row[]
}

/** Every page of the result, header checked and removed, each row checked for its number of values. */
async function* readResults(id: string, stats: QueryStats, deps: RunnerDeps): AsyncGenerator<ResultRow[]> {
  const fetch = (token: string | undefined): Promise<GetQueryResultsCommandOutput> =>
    call(
      'GetQueryResults',
      signal =>
        deps.athena.send(
          new GetQueryResultsCommand({
            QueryExecutionId: id,
            MaxResults: deps.pageSize ?? 1000,
            ...(token !== undefined && { NextToken: token })
          }),
          { abortSignal: signal }
        ),
      deps
    )
  const pages = paginate(
    fetch,
    output => output.NextToken || undefined,
    new TokenGuard('GetQueryResults', MAX_RESULT_TOKEN)
  )
  for await (const output of pages) {
    const rows = rowsOf(output, stats.pages + 1)
    if (stats.pages === 0) checkHeader(rows[0])
    const values = (stats.pages === 0 ? rows.slice(1) : rows).map(cells)
    const bad = values.findIndex(row => row.length !== COLUMNS.length)
    if (bad >= 0) {
      throw malformed(
        `a result row has ${values[bad]?.length} values, not the ${COLUMNS.length} columns the query selected (page ${stats.pages + 1})`
      )
    }
    stats.pages += 1
    stats.rows += values.length
    yield values
  }
}

/**
 * Every row of the result was read: Athena's own count of output rows (GetQueryRuntimeStatistics) must equal
 * the rows the pages held. Without the permission the check is skipped and said so (a warning); a count that
 * differs means pages went missing, and the result cannot be called read.
 */
async function checkRowCount(id: string, stats: QueryStats, deps: RunnerDeps): Promise<void> {
  let output
  try {
    output = await call(
      'GetQueryRuntimeStatistics',
      signal =>
        deps.athena.send(new GetQueryRuntimeStatisticsCommand({ QueryExecutionId: id }), {
          abortSignal: signal
        }),
      deps
    )
  } catch (error) {
    if (error instanceof SourceFailure && (error.code === 'access-denied' || error.code === 'other')) {
      stats.rowCountChecked = false
      return
    }
    throw error
  }
  const expected: unknown = output?.QueryRuntimeStatistics?.Rows?.OutputRows
  if (typeof expected !== 'number') {
    stats.rowCountChecked = false
    return
  }
  stats.rowCountChecked = true
  if (expected !== stats.rows) {
    throw malformed(
      `Athena counted ${expected} result rows, but the result pages held ${stats.rows}: pages are missing`
    )
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
): AsyncGenerator<ResultRow[]> {
  const id = await start(statement, settings, deps)
  stats.queryExecutionId = id
  try {
    await waitFor(id, stats, deps)
  } catch (error) {
    const ended = stats.state === 'FAILED' || stats.state === 'CANCELLED' || stats.state === 'SUCCEEDED'
    if (!ended) await stop(id, deps)
    throw error
  }
  yield* readResults(id, stats, deps)
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
  for await (const rows of queryRows(statement, settings, deps, stats)) onRows(rows)
}
