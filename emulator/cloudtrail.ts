// The CloudTrail endpoint (AWS JSON 1.1): authentication from the SigV4 header, the rate limit per account and
// Region, injected faults, then LookupEvents itself; the trail calls (DescribeTrails, GetTrail, GetTrailStatus,
// ListTrails) go to trail-api.ts, unpaced and without faults. Every account and Region shares this one endpoint:
// the Region a request is for is the one in its signature's credential scope, as it would be in the Host name on
// real AWS, and the account is the signing key's (a role session's account, else the base account), whose
// records it reads and where its calls are recorded.
import { randomUUID } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import type { Accounts } from './accounts.js'
import type { Delivery } from './delivery.js'
import type { Fault, FaultPlan } from './faults.js'
import { AwsError, send, sendJsonError } from './http.js'
import { lookupEvents, parseLookupRequest, type LookupResponse } from './lookup.js'
import type { RateLimiter } from './ratelimit.js'
import { checkKey, signerOf, type Signer } from './sigv4.js'
import type { StsService } from './sts.js'
import type { TokenCodec } from './tokens.js'
import { isTrailOperation, type TrailApi, type TrailOperation } from './trail-api.js'

// The JS SDK v3 sends `CloudTrail_20131101.LookupEvents`; botocore (AWS CLI) sends the full prefix
// `com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents`. Both are accepted.
const TARGET = /(^|\.)CloudTrail_20131101\.([A-Za-z]+)$/

export interface RegionStats {
  /** Every LookupEvents request signed for the Region (after authentication). */
  requests: number
  /** Requests answered with a page (200), including repeat-token pages. */
  accepted: number
  /** ThrottlingException answers, from the rate limiter or a throttle fault. */
  throttled: number
  /** Requests an injected fault applied to. */
  faults: number
}

export interface CloudTrailDeps {
  accounts: Accounts
  tokens: TokenCodec
  limiter: RateLimiter
  faults: FaultPlan
  sts: StsService
  /** Delivery delays, and where served calls are recorded. */
  delivery: Delivery
  now: () => number
  /** Requests that must never be answered (hang fault); the server destroys them on close. */
  onHang: (res: ServerResponse) => void
  trailApi: TrailApi
}

const THROTTLED = new AwsError(400, 'ThrottlingException', 'Rate exceeded')

function faultError(fault: Fault, callerArn: string): AwsError | undefined {
  switch (fault.kind) {
    case 'throttle':
      return THROTTLED
    case 'server-error': {
      const status = fault.status ?? 500
      if (status === 503) return new AwsError(503, 'ServiceUnavailableException', 'Service unavailable')
      return new AwsError(
        status,
        'InternalFailure',
        'The request processing has failed because of an unknown error'
      )
    }
    case 'access-denied':
      return new AwsError(
        400,
        'AccessDeniedException',
        `User: ${callerArn} is not authorized to perform: cloudtrail:LookupEvents`
      )
    case 'expired-token':
      return new AwsError(
        400,
        'ExpiredTokenException',
        'The security token included in the request is expired'
      )
    case 'invalid-token':
      return new AwsError(400, 'InvalidNextTokenException', 'Invalid NextToken')
    default:
      return undefined
  }
}

/** Who signed a request, for which Region, and the account whose records and budget it uses. */
interface Caller {
  accessKeyId: string
  region: string
  account: string
}

export class CloudTrailService {
  /** Totals per Region over every account. */
  readonly regions: Record<string, RegionStats> = {}
  /** Per account, per Region: each pair has its own rate budget. */
  readonly accounts: Record<string, Record<string, RegionStats>> = {}
  readonly accessKeys: string[] = []

  constructor(private readonly deps: CloudTrailDeps) {}

  handle(
    res: ServerResponse,
    target: string,
    authorization: string | undefined,
    body: string
  ): void | Promise<void> {
    const operation = TARGET.exec(target)?.[2] ?? ''
    if (isTrailOperation(operation)) return this.trailCall(res, operation, authorization, body)
    // One id for the x-amzn-RequestId header and the requestID of the event CloudTrail records for the call.
    const requestId = randomUUID()
    let caller: Caller | undefined
    try {
      if (operation !== 'LookupEvents') {
        throw new AwsError(400, 'UnknownOperationException', `Operation ${target} is not emulated`)
      }
      const { accessKeyId, region } = this.authenticate(authorization)
      const account = this.deps.sts.principalOf(accessKeyId).account
      const stats = this.statsFor(account, region)
      count(stats, 'requests')
      checkKey(this.deps.sts, accessKeyId)
      caller = { accessKeyId, region, account }
      if (!this.deps.limiter.take(`${account}/${region}`)) {
        count(stats, 'throttled')
        throw THROTTLED
      }
      const response = this.lookup(res, caller, body, stats)
      if (response === undefined) return
      count(stats, 'accepted')
      this.deps.faults.pageServed(region, account)
      send(res, 200, 'application/x-amz-json-1.1', JSON.stringify(response), {
        'x-amzn-RequestId': requestId
      })
      this.recordCall(caller, requestId)
    } catch (error) {
      if (!(error instanceof AwsError)) throw error
      sendJsonError(res, error, requestId)
      if (caller !== undefined) this.recordCall(caller, requestId, error)
    }
  }

