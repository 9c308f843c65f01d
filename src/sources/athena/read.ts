import { SourceFailure } from '../../core/errors.js'
import { describeRecordError, PageRecordError, RecordError, type TrailRecord } from '../../core/record.js'
import type { AthenaSettings } from '../../core/types.js'
import type { ProgressSink } from '../source.js'
import { estimatedCostUsd } from './cost.js'
import { TrailChanges } from './gaps.js'
import { fromAthenaRow } from './rows.js'
import { emptyStats, queryRows, type QueryStats, type RowsOfPage, type RunnerDeps } from './runner.js'
import { COLUMNS, type AthenaStatement } from './sql.js'
import { isTrailChange } from './trail-events.js'
import type { AthenaFreshness, AthenaRun, AthenaTrailCheck } from './types.js'

// The query's rows as records, page by page, in the eventid order the query asked for (the tally counts each
// id once by that order, in constant memory): a row out of order, or one that cannot be decoded, stops the read.

export interface AthenaProgress {
  /** The last row's event id: each query sorts by it. */
  lastId: string | undefined
  /** The query being read. */
  stats: QueryStats
  /** Every query that read the window (the older part, the fresh part), in order. */
  readonly queries: Array<{ readonly part: string; readonly stats: QueryStats }>
  /** Marker polls: how many, and what they scanned and cost. */
  readonly polls: { count: number; bytes: number; costUsd: number }
  bounds: readonly string[]
  readonly warnings: string[]
  /** Trail changes the queries read, for the trail check. */
  readonly changes: TrailChanges
  /** The table has a requestparameters column: a change's trail can be read. */
  parametersReadable: boolean
  freshness: AthenaFreshness | null
  trail: AthenaTrailCheck | null
}

export function newProgress(): AthenaProgress {
  return {
    lastId: undefined,
    stats: emptyStats(),
    queries: [],
    polls: { count: 0, bytes: 0, costUsd: 0 },
    bounds: [],
    warnings: [],
    changes: new TrailChanges(),
    parametersReadable: true,
    freshness: null,
    trail: null
  }
}

/** Log a progress line every this many result pages. */
const PROGRESS_EVERY = 50
/**
 * Records handed on at a time. The run holds the last part it judged while the next is made, and V8 grows its
 * young generation by what survives each scavenge: a whole page of records (1,000) surviving every collection took
 * it to its 128 MB maximum; parts of 50 keep it at 32 MB.
 */
export const BATCH = 50
const TRAIL_PARAMETERS = COLUMNS.indexOf('trailparameters')

/** Compares as the engines sort VARCHAR: by UTF-8 bytes (the same as `<` for ASCII, which event ids are). */
export function utf8Order(a: string, b: string): number {
  // eslint-disable-next-line no-control-regex
  const ascii = /^[\x00-\x7f]*$/
  if (ascii.test(a) && ascii.test(b)) return a < b ? -1 : a > b ? 1 : 0
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}

/**
 * Rows `from` to `to` of a page as records, each row read from the page's bytes only as its record is made: the
 * page is never held as rows of strings beside its records.
 */
function decodeRows(rows: RowsOfPage, from: number, to: number, progress: AthenaProgress): TrailRecord[] {
  const page = progress.stats.pages
  const records: TrailRecord[] = []
  for (let i = from; i < to; i++) {
    let record: TrailRecord
    const row = rows.page.row(i)
    try {
      record = fromAthenaRow(row)
    } catch (error) {
      if (!(error instanceof RecordError)) throw error
      const where = `page ${page} of the Athena result`
      throw new SourceFailure(
        'bad-record',
        describeRecordError(new PageRecordError(error, i - rows.first), where)
      )
    }
    if (progress.lastId !== undefined && utf8Order(record.id, progress.lastId) < 0) {
      throw new SourceFailure(
        'malformed-result',
        `row ${i - rows.first + 1} of page ${page} of the Athena result is out of the eventid order the query asked for`
      )
    }
    progress.lastId = record.id
    if (isTrailChange(record.source, record.name)) {
      progress.changes.add(record, row[TRAIL_PARAMETERS], progress.parametersReadable)
    }
    records.push(record)
  }
  return records
}

