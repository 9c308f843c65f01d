import http, { type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ACCOUNT, resultPage, resultPages, type GlueTable, type ResultRow } from './athena-wire.js'
import { send } from './hostile.js'

// An Amazon Athena + AWS Glue endpoint (AWS JSON 1.1, one loopback port for both, picked by X-Amz-Target) that says
// whatever a scenario tells it to: each operation is a handler writing an exact status, headers and body. `honest`
// answers every operation as the real services would for one table and one result; a case overrides the handlers
// it is about. STS GetCallerIdentity is answered too, in case the gate asks who it is.

export const OPERATIONS = [
  'GetTable',
  'GetPartitions',
  'BatchGetPartition',
  'StartQueryExecution',
  'GetQueryExecution',
  'GetQueryResults',
  'StopQueryExecution',
  'GetQueryRuntimeStatistics'
] as const

export type Operation = (typeof OPERATIONS)[number]

/** One call as the server saw it. */
export interface AthenaCall {
  readonly operation: Operation | string
  /** 1 for the first call of this operation. */
  readonly call: number
  /** The request body as JSON; {} when it was not an object; in `calls()`, only `BodyLength` past 64 KB. */
  readonly body: Record<string, unknown>
}

const RECORDED_BODY_MAX = 64 * 1024

export type Handler = (call: AthenaCall, res: ServerResponse) => void
export type AthenaScenario = Readonly<Record<Operation, Handler>>

export interface HostileAthena {
  readonly url: string
  /** Every call so far, in order. */
  calls(): readonly AthenaCall[]
  close(): Promise<void>
}

const TARGET = /^(?:AmazonAthena|AWSGlue)\.([A-Za-z]+)$/

function parse(raw: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(raw)
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {}
  } catch {
    return {}
  }
}

/** An AWS JSON 1.1 error, as Athena and Glue send one. */
export function awsError(res: ServerResponse, status: number, type: string, message: string): void {
  send(res, status, JSON.stringify({ __type: type, Message: message }), {
    'content-type': 'application/x-amz-json-1.1',
    'x-amzn-errortype': type
  })
}

export const json = (res: ServerResponse, body: unknown): void =>
  send(res, 200, typeof body === 'string' ? body : JSON.stringify(body))

const CALLER_IDENTITY =
  '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
  `<Arn>arn:aws:sts::${ACCOUNT}:assumed-role/deploy/GitHubActions</Arn><UserId>AROAEXAMPLE:GitHubActions</UserId>` +
  `<Account>${ACCOUNT}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>` +
  '7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ResponseMetadata></GetCallerIdentityResponse>'

export function startHostileAthena(scenario: AthenaScenario): Promise<HostileAthena> {
  const calls: AthenaCall[] = []
  const counts = new Map<string, number>()
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8')
      const target = String(req.headers['x-amz-target'] ?? '')
      const operation =
        TARGET.exec(target)?.[1] ?? (/Action=GetCallerIdentity/.test(raw) ? 'GetCallerIdentity' : target)
      const call = { operation, call: (counts.get(operation) ?? 0) + 1, body: parse(raw) }
      counts.set(operation, call.call)
      // The log of calls outlives the request: a megabyte token is not kept for every page.
      calls.push(raw.length > RECORDED_BODY_MAX ? { ...call, body: { BodyLength: raw.length } } : call)
      if (operation === 'GetCallerIdentity')
        return send(res, 200, CALLER_IDENTITY, { 'content-type': 'text/xml' })
      const handler = (scenario as Partial<Record<string, Handler>>)[operation]
      if (!handler) return awsError(res, 400, 'UnknownOperationException', `${target} is not served here`)
      handler(call, res)
    })
  })
  return new Promise(resolve => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      resolve({
        url: `http://127.0.0.1:${port}`,
        calls: () => calls,
        close: () =>
          new Promise(done => {
            server.closeAllConnections()
            server.close(() => done())
          })
      })
    })
  })
}

