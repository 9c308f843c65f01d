// STS AssumeRole, as @aws-sdk/client-sts AssumeRoleCommand sends it: a signed Query call
// `Action=AssumeRole&RoleArn=…&RoleSessionName=…`, answered with keys of a session of the role, bound to the
// account inside the role ARN. The caller signs with its own keys, which must be valid (and, with
// requireKnownKeys, allowed or issued by this STS; an issued key is role chaining, held to one hour as on AWS).
// The role's account decides: a role of an account the emulator does not serve, of a SUSPENDED or
// PENDING_CLOSURE account, or listed in the account's deniedRoles answers AccessDenied (403), with the
// message AWS gives when a trust policy leaves the caller out. Every authenticated call, granted or refused,
// is recorded as a CloudTrail event of the caller, in the caller's account (see delivery.ts).
import { AwsError } from './http.js'
import type { IssuedCredentials, StsService, StsSigner } from './sts.js'
import { parseRoleRequest, validation } from './sts-wire.js'

/** One signed AssumeRole call, as the stats report it. */
export interface AssumeRoleCall {
  /** The parameters as sent (DurationSeconds: 3600 when absent). */
  roleArn: string
  roleSessionName: string
  durationSeconds: number
  /** The signing principal's ARN, the key it signed with, and the Region of the signature. */
  callerArn: string
  callerAccessKeyId: string
  region: string
  /** The key issued, or the error code answered. */
  accessKeyId?: string
  errorCode?: string
}

const CHAINED_MAX_SECONDS = 3600

function authenticate(sts: StsService, signer: StsSigner | undefined): StsSigner {
  if (signer === undefined) {
    throw new AwsError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token')
  }
  const status = sts.keyStatus(signer.accessKeyId)
  if (status === 'expired') {
    throw new AwsError(403, 'ExpiredToken', 'The security token included in the request is expired')
  }
  if (status === 'unknown') {
    throw new AwsError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.')
  }
  return signer
}

function grant(sts: StsService, params: URLSearchParams, callerArn: string, chained: boolean) {
  const request = parseRoleRequest(params)
  if (chained && request.durationSeconds > CHAINED_MAX_SECONDS) {
    throw validation(
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.'
    )
  }
  const account = sts.deps.accounts.find(request.account)
  if (account === undefined || account.state !== 'ACTIVE' || account.deniedRoles.has(request.roleName)) {
    throw new AwsError(
      403,
      'AccessDenied',
      `User: ${callerArn} is not authorized to perform: sts:AssumeRole on resource: ${request.roleArn}`
    )
  }
  return sts.issue(request.account, request.roleName, request.sessionName, request.durationSeconds)
}

/** CloudTrail names the role, and on success the new session and its key, as the call's resources. */
function record(
  sts: StsService,
  call: AssumeRoleCall,
  requestId: string,
  issued?: IssuedCredentials,
  error?: AwsError
) {
  const resources = [{ type: 'AWS::IAM::Role', name: call.roleArn }]
  if (issued !== undefined) {
    resources.push({ type: 'AWS::STS::AssumedRole', name: issued.arn })
    resources.push({ type: 'AWS::IAM::AccessKey', name: issued.accessKeyId })
  }
  sts.deps.delivery?.record({
    principal: sts.principalOf(call.callerAccessKeyId),
    accessKeyId: call.callerAccessKeyId,
    region: call.region,
    eventName: 'AssumeRole',
    source: 'sts',
    requestId,
    resources,
    requestParameters: {
      roleArn: call.roleArn,
      roleSessionName: call.roleSessionName,
      durationSeconds: call.durationSeconds
    },
    ...(error !== undefined && { errorCode: error.code, errorMessage: error.message })
  })
}

/** The inner XML of <AssumeRoleResult>; throws AwsError for every refusal. */
export function assumeRole(
  sts: StsService,
  params: URLSearchParams,
  signer: StsSigner | undefined,
  requestId: string
): string {
  const { accessKeyId, region } = authenticate(sts, signer)
  const caller = sts.principalOf(accessKeyId)
  const durationText = params.get('DurationSeconds')
  const call: AssumeRoleCall = {
    roleArn: params.get('RoleArn') ?? '',
    roleSessionName: params.get('RoleSessionName') ?? '',
    durationSeconds: durationText === null ? 3600 : Number(durationText),
    callerArn: caller.arn,
    callerAccessKeyId: accessKeyId,
    region
  }
  sts.assumeRoleCalls.push(call)
  try {
    const { credentials, xml } = grant(sts, params, caller.arn, caller.type === 'AssumedRole')
    call.accessKeyId = credentials.accessKeyId
    record(sts, call, requestId, credentials)
    return xml
  } catch (error) {
    if (!(error instanceof AwsError)) throw error
    call.errorCode = error.code
    record(sts, call, requestId, undefined, error)
    throw error
  }
}
