import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { DEPLOY_BOT, sampleDataset, SAMPLE_ACCOUNT } from '../../emulator/data.js'
import { startEmulator, type Emulator, type EmulatorStats } from '../../emulator/server.js'
import { emulatorEnv, runAction } from '../../__fixtures__/runner.js'
import { renderedText, workflowCommands } from '../../__fixtures__/workflow-commands.js'

// Through the bundle as a runner starts it: a relative window, a Region that is not one (stopped before any AWS
// call), and values that a reader copies from the log, the outputs and the summary exactly as CloudTrail has them.

jest.setTimeout(120_000)

let emulator: Emulator

const env = (): Record<string, string> => emulatorEnv(emulator.url)

interface ReportFile {
  query: { createdAfter: string; createdBefore: string }
  delivery: { regions: Array<{ requestId: string; callerArn: string }> } | null
}
const reportOf = (outputs: Record<string, string>): ReportFile =>
  JSON.parse(readFileSync(outputs['report'] ?? '', 'utf8')) as ReportFile

/** Every call the emulator saw: LookupEvents per Region, STS, OIDC, and the calls it recorded. */
function calls(stats: EmulatorStats): number {
  const lookups = Object.values(stats.regions).reduce((n, r) => n + r.requests, 0)
  const sts = stats.sts.assumeRoleWithWebIdentity + stats.sts.getCallerIdentityRegions.length
  return lookups + sts + stats.oidc.tokens + stats.recordedCalls
}

beforeAll(async () => {
  emulator = await startEmulator({ records: sampleDataset(new Date()), requestsPerSecond: 2 })
})
afterAll(async () => {
  await emulator.close()
})

describe('created_after: 7d', () => {
  it('scans exactly the last 7 × 24 hours up to now', async () => {
    const started = Date.now()
    const run = await runAction(
      {
        user: DEPLOY_BOT,
        events: 'TerminateInstances',
        region: 'eu-west-2',
        created_after: '7d',
        'include-global-events': 'false',
        'wait-for-delivery': 'false'
      },
      env()
    )
    expect(run.outputs['complete']).toBe('true')
    const { createdAfter, createdBefore } = reportOf(run.outputs).query
    expect(Date.parse(createdBefore) - Date.parse(createdAfter)).toBe(7 * 86_400_000)
    expect(Date.parse(createdBefore)).toBeGreaterThanOrEqual(Math.floor(started / 1000) * 1000)
    expect(Date.parse(createdBefore)).toBeLessThanOrEqual(Date.now())
  })

  it('a relative value out of bounds fails the step, naming the input, the value and the forms', async () => {
    const run = await runAction({ user: DEPLOY_BOT, region: 'eu-west-2', 'created-after': '0d' }, env())
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(
      /::error::Input 'created-after' has an invalid value "0d": expected a time before now: <n>m, <n>h, <n>d or <n>w/
    )
  })
})

describe('a Region that is not an AWS Region', () => {
  it('fails the step before any AWS call, naming the nearest real one', async () => {
    const quiet = await startEmulator({ records: sampleDataset(new Date()), requestsPerSecond: 2 })
    try {
      const run = await runAction(
        { user: DEPLOY_BOT, events: 'TerminateInstances', region: 'eu-west-22' },
        { ...env(), AWS_ENDPOINT_URL_CLOUDTRAIL: quiet.url, AWS_ENDPOINT_URL_STS: quiet.url }
      )
      expect(run.code).toBe(1)
      expect(run.stdout).toContain(
        "::error::Input 'region': eu-west-22: not an AWS Region; did you mean eu-west-2?"
      )
      expect(run.outputs['found']).toBe('unknown')
      expect(run.outputs['complete']).toBe('false')
      const fromEnv = await runAction(
        { user: DEPLOY_BOT },
        { ...env(), AWS_ENDPOINT_URL_CLOUDTRAIL: quiet.url, AWS_REGION: 'us-esat-1' }
      )
      expect(fromEnv.stdout).toContain(
        "::error::Input 'AWS_REGION': us-esat-1: not an AWS Region; did you mean us-east-1?"
      )
      expect(calls(quiet.stats())).toBe(0)
    } finally {
      await quiet.close()
    }
  })
})

describe('copyable values', () => {
  it('logs, outputs and summarises ARNs, event names and request IDs exactly, with nothing invisible', async () => {
    const role = `arn:aws:iam::${SAMPLE_ACCOUNT}:role/deploy-prod`
    const run = await runAction(
      { user: role, events: 'DeleteStack, PutRolePolicy, DeleteBucket', region: 'eu-west-2' },
      env()
    )
    expect(run.code).toBe(1)
    const invisible = /[\u200b-\u200f\u2060\ufeff]|&#(8203|8204|8205|8288|65279);/
    for (const text of [run.stdout, run.stderr, run.summary, ...Object.values(run.outputs)]) {
      expect(text).not.toMatch(invisible)
    }
    expect(run.stdout).toContain(
      `::error::Forbidden CloudTrail events found for every session of role deploy-prod (${role})`
    )
    expect(run.stdout).toMatch(/^FORBIDDEN: .*DeleteStack ×1/m)
    expect(renderedText(run.summary)).toContain(role)
    const marker = reportOf(run.outputs).delivery?.regions[0]
    expect(marker).toBeDefined()
    expect(run.stdout).toContain(
      `delivery marker placed: GetCallerIdentity as ${marker?.callerArn}, request ${marker?.requestId}`
    )
    expect(marker?.callerArn).toMatch(/^arn:aws:/)
    expect(renderedText(run.summary)).toContain(marker?.requestId ?? '?')
    const allowed = new Set(['group', 'endgroup', 'error', 'warning', 'debug', 'add-mask'])
    expect(workflowCommands(run.stdout).filter(name => !allowed.has(name))).toEqual([])
  })
})
