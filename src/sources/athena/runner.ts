import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type AthenaClient,
  type QueryExecution,
  type Row
} from '@aws-sdk/client-athena'
import { randomUUID } from 'node:crypto'
import { call, deadlineFailure, type CallDeps } from './call.js'
import { AthenaFailure, categoryName } from './failure.js'
import type { AthenaSettings } from '../../query/athena-settings.js'
import { COLUMNS, type AthenaStatement } from './sql.js'

// Runs one query: StartQueryExecution, GetQueryExecution with back-off until it ends, then GetQueryResults page by
// page, handing each page's rows on before the next is fetched (the result is never held whole). Anything short of
// SUCCEEDED and every page read ends in an AthenaFailure; a query we give up on is stopped so it bills no further.

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

function endedBadly(execution: QueryExecution | undefined, state: string): AthenaFailure {
  const error = execution?.Status?.AthenaError
  const reason = execution?.Status?.StateChangeReason ?? error?.ErrorMessage ?? 'no reason given'
  const category = error
    ? ` (ErrorCategory ${error.ErrorCategory ?? '?'} ${categoryName(error.ErrorCategory)}, ErrorType ${error.ErrorType ?? '?'})`
    : ''
  const code = state === 'CANCELLED' ? 'query-cancelled' : 'query-failed'
  return new AthenaFailure(code, `the Athena query ended ${state}${category}: ${reason}`)
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
    throw new AthenaFailure('other', 'StartQueryExecution returned no QueryExecutionId')
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
      throw new AthenaFailure(
        'other',
        `GetQueryExecution returned an unknown state ${JSON.stringify(state ?? null)}`
      )
    }
    const cap = deps.maxBytesScanned
    if (cap !== undefined && stats.dataScannedBytes > cap) {
      throw new AthenaFailure(
        'bytes-limit',
        `the query had scanned ${stats.dataScannedBytes} bytes, past athena-max-bytes-scanned (${cap}); it was stopped`
      )
    }
    await deps.clock.sleep(delay, deps.signal).catch(() => undefined)
    if (deps.signal.aborted) throw deadlineFailure(deps.signal)
    delay = Math.min(deps.pollMaxMs ?? 5_000, delay * 2)
  }
}

function cells(row: Row): ResultRow {
  return (row.Data ?? []).map(datum => datum.VarCharValue)
}

function checkHeader(row: Row | undefined): void {
  const header = row ? cells(row) : []
  if (header.length !== COLUMNS.length || header.some((name, i) => name !== COLUMNS[i])) {
    throw new AthenaFailure(
      'malformed-result',
      `the result's header row is ${JSON.stringify(header).slice(0, 300)}, not the columns the query selected`
    )
  }
}

/** Every page of the result, header checked and removed, each row checked for its number of values. */
async function readResults(
  id: string,
  stats: QueryStats,
  deps: RunnerDeps,
  onRows: (rows: ResultRow[]) => void
): Promise<void> {
  const seen = new Set<string>()
  let token: string | undefined
  do {
    const output = await call(
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
    const rows = output.ResultSet?.Rows ?? []
    if (stats.pages === 0) checkHeader(rows[0])
    const values = (stats.pages === 0 ? rows.slice(1) : rows).map(cells)
    const bad = values.findIndex(row => row.length !== COLUMNS.length)
    if (bad >= 0) {
      throw new AthenaFailure(
        'malformed-result',
        `a result row has ${values[bad]?.length} values, not the ${COLUMNS.length} columns the query selected (page ${stats.pages + 1})`
      )
    }
    stats.pages += 1
    stats.rows += values.length
    onRows(values)
    token = output.NextToken || undefined
    if (token !== undefined) {
      if (seen.has(token)) throw new AthenaFailure('repeated-token', 'GetQueryResults repeated a page token')
      seen.add(token)
    }
  } while (token !== undefined)
}

/** Runs the statement to the end, handing on rows page by page. `stats` is kept up to date even when it throws. */
export async function runQuery(
  statement: AthenaStatement,
  settings: AthenaSettings,
  deps: RunnerDeps,
  stats: QueryStats,
  onRows: (rows: ResultRow[]) => void
): Promise<void> {
  const id = await start(statement, settings, deps)
  stats.queryExecutionId = id
  try {
    await waitFor(id, stats, deps)
  } catch (error) {
    const ended = stats.state === 'FAILED' || stats.state === 'CANCELLED' || stats.state === 'SUCCEEDED'
    if (!ended) await stop(id, deps)
    throw error
  }
  await readResults(id, stats, deps, onRows)
}
