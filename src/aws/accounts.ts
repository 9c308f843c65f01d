import type { AssumeRoleCommand, AssumeRoleCommandOutput } from '@aws-sdk/client-sts'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { clip } from '../core/bounded.js'
import { SourceFailure } from '../core/errors.js'
import { roleArnFor } from '../query/accounts.js'
import { httpOptions, sdkOptions, type ClientOptions } from './clients.js'
import type { Credentials, CredentialsProvider } from './credentials.js'
import { recordOwnRequests } from './own-requests.js'
import { DEFAULT_RETRY, describeError, retrying, type FailureWords, type OneOffCallDeps } from './retry.js'

// Credentials per account. LookupEvents answers for the credentials' own account only, so each account the
// scan names is read as a role of that account (`account-role`, `{account}` replaced), assumed with STS
// AssumeRole from the base credentials (the OIDC session of role-to-assume, or the job's own). Each account's
// role is assumed once, before its first read, and again shortly before the session expires; the answers'
// request IDs are the gate's own calls. A role that cannot be assumed fails that account only.

/** What AssumeRole needs of an STS client (a real STSClient, or aws-sdk-client-mock's). */
export interface AssumeRoleLike {
  send(command: AssumeRoleCommand, options?: { abortSignal?: AbortSignal }): Promise<AssumeRoleCommandOutput>
}

export interface AccountRolesOptions extends OneOffCallDeps {
  /** `arn:aws:iam::{account}:role/…` (validated by query/accounts.ts). */
  readonly template: string
  /** Says it is the gate: `cloudtrail-gate-<run id>-<attempt>`. */
  readonly sessionName: string
  /** The STS client AssumeRole is called with, signed with the base credentials. */
  readonly sts: () => Promise<AssumeRoleLike>
  /** Told every secret obtained, so the action can mask it in logs. */
  readonly onSecret?: (secret: string) => void
}

/** Sessions are renewed this long before they expire, so no request is signed with keys about to lapse. */
const RENEW_BEFORE_MS = 5 * 60_000
/** Longest key parts accepted (a session token is about 1,000 characters). */
const MAX_KEY = 256
const MAX_TOKEN = 16_384

function wordsFor(arn: string): FailureWords {
  return {
    throttled: count => `STS AssumeRole of ${arn} was throttled ${count} times in a row`,
    transient: (reason, count) => `STS AssumeRole of ${arn} failed: ${reason}, ${count} attempts`,
    fatal: (disposition, error) =>
      disposition.code === 'access-denied'
        ? `could not assume ${arn} (${describeError(error)}): the role's trust policy must let the gate's base ` +
          'credentials call sts:AssumeRole on it (docs/accounts.md)'
        : `could not assume ${arn} (${describeError(error)})`
  }
}

function text(value: unknown, max: number): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= max ? value : undefined
}

/** The keys of an AssumeRole answer, or a SourceFailure: an answer without usable keys is not an answer. */
function credentialsOf(output: AssumeRoleCommandOutput, arn: string): Credentials {
  const c: unknown = output.Credentials
  const shape = typeof c === 'object' && c !== null ? (c as Record<string, unknown>) : {}
  const accessKeyId = text(shape['AccessKeyId'], MAX_KEY)
  const secretAccessKey = text(shape['SecretAccessKey'], MAX_KEY)
  const sessionToken = text(shape['SessionToken'], MAX_TOKEN)
  const expiration = shape['Expiration']
  if (accessKeyId === undefined || secretAccessKey === undefined || sessionToken === undefined) {
    throw new SourceFailure('bad-response', `STS AssumeRole of ${arn} answered without usable credentials`)
  }
  const valid = expiration instanceof Date && Number.isFinite(expiration.getTime())
  return { accessKeyId, secretAccessKey, sessionToken, ...(valid && { expiration }) }
}

export class AccountRoles {
  private readonly sessions = new Map<
    string,
    { current?: Credentials | undefined; pending?: Promise<Credentials> | undefined }
  >()

  constructor(private readonly options: AccountRolesOptions) {}

  /** The role ARN an account is read as. */
  roleOf(account: string): string {
    return roleArnFor(this.options.template, account)
  }

  /** The account's credentials, assumed now or still fresh; throws a SourceFailure naming the role. */
  async assume(account: string): Promise<Credentials> {
    const session = this.sessions.get(account) ?? {}
    this.sessions.set(account, session)
    const now = this.options.clock.now()
    const current = session.current
    if (current && (!current.expiration || current.expiration.getTime() - now > RENEW_BEFORE_MS)) {
      return current
    }
    session.pending ??= this.call(account).finally(() => (session.pending = undefined))
    session.current = await session.pending
    return session.current
  }

  /** What the account's SDK clients sign with. */
  provider(account: string): CredentialsProvider {
    return () => this.assume(account)
  }

  private async call(account: string): Promise<Credentials> {
    const o = this.options
    const arn = this.roleOf(account)
    const sts = await o.sts()
    const { AssumeRoleCommand } = await import('@aws-sdk/client-sts')
    const command = new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: o.sessionName })
    const output = await retrying(signal => sts.send(command, { abortSignal: signal }), {
      clock: o.clock,
      random: o.random,
      signal: o.signal,
      requestTimeoutMs: o.requestTimeoutMs ?? 20_000,
      policy: o.retry ?? DEFAULT_RETRY,
      words: wordsFor(clip(arn, 200))
    })
    o.own?.add(output.$metadata?.requestId)
    const credentials = credentialsOf(output, arn)
    o.onSecret?.(credentials.secretAccessKey)
    if (credentials.sessionToken) o.onSecret?.(credentials.sessionToken)
    return credentials
  }
}

/**
 * The STS client AssumeRole is called with: the base credentials, the SDK's retries off (retrying() paces
 * and bounds each attempt), every answer's request ID kept as the gate's own. Loaded on first use.
 */
export function assumeRoleClient(options: ClientOptions, region: string): () => Promise<AssumeRoleLike> {
  let client: Promise<AssumeRoleLike> | undefined
  return () =>
    (client ??= import('@aws-sdk/client-sts').then(({ STSClient }) => {
      const sts = new STSClient({
        ...sdkOptions(region, options),
        requestHandler: new NodeHttpHandler(httpOptions(options))
      })
      if (options.own) recordOwnRequests(sts, options.own)
      return sts
    }))
}
