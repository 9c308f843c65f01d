import { SourceFailure } from '../../core/errors.js'
import { describeRecordError, PageRecordError, RecordError, type TrailRecord } from '../../core/record.js'
import type { AthenaSettings } from '../../core/types.js'
import type { ProgressSink } from '../source.js'
import { estimatedCostUsd } from './cost.js'
import { fromAthenaRow } from './rows.js'
import { queryRows, type QueryStats, type RowsOfPage, type RunnerDeps } from './runner.js'
import type { AthenaStatement } from './sql.js'
import type { AthenaRun } from './types.js'

// The query's rows as records, page by page, in the eventid order the query asked for (the tally counts each
// id once by that order, in constant memory): a row out of order, or one that cannot be decoded, stops the read.

export interface AthenaProgress {
  /** The last row's event id: the query sorts by it. */
  lastId: string | undefined
  readonly stats: QueryStats
  bounds: readonly string[]
  readonly warnings: string[]
}

/** Log a progress line every this many result pages. */
const PROGRESS_EVERY = 50
/**
 * Records handed on at a time. The run holds the last part it judged while the next is made, and V8 grows its
 * young generation by what survives each scavenge: a whole page of records (1,000) surviving every collection took
 * it to its 128 MB maximum, where parts of 200 leave it small.
 */
export const BATCH = 50

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
    try {
      record = fromAthenaRow(rows.page.row(i))
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
    records.push(record)
  }
  return records
}

/** Records of one page handed on together; `first` for the first part of a page (the run counts pages so). */
export interface RecordBatch {
  readonly records: TrailRecord[]
  readonly first: boolean
}

export async function* readRecords(
  statement: AthenaStatement,
  settings: AthenaSettings,
  deps: RunnerDeps & { readonly progress: AthenaProgress; readonly sink: ProgressSink | undefined }
): AsyncGenerator<RecordBatch> {
  const { progress, sink } = deps
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
  if (progress.stats.rowCountChecked === false) {
    progress.warnings.push(
      "Athena's own count of the result's rows was not checked (athena:GetQueryRuntimeStatistics): the pages " +
        'were validated one by one instead.'
    )
  }
}

export function runInfo(settings: AthenaSettings, progress: AthenaProgress): AthenaRun {
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

export function strategyOf(settings: AthenaSettings, bounds: readonly string[]): string {
  const pruned = bounds.length > 0 ? `partitions bounded by ${bounds.join('; ')}` : 'no partition bounds'
  return (
    `One Amazon Athena query on ${settings.database}.${settings.table} (workgroup ${settings.workgroup}): ` +
    `${pruned}; identity, window and event names in WHERE; every row judged here.`
  )
}