  /** A trail call, recorded in the caller's account like LookupEvents; no rate limit or injected fault. */
  private async trailCall(
    res: ServerResponse,
    operation: TrailOperation,
    authorization: string | undefined,
    body: string
  ): Promise<void> {
    const requestId = randomUUID()
    let caller: Signer | undefined
    try {
      const signer = this.authenticate(authorization)
      checkKey(this.deps.sts, signer.accessKeyId)
      caller = signer
      const input = parseJson(body)
      if (typeof input !== 'object' || input === null || Array.isArray(input))
        throw new AwsError(400, 'SerializationException', 'Request body must be a JSON object')
      const principal = this.deps.sts.principalOf(signer.accessKeyId)
      const params = input as Record<string, unknown>
      const result = await this.deps.trailApi.call(operation, signer.region, params, principal)
      send(res, 200, 'application/x-amz-json-1.1', JSON.stringify(result), { 'x-amzn-RequestId': requestId })
      this.recordCall(caller, requestId, undefined, operation)
    } catch (error) {
      if (!(error instanceof AwsError)) throw error
      sendJsonError(res, error, requestId)
      if (caller !== undefined) this.recordCall(caller, requestId, error, operation)
    }
  }

  /** CloudTrail records its own calls too, failed ones (throttled, denied) with their errorCode. */
  private recordCall(caller: Signer, requestId: string, error?: AwsError, eventName = 'LookupEvents'): void {
    this.deps.delivery.record({
      principal: this.deps.sts.principalOf(caller.accessKeyId),
      accessKeyId: caller.accessKeyId,
      region: caller.region,
      eventName,
      source: 'cloudtrail',
      requestId,
      ...(error !== undefined && { errorCode: error.code, errorMessage: error.message })
    })
  }

  /** The page to send, or undefined when a hang fault swallowed the request. */
  private lookup(
    res: ServerResponse,
    caller: Caller,
    body: string,
    stats: readonly RegionStats[]
  ): LookupResponse | undefined {
    const { region, account } = caller
    const request = parseLookupRequest(parseJson(body))
    const fault = this.deps.faults.take(region, request.nextToken !== undefined, account)
    if (fault !== undefined) count(stats, 'faults')
    if (fault?.kind === 'hang') {
      this.deps.onHang(res)
      return undefined
    }
    const callerArn = this.deps.sts.principalOf(caller.accessKeyId).arn
    const error = fault === undefined ? undefined : faultError(fault, callerArn)
    if (error !== undefined) {
      if (error === THROTTLED) count(stats, 'throttled')
      throw error
    }
    const response = lookupEvents(request, region, {
      store: this.deps.accounts.get(account).store,
      tokens: this.deps.tokens,
      now: this.deps.now(),
      visible: this.deps.delivery.visible
    })
    // repeat-token: the service bug where a page hands back the token it was asked with.
    if (fault?.kind === 'repeat-token' && request.nextToken !== undefined)
      response.NextToken = request.nextToken
    return response
  }

  private authenticate(authorization: string | undefined): Signer {
    const signer = signerOf(authorization, 'cloudtrail')
    if (!this.accessKeys.includes(signer.accessKeyId)) this.accessKeys.push(signer.accessKeyId)
    return signer
  }

  /** The Region's totals and the account's own counts for it, both counted at once. */
  private statsFor(account: string, region: string): RegionStats[] {
    const perAccount = (this.accounts[account] ??= {})
    return [entry(this.regions, region), entry(perAccount, region)]
  }
}

function entry(table: Record<string, RegionStats>, region: string): RegionStats {
  return (table[region] ??= { requests: 0, accepted: 0, throttled: 0, faults: 0 })
}

function count(stats: readonly RegionStats[], field: keyof RegionStats): void {
  for (const s of stats) s[field] += 1
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body === '' ? '{}' : body)
  } catch {
    throw new AwsError(400, 'SerializationException', 'Request body is not valid JSON')
  }
}
