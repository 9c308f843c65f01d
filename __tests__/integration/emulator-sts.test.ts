// The emulator's OIDC token endpoint and STS, through @actions/core and the real STS and CloudTrail clients.
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { getIDToken } from '@actions/core'
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail'
import {
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  STSClient,
  type AssumeRoleWithWebIdentityCommandInput,
  type Credentials
} from '@aws-sdk/client-sts'
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator/server.js'
import { failure } from '../../__fixtures__/failure.js'

const START = Date.parse('2025-06-01T12:00:00Z')
const ROLE = 'arn:aws:iam::123456789012:role/gate-reader'
let now = START
const emulators: Emulator[] = []

async function emulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const started = await startEmulator({ requestsPerSecond: 0, now: () => now, ...options })
  emulators.push(started)
  return started
}

afterEach(() => {
  now = START
})

afterAll(async () => {
  await Promise.all(emulators.map(e => e.close()))
})

async function idToken(e: Emulator, audience = 'sts.amazonaws.com'): Promise<string> {
  const res = await fetch(`${e.oidcUrl}&audience=${encodeURIComponent(audience)}`, {
    headers: { Authorization: 'Bearer runner-request-token' }
  })
  return ((await res.json()) as { value: string }).value
}

function assume(
  e: Emulator,
  input: Partial<AssumeRoleWithWebIdentityCommandInput> & { WebIdentityToken: string }
) {
  const sts = new STSClient({ endpoint: e.url, region: 'eu-west-2', maxAttempts: 1 })
  return sts.send(
    new AssumeRoleWithWebIdentityCommand({ RoleArn: ROLE, RoleSessionName: 'GitHubActions', ...input })
  )
}

function cloudTrail(
  e: Emulator,
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
) {
  const client = new CloudTrailClient({ endpoint: e.url, region: 'eu-west-2', credentials, maxAttempts: 1 })
  return client.send(new LookupEventsCommand({}))
}

function keys(c: Credentials | undefined): {
  accessKeyId: string
  secretAccessKey: string
  sessionToken: string
} {
  return {
    accessKeyId: c?.AccessKeyId ?? '',
    secretAccessKey: c?.SecretAccessKey ?? '',
    sessionToken: c?.SessionToken ?? ''
  }
}

describe('OIDC token endpoint', () => {
  let e: Emulator
  beforeAll(async () => {
    e = await emulator()
  })

  it('serves @actions/core getIDToken and records the audience', async () => {
    process.env['ACTIONS_ID_TOKEN_REQUEST_URL'] = e.oidcUrl
    process.env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'] = 'runner-request-token'
    // getIDToken prints ::add-mask:: and ::debug:: workflow commands; keep them out of the test log.
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
    try {
      const jwt = await getIDToken('sts.amazonaws.com')
      const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as Record<
        string,
        unknown
      >
      expect(payload).toMatchObject({
        aud: 'sts.amazonaws.com',
        sub: 'repo:octo-org/octo-repo:ref:refs/heads/main',
        iss: 'https://token.actions.githubusercontent.com',
        exp: START / 1000 + 300
      })
    } finally {
      write.mockRestore()
      delete process.env['ACTIONS_ID_TOKEN_REQUEST_URL']
      delete process.env['ACTIONS_ID_TOKEN_REQUEST_TOKEN']
    }
    expect(e.stats().oidc).toEqual({ tokens: 1, lastAudience: 'sts.amazonaws.com' })
  })

  it('answers 401 without the runner bearer token', async () => {
    expect((await fetch(e.oidcUrl)).status).toBe(401)
    const res = await fetch(e.oidcUrl, { headers: { Authorization: 'Bearer wrong' } })
    expect(res.status).toBe(401)
  })
})

