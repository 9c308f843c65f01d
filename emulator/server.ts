// A local emulator of CloudTrail LookupEvents, STS AssumeRoleWithWebIdentity and the GitHub runner's OIDC
// token endpoint, on one loopback port, speaking the real wire protocols so the unmodified AWS SDK v3 and
// AWS CLI work against it. For development and tests only; never bundled into dist/.
//
// Routes: POST / with X-Amz-Target → CloudTrail (JSON 1.1); POST / with a form body → STS (Query);
// GET /oidc/token?api-version=2.0&audience=… → OIDC; /__emulator/faults and /__emulator/stats → control.
// With the `athena` option, X-Amz-Target AmazonAthena.* / AWSGlue.* → the Athena + Glue emulator (emulator/athena).
// Records appear after their delivery delay, and signed calls are recorded as CloudTrail events (delivery.ts); with
// `athena.delivery` they also reach new trail log files after their delay (emulator/athena/live.ts). The trail
// calls (DescribeTrails, GetTrail, GetTrailStatus, ListTrails) answer from `trails` (trails.ts, trail-api.ts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  athenaControl,
  createAthenaHandler,
  executionSummaries,
  handleAthenaRequest,
  isAthenaTarget,
  type AthenaEmulatorOptions,
  type AthenaFault,
  type AthenaHandler,
  type ExecutionSummary
} from './athena/server.js'
import type { LiveTrail } from './athena/live.js'
import type { PartitionRegistry } from './athena/partitions.js'
import { CloudTrailService, type RegionStats } from './cloudtrail.js'
import { Delivery, type RecordListener } from './delivery.js'
import { FaultPlan, parseFaults, type Fault } from './faults.js'
import { AwsError, readBody, sendJson, sendJsonError } from './http.js'
import { OIDC_PATH, OidcIssuer } from './oidc.js'
import { RateLimiter } from './ratelimit.js'
import type { EmulatorRecord } from './records.js'
import { RecordStore } from './store.js'
import { sendStsError, StsService, type StsStats } from './sts.js'
import { TokenCodec } from './tokens.js'
import { TrailApi, type TrailOperation } from './trail-api.js'
import { recordAthenaCall, setAccessDenied, trailSpecs } from './trail-wiring.js'
import { Trails, type TrailSpec } from './trails.js'

export type { Fault, FaultKind } from './faults.js'
export type { RegionStats } from './cloudtrail.js'
export type { TrailOperation } from './trail-api.js'
export type { TrailSpec } from './trails.js'

export interface EmulatorOptions {
  /** Default 0 (ephemeral); the host is always 127.0.0.1. */
  port?: number
  records?: EmulatorRecord[]
  /** LookupEvents requests per second per Region; default 2; 0 or Infinity: unlimited. */
  requestsPerSecond?: number
  /** Token-bucket capacity per Region: 1 (default) = strictly one request per 1/rate; 2 = a burst of two. */
  burst?: number
  /** Clock in ms for the 90-day window and credential/token expiry; default Date.now. */
  now?: () => number
  /** Reject CloudTrail calls signed with a key STS did not issue and not in allowedKeys (403). */
  requireKnownKeys?: boolean
  allowedKeys?: string[]
  /** Lifetime STS reports for issued credentials; default the request's DurationSeconds (3600). */
  credentialLifetimeSeconds?: number
  /** Bearer token the OIDC endpoint demands; default 'runner-request-token'. */
  oidcRequestToken?: string
  /** Also serve Athena and Glue (emulator/athena) on this port, over these trail files and tables. */
  athena?: AthenaEmulatorOptions
  /** Default delivery delay: a record shows in LookupEvents this long after its EventTime. Default 0; Infinity: never. */
  deliveryDelayMs?: number
  /** Record every signed STS and LookupEvents call as a CloudTrail event of its caller (default true). */
  recordCalls?: boolean
  /** Trails for DescribeTrails, GetTrail, GetTrailStatus and ListTrails; `athena.delivery.trail` is added if missing. */
  trails?: TrailSpec[]
  /** Trail operations answered with AccessDeniedException (also `setTrailAccessDenied`). */
  trailAccessDenied?: TrailOperation[]
}

