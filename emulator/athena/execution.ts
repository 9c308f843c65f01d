// One query execution and its life: QUEUED → RUNNING → SUCCEEDED | FAILED | CANCELLED, moving over real time
// (a queue delay, then at least a minimum running time) so a client really has to poll.
import { randomUUID } from 'node:crypto'
import { mkdtemp } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { QueryEngine } from './engine.js'
import { QueryFailure, type AthenaFailure } from './errors.js'
import type { AthenaFault } from './faults.js'
import type { FileView } from './files.js'
import { ParameterError, substituteParameters } from './parameters.js'
import type { TableSpec } from './tables.js'

export type QueryState = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED'

export interface ExecutionRequest {
  query: string
  database: string | undefined
  catalog: string
  workGroup: string
  outputLocation: string
  parameters: string[] | undefined
}

export interface ExecutionEnv {
  root: string
  tables: readonly TableSpec[]
  queuedMs: number
  minRunningMs: number
  /** DuckDB threads per query. */
  threads: number
  now: () => number
  /** What a query submitted now will see: files delivered so far, NOW's day, registered partitions. */
  view: () => FileView
}

const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

export class Execution {
  readonly id = randomUUID()
  state: QueryState = 'QUEUED'
  readonly submitted: number
  completed: number | undefined
  failure: AthenaFailure | undefined
  reason: string | undefined
  scanned = 0
  engineMs = 0
  engine: QueryEngine | undefined
  /** The SQL that ran, parameters substituted (for tests and the demo). */
  executedSql: string | undefined
  readonly done: Promise<void>
  /** Taken at submission: a file delivered after it is not read, as Athena lists S3 when the query starts. */
  private readonly view: FileView

  constructor(
    readonly request: ExecutionRequest,
    private readonly env: ExecutionEnv,
    private readonly fault: AthenaFault | undefined
  ) {
    this.submitted = env.now()
    this.view = env.view()
    this.done = this.life().catch(error => this.fail(failureOf(error)))
  }

  private async life(): Promise<void> {
    await sleep(this.env.queuedMs)
    if (this.state !== 'QUEUED') return
    this.state = 'RUNNING'
    const started = this.env.now()
    if (this.request.catalog.toLowerCase() !== 'awsdatacatalog') {
      throw new QueryFailure({
        category: 2,
        type: 1000,
        message: `CATALOG_NOT_FOUND: Catalog '${this.request.catalog}' does not exist`,
        retryable: false
      })
    }
    this.executedSql = substituteParameters(this.request.query, this.request.parameters)
    const dir = await mkdtemp(path.join(os.tmpdir(), 'athena-emu-query-'))
    this.engine = await QueryEngine.open(dir, this.env.threads)
    if (this.isFinished()) return
    this.scanned = await this.engine.run(
      this.executedSql,
      this.env.tables,
      this.env.root,
      this.request.database,
      this.view
    )
    this.engineMs = this.env.now() - started
    await sleep(Math.max(0, started + this.env.minRunningMs - this.env.now()))
    if (this.isFinished()) return
    if (this.fault?.kind === 'stuck') return // RUNNING until someone stops it
    if (this.fault?.kind === 'cancel') return this.cancel('Query was cancelled')
    if (this.fault?.kind === 'fail') {
      return this.fail({
        category: this.fault.category ?? 2,
        type: this.fault.errorType ?? 1000,
        message: this.fault.message ?? 'GENERIC_USER_ERROR: injected failure',
        retryable: false
      })
    }
    this.finish('SUCCEEDED')
  }

  isFinished(): boolean {
    return this.state === 'SUCCEEDED' || this.state === 'FAILED' || this.state === 'CANCELLED'
  }

  /** StopQueryExecution: a query still queued or running is cancelled; a finished one is left alone. */
  cancel(reason = 'Query cancelled by user'): void {
    if (this.isFinished()) return
    this.engine?.interrupt()
    this.reason = reason
    this.finish('CANCELLED')
  }

  private fail(failure: AthenaFailure): void {
    if (this.isFinished()) return
    this.failure = failure
    this.reason = failure.message
    this.finish('FAILED')
  }

  private finish(state: QueryState): void {
    this.state = state
    this.completed = this.env.now()
  }

  async close(): Promise<void> {
    this.cancel('Emulator shut down')
    await this.done
    await this.engine?.close()
    this.engine = undefined
  }
}

function failureOf(error: unknown): AthenaFailure {
  if (error instanceof QueryFailure) return error.failure
  if (error instanceof ParameterError) {
    return { category: 2, type: 1000, message: error.message, retryable: false }
  }
  const text = error instanceof Error ? error.message : String(error)
  return { category: 1, type: 100, message: `INTERNAL_ERROR_QUERY_ENGINE: ${text}`, retryable: true }
}
