// The Athena + Glue emulator on one loopback port (AWS JSON 1.1; the X-Amz-Target prefix picks the service:
// `AmazonAthena.` or `AWSGlue.`), so AWS_ENDPOINT_URL_ATHENA and AWS_ENDPOINT_URL_GLUE may both point at it.
// Control routes: POST /__emulator/athena/faults (a JSON array, see faults.ts), GET …/faults, GET
// /__emulator/athena/executions (each query as submitted and as run, its state and bytes scanned).
// `handleAthenaRequest` lets the CloudTrail emulator's server serve the same routes on its own port.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { AwsError, readBody, send, sendJson } from '../http.js'
import { AthenaService, type WorkGroup } from './athena.js'
import { InvalidRequest } from './errors.js'
import { AthenaFaultPlan, parseAthenaFaults, type AthenaFault } from './faults.js'
import { GlueService } from './glue.js'
import type { TableSpec } from './tables.js'

export type { AthenaFault } from './faults.js'
export type { TableSpec, TableFlavour } from './tables.js'

export interface AthenaEmulatorOptions {
  /** The local directory standing for S3: `s3://bucket/key` is `<root>/bucket/key`. */
  root: string
  tables: readonly TableSpec[]
  /** Default: `primary` with results in s3://athena-results/. */
  workGroups?: readonly WorkGroup[]
  /** Glue CatalogId; default 123456789012. */
  catalogId?: string
  /** Time a query spends QUEUED; default 50 ms. */
  queuedMs?: number
  /** Least time a query spends RUNNING; default 100 ms. */
  minRunningMs?: number
  /** DuckDB threads per query; default 1 (tests share the machine), the benchmark's server uses 2. */
  threads?: number
  /** Finished executions kept with their results; default 50. */
  keep?: number
  now?: () => number
}

export interface ExecutionSummary {
  id: string
  query: string
  executedSql: string | undefined
  parameters: string[] | undefined
  state: string
  dataScannedInBytes: number
}

export interface AthenaHandler {
  athena: AthenaService
  glue: GlueService
  faults: AthenaFaultPlan
}

const TARGET = /^(AmazonAthena|AWSGlue)\.([A-Za-z]+)$/

export function isAthenaTarget(target: string): boolean {
  return TARGET.test(target)
}

export function createAthenaHandler(options: AthenaEmulatorOptions): AthenaHandler {
  const now = options.now ?? Date.now
  const tables = options.tables.map(t => ({
    ...t,
    database: t.database.toLowerCase(),
    name: t.name.toLowerCase()
  }))
  const faults = new AthenaFaultPlan()
  const env = {
    root: options.root,
    tables,
    queuedMs: options.queuedMs ?? 50,
    minRunningMs: options.minRunningMs ?? 100,
    threads: options.threads ?? 1,
    now
  }
  const workGroups = options.workGroups ?? [{ name: 'primary', outputLocation: 's3://athena-results/' }]
  return {
    athena: new AthenaService({ env, workGroups, faults, keep: options.keep ?? 50 }),
    glue: new GlueService({
      root: options.root,
      tables,
      catalogId: options.catalogId ?? '123456789012',
      createdAt: Math.floor(now() / 1000)
    }),
    faults
  }
}

function sendError(res: ServerResponse, error: AwsError): void {
  const body: Record<string, unknown> = { __type: error.code, message: error.message, Message: error.message }
  if (error instanceof InvalidRequest) body['AthenaErrorCode'] = error.athenaErrorCode
  if (error.code === 'TooManyRequestsException') body['Reason'] = 'CONCURRENT_QUERY_LIMIT_EXCEEDED'
  send(res, error.status, 'application/x-amz-json-1.1', JSON.stringify(body), {
    'x-amzn-ErrorType': error.code
  })
}

