// A local emulator of CloudTrail LookupEvents, STS (AssumeRole, AssumeRoleWithWebIdentity, GetCallerIdentity),
// Organizations ListAccounts and the GitHub runner's OIDC token endpoint, on one loopback port, speaking the
// real wire protocols so the unmodified AWS SDK v3 and AWS CLI work against it. For development and tests
// only; never bundled into dist/.
//
// Routes: POST / with X-Amz-Target CloudTrail_20131101.* → CloudTrail (JSON 1.1), AWSOrganizationsV20161128.*
// → Organizations (JSON 1.1); POST / with a form body → STS (Query); GET /oidc/token?api-version=2.0&audience=…
// → OIDC; /__emulator/faults, /__emulator/stats and /__emulator/cloudtrail/access-denied → control. With the
// `athena` option, X-Amz-Target AmazonAthena.* / AWSGlue.* → the Athena + Glue emulator (emulator/athena).
// Several accounts (accounts.ts): the base account 123456789012 holds `records` and answers for keys STS did
// not issue; `accounts` adds more, each with its own records. STS AssumeRole (assume-role.ts) issues keys of
// the role ARN's account; LookupEvents reads the signing key's account, rate-limited per (account, Region).
// Records appear after their delivery delay, and signed calls are recorded as CloudTrail events of the caller,
// in the caller's account (delivery.ts). With `athena.delivery` the records of every account, and the recorded
// calls, also reach new trail log files after their delay when the trail logs their account (trail-wiring.ts,
// emulator/athena/live.ts). The trail calls (DescribeTrails, GetTrail, GetTrailStatus, ListTrails) answer from
// `trails` (trails.ts, trail-api.ts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  athenaControl,
  executionSummaries,
  handleAthenaRequest,
  isAthenaTarget,
  type AthenaFault,
  type AthenaHandler,
  type ExecutionSummary
} from './athena/server.js'
import { Accounts } from './accounts.js'
import type { LiveTrail } from './athena/live.js'
import type { PartitionRegistry } from './athena/partitions.js'
import { CloudTrailService, type RegionStats } from './cloudtrail.js'
import { Delivery, type RecordListener } from './delivery.js'
import { FaultPlan, parseFaults, type Fault } from './faults.js'
import { AwsError, readBody, sendJson, sendJsonError } from './http.js'
import { OIDC_PATH, OidcIssuer } from './oidc.js'
import { isOrganizationsTarget, OrganizationsService, type OrganizationsStats } from './organizations.js'
import { RateLimiter } from './ratelimit.js'
import type { EmulatorOptions } from './options.js'
import { sendStsError, StsService, type AssumeRoleCall, type StsStats } from './sts.js'
import { TokenCodec } from './tokens.js'
import type { TrailOperation } from './trail-api.js'
import { recordAthenaCall, setAccessDenied, wireTrails } from './trail-wiring.js'

export type { EmulatorOptions } from './options.js'
export type { Fault, FaultKind } from './faults.js'
export type { RegionStats } from './cloudtrail.js'
export type { AccountSpec, AccountState } from './accounts.js'
export { BASE_ACCOUNT } from './accounts.js'
export type { OrganizationOptions, OrganizationsStats } from './organizations.js'
export type { AssumeRoleCall } from './sts.js'
export type { TrailOperation } from './trail-api.js'
export type { TrailSpec } from './trails.js'

export interface EmulatorStats {
  regions: Record<string, RegionStats>
  /** Distinct access key ids seen on CloudTrail calls, in the order first seen. */
  accessKeys: string[]
  sts: StsStats
  oidc: { tokens: number; lastAudience?: string }
  /** Calls recorded as CloudTrail events so far. */
  recordedCalls: number
  /** LookupEvents per account, then per Region: each pair has its own rate budget. */
  accounts: Record<string, Record<string, RegionStats>>
  /** Every signed AssumeRole call, in order. */
  assumeRole: AssumeRoleCall[]
  organizations: OrganizationsStats
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
  organizations: OrganizationsService
  oidc: OidcIssuer
  faults: FaultPlan
  athena: AthenaHandler | undefined
  delivery: Delivery
  denied: Set<TrailOperation>
}

function snapshot(s: Services): EmulatorStats {
  const regions: Record<string, RegionStats> = {}
  for (const [region, stats] of Object.entries(s.cloudTrail.regions)) regions[region] = { ...stats }
  const accounts: Record<string, Record<string, RegionStats>> = {}
  for (const [account, perRegion] of Object.entries(s.cloudTrail.accounts)) {
    accounts[account] = Object.fromEntries(Object.entries(perRegion).map(([r, stats]) => [r, { ...stats }]))
  }
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
    recordedCalls: s.delivery.recorded.length,
    accounts,
    assumeRole: s.sts.assumeRoleCalls.map(call => ({ ...call })),
    organizations: { ...s.organizations.stats }
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
  if (typeof target === 'string' && isOrganizationsTarget(target))
    return s.organizations.handle(res, target, authorization, body)
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
  const accounts = new Accounts(options.records ?? [], options.accounts)
  const delivery = new Delivery(
    accounts,
    { delayMs: options.deliveryDelayMs ?? 0, recordCalls: options.recordCalls ?? true },
    now
  )
  const sts = new StsService({
    oidc,
    now,
    lifetimeSeconds: options.credentialLifetimeSeconds,
    delivery,
    accounts,
    allowedKeys: options.requireKnownKeys ? new Set(options.allowedKeys ?? []) : undefined
  })
  const inOrganization = options.organization !== undefined || options.accounts !== undefined
  const organizations = new OrganizationsService(
    { accounts, sts, delivery },
    inOrganization ? (options.organization ?? {}) : undefined
  )
  const faults = new FaultPlan()
  const hung = new Set<ServerResponse>()
  const limiter = new RateLimiter(options.requestsPerSecond ?? 2, options.burst ?? 1, options.rateClock)
  const { athena, live, trailApi, denied } = await wireTrails(options, now, delivery)
  const cloudTrail = new CloudTrailService({
    accounts,
    tokens: new TokenCodec(),
    limiter,
    faults,
    sts,
    delivery,
    now,
    onHang: res => hung.add(res),
    trailApi
  })
  const services: Services = { cloudTrail, sts, organizations, oidc, faults, athena, delivery, denied }
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
