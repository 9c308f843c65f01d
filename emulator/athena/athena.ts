// Athena (AWS JSON 1.1, target prefix `AmazonAthena.`): StartQueryExecution, GetQueryExecution,
// GetQueryResults, StopQueryExecution, with the request checks and error shapes of the real service.
import { AwsError } from '../http.js'
import { invalidRequest } from './errors.js'
import { Execution, type ExecutionEnv, type ExecutionRequest } from './execution.js'
import type { AthenaFaultPlan } from './faults.js'
import { resultsPage } from './results.js'

export interface WorkGroup {
  name: string
  /** The workgroup's result location; a query without one (and without its own) is refused. */
  outputLocation?: string
}

export interface AthenaDeps {
  env: ExecutionEnv
  workGroups: readonly WorkGroup[]
  faults: AthenaFaultPlan
  /** Executions kept (with their results); the oldest finished ones are dropped beyond it. */
  keep: number
}

type Body = Record<string, unknown>

function text(body: Body, key: string): string | undefined {
  const value = body[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw invalidRequest(`${key} must be a string`)
  return value
}

function object(body: Body, key: string): Body {
  const value = body[key]
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Body) : {}
}

const seconds = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : ms / 1000)

export class AthenaService {
  readonly executions = new Map<string, Execution>()

  constructor(private readonly deps: AthenaDeps) {}

  call(operation: string, body: Body): unknown {
    switch (operation) {
      case 'StartQueryExecution':
        return this.start(body)
      case 'GetQueryExecution':
        return { QueryExecution: this.describe(this.find(body)) }
      case 'GetQueryResults':
        return resultsPage(this.find(body), body, this.deps.faults)
      case 'StopQueryExecution':
        this.find(body).cancel()
        return {}
      default:
        throw new AwsError(
          400,
          'UnknownOperationException',
          `Operation AmazonAthena.${operation} is not emulated`
        )
    }
  }

  private start(body: Body): unknown {
    const query = text(body, 'QueryString')
    if (query === undefined || query.length === 0 || query.length > 262144) {
      throw invalidRequest('QueryString must be between 1 and 262144 characters')
    }
    const context = object(body, 'QueryExecutionContext')
    const workGroupName = text(body, 'WorkGroup') ?? 'primary'
    const workGroup = this.deps.workGroups.find(w => w.name === workGroupName)
    if (workGroup === undefined) throw invalidRequest(`WorkGroup ${workGroupName} is not found.`)
    const outputLocation =
      text(object(body, 'ResultConfiguration'), 'OutputLocation') ?? workGroup.outputLocation
    if (outputLocation === undefined) {
      throw invalidRequest(
        'No output location provided. An output location is required either through the Workgroup result ' +
          'configuration setting or as an API input.'
      )
    }
    if (!/^s3:\/\/[^/]+/.test(outputLocation))
      throw invalidRequest(`Invalid OutputLocation: ${outputLocation}`)
    const parameters = body['ExecutionParameters']
    if (
      parameters !== undefined &&
      (!Array.isArray(parameters) || parameters.some(p => typeof p !== 'string'))
    ) {
      throw invalidRequest('ExecutionParameters must be a list of strings')
    }
    const request: ExecutionRequest = {
      query,
      database: text(context, 'Database'),
      catalog: text(context, 'Catalog') ?? 'AwsDataCatalog',
      workGroup: workGroupName,
      outputLocation,
      parameters: parameters === undefined ? undefined : (parameters as string[])
    }
    const fault = this.deps.faults.take('StartQueryExecution', ['fail', 'stuck', 'cancel'])
    const execution = new Execution(request, this.deps.env, fault)
    this.executions.set(execution.id, execution)
    this.evict()
    return { QueryExecutionId: execution.id }
  }

  private find(body: Body): Execution {
    const id = text(body, 'QueryExecutionId')
    if (id === undefined) throw invalidRequest('QueryExecutionId is required')
    const execution = this.executions.get(id)
    if (execution === undefined) throw invalidRequest(`QueryExecution ${id} was not found`)
    return execution
  }

  private evict(): void {
    const finished = [...this.executions.values()].filter(e => e.isFinished())
    for (const old of finished.slice(0, Math.max(0, this.executions.size - this.deps.keep))) {
      this.executions.delete(old.id)
      void old.close()
    }
  }

  describe(e: Execution): Record<string, unknown> {
    const r = e.request
    const status: Record<string, unknown> = {
      State: e.state,
      SubmissionDateTime: seconds(e.submitted),
      CompletionDateTime: seconds(e.completed),
      StateChangeReason: e.reason,
      AthenaError:
        e.failure === undefined
          ? undefined
          : {
              ErrorCategory: e.failure.category,
              ErrorType: e.failure.type,
              Retryable: e.failure.retryable,
              ErrorMessage: e.failure.message
            }
    }
    const total = (e.completed ?? this.deps.env.now()) - e.submitted
    return {
      QueryExecutionId: e.id,
      Query: r.query,
      StatementType: 'DML',
      SubstatementType: 'SELECT',
      ResultConfiguration: { OutputLocation: `${r.outputLocation.replace(/\/$/, '')}/${e.id}.csv` },
      ResultReuseConfiguration: { ResultReuseByAgeConfiguration: { Enabled: false } },
      QueryExecutionContext: { Database: r.database, Catalog: r.catalog },
      Status: status,
      Statistics: {
        EngineExecutionTimeInMillis: e.engineMs,
        DataScannedInBytes: e.scanned,
        TotalExecutionTimeInMillis: total,
        QueryQueueTimeInMillis: Math.min(total, this.deps.env.queuedMs),
        ServicePreProcessingTimeInMillis: 0,
        ServiceProcessingTimeInMillis: 0,
        ResultReuseInformation: { ReusedPreviousResult: false }
      },
      WorkGroup: r.workGroup,
      EngineVersion: { SelectedEngineVersion: 'AUTO', EffectiveEngineVersion: 'Athena engine version 3' },
      ExecutionParameters: r.parameters
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.executions.values()].map(e => e.close()))
    this.executions.clear()
  }
}
