// STS over the AWS Query protocol, which @aws-sdk/client-sts 3.x uses (AwsQueryProtocol): a form-encoded
// POST `Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=…`, answered in XML wrapped in
// <AssumeRoleWithWebIdentityResult>; errors are <ErrorResponse><Error><Code>…, and the SDK maps a Query
// code such as `InvalidIdentityToken` to its exception class (error.name `InvalidIdentityTokenException`).
// GetCallerIdentity answers with the principal of the signing key: the role session STS issued it for, or the
// IAM user `emulator-user` for any other key; the call is recorded as that principal's CloudTrail event.
import { randomBytes, randomUUID } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { AwsError, send, xmlEscape } from './http.js'
import type { Delivery } from './delivery.js'
import type { OidcIssuer } from './oidc.js'
import { isoSeconds } from './records.js'
import { iamUser, roleSession, type Principal } from './principals.js'

const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/'
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/
const DEFAULT_ACCOUNT = '123456789012'
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/
/** Who signs with a key this STS did not issue (static test keys). */
export const EMULATOR_USER = iamUser(DEFAULT_ACCOUNT, 'emulator-user')

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

function validation(message: string): AwsError {
  return new AwsError(400, 'ValidationError', message)
}

function randomKey(prefix: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  return prefix + [...randomBytes(16)].map(b => alphabet[b % 32]).join('')
}

function tag(name: string, value: string): string {
  return `<${name}>${xmlEscape(value)}</${name}>`
}

/** The body's RequestId and the x-amzn-RequestId header (which the SDK reports as requestId) agree. */
function sendResult(res: ServerResponse, action: string, inner: string, requestId: string): void {
  const body =
    `<${action}Response xmlns="${XMLNS}"><${action}Result>${inner}</${action}Result>` +
    `<ResponseMetadata>${tag('RequestId', requestId)}</ResponseMetadata></${action}Response>`
  send(res, 200, 'text/xml', body, { 'x-amzn-RequestId': requestId })
}

export function sendStsError(res: ServerResponse, error: AwsError, requestId = randomUUID()): void {
  const type = error.status >= 500 ? 'Receiver' : 'Sender'
  const body =
    `<ErrorResponse xmlns="${XMLNS}"><Error>${tag('Type', type)}${tag('Code', error.code)}` +
    `${tag('Message', error.message)}</Error>${tag('RequestId', requestId)}</ErrorResponse>`
  send(res, error.status, 'text/xml', body, { 'x-amzn-RequestId': requestId })
}

/** The signed part of a Query call: its key and the Region of its credential scope. */
export interface StsSigner {
  readonly accessKeyId: string
  readonly region: string
}

export class StsService {
  readonly stats: StsStats = { assumeRoleWithWebIdentity: 0, issuedKeys: [], getCallerIdentityRegions: [] }
  private readonly issued = new Map<string, IssuedCredentials>()

  constructor(
    private readonly oidc: OidcIssuer,
    private readonly now: () => number,
    private readonly lifetimeSeconds: number | undefined,
    /** Where answered calls are recorded as CloudTrail events; none: not recorded. */
    private readonly delivery?: Delivery
  ) {}

  credentials(accessKeyId: string): IssuedCredentials | undefined {
    return this.issued.get(accessKeyId)
  }

  /** Who calls with this key: the role session it was issued for, else `emulator-user`. */
  principalOf(accessKeyId: string): Principal {
    return this.issued.get(accessKeyId)?.principal ?? EMULATOR_USER
  }

