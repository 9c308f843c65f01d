import { DEFAULT_AUDIENCE, INPUTS, TOOL_NAME } from '../core/constants.js'
import { InputError } from '../core/errors.js'
import { parseNumber } from '../query/inputs.js'
import { recordOwnRequests, type OwnRequests } from './own-requests.js'

// OIDC inside the action: the runner's ID token is exchanged with STS AssumeRoleWithWebIdentity. The STS client
// is imported lazily, so runs with ambient credentials never load it.

export interface Credentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string
  readonly expiration?: Date
}
export type CredentialsProvider = () => Promise<Credentials>

export interface RoleSettings {
  readonly roleArn: string
  readonly sessionName: string
  readonly durationSeconds: number
  readonly audience: string
}

const ROLE_ARN =
  /^arn:(aws|aws-cn|aws-us-gov|aws-iso[a-z-]*):iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/

/** A valid STS session name from the run: `cloudtrail-gate-<run id>-<attempt>`. */
export function defaultSessionName(env: Readonly<Record<string, string | undefined>>): string {
  const run = [env['GITHUB_RUN_ID'], env['GITHUB_RUN_ATTEMPT']].filter(Boolean).join('-')
  return `${TOOL_NAME}${run ? `-${run}` : ''}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64)
}

/** Parses role-to-assume and friends; undefined when no role is to be assumed (ambient credentials). */
export function parseRoleSettings(
  raw: { roleToAssume?: string; sessionName?: string; durationSeconds?: string; audience?: string },
  env: Readonly<Record<string, string | undefined>>
): RoleSettings | undefined {
  const roleArn = (raw.roleToAssume ?? '').trim()
  if (roleArn === '') return undefined
  if (!ROLE_ARN.test(roleArn)) {
    throw new InputError(
      INPUTS.roleToAssume,
      roleArn,
      'a role ARN such as arn:aws:iam::123456789012:role/audit'
    )
  }
  const sessionName = (raw.sessionName ?? '').trim() || defaultSessionName(env)
  if (!SESSION_NAME.test(sessionName)) {
    throw new InputError(
      INPUTS.roleSessionName,
      sessionName,
      '2 to 64 characters of letters, digits and +=,.@_-'
    )
  }
  const durationSeconds = parseNumber(INPUTS.roleDurationSeconds, raw.durationSeconds, 3600, {
    min: 900,
    max: 43_200,
    integer: true
  })
  return { roleArn, sessionName, durationSeconds, audience: (raw.audience ?? '').trim() || DEFAULT_AUDIENCE }
}

export class CredentialsError extends Error {
  override name = 'CredentialsError'
}

/**
 * Credentials for `role`, fetched again shortly before they expire: a scan longer than the session refreshes
 * instead of failing. Concurrent callers (one client per Region) share one exchange.
 */
export function webIdentityCredentials(options: {
  role: RoleSettings
  region: string
  getIdToken: (audience: string) => Promise<string>
  /** Called with every secret obtained, so the action can mask it in logs. */
  onSecret?: (secret: string) => void
  /** The run's own request IDs: the exchange is recorded by CloudTrail too, and is not the audited identity's. */
  own?: OwnRequests
  now?: () => number
}): CredentialsProvider {
  const now = options.now ?? Date.now
  let cached: Credentials | undefined
  let inFlight: Promise<Credentials> | undefined
  const exchange = async (): Promise<Credentials> => {
    const { STSClient, AssumeRoleWithWebIdentityCommand } = await import('@aws-sdk/client-sts')
    let token: string
    try {
      token = await options.getIdToken(options.role.audience)
    } catch (error) {
      throw new CredentialsError(
        `Could not get the runner's OIDC token (${error instanceof Error ? error.message : String(error)}). ` +
          'Add `permissions: id-token: write` to the workflow or job.'
      )
    }
    options.onSecret?.(token)
    const sts = new STSClient({ region: options.region })
    if (options.own) recordOwnRequests(sts, options.own)
    try {
      const { Credentials: c } = await sts.send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: options.role.roleArn,
          RoleSessionName: options.role.sessionName,
          DurationSeconds: options.role.durationSeconds,
          WebIdentityToken: token
        })
      )
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('STS returned no credentials')
      options.onSecret?.(c.SecretAccessKey)
      if (c.SessionToken) options.onSecret?.(c.SessionToken)
      return {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        ...(c.SessionToken !== undefined && { sessionToken: c.SessionToken }),
        ...(c.Expiration !== undefined && { expiration: c.Expiration })
      }
    } catch (error) {
      throw new CredentialsError(
        `Could not assume ${options.role.roleArn} with the runner's OIDC token: ` +
          `${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}. ` +
          "Check the role's trust policy allows token.actions.githubusercontent.com for this repository."
      )
    } finally {
      sts.destroy()
    }
  }
  return async () => {
    // Refresh a minute before expiry, so no request is signed with credentials about to lapse.
    const fresh = cached && (!cached.expiration || cached.expiration.getTime() - now() > 60_000)
    if (fresh && cached) return cached
    inFlight ??= exchange().finally(() => {
      inFlight = undefined
    })
    cached = await inFlight
    return cached
  }
}
