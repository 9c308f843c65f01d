import type { OwnRequests } from '../aws/own-requests.js'
import type { Clock } from '../core/clock.js'
import type { Covered, Slice, Uncovered } from '../core/coverage.js'
import type { TrailRecord } from '../core/record.js'
import type { Query, SourceName } from '../core/types.js'

// The seam every source sits behind. The run cuts the query into slices, asks the source for a plan over them,
// reads each task page by page, and judges every record itself; a source only fetches, decodes, and says what
// it proved read. LookupEvents and Athena implement it today; CloudTrail Lake, S3 objects read directly and
// several accounts fit without touching the run or the reports.

/** Where progress goes: the action's log, the CLI's stderr, or nowhere. */
export interface ProgressSink {
  info(message: string): void
}

/** What a source may use while it plans and reads. */
export interface SourceContext {
  readonly query: Query
  readonly clock: Clock
  readonly random: () => number
  /** Aborts when the scan's deadline passes. */
  readonly signal: AbortSignal
  readonly progress: ProgressSink | undefined
  /** Request IDs of the gate's own calls; every client a source builds records into it. */
  readonly own: OwnRequests
  /** When the run started (ms): the horizon of a fresh window is measured from here. */
  readonly startedAt: number
  /** Counts a throttled or retried call of a Region (for the summary's Regions section). */
  readonly onRetry: (region: string, kind: 'throttle' | 'transient') => void
}

/** One page of records, normalised, with what it proves. */
export interface RecordPage {
  readonly records: readonly TrailRecord[]
  /** The page in words, for a message naming a record that cannot be judged: `page 3 of LookupEvents …`. */
  readonly where: string
  /**
   * True for a page a request answered (counted as a page); false for a claim that only carries coverage, or for
   * a further part of a page handed on in parts (its records are still counted).
   */
  readonly fetched: boolean
  /** The Region whose request this page was (for per-Region counts); undefined: count each record's own. */
  readonly region?: string
  /** What this page completes: parts of slices now read to their last page. */
  readonly covered?: readonly Covered[]
}

export interface SourcePlan<Task> {
  readonly tasks: readonly Task[]
  /** A few sentences: how the source will answer, for the log and the summary. */
  readonly strategy: string
  /** Slices (or parts) the source cannot answer, and why: each makes the scan incomplete, never clean. */
  readonly uncovered: readonly Uncovered[]
  readonly warnings: readonly string[]
}

/** A task as the run names it in messages and counts: its account and Region. */
export interface TaskLabel {
  readonly account: string
  readonly region: string
}

export interface TrailSource<Task = unknown, Details = unknown> {
  readonly name: SourceName
  /** Tasks that together cover the slices; may read table metadata (Athena). Throws SourceFailure. */
  plan(slices: readonly Slice[], ctx: SourceContext): Promise<SourcePlan<Task>>
  /** Every record of one task, page by page; throws SourceFailure; never skips a record. */
  read(task: Task, ctx: SourceContext): AsyncIterable<RecordPage>
  /** Where a task's failure is reported; with no task, a failure to plan. */
  label(task: Task | undefined): TaskLabel
  /** What only this source's report section reads. */
  details(): Details
}