/** Records of one page handed on together; `first` for the first part of a page (the run counts pages so). */
export interface RecordBatch {
  readonly records: TrailRecord[]
  readonly first: boolean
}

/** Every row of `statement` (the `part` of the window it reads, for the summary) as records. */
export async function* readRecords(
  statement: AthenaStatement,
  part: string,
  settings: AthenaSettings,
  deps: RunnerDeps & { readonly progress: AthenaProgress; readonly sink: ProgressSink | undefined }
): AsyncGenerator<RecordBatch> {
  const { progress, sink } = deps
  // Each query is sorted on its own: the order is checked within it.
  progress.stats = emptyStats()
  progress.queries.push({ part, stats: progress.stats })
  progress.lastId = undefined
  let lastState = ''
  const rows = queryRows(
    statement,
    settings,
    {
      ...deps,
      maxBytesScanned: settings.maxBytesScanned,
      onState: (state, stats) => {
        if (state !== lastState) sink?.info(`Athena query ${stats.queryExecutionId ?? ''} ${state}`)
        lastState = state
      }
    },
    progress.stats
  )
  for await (const page of rows) {
    // At least one part, so an empty page is still counted as a page read.
    let from = page.first
    do {
      const to = Math.min(page.page.count, from + BATCH)
      yield { records: decodeRows(page, from, to, progress), first: from === page.first }
      from = to
    } while (from < page.page.count)
    if (progress.stats.pages % PROGRESS_EVERY === 0) {
      sink?.info(`Athena: ${progress.stats.pages} pages, ${progress.stats.rows} rows read`)
    }
  }
  const unchecked =
    "Athena's own count of the result's rows was not checked (athena:GetQueryRuntimeStatistics): the pages " +
    'were validated one by one instead.'
  // Said once, however many queries the run made.
  if (progress.stats.rowCountChecked === false && !progress.warnings.includes(unchecked)) {
    progress.warnings.push(unchecked)
  }
}

export function runInfo(settings: AthenaSettings, progress: AthenaProgress): AthenaRun {
  const queries = progress.queries.map(({ part, stats: s }) => ({
    part,
    queryExecutionId: s.queryExecutionId ?? null,
    state: s.state ?? null,
    dataScannedBytes: s.dataScannedBytes,
    // Nothing is billed for a query that never started.
    estimatedCostUsd: s.queryExecutionId ? estimatedCostUsd(s.dataScannedBytes) : 0,
    rows: s.rows
  }))
  const sum = (of: (s: QueryStats) => number): number => progress.queries.reduce((n, q) => n + of(q.stats), 0)
  const first = queries[0]
  return {
    table: `${settings.database}.${settings.table}`,
    workgroup: settings.workgroup,
    queryExecutionId: first?.queryExecutionId ?? null,
    state: first?.state ?? null,
    dataScannedBytes: sum(s => s.dataScannedBytes) + progress.polls.bytes,
    engineMs: sum(s => s.engineMs),
    totalMs: sum(s => s.totalMs),
    estimatedCostUsd: queries.reduce((n, q) => n + q.estimatedCostUsd, 0) + progress.polls.costUsd,
    rows: sum(s => s.rows),
    pages: sum(s => s.pages),
    bounds: progress.bounds,
    warnings: progress.warnings,
    queries,
    freshness: progress.freshness,
    trail: progress.trail
  }
}

export function strategyOf(settings: AthenaSettings, bounds: readonly string[], fresh: boolean): string {
  const pruned = bounds.length > 0 ? `partitions bounded by ${bounds.join('; ')}` : 'no partition bounds'
  const table = `${settings.database}.${settings.table} (workgroup ${settings.workgroup})`
  const how = `${pruned}; identity, window and event names in WHERE, and every trail change; every row judged here.`
  return fresh
    ? `Two Amazon Athena queries on ${table}: the window's older part at once, its fresh part once this run's ` +
        `delivery markers show in the table; ${how}`
    : `One Amazon Athena query on ${table}: ${how}`
}
