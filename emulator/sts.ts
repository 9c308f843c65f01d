// STS over the AWS Query protocol, which @aws-sdk/client-sts 3.x uses (AwsQueryProtocol): a form-encoded
// POST `Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=…`, answered in XML wrapped in
// <AssumeRoleWithWebIdentityResult>; errors are <ErrorResponse><Error><Code>…, and the SDK maps a Query
// code such as `InvalidIdentityToken` to its exception class (error.name `InvalidIdentityTokenException`).
// AssumeRole (signed, with the caller's own keys) is in assume-role.ts. GetCallerIdentity answers with the
// principal of the signing key: the role session STS issued it for, or the IAM user `emulator-user` of the
// base account for any other key; the call is recorded as that principal's CloudTrail event.
import { randomBytes, randomUUID } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { BASE_ACCOUNT, type Accounts } from './accounts.js'
import { assumeRole, type AssumeRoleCall } from './assume-role.js'
import type { Delivery } from './delivery.js'
import { AwsError } from './http.js'
import type { OidcIssuer } from './oidc.js'
import { isoSeconds } from './records.js'
import { iamUser, roleSession, type Principal } from './principals.js'
import { parseRoleRequest, randomKey, sendResult, sendStsError, tag } from './sts-wire.js'

export { sendStsError } from './sts-wire.js'
export type { AssumeRoleCall } from './assume-role.js'

/** Who signs with a key this STS did not issue (static test keys). */
export const EMULATOR_USER = iamUser(BASE_ACCOUNT, 'emulator-user')

export interface IssuedCredentials {
  accessKeyId: string
  expiresMs: number
  arn: string
  /** `AROA…:session`, what GetCallerIdentity reports as UserId. */
  userId: string
  principal: Principal
}

export interface StsStats {
  assumeRoleWithWebIdentity: number
  lastRoleArn?: string
  lastSessionName?: string
  lastDurationSeconds?: number
  issuedKeys: string[]
  /** The Region of each GetCallerIdentity call answered, in order (from the signature's credential scope). */
  getCallerIdentityRegions: string[]
}

/** The signed part of a Query call: its key and the Region of its credential scope. */
export interface StsSigner {
  readonly accessKeyId: string
  readonly region: string
}

export interface StsDeps {
  oidc: OidcIssuer
  now: () => number
  /** Lifetime reported for issued credentials; default the request's DurationSeconds. */
  lifetimeSeconds: number | undefined
  /** Where answered calls are recorded as CloudTrail events; none: not recorded. */
  delivery?: Delivery
  accounts: Accounts
  /** Undefined: any key signs; otherwise only these and the ones STS issued (requireKnownKeys). */
  allowedKeys: ReadonlySet<string> | undefined
}

export class StsService {
  readonly stats: StsStats = { assumeRoleWithWebIdentity: 0, issuedKeys: [], getCallerIdentityRegions: [] }
  /** Every signed AssumeRole call, in order. */
  readonly assumeRoleCalls: AssumeRoleCall[] = []
  private readonly issued = new Map<string, IssuedCredentials>()

  constructor(readonly deps: StsDeps) {}

  credentials(accessKeyId: string): IssuedCredentials | undefined {
    return this.issued.get(accessKeyId)
  }

  /** Who calls with this key: the role session it was issued for, else `emulator-user`. */
  principalOf(accessKeyId: string): Principal {
    return this.issued.get(accessKeyId)?.principal ?? EMULATOR_USER
  }

  /** Whether a key may sign: `expired` once past its Expiration, `unknown` when requireKnownKeys refuses it. */
  keyStatus(accessKeyId: string): 'valid' | 'expired' | 'unknown' {
    const issued = this.issued.get(accessKeyId)
    if (issued !== undefined) return issued.expiresMs <= this.deps.now() ? 'expired' : 'valid'
    const allowed = this.deps.allowedKeys
    return allowed === undefined || allowed.has(accessKeyId) ? 'valid' : 'unknown'
  }