export interface EmulatorStats {
  regions: Record<string, RegionStats>
  /** Distinct access key ids seen on CloudTrail calls, in the order first seen. */
  accessKeys: string[]
  sts: StsStats
  oidc: { tokens: number; lastAudience?: string }
  /** Calls recorded as CloudTrail events so far. */
  recordedCalls: number
}

export interface Emulator {
  url: string
  /** Value for ACTIONS_ID_TOKEN_REQUEST_URL (already holds `?api-version=2.0`). */
  oidcUrl: string
  setFaults(faults: Fault[]): void
  stats(): EmulatorStats
  /** With the `athena` option: Athena/Glue faults, and the queries run so far (empty without it). */
  setAthenaFaults(faults: AthenaFault[]): void
  athenaExecutions(): ExecutionSummary[]
  /** With `athena.delivery`: the live trail (deliver, flush, add, neverDeliver, files, nextDeliveryAt…). */
  trail: LiveTrail | undefined
  /** With `athena`: the manual tables' registered partitions. */
  partitions: PartitionRegistry | undefined
  /** Hears each call the emulator records as a CloudTrail event (the marker…); returns the unsubscribe. */
  onRecordedCall(listener: RecordListener): () => void
  /** Trail operations answered with AccessDeniedException from now on (replaces the list). */
  setTrailAccessDenied(operations: TrailOperation[]): void
  close(): Promise<void>
}

export const DEFAULT_OIDC_REQUEST_TOKEN = 'runner-request-token'

interface Services {
  cloudTrail: CloudTrailService
  sts: StsService
  oidc: OidcIssuer
  faults: FaultPlan
  athena: AthenaHandler | undefined
  delivery: Delivery
  denied: Set<TrailOperation>
}

function snapshot(s: Services): EmulatorStats {
  const regions: Record<string, RegionStats> = {}
  for (const [region, stats] of Object.entries(s.cloudTrail.regions)) regions[region] = { ...stats }
  const oidc = s.oidc.lastAudience === undefined ? {} : { lastAudience: s.oidc.lastAudience }
  return {
    regions,
    accessKeys: [...s.cloudTrail.accessKeys],
    sts: {
      ...s.sts.stats,
      issuedKeys: [...s.sts.stats.issuedKeys],
      getCallerIdentityRegions: [...s.sts.stats.getCallerIdentityRegions]
    },
    oidc: { tokens: s.oidc.tokens, ...oidc },
    recordedCalls: s.delivery.recorded.length
  }
}

async function control(req: IncomingMessage, res: ServerResponse, path: string, s: Services): Promise<void> {
  if (path === '/__emulator/stats' && req.method === 'GET') return sendJson(res, 200, snapshot(s))
  if (path === '/__emulator/faults' && req.method === 'GET') return sendJson(res, 200, s.faults.list())
  if (path === '/__emulator/faults' && req.method === 'POST') {
    try {
      s.faults.set(parseFaults(JSON.parse(await readBody(req))))
    } catch (error) {
      return sendJson(res, 400, { message: error instanceof Error ? error.message : String(error) })
    }
    return sendJson(res, 200, s.faults.list())
  }
  if (path === '/__emulator/cloudtrail/access-denied' && req.method === 'POST')
    return setAccessDenied(req, res, s.denied)
  sendJson(res, 404, { message: `No control route ${req.method ?? ''} ${path}` })
}