describe('STS AssumeRoleWithWebIdentity', () => {
  it('issues credentials for a token from the OIDC endpoint (AWS Query protocol, XML answer)', async () => {
    const e = await emulator()
    const out = await assume(e, { WebIdentityToken: await idToken(e), DurationSeconds: 900 })
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/)
    expect(out.Credentials?.SecretAccessKey).toBeTruthy()
    expect(out.Credentials?.SessionToken).toBeTruthy()
    expect(out.Credentials?.Expiration).toEqual(new Date(START + 900_000))
    expect(out.AssumedRoleUser?.Arn).toBe('arn:aws:sts::123456789012:assumed-role/gate-reader/GitHubActions')
    expect(out.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z2-7]+:GitHubActions$/)
    expect(out.SubjectFromWebIdentityToken).toBe('repo:octo-org/octo-repo:ref:refs/heads/main')
    expect(e.stats().sts).toEqual({
      assumeRoleWithWebIdentity: 1,
      lastRoleArn: ROLE,
      lastSessionName: 'GitHubActions',
      lastDurationSeconds: 900,
      issuedKeys: [out.Credentials?.AccessKeyId],
      getCallerIdentityRegions: []
    })
    const sts = new STSClient({ endpoint: e.url, region: 'eu-west-2', credentials: keys(out.Credentials) })
    expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(out.AssumedRoleUser?.Arn)
  })

  it('rejects a token it did not issue, and an expired one', async () => {
    const e = await emulator()
    expect(await failure(assume(e, { WebIdentityToken: 'eyJhbGciOi.forged.sig' }))).toEqual({
      name: 'InvalidIdentityTokenException',
      status: 400
    })
    const token = await idToken(e)
    now += 301_000
    expect((await failure(assume(e, { WebIdentityToken: token }))).name).toBe('ExpiredTokenException')
  })

  it('validates RoleArn, RoleSessionName and DurationSeconds', async () => {
    const e = await emulator()
    const token = await idToken(e)
    const cases: Array<Partial<AssumeRoleWithWebIdentityCommandInput>> = [
      { RoleArn: 'arn:aws:iam::12345:role/x' },
      { RoleSessionName: 'x' },
      { RoleSessionName: 'has space' },
      { DurationSeconds: 899 },
      { DurationSeconds: 43201 }
    ]
    for (const input of cases) {
      expect(await failure(assume(e, { ...input, WebIdentityToken: token }))).toEqual({
        name: 'ValidationError',
        status: 400
      })
    }
  })

  it('reports credentialLifetimeSeconds as the Expiration when set', async () => {
    const e = await emulator({ credentialLifetimeSeconds: 60 })
    const out = await assume(e, { WebIdentityToken: await idToken(e) })
    expect(out.Credentials?.Expiration).toEqual(new Date(START + 60_000))
  })
})

describe('CloudTrail with STS credentials', () => {
  it('rejects issued credentials once the clock passes their Expiration', async () => {
    const e = await emulator()
    const out = await assume(e, { WebIdentityToken: await idToken(e), DurationSeconds: 900 })
    expect((await cloudTrail(e, keys(out.Credentials))).Events).toEqual([])
    now += 900_000
    expect(await failure(cloudTrail(e, keys(out.Credentials)))).toEqual({
      name: 'ExpiredTokenException',
      status: 400
    })
    expect(e.stats().accessKeys).toEqual([out.Credentials?.AccessKeyId])
  })

  it('requireKnownKeys accepts only issued and allowed keys', async () => {
    // Calls not recorded: each lookup must find the store as empty as it started.
    const e = await emulator({ requireKnownKeys: true, allowedKeys: ['AKIDALLOWED'], recordCalls: false })
    expect(await failure(cloudTrail(e, { accessKeyId: 'AKIDTEST', secretAccessKey: 'x' }))).toEqual({
      name: 'UnrecognizedClientException',
      status: 403
    })
    expect((await cloudTrail(e, { accessKeyId: 'AKIDALLOWED', secretAccessKey: 'x' })).Events).toEqual([])
    const out = await assume(e, { WebIdentityToken: await idToken(e) })
    expect((await cloudTrail(e, keys(out.Credentials))).Events).toEqual([])
  })
})