export const QUERY_ID = '0c3b1c5e-8f0e-4d5e-9d3a-2f6f0e5b7a11'

/** A GetQueryExecution body in `state`, with `status` and `statistics` merged over realistic values. */
export function queryExecution(
  state: unknown,
  status: Record<string, unknown> = {},
  statistics: Record<string, unknown> = {}
): Record<string, unknown> {
  return {
    QueryExecution: {
      QueryExecutionId: QUERY_ID,
      Query: 'SELECT …',
      StatementType: 'DML',
      WorkGroup: 'primary',
      QueryExecutionContext: { Database: 'cloudtrail', Catalog: 'AwsDataCatalog' },
      Status: {
        State: state,
        SubmissionDateTime: 1_740_787_200,
        CompletionDateTime: 1_740_787_202,
        ...status
      },
      Statistics: {
        EngineExecutionTimeInMillis: 1_200,
        DataScannedInBytes: 4_194_304,
        TotalExecutionTimeInMillis: 1_500,
        QueryQueueTimeInMillis: 100,
        ...statistics
      },
      EngineVersion: { SelectedEngineVersion: 'AUTO', EffectiveEngineVersion: 'Athena engine version 3' }
    }
  }
}

/** GetQueryRuntimeStatistics: the query wrote `outputRows` rows (the result, without its header). */
export function runtimeStatistics(outputRows: number): Record<string, unknown> {
  return {
    QueryRuntimeStatistics: {
      Timeline: {
        QueryQueueTimeInMillis: 100,
        EngineExecutionTimeInMillis: 1_200,
        TotalExecutionTimeInMillis: 1_500
      },
      Rows: {
        InputRows: outputRows * 40 + 1_000,
        InputBytes: 4_194_304,
        OutputBytes: outputRows * 900,
        OutputRows: outputRows
      }
    }
  }
}

export interface HonestOptions {
  readonly table: GlueTable
  /** The result's rows, without the header. */
  readonly rows?: readonly ResultRow[]
  /** Rows a result page holds (the header counted on page 1), as MaxResults does. */
  readonly pageSize?: number
  /** The registered partitions of a manual table (see gluePartition). */
  readonly partitions?: ReadonlyArray<Record<string, unknown>>
}

const sameValues = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

/**
 * Every operation answered as Athena and Glue would: the table, one query that succeeds at once, its result in
 * pages. GetPartitions answers every registered partition whatever its Expression (a superset a client must filter).
 */
export function honest(options: HonestOptions): AthenaScenario {
  const rows = options.rows ?? []
  const pages = resultPages(rows, options.pageSize)
  const partitions = options.partitions ?? []
  return {
    GetTable: (_, res) => json(res, { Table: options.table }),
    GetPartitions: (_, res) => json(res, { Partitions: partitions }),
    BatchGetPartition: ({ body }, res) => {
      const wanted = Array.isArray(body['PartitionsToGet']) ? (body['PartitionsToGet'] as unknown[]) : []
      const found = partitions.filter(p =>
        wanted.some(w => sameValues((w as { Values?: unknown }).Values, p['Values']))
      )
      json(res, { Partitions: found, UnprocessedKeys: [] })
    },
    StartQueryExecution: (_, res) => json(res, { QueryExecutionId: QUERY_ID }),
    GetQueryExecution: (_, res) => json(res, queryExecution('SUCCEEDED')),
    GetQueryResults: ({ body }, res) => {
      const token = body['NextToken']
      const index = token === undefined ? 0 : pages.findIndex((_, i) => pages[i - 1]?.token === token)
      const page = pages[index]
      if (!page) return awsError(res, 400, 'InvalidRequestException', 'The NextToken is invalid')
      json(res, resultPage(page.rows, page.token))
    },
    StopQueryExecution: (_, res) => json(res, {}),
    GetQueryRuntimeStatistics: (_, res) => json(res, runtimeStatistics(rows.length))
  }
}
