import { beforeEach, describe, expect, it } from '@jest/globals'
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { mockClient } from 'aws-sdk-client-mock'
import {
  CredentialsError,
  defaultSessionName,
  parseRoleSettings,
  webIdentityCredentials
} from '../src/aws/credentials.js'
import { InputError } from '../src/core/errors.js'
import { awsError } from '../__fixtures__/records.js'

const sts = mockClient(STSClient)
const role = {
  roleArn: 'arn:aws:iam::123456789012:role/audit',
  sessionName: 'gate',
  durationSeconds: 900,
  audience: 'sts.amazonaws.com'
}

function issued(n: number, expiresAt: number) {
  return {
    Credentials: {
      AccessKeyId: `ASIA${n}`,
      SecretAccessKey: `secret${n}`,
      SessionToken: `session${n}`,
      Expiration: new Date(expiresAt)
    }
  }
}

beforeEach(() => {
  sts.reset()
})

describe('parseRoleSettings', () => {
  it('is undefined without role-to-assume: ambient credentials are used', () => {
    expect(parseRoleSettings({}, {})).toBeUndefined()
  })
  it('defaults the session name from the run, valid for STS', () => {
    expect(
      parseRoleSettings({ roleToAssume: role.roleArn }, { GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '2' })
    ).toEqual({
      roleArn: role.roleArn,
      sessionName: 'cloudtrail-gate-42-2',
      durationSeconds: 3600,
      audience: 'sts.amazonaws.com'
    })
    expect(defaultSessionName({ GITHUB_RUN_ID: 'x/y'.repeat(40) })).toMatch(/^[\w+=,.@-]{2,64}$/)
  })
  it.each([
    [{ roleToAssume: 'audit' }, 'role-to-assume'],
    [{ roleToAssume: role.roleArn, sessionName: 'has space' }, 'role-session-name'],
    [{ roleToAssume: role.roleArn, sessionName: 'x' }, 'role-session-name'],
    [{ roleToAssume: role.roleArn, durationSeconds: '60' }, 'role-duration-seconds'],
    [{ roleToAssume: role.roleArn, durationSeconds: '1000.5' }, 'role-duration-seconds']
  ])('rejects %p naming %s', (raw, input) => {
    expect(() => parseRoleSettings(raw, {})).toThrow(InputError)
    expect(() => parseRoleSettings(raw, {})).toThrow(`'${input}'`)
  })
})

describe('webIdentityCredentials', () => {
  it('exchanges the OIDC token for the role, masks every secret, and shares one exchange', async () => {
    const now = 1_000_000
    sts.on(AssumeRoleWithWebIdentityCommand).resolves(issued(1, now + 3_600_000))
    const secrets: string[] = []
    const audiences: string[] = []
    const provider = webIdentityCredentials({
      role,
      region: 'eu-west-2',
      getIdToken: async audience => (audiences.push(audience), 'jwt-token'),
      onSecret: s => secrets.push(s),
      now: () => now
    })
    const [a, b] = await Promise.all([provider(), provider()])
    expect(a).toEqual(b)
    expect(a.accessKeyId).toBe('ASIA1')
    expect(sts.commandCalls(AssumeRoleWithWebIdentityCommand)).toHaveLength(1)
    expect(sts.commandCalls(AssumeRoleWithWebIdentityCommand)[0]?.args[0].input).toEqual({
      RoleArn: role.roleArn,
      RoleSessionName: 'gate',
      DurationSeconds: 900,
      WebIdentityToken: 'jwt-token'
    })
    expect(audiences).toEqual(['sts.amazonaws.com'])
    expect(secrets).toEqual(['jwt-token', 'secret1', 'session1'])
  })

  it('refreshes shortly before expiry instead of failing a long scan', async () => {
    let now = 1_000_000
    sts
      .on(AssumeRoleWithWebIdentityCommand)
      .resolvesOnce(issued(1, now + 900_000))
      .resolvesOnce(issued(2, now + 1_800_000))
    const provider = webIdentityCredentials({
      role,
      region: 'eu-west-2',
      getIdToken: async () => 'jwt',
      now: () => now
    })
    expect((await provider()).accessKeyId).toBe('ASIA1')
    now += 800_000
    expect((await provider()).accessKeyId).toBe('ASIA1')
    now += 50_000
    expect((await provider()).accessKeyId).toBe('ASIA2')
    expect(sts.commandCalls(AssumeRoleWithWebIdentityCommand)).toHaveLength(2)
  })

  it('says to add id-token: write when the token cannot be requested', async () => {
    const provider = webIdentityCredentials({
      role,
      region: 'eu-west-2',
      getIdToken: async () =>
        Promise.reject(new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable'))
    })
    await expect(provider()).rejects.toThrow(CredentialsError)
    await expect(provider()).rejects.toThrow(/permissions: id-token: write/)
  })

  it('names the role and the trust policy when STS refuses', async () => {
    sts
      .on(AssumeRoleWithWebIdentityCommand)
      .rejects(awsError('AccessDenied', 403, 'Not authorized to perform sts:AssumeRoleWithWebIdentity'))
    const provider = webIdentityCredentials({ role, region: 'eu-west-2', getIdToken: async () => 'jwt' })
    await expect(provider()).rejects.toThrow(
      /Could not assume arn:aws:iam::123456789012:role\/audit.*AccessDenied.*trust policy/
    )
  })
})
