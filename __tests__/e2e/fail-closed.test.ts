import { afterAll, beforeAll, jest, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sampleDataset, DEPLOY_BOT } from '../../emulator/data.js'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { runAction } from '../../__fixtures__/runner.js'

// A scan that did not see every page must fail the step and must never output found=false.

jest.setTimeout(120_000)

let emulator: Emulator
// A wildcard leaves the Username lookup as the only correct plan, so every page of the user's history is read
// (and the faults below strike in the middle of it).
const inputs = {
  user: DEPLOY_BOT,
  events: 'Terminate*',
  region: 'eu-west-2',
  'include-global-events': 'false'
}

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_CLOUDTRAIL: emulator.url,
    AWS_ENDPOINT_URL_STS: emulator.url,
    AWS_ACCESS_KEY_ID: 'AKIDE2E',
    AWS_SECRET_ACCESS_KEY: 'secret',
    ...extra
  }
}

beforeAll(async () => {
  emulator = await startEmulator({ records: sampleDataset(new Date()), requestsPerSecond: 2 })
})
beforeEach(() => emulator.setFaults([]))
afterAll(async () => {
  await emulator.close()
})

function expectIncomplete(run: Awaited<ReturnType<typeof runAction>>, reason: RegExp): void {
  expect(run.code).toBe(1)
  expect(run.stdout).toMatch(/::error::CloudTrail scan incomplete in eu-west-2: /)
  expect(run.stdout).toMatch(reason)
  expect(run.outputs['complete']).toBe('false')
  expect(run.outputs['found']).not.toBe('false')
  expect(run.summary).toMatch(/Scan incomplete/)
  expect(run.summary).not.toMatch(/No forbidden events/)
}

describe('failing closed, end to end', () => {
  it('survives a throttle storm and still reads every page', async () => {
    emulator.setFaults([{ kind: 'throttle', region: 'eu-west-2', count: 4 }])
    const run = await runAction(inputs, env())
    expect(run.code).toBe(1)
    expect(run.outputs['complete']).toBe('true')
    expect(run.outputs['found']).toBe('true')
    expect(run.outputs['scanned']).toBe('140')
    expect(run.outputs['count']).toBe('2')
  })

  it('fails a dead server (no answer at all) within its deadline', async () => {
    emulator.setFaults([{ kind: 'hang', region: 'eu-west-2' }])
    // Its 6 s deadline ends it; a loaded machine adds seconds of start-up. A run that ignored the deadline would
    // be killed at 60 s, with no verdict written.
    const run = await runAction({ ...inputs, 'timeout-minutes': '0.1' }, env(), { timeoutMs: 60_000 })
    expectIncomplete(run, /deadline/)
    expect(run.outputs['found']).toBe('unknown')
    expect(run.ms).toBeLessThan(40_000)
  })

  it('fails after the second page when the service keeps answering 5xx, saying how far it got', async () => {
    emulator.setFaults([{ kind: 'server-error', region: 'eu-west-2', afterPages: 1, status: 503 }])
    const run = await runAction(inputs, env(), { timeoutMs: 60_000 })
    expectIncomplete(
      run,
      /the service failed \(HTTP 503.*5 attempts.*stopped after 1 pages and 50 events, oldest event reached \d{4}-/
    )
  })

  it('fails at once on access denied, naming the permission', async () => {
    emulator.setFaults([{ kind: 'access-denied', region: 'eu-west-2' }])
    const run = await runAction(inputs, env())
    expectIncomplete(run, /access denied.*cloudtrail:LookupEvents/)
  })

  it('fails on expired credentials, with the fix', async () => {
    emulator.setFaults([{ kind: 'expired-token', region: 'eu-west-2', afterPages: 2 }])
    const run = await runAction(inputs, env())
    expectIncomplete(run, /no usable AWS credentials \(ExpiredTokenException.*configure-aws-credentials/)
  })

  it('fails on a page token the service rejects, and on one it repeats', async () => {
    emulator.setFaults([{ kind: 'invalid-token', region: 'eu-west-2' }])
    expectIncomplete(await runAction(inputs, env()), /rejected a page token/)
    emulator.setFaults([{ kind: 'repeat-token', region: 'eu-west-2', afterPages: 1 }])
    expectIncomplete(await runAction(inputs, env()), /repeated a page token/)
  })

  it('fails with the fix when the job has no AWS credentials at all', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'gate-home-'))
    const run = await runAction(inputs, {
      AWS_ENDPOINT_URL_CLOUDTRAIL: emulator.url,
      AWS_ENDPOINT_URL_STS: emulator.url,
      HOME: home,
      AWS_CONFIG_FILE: path.join(home, 'none')
    })
    expectIncomplete(run, /no usable AWS credentials.*configure-aws-credentials.*id-token: write/)
  })
})
