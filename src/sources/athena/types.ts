// What the Athena source tells its report section: the query, what it scanned, and what it cost.

/** The Athena query behind a result: for the summary, the report file and the logs. */
export interface AthenaRun {
  /** `database.table`. */
  readonly table: string
  readonly workgroup: string
  /** Null when the query never started (a refused table, a failed GetTable). */
  readonly queryExecutionId: string | null
  /** The last state Athena reported: SUCCEEDED, FAILED, CANCELLED, RUNNING… */
  readonly state: string | null
  readonly dataScannedBytes: number
  /** Statistics.EngineExecutionTimeInMillis. */
  readonly engineMs: number
  readonly totalMs: number
  /** At Athena's list price ($5 per TB, 10 MB minimum); 0 when no query started. */
  readonly estimatedCostUsd: number
  readonly rows: number
  readonly pages: number
  /** The partition bounds the query used, in words. */
  readonly bounds: readonly string[]
  /** Such as a table without partition keys being read whole. */
  readonly warnings: readonly string[]
}