  /** Answers one Query request; `signer` comes from the SigV4 header when the call is signed. */
  handle(res: ServerResponse, body: string, signer: StsSigner | undefined): void {
    const params = new URLSearchParams(body)
    const action = params.get('Action') ?? ''
    const requestId = randomUUID()
    try {
      if (action === 'AssumeRoleWithWebIdentity') {
        return sendResult(res, action, this.assumeRole(params), requestId)
      }
      if (action === 'GetCallerIdentity') {
        sendResult(res, action, this.callerIdentity(signer?.accessKeyId), requestId)
        if (signer === undefined) return
        this.stats.getCallerIdentityRegions.push(signer.region)
        this.delivery?.record({
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

  private assumeRole(params: URLSearchParams): string {
    const roleArn = params.get('RoleArn') ?? ''
    const sessionName = params.get('RoleSessionName') ?? ''
    const durationText = params.get('DurationSeconds')
    const duration = durationText === null ? 3600 : Number(durationText)
    // Recorded before validation, so a test can see what a rejected call asked for.
    this.stats.assumeRoleWithWebIdentity += 1
    this.stats.lastRoleArn = roleArn
    this.stats.lastSessionName = sessionName
    this.stats.lastDurationSeconds = duration
    const arn = ROLE_ARN.exec(roleArn)
    if (!arn)
      throw validation(`Value '${roleArn}' at 'roleArn' failed to satisfy constraint: invalid role ARN`)
    if (!SESSION_NAME.test(sessionName)) {
      throw validation(
        `Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: ` +
          'Member must satisfy regular expression pattern: [\\w+=,.@-]* and length 2 to 64'
      )
    }
    if (!Number.isInteger(duration) || duration < 900 || duration > 43200) {
      throw validation(
        `Value '${durationText}' at 'durationSeconds' failed to satisfy constraint: 900 to 43200`
      )
    }
    const subject = this.verifyToken(params.get('WebIdentityToken') ?? '')
    return this.issue(arn[1] ?? '', arn[2] ?? '', sessionName, duration, subject)
  }

  private verifyToken(token: string): { sub: string; aud: string; iss: string } {
    const claims = this.oidc.lookup(token)
    if (claims === undefined) {
      throw new AwsError(400, 'InvalidIdentityToken', 'The ID token was not issued by the OIDC provider.')
    }
    const nowS = Math.floor(this.now() / 1000)
    if (claims.exp <= nowS) {
      throw new AwsError(
        400,
        'ExpiredTokenException',
        `Token expired: current date/time ${nowS} must be before the expiration date/time ${claims.exp}`
      )
    }
    return claims
  }

  private issue(
    account: string,
    roleName: string,
    sessionName: string,
    duration: number,
    token: { sub: string; aud: string; iss: string }
  ): string {
    const session = roleSession(account, roleName, sessionName)
    const accessKeyId = randomKey('ASIA')
    const expiresMs = this.now() + (this.lifetimeSeconds ?? duration) * 1000
    this.issued.set(accessKeyId, {
      accessKeyId,
      expiresMs,
      arn: session.arn,
      userId: session.principalId,
      principal: session
    })
    this.stats.issuedKeys.push(accessKeyId)
    const credentials =
      tag('AccessKeyId', accessKeyId) +
      tag('SecretAccessKey', randomBytes(30).toString('base64')) +
      tag('SessionToken', `IQoJb3JpZ2luX2VjE${randomBytes(300).toString('base64')}`) +
      tag('Expiration', isoSeconds(new Date(expiresMs)))
    return (
      tag('SubjectFromWebIdentityToken', token.sub) +
      tag('Audience', token.aud) +
      `<AssumedRoleUser>${tag('Arn', session.arn)}${tag('AssumedRoleId', session.principalId)}</AssumedRoleUser>` +
      `<Credentials>${credentials}</Credentials>` +
      tag('Provider', token.iss)
    )
  }

  /** Keys this STS did not issue (static test keys) are reported as one IAM user, so demos can call it. */
  private callerIdentity(accessKeyId: string | undefined): string {
    if (accessKeyId === undefined) {
      throw new AwsError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token')
    }
    const issued = this.issued.get(accessKeyId)
    if (issued !== undefined && issued.expiresMs <= this.now()) {
      throw new AwsError(403, 'ExpiredToken', 'The security token included in the request is expired')
    }
    const principal = issued?.principal ?? EMULATOR_USER
    return (
      tag('Arn', principal.arn) + tag('UserId', principal.principalId) + tag('Account', principal.account)
    )
  }
}