  /** Answers one Query request; `signer` comes from the SigV4 header when the call is signed. */
  handle(res: ServerResponse, body: string, signer: StsSigner | undefined): void {
    const params = new URLSearchParams(body)
    const action = params.get('Action') ?? ''
    const requestId = randomUUID()
    try {
      if (action === 'AssumeRoleWithWebIdentity') {
        return sendResult(res, action, this.assumeRoleWithWebIdentity(params), requestId)
      }
      if (action === 'AssumeRole') {
        return sendResult(res, action, assumeRole(this, params, signer, requestId), requestId)
      }
      if (action === 'GetCallerIdentity') {
        sendResult(res, action, this.callerIdentity(signer?.accessKeyId), requestId)
        if (signer === undefined) return
        this.stats.getCallerIdentityRegions.push(signer.region)
        this.deps.delivery?.record({
          principal: this.principalOf(signer.accessKeyId),
          accessKeyId: signer.accessKeyId,
          region: signer.region,
          eventName: action,
          source: 'sts',
          requestId
        })
        return
      }
      throw new AwsError(400, 'InvalidAction', `Could not find operation ${action} for version 2011-06-15`)
    } catch (error) {
      if (!(error instanceof AwsError)) throw error
      sendStsError(res, error, requestId)
    }
  }

  /** New keys for a session of the role, and the `<AssumedRoleUser>` and `<Credentials>` elements of the answer. */
  issue(
    account: string,
    roleName: string,
    sessionName: string,
    durationSeconds: number
  ): { credentials: IssuedCredentials; xml: string } {
    const session = roleSession(account, roleName, sessionName)
    const accessKeyId = randomKey('ASIA')
    const expiresMs = this.deps.now() + (this.deps.lifetimeSeconds ?? durationSeconds) * 1000
    const issued = {
      accessKeyId,
      expiresMs,
      arn: session.arn,
      userId: session.principalId,
      principal: session
    }
    this.issued.set(accessKeyId, issued)
    this.stats.issuedKeys.push(accessKeyId)
    const credentials =
      tag('AccessKeyId', accessKeyId) +
      tag('SecretAccessKey', randomBytes(30).toString('base64')) +
      tag('SessionToken', `IQoJb3JpZ2luX2VjE${randomBytes(300).toString('base64')}`) +
      tag('Expiration', isoSeconds(new Date(expiresMs)))
    const user = `${tag('Arn', session.arn)}${tag('AssumedRoleId', session.principalId)}`
    return {
      credentials: issued,
      xml: `<AssumedRoleUser>${user}</AssumedRoleUser><Credentials>${credentials}</Credentials>`
    }
  }

  private assumeRoleWithWebIdentity(params: URLSearchParams): string {
    // Recorded before validation, so a test can see what a rejected call asked for.
    const durationText = params.get('DurationSeconds')
    this.stats.assumeRoleWithWebIdentity += 1
    this.stats.lastRoleArn = params.get('RoleArn') ?? ''
    this.stats.lastSessionName = params.get('RoleSessionName') ?? ''
    this.stats.lastDurationSeconds = durationText === null ? 3600 : Number(durationText)
    const request = parseRoleRequest(params)
    const token = this.verifyToken(params.get('WebIdentityToken') ?? '')
    const { account, roleName, sessionName, durationSeconds } = request
    return (
      tag('SubjectFromWebIdentityToken', token.sub) +
      tag('Audience', token.aud) +
      this.issue(account, roleName, sessionName, durationSeconds).xml +
      tag('Provider', token.iss)
    )
  }

  private verifyToken(token: string): { sub: string; aud: string; iss: string } {
    const claims = this.deps.oidc.lookup(token)
    if (claims === undefined) {
      throw new AwsError(400, 'InvalidIdentityToken', 'The ID token was not issued by the OIDC provider.')
    }
    const nowS = Math.floor(this.deps.now() / 1000)
    if (claims.exp <= nowS) {
      throw new AwsError(
        400,
        'ExpiredTokenException',
        `Token expired: current date/time ${nowS} must be before the expiration date/time ${claims.exp}`
      )
    }
    return claims
  }

  /** Keys this STS did not issue (static test keys) are reported as one IAM user, so demos can call it. */
  private callerIdentity(accessKeyId: string | undefined): string {
    if (accessKeyId === undefined) {
      throw new AwsError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token')
    }
    const issued = this.issued.get(accessKeyId)
    if (issued !== undefined && issued.expiresMs <= this.deps.now()) {
      throw new AwsError(403, 'ExpiredToken', 'The security token included in the request is expired')
    }
    const principal = issued?.principal ?? EMULATOR_USER
    return (
      tag('Arn', principal.arn) + tag('UserId', principal.principalId) + tag('Account', principal.account)
    )
  }
}