function injected(h: AthenaHandler, service: string, operation: string): AwsError | undefined {
  const fault = h.faults.take(operation, ['throttle', 'too-many-requests', 'server-error', 'access-denied'])
  if (fault?.kind === 'throttle') return new AwsError(400, 'ThrottlingException', 'Rate exceeded')
  if (fault?.kind === 'too-many-requests') {
    return new AwsError(
      400,
      'TooManyRequestsException',
      'You have exceeded the limit for the number of queries'
    )
  }
  if (fault?.kind === 'server-error') {
    // Glue names its 500 InternalServiceException, Athena InternalServerException.
    return new AwsError(
      500,
      service === 'AWSGlue' ? 'InternalServiceException' : 'InternalServerException',
      'Internal error'
    )
  }
  if (fault?.kind === 'access-denied') {
    const action = `${service === 'AWSGlue' ? 'glue' : 'athena'}:${operation}`
    return new AwsError(
      400,
      'AccessDeniedException',
      `User: arn:aws:sts::123456789012:assumed-role/audit/gate is not authorized to perform: ${action} ` +
        'because no identity-based policy allows the action'
    )
  }
  return undefined
}

/** Answers one Athena or Glue call (the caller matched the target with isAthenaTarget). */
export async function handleAthenaRequest(
  h: AthenaHandler,
  res: ServerResponse,
  target: string,
  raw: string
): Promise<void> {
  try {
    const [, service, operation = ''] = TARGET.exec(target) ?? []
    let body: unknown
    try {
      body = JSON.parse(raw === '' ? '{}' : raw)
    } catch {
      throw new AwsError(400, 'SerializationException', 'Request body is not valid JSON')
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new AwsError(400, 'SerializationException', 'Request body must be a JSON object')
    const fault = injected(h, service ?? '', operation)
    if (fault !== undefined) throw fault
    const input = body as Record<string, unknown>
    const result =
      service === 'AWSGlue' ? await h.glue.call(operation, input) : await h.athena.call(operation, input)
    send(res, 200, 'application/x-amz-json-1.1', JSON.stringify(result))
  } catch (error) {
    if (!(error instanceof AwsError)) throw error
    sendError(res, error)
  }
}

export function executionSummaries(h: AthenaHandler): ExecutionSummary[] {
  return [...h.athena.executions.values()].map(e => ({
    id: e.id,
    query: e.request.query,
    executedSql: e.executedSql,
    parameters: e.request.parameters,
    state: e.state,
    dataScannedInBytes: e.scanned
  }))
}

/** The control routes; false when the path is not one of them. */
export async function athenaControl(
  h: AthenaHandler,
  req: IncomingMessage,
  res: ServerResponse,
  path: string
): Promise<boolean> {
  if (path === '/__emulator/athena/executions' && req.method === 'GET') {
    sendJson(res, 200, executionSummaries(h))
  } else if (path === '/__emulator/athena/faults' && req.method === 'GET') {
    sendJson(res, 200, h.faults.list())
  } else if (path === '/__emulator/athena/faults' && req.method === 'POST') {
    try {
      h.faults.set(parseAthenaFaults(JSON.parse(await readBody(req))))
      sendJson(res, 200, h.faults.list())
    } catch (error) {
      sendJson(res, 400, { message: error instanceof Error ? error.message : String(error) })
    }
  } else return false
  return true
}

export interface AthenaEmulator {
  url: string
  setFaults(faults: AthenaFault[]): void
  executions(): ExecutionSummary[]
  close(): Promise<void>
}

/** Starts the Athena + Glue emulator on 127.0.0.1 (port 0 unless given). */
export async function startAthenaEmulator(options: AthenaEmulatorOptions, port = 0): Promise<AthenaEmulator> {
  const h = createAthenaHandler(options)
  const server = createServer((req, res) => {
    const route = async (): Promise<void> => {
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
      if (await athenaControl(h, req, res, path)) return
      const target = req.headers['x-amz-target']
      const body = await readBody(req)
      if (req.method !== 'POST' || typeof target !== 'string' || !isAthenaTarget(target)) {
        return sendJson(res, 404, { message: `Not found: ${req.method ?? ''} ${path}` })
      }
      await handleAthenaRequest(h, res, target, body)
    }
    route().catch((error: unknown) => {
      if (res.headersSent) return void res.end()
      sendError(res, new AwsError(500, 'InternalServerException', `Emulator error: ${String(error)}`))
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  const { port: bound } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${bound}`,
    setFaults: faults => h.faults.set(faults),
    executions: () => executionSummaries(h),
    close: async () => {
      await new Promise<void>(resolve => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      await h.athena.close()
    }
  }
}
