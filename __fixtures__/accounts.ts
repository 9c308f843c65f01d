// Real SDK clients against the emulator's several accounts: base keys, AssumeRole into an account, and the
// clients that sign with the keys it returns.
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail'
import { OrganizationsClient } from '@aws-sdk/client-organizations'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import type { Emulator } from '../emulator/server.js'

export interface Keys {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
}

/** The static keys tests sign with as the base account's `emulator-user` (list them in allowedKeys). */
export const BASE_KEYS: Keys = { accessKeyId: 'AKIDBASEACCOUNT', secretAccessKey: 'base-secret' }

export function roleArn(account: string, role = 'gate-reader'): string {
  return `arn:aws:iam::${account}:role/${role}`
}

export function stsClient(e: Emulator, credentials: Keys = BASE_KEYS, region = 'eu-west-2'): STSClient {
  return new STSClient({ endpoint: e.url, region, credentials, maxAttempts: 1 })
}

export function cloudTrailClient(e: Emulator, credentials: Keys, region = 'eu-west-2'): CloudTrailClient {
  return new CloudTrailClient({ endpoint: e.url, region, credentials, maxAttempts: 1 })
}

export function organizationsClient(e: Emulator, credentials: Keys = BASE_KEYS): OrganizationsClient {
  return new OrganizationsClient({ endpoint: e.url, region: 'us-east-1', credentials, maxAttempts: 1 })
}

/** The keys of a session of the role, from AssumeRole signed with `caller` (default the base keys). */
export async function assumeRole(
  e: Emulator,
  arn: string,
  options: { caller?: Keys; session?: string; durationSeconds?: number } = {}
): Promise<Keys> {
  const out = await stsClient(e, options.caller).send(
    new AssumeRoleCommand({
      RoleArn: arn,
      RoleSessionName: options.session ?? 'cloudtrail-gate',
      ...(options.durationSeconds !== undefined && { DurationSeconds: options.durationSeconds })
    })
  )
  const c = out.Credentials
  if (c?.AccessKeyId === undefined || c.SecretAccessKey === undefined || c.SessionToken === undefined) {
    throw new Error('AssumeRole answered without credentials')
  }
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken }
}