async function route(req: IncomingMessage, res: ServerResponse, s: Services): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1')
  if (s.athena !== undefined && (await athenaControl(s.athena, req, res, url.pathname))) return
  if (url.pathname.startsWith('/__emulator/')) return control(req, res, url.pathname, s)
  if (url.pathname === OIDC_PATH) return s.oidc.handle(req, res, url)
  if (req.method !== 'POST' || url.pathname !== '/') {
    return sendJson(res, 404, { message: `Not found: ${req.method ?? ''} ${url.pathname}` })
  }
  const body = await readBody(req)
  const target = req.headers['x-amz-target']
  const authorization = req.headers.authorization
  // Signed calls carry their key and Region in the credential scope.
  const scope = /Credential=([^/\s,]+)\/\d{8}\/([a-z0-9-]+)\//.exec(authorization ?? '')
  const signer = scope?.[1] && scope[2] ? { accessKeyId: scope[1], region: scope[2] } : undefined
  if (typeof target === 'string' && s.athena !== undefined && isAthenaTarget(target)) {
    const record =
      s.athena.recordCalls && signer !== undefined ? recordAthenaCall(s.delivery, s.sts, signer) : undefined
    return handleAthenaRequest(s.athena, res, target, body, record)
  }
  if (typeof target === 'string') return s.cloudTrail.handle(res, target, authorization, body)
  // No target: an AWS Query call (STS).
  s.sts.handle(res, body, signer)
}

function onError(res: ServerResponse, error: unknown, isQuery: boolean): void {
  const aws =
    error instanceof AwsError
      ? error
      : new AwsError(500, 'InternalFailure', `Emulator error: ${String(error)}`)
  if (res.headersSent) return void res.end()
  if (isQuery) sendStsError(res, aws)
  else sendJsonError(res, aws)
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port))
  })
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const now = options.now ?? Date.now
  const oidc = new OidcIssuer(options.oidcRequestToken ?? DEFAULT_OIDC_REQUEST_TOKEN, now)
  const records = options.records ?? []
  const store = new RecordStore(records)
  const delivery = new Delivery(
    store,
    { delayMs: options.deliveryDelayMs ?? 0, recordCalls: options.recordCalls ?? true },
    now
  )
  const sts = new StsService(oidc, now, options.credentialLifetimeSeconds, delivery)
  const faults = new FaultPlan()
  const hung = new Set<ServerResponse>()
  const trails = new Trails(trailSpecs(options), [...records, ...(options.athena?.delivery?.records ?? [])])
  const athena =
    options.athena === undefined
      ? undefined
      : createAthenaHandler(
          { ...options.athena, now: options.athena.now ?? now },
          { trails, dataset: records, delayMs: options.deliveryDelayMs ?? 0 }
        )
  const live = athena?.live
  if (live !== undefined) delivery.onRecord(record => live.add([record]))
  await athena?.ready
  const denied = new Set(options.trailAccessDenied ?? [])
  const cloudTrail = new CloudTrailService({
    store,
    tokens: new TokenCodec(),
    limiter: new RateLimiter(options.requestsPerSecond ?? 2, options.burst ?? 1),
    faults,
    sts,
    delivery,
    now,
    allowedKeys: options.requireKnownKeys ? new Set(options.allowedKeys ?? []) : undefined,
    onHang: res => hung.add(res),
    trailApi: new TrailApi({ trails, now, denied, ...(live !== undefined && { delivery: live }) })
  })
  const services: Services = { cloudTrail, sts, oidc, faults, athena, delivery, denied }
  const server = createServer((req, res) => {
    route(req, res, services).catch((error: unknown) => onError(res, error, !req.headers['x-amz-target']))
  })
  const port = await listen(server, options.port ?? 0)
  const url = `http://127.0.0.1:${port}`
  return {
    url,
    oidcUrl: `${url}${OIDC_PATH}?api-version=2.0`,
    setFaults: list => faults.set(list),
    setAthenaFaults: list => athena?.faults.set(list),
    athenaExecutions: () => (athena === undefined ? [] : executionSummaries(athena)),
    trail: live,
    partitions: athena?.partitions,
    onRecordedCall: listener => delivery.onRecord(listener),
    setTrailAccessDenied: operations => {
      denied.clear()
      for (const op of operations) denied.add(op)
    },
    stats: () => snapshot(services),
    close: async () => {
      await new Promise<void>(resolve => {
        server.close(() => resolve())
        // Hung requests and idle keep-alive sockets would otherwise hold the server (and the process) open.
        server.closeAllConnections()
        hung.clear()
      })
      await athena?.athena.close()
    }
  }
}
