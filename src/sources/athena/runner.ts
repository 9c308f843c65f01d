import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  GetQueryRuntimeStatisticsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type AthenaClient,
  type QueryExecution
} from '@aws-sdk/client-athena'
import { randomUUID } from 'node:crypto'
import { paginate, TokenGuard } from '../../aws/pages.js'
import { quote } from '../../core/bounded.js'
import { SourceFailure } from '../../core/errors.js'
import { call, deadlineFailure, type CallDeps } from './call.js'
import { categoryName } from './failure.js'
import type { AthenaSettings } from '../../query/athena-settings.js'
import { pageOf, takeParsedPage, type ParsedPage, type ResultPage, type ResultRow } from './result-pages.js'
import type { AthenaStatement } from './sql.js'

// Runs one query: StartQueryExecution, GetQueryExecution with back-off until it ends, then GetQueryResults page by
// page, handing each page's rows on before the next is fetched (the result is never held whole). Anything short of
// SUCCEEDED and every page read ends in an SourceFailure; a query we give up on is stopped so it bills no further.

export type { ResultRow } from './result-pages.js'

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

/** Athena documents its page tokens as at most 1,024 characters. */
export const MAX_RESULT_TOKEN = 1024
/** Athena documents a QueryExecutionId as at most 128 characters. */
const MAX_EXECUTION_ID = 128

function malformed(reason: string): SourceFailure {
  return new SourceFailure('malformed-result', reason)
}

function checkHeader(row: ResultRow | undefined, columns: readonly string[]): void {
  const header = row ?? []
  if (header.length !== columns.length || header.some((name, i) => name !== columns[i])) {
    throw malformed(
      `the result's header row is ${quote(JSON.stringify(header.slice(0, 30)))}, not the columns the query selected`
    )
  }
}

/** A page of the result: its rows from `first` (past the header on the first page) to its end. */
export interface RowsOfPage {
  readonly page: ResultPage
  readonly first: number
}

/** Every page of the result, header checked and passed over, each row checked for its number of values. */
async function* readResults(
  id: string,
  columns: readonly string[],
  stats: QueryStats,
  deps: RunnerDeps
): AsyncGenerator<RowsOfPage> {
  const fetch = async (token: string | undefined): Promise<ParsedPage> => {
    const input = {
      QueryExecutionId: id,
      MaxResults: deps.pageSize ?? 1000,
      ...(token !== undefined && { NextToken: token })
    }
    const output = await call(
      'GetQueryResults',
      signal => deps.athena.send(new GetQueryResultsCommand(input), { abortSignal: signal }),
      deps
    )
    // Read once from the raw answer by the client's middleware, else from the SDK's output (result-pages.ts).
    return takeParsedPage(input) ?? pageOf(output)
  }
  const pages = paginate(
    fetch,
    parsed => (parsed.ok ? parsed.page.nextToken : undefined),
    new TokenGuard('GetQueryResults', MAX_RESULT_TOKEN)
  )
  for await (const parsed of pages) {
    if (!parsed.ok) throw malformed(`GetQueryResults page ${stats.pages + 1} ${parsed.problem}`)
    const page = parsed.page
    const first = stats.pages === 0 ? 1 : 0
    if (stats.pages === 0) checkHeader(page.count > 0 ? page.row(0) : undefined, columns)
    for (let i = first; i < page.count; i++) {
      if (page.width(i) !== columns.length) {
        throw malformed(
          `a result row has ${page.width(i)} values, not the ${columns.length} columns the query selected (page ${stats.pages + 1})`
        )
      }
    }
    stats.pages += 1
    stats.rows += page.count - first
    yield { page, first }
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
