// The CloudTrail endpoint (AWS JSON 1.1): authentication from the SigV4 header, the per-Region rate limit,
// injected faults, then LookupEvents itself; the trail calls (DescribeTrails, GetTrail, GetTrailStatus,
// ListTrails) go to trail-api.ts, unpaced and without faults. Every Region shares this one endpoint; the Region a
// request is for is the one in its signature's credential scope, as it would be in the Host name on real AWS.
import { randomUUID } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import type { Delivery } from './delivery.js'
import type { Fault, FaultPlan } from './faults.js'
import { AwsError, send, sendJsonError } from './http.js'
import { lookupEvents, parseLookupRequest, type LookupResponse } from './lookup.js'
import type { RateLimiter } from './ratelimit.js'
import type { RecordStore } from './store.js'
import type { StsService } from './sts.js'
import type { TokenCodec } from './tokens.js'
import { isTrailOperation, type TrailApi, type TrailOperation } from './trail-api.js'

// The JS SDK v3 sends `CloudTrail_20131101.LookupEvents`; botocore (AWS CLI) sends the full prefix
// `com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents`. Both are accepted.
const TARGET = /(^|\.)CloudTrail_20131101\.([A-Za-z]+)$/
const CREDENTIAL_SCOPE =
  /^AWS4-HMAC-SHA256 Credential=([^/\s,]+)\/(\d{8})\/([a-z0-9-]+)\/cloudtrail\/aws4_request,/

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
  store: RecordStore
  tokens: TokenCodec
  limiter: RateLimiter
  faults: FaultPlan
  sts: StsService
  /** Delivery delays, and where served calls are recorded. */
  delivery: Delivery
  now: () => number
  /** Undefined: any access key is accepted; otherwise only these and the ones STS issued. */
  allowedKeys: ReadonlySet<string> | undefined
  /** Requests that must never be answered (hang fault); the server destroys them on close. */
  onHang: (res: ServerResponse) => void
  trailApi: TrailApi
}

const THROTTLED = new AwsError(400, 'ThrottlingException', 'Rate exceeded')

function faultError(fault: Fault): AwsError | undefined {
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
        'User: arn:aws:iam::123456789012:user/x is not authorized to perform: cloudtrail:LookupEvents'
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

export class CloudTrailService {
  readonly regions: Record<string, RegionStats> = {}
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
    let caller: { accessKeyId: string; region: string } | undefined
    try {
      if (operation !== 'LookupEvents') {
        throw new AwsError(400, 'UnknownOperationException', `Operation ${target} is not emulated`)
      }
      const { accessKeyId, region } = this.authenticate(authorization)
      const stats = this.statsFor(region)
      stats.requests += 1
      this.checkKey(accessKeyId)
      caller = { accessKeyId, region }
      if (!this.deps.limiter.take(region)) {
        stats.throttled += 1
        throw THROTTLED
      }
      const response = this.lookup(res, region, body, stats)
      if (response === undefined) return
      stats.accepted += 1
      this.deps.faults.pageServed(region)
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

  private async trailCall(
    res: ServerResponse,
    operation: TrailOperation,
    authorization: string | undefined,
    body: string
  ): Promise<void> {
    const requestId = randomUUID()
    let caller: { accessKeyId: string; region: string } | undefined
    try {
      const { accessKeyId, region } = this.authenticate(authorization)
      this.checkKey(accessKeyId)
      caller = { accessKeyId, region }
      const input = parseJson(body)
      if (typeof input !== 'object' || input === null || Array.isArray(input))
        throw new AwsError(400, 'SerializationException', 'Request body must be a JSON object')
      const principal = this.deps.sts.principalOf(accessKeyId)
      const result = await this.deps.trailApi.call(
        operation,
        region,
        input as Record<string, unknown>,
        principal
      )
      send(res, 200, 'application/x-amz-json-1.1', JSON.stringify(result), { 'x-amzn-RequestId': requestId })
      this.recordCall(caller, requestId, undefined, operation)
    } catch (error) {
      if (!(error instanceof AwsError)) throw error
      sendJsonError(res, error, requestId)
      if (caller !== undefined) this.recordCall(caller, requestId, error, operation)
    }
  }

  /** CloudTrail records its own calls too, failed ones (throttled, denied) with their errorCode. */
  private recordCall(
    caller: { accessKeyId: string; region: string },
    requestId: string,
    error?: AwsError,
    eventName = 'LookupEvents'
  ): void {
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
    region: string,
    body: string,
    stats: RegionStats
  ): LookupResponse | undefined {
    const request = parseLookupRequest(parseJson(body))
    const fault = this.deps.faults.take(region, request.nextToken !== undefined)
    if (fault !== undefined) stats.faults += 1
    if (fault?.kind === 'hang') {
      this.deps.onHang(res)
      return undefined
    }
    const error = fault === undefined ? undefined : faultError(fault)
    if (error !== undefined) {
      if (error === THROTTLED) stats.throttled += 1
      throw error
    }
    const response = lookupEvents(request, region, {
      store: this.deps.store,
      tokens: this.deps.tokens,
      now: this.deps.now(),
      visible: this.deps.delivery.visible
    })
    // repeat-token: the service bug where a page hands back the token it was asked with.
    if (fault?.kind === 'repeat-token' && request.nextToken !== undefined)
      response.NextToken = request.nextToken
    return response
  }

  private authenticate(authorization: string | undefined): { accessKeyId: string; region: string } {
    if (authorization === undefined || authorization === '') {
      throw new AwsError(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token')
    }
    const match = CREDENTIAL_SCOPE.exec(authorization)
    if (match === null || match[1] === undefined || match[3] === undefined) {
      throw new AwsError(
        403,
        'UnrecognizedClientException',
        'The security token included in the request is invalid.'
      )
    }
    if (!this.accessKeys.includes(match[1])) this.accessKeys.push(match[1])
    return { accessKeyId: match[1], region: match[3] }
  }

  private checkKey(accessKeyId: string): void {
    const issued = this.deps.sts.credentials(accessKeyId)
    if (issued !== undefined && issued.expiresMs <= this.deps.now()) {
      throw new AwsError(
        400,
        'ExpiredTokenException',
        'The security token included in the request is expired'
      )
    }
    const allowed = this.deps.allowedKeys
    if (issued === undefined && allowed !== undefined && !allowed.has(accessKeyId)) {
      throw new AwsError(
        403,
        'UnrecognizedClientException',
        'The security token included in the request is invalid.'
      )
    }
  }

  private statsFor(region: string): RegionStats {
    const existing = this.regions[region]
    if (existing !== undefined) return existing
    const created = { requests: 0, accepted: 0, throttled: 0, faults: 0 }
    this.regions[region] = created
    return created
  }
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body === '' ? '{}' : body)
  } catch {
    throw new AwsError(400, 'SerializationException', 'Request body is not valid JSON')
  }
}
