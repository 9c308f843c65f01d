import {
  GetQueryResultsCommand,
  GetQueryRuntimeStatisticsCommand,
  type AthenaClient
} from '@aws-sdk/client-athena'
import { paginate, TokenGuard } from '../../aws/pages.js'
import { quote } from '../../core/bounded.js'
import { SourceFailure } from '../../core/errors.js'
import { call, type CallDeps } from './call.js'
import { pageOf, takeParsedPage, type ParsedPage, type ResultPage, type ResultRow } from './result-pages.js'

// A finished query's result: GetQueryResults page by page (each page checked: the header, every row's width, the
// token), then Athena's own count of output rows against the rows the pages held.

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

export interface ResultDeps extends CallDeps {
  readonly athena: AthenaClient
  /** Rows a GetQueryResults page asks for (Athena's maximum is 1,000). */
  readonly pageSize?: number
}

/** Athena documents its page tokens as at most 1,024 characters. */
export const MAX_RESULT_TOKEN = 1024

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
export async function* readResults(
  id: string,
  columns: readonly string[],
  stats: QueryStats,
  deps: ResultDeps
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
export async function checkRowCount(id: string, stats: QueryStats, deps: ResultDeps): Promise<void> {
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
