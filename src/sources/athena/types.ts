// What the Athena source tells its report section: the queries, what they scanned and cost, how the window's newest
// part was proven delivered, and the trail behind the table.

/** The Athena query behind a result: for the summary, the report file and the logs. */
export interface AthenaRun {
  /** `database.table`. */
  readonly table: string
  readonly workgroup: string
  /** Null when the query never started (a refused table, a failed GetTable). */
  readonly queryExecutionId: string | null
  /** The last state Athena reported: SUCCEEDED, FAILED, CANCELLED, RUNNING… */
  readonly state: string | null
  /** Every query of the run, marker polls included. */
  readonly dataScannedBytes: number
  /** Statistics.EngineExecutionTimeInMillis, summed. */
  readonly engineMs: number
  readonly totalMs: number
  /** At Athena's list price ($5 per TB, 10 MB minimum each query, polls included); 0 when no query started. */
  readonly estimatedCostUsd: number
  readonly rows: number
  readonly pages: number
  /** The partition bounds the query used, in words. */
  readonly bounds: readonly string[]
  /** Such as a table without partition keys being read whole. */
  readonly warnings: readonly string[]
  /** Each query that read the window: the whole window, or its older part and then its fresh part. */
  readonly queries: ReadonlyArray<{
    readonly part: string
    readonly queryExecutionId: string | null
    readonly state: string | null
    readonly dataScannedBytes: number
    readonly estimatedCostUsd: number
    readonly rows: number
  }>
  /** How the window's newest part was proven delivered to S3 (null before the plan). */
  readonly freshness: AthenaFreshness | null
  /** The trail writing the table's bucket and its gaps (null when the read did not get that far). */
  readonly trail: AthenaTrailCheck | null
}

/** One Region's delivery marker, as the summary shows it. */
export interface AthenaMarker {
  readonly region: string
  /** The account whose trail records it; null when the call was not made. */
  readonly account: string | null
  readonly requestId: string | null
  readonly callerArn: string | null
  /** When the call was made, by this runner's clock (ISO). */
  readonly sentAt: string | null
  /** From the call to the poll that found it in the table, ms; null when it was never found. */
  readonly foundAfterMs: number | null
  /** Its eventTime as CloudTrail recorded it, once found. */
  readonly eventTime: string | null
  /** Why it proves nothing (never placed, never found, the table cannot hold it). */
  readonly problem: string | null
}

/** How the window's newest part was proven delivered to S3, or why it was not. */
export interface AthenaFreshness {
  /** `old-window`: nothing fresh; `skipped`: wait-for-delivery false; `marker`: markers were placed. */
  readonly mode: 'old-window' | 'skipped' | 'marker'
  readonly horizonMs: number
  /** ISO start of the fresh part (null for an old window). */
  readonly freshFrom: string | null
  readonly markers: readonly AthenaMarker[]
  /** Poll queries run, the bytes they scanned, and their cost at the list price. */
  readonly polls: number
  readonly pollBytes: number
  readonly pollCostUsd: number
  readonly marginMs: number
  /** Why some of the fresh part had no marker to prove it (a table whose Regions cannot be told), if so. */
  readonly unprovable: string | null
}

/** The trail that writes the table's bucket, its state, and the gaps in what it wrote during the window. */
export interface AthenaTrailCheck {
  /** `s3://bucket/prefix/`, from the table's location; null when it is not a trail's layout. */
  readonly location: string | null
  /** The trails that write there (DescribeTrails, GetTrail), with GetTrailStatus where allowed. */
  readonly trails: ReadonlyArray<{
    readonly name: string
    readonly arn: string
    readonly homeRegion: string | null
    readonly multiRegion: boolean
    /** null: not checked (see statusProblem). */
    readonly isLogging: boolean | null
    readonly latestDeliveryError: string | null
    readonly statusProblem: string | null
  }>
  /** Why no trail writing the bucket is known (DescribeTrails denied, or none shows), or null. */
  readonly problem: string | null
  /** Successful trail changes the query read (StopLogging, UpdateTrail…), by anyone. */
  readonly changes: number
  readonly gaps: ReadonlyArray<{
    readonly trail: string
    readonly start: string
    readonly end: string
    readonly cause: string
  }>
  /** True when the user accepted the gaps (athena-accept-trail-gaps): they were read as covered. */
  readonly accepted: boolean
  /** Changes naming a trail the gate cannot tie to the bucket, and the like. */
  readonly warnings: readonly string[]
}

/** One result row: a value per column, undefined for NULL. */
export type ResultRow = ReadonlyArray<string | undefined>

/** A page's rows, each made when asked for, so only the rows being decoded are held as strings. */
export interface ResultPage {
  readonly count: number
  /** How many values row `i` has (checked before any row is read). */
  width(i: number): number
  row(i: number): ResultRow
  readonly nextToken: string | undefined
}
