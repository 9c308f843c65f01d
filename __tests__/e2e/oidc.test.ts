import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { sampleDataset, DEPLOY_BOT, SAMPLE_ACCOUNT } from '../../emulator/data.js'
import { startEmulator, DEFAULT_OIDC_REQUEST_TOKEN, type Emulator } from '../../emulator/server.js'
import { runAction } from '../../__fixtures__/runner.js'

// role-to-assume: the runner's OIDC token exchanged with STS inside the action. The emulator accepts only
// CloudTrail calls signed with keys its STS issued, so a pass proves the scan used the assumed credentials.

jest.setTimeout(120_000)

const roleArn = `arn:aws:iam::${SAMPLE_ACCOUNT}:role/cloudtrail-audit`
let emulator: Emulator

async function start(credentialLifetimeSeconds?: number): Promise<Emulator> {
  return startEmulator({
    records: sampleDataset(new Date()),
    requestsPerSecond: 2,
    requireKnownKeys: true,
    ...(credentialLifetimeSeconds !== undefined && { credentialLifetimeSeconds })
  })
}

function oidcEnv(e: Emulator, withToken = true): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_CLOUDTRAIL: e.url,
    AWS_ENDPOINT_URL_STS: e.url,
    ...(withToken && {
      ACTIONS_ID_TOKEN_REQUEST_URL: e.oidcUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: DEFAULT_OIDC_REQUEST_TOKEN
    })
  }
}

// A wildcard leaves the Username lookup as the only correct plan, so every page of the user's history is read
// (and the faults below strike in the middle of it).
const inputs = {
  user: DEPLOY_BOT,
  events: 'Terminate*',
  region: 'eu-west-2',
  'role-to-assume': roleArn
}

beforeAll(async () => {
  emulator = await start()
})
afterAll(async () => {
  await emulator.close()
})

describe('role-to-assume (OIDC)', () => {
  it('signs every CloudTrail call with the credentials STS issued for the role, and masks them', async () => {
    const run = await runAction(inputs, oidcEnv(emulator))
    expect(run.outputs['complete']).toBe('true')
    expect(run.outputs['found']).toBe('true')
    const stats = emulator.stats()
    expect(stats.oidc.lastAudience).toBe('sts.amazonaws.com')
    expect(stats.sts.lastRoleArn).toBe(roleArn)
    expect(stats.sts.lastSessionName).toBe('cloudtrail-gate-4242-1')
    expect(stats.sts.lastDurationSeconds).toBe(3600)
    expect(stats.accessKeys.length).toBeGreaterThan(0)
    for (const key of stats.accessKeys) expect(stats.sts.issuedKeys).toContain(key)
    expect(run.stdout).toMatch(/^::add-mask::/m)
    expect(run.stdout).toContain(
      'Assumed arn:aws:iam::123456789012:role/cloudtrail-audit as session cloudtrail-gate-4242-1'
    )
  })

  it('passes role-session-name, role-duration-seconds and audience through', async () => {
    await runAction(
      {
        ...inputs,
        'role-session-name': 'audit-gate',
        'role-duration-seconds': '900',
        audience: 'custom-aud'
      },
      oidcEnv(emulator)
    )
    const stats = emulator.stats()
    expect(stats.sts.lastSessionName).toBe('audit-gate')
    expect(stats.sts.lastDurationSeconds).toBe(900)
    expect(stats.oidc.lastAudience).toBe('custom-aud')
  })

  it('refreshes credentials that run out during the scan instead of failing', async () => {
    const shortLived = await start(60)
    try {
      const run = await runAction(inputs, oidcEnv(shortLived))
      expect(run.outputs['complete']).toBe('true')
      // 140 events in eu-west-2 and 12 in us-east-1: a wildcard may match a global service's events.
      expect(run.outputs['scanned']).toBe('152')
      const stats = shortLived.stats()
      expect(stats.sts.assumeRoleWithWebIdentity).toBeGreaterThanOrEqual(3)
      for (const key of stats.accessKeys) expect(stats.sts.issuedKeys).toContain(key)
    } finally {
      await shortLived.close()
    }
  })

  it('fails before scanning, with the fix, when the job may not request an OIDC token', async () => {
    const before = emulator.stats().sts.assumeRoleWithWebIdentity
    const run = await runAction(inputs, oidcEnv(emulator, false))
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/::error::.*permissions: id-token: write/)
    expect(emulator.stats().sts.assumeRoleWithWebIdentity).toBe(before)
    expect(run.outputs).toEqual({ verdict: 'incomplete', found: 'unknown', complete: 'false' })
    expect(run.summary.startsWith('<h2>❗ The scan could not start</h2>')).toBe(true)
  })

  it('fails before scanning when the runner refuses the OIDC token request', async () => {
    const run = await runAction(
      { ...inputs, 'role-to-assume': 'arn:aws:iam::123456789012:role/x' },
      {
        ...oidcEnv(emulator),
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'wrong-token'
      }
    )
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/::error::Could not get the runner's OIDC token.*id-token: write/)
    expect(run.outputs).toEqual({ verdict: 'incomplete', found: 'unknown', complete: 'false' })
  })
})
