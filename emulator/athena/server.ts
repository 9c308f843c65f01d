// The Athena + Glue emulator on one loopback port (AWS JSON 1.1; the X-Amz-Target prefix picks the service:
// `AmazonAthena.` or `AWSGlue.`), so AWS_ENDPOINT_URL_ATHENA and AWS_ENDPOINT_URL_GLUE may both point at it.
// Control routes: control.ts. `handleAthenaRequest` lets the CloudTrail emulator's server serve the same routes on
// its own port. Before any call, the live trail (if any) writes the files due by the emulator's clock.
import { randomUUID } from 'node:crypto'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { AwsError, readBody, send, sendJson } from '../http.js'
import { athenaControl } from './control.js'
import { InvalidRequest } from './errors.js'
import type { AthenaFault } from './faults.js'
import {
  createAthenaHandler,
  executionSummaries,
  type AthenaEmulatorOptions,
  type AthenaHandler,
  type ExecutionSummary
} from './handler.js'
import type { LiveTrail } from './live.js'
import type { PartitionRegistry } from './partitions.js'

export type { AthenaFault } from './faults.js'
export type { TableSpec, TableFlavour } from './tables.js'
export { athenaControl } from './control.js'
export {
  createAthenaHandler,
  executionSummaries,
  type AthenaEmulatorOptions,
  type AthenaHandler,
  type ExecutionSummary,
  type SharedState
} from './handler.js'

const TARGET = /^(AmazonAthena|AWSGlue)\.([A-Za-z]+)$/

export function isAthenaTarget(target: string): boolean {
  return TARGET.test(target)
}

/** One Athena or Glue call answered, for the CloudTrail emulator to record as an event of its caller. */
export interface AnsweredCall {
  service: 'athena' | 'glue'
  operation: string
  requestId: string
  error?: AwsError
}

function sendError(res: ServerResponse, error: AwsError, requestId = randomUUID()): void {
  const body: Record<string, unknown> = { __type: error.code, message: error.message, Message: error.message }
  if (error instanceof InvalidRequest) body['AthenaErrorCode'] = error.athenaErrorCode
  if (error.code === 'TooManyRequestsException') body['Reason'] = 'CONCURRENT_QUERY_LIMIT_EXCEEDED'
  send(res, error.status, 'application/x-amz-json-1.1', JSON.stringify(body), {
    'x-amzn-ErrorType': error.code,
    'x-amzn-RequestId': requestId
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
  raw: string,
  onAnswered?: (call: AnsweredCall) => void
): Promise<void> {
  const [, service, operation = ''] = TARGET.exec(target) ?? []
  const requestId = randomUUID()
  const answered = (error?: AwsError): void =>
    onAnswered?.({
      service: service === 'AWSGlue' ? 'glue' : 'athena',
      operation,
      requestId,
      ...(error && { error })
    })
  try {
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
    await h.ready
    await h.live?.deliver()
    const input = body as Record<string, unknown>
    const result =
      service === 'AWSGlue' ? await h.glue.call(operation, input) : await h.athena.call(operation, input)
    send(res, 200, 'application/x-amz-json-1.1', JSON.stringify(result), { 'x-amzn-RequestId': requestId })
    answered()
  } catch (error) {
    if (!(error instanceof AwsError)) throw error
    sendError(res, error, requestId)
    answered(error)
  }
}

export interface AthenaEmulator {
  url: string
  setFaults(faults: AthenaFault[]): void
  executions(): ExecutionSummary[]
  /** With the `delivery` option: the live trail (deliver, flush, add, neverDeliver…). */
  trail: LiveTrail | undefined
  /** Registered partitions of manual tables (`registerExisting()` registers every folder on disk). */
  partitions: PartitionRegistry
  close(): Promise<void>
}

/** Starts the Athena + Glue emulator on 127.0.0.1 (port 0 unless given). */
export async function startAthenaEmulator(options: AthenaEmulatorOptions, port = 0): Promise<AthenaEmulator> {
  const h = createAthenaHandler(options)
  await h.ready
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
    trail: h.live,
    partitions: h.partitions,
    close: async () => {
      await new Promise<void>(resolve => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      await h.athena.close()
    }
  }
}
