import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { makeRecord } from '../../emulator/data.js'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { EMULATOR_USER } from '../../emulator/sts.js'
import { emulatorEnv, runAction } from '../../__fixtures__/runner.js'

// The gate auditing the very identity it runs as (a role auditing itself, a shared session name): its own
// delivery marker (STS GetCallerIdentity) and its own LookupEvents calls land in the window as that identity's
// events. The emulator records every signed call as a CloudTrail event of its caller, with the request ID it
// answered with, as CloudTrail does. Those records are set aside, never judged: `Get*, Lookup*` must not fail on
// them, while the identity's real GetParameter still counts.

jest.setTimeout(120_000)

let emulator: Emulator
const today = new Date().toISOString().slice(0, 10).replace(/-/g, '/')

beforeAll(async () => {
  const real = makeRecord({
    principal: EMULATOR_USER,
    eventName: 'GetParameter',
    source: 'ssm',
    region: 'us-east-1',
    time: Date.now() - 3 * 3_600_000
  })
  emulator = await startEmulator({ records: [real], requestsPerSecond: 0 })
})
afterAll(async () => {
  await emulator.close()
})

const env = (): Record<string, string> => emulatorEnv(emulator.url, 'AKIDSELF')

const inputs = {
  user: EMULATOR_USER.userName ?? 'emulator-user',
  events: 'Get*, Lookup*',
  // us-east-1: the catalog holds GetCallerIdentity to be an STS event, which it says CloudTrail records there.
  region: 'us-east-1',
  // The window ends at the end of today: the gate's own calls of this run fall inside it.
  created_before: today,
  'delivery-timeout-minutes': '0.5',
  'timeout-minutes': '2',
  // An identity whose only events were this run's own calls made none: that is not the point here.
  'fail-on-no-events': 'false'
}

describe('the gate auditing itself, end to end', () => {
  it("counts the identity's real GetParameter, and none of its own marker and lookups", async () => {
    const run = await runAction(inputs, env())
    expect(run.code).toBe(1)
    expect(run.outputs).toMatchObject({ found: 'true', count: '1', complete: 'true' })
    const report = JSON.parse(readFileSync(run.outputs['report'] ?? '', 'utf8')) as {
      events: Array<{ EventName: string }>
      ownCalls: number
    }
    expect(report.events.map(e => e.EventName)).toEqual(['GetParameter'])
    // At least the marker and the page that found it: the gate's calls were in the window, and set aside.
    expect(report.ownCalls).toBeGreaterThanOrEqual(2)
    expect(run.summary).toMatch(/of this gate&#39;s own calls were set aside/)
  })

  it('is clean when the only matching events are its own calls', async () => {
    const fresh = await startEmulator({ records: [], requestsPerSecond: 0 })
    try {
      const run = await runAction(
        { ...inputs, events: 'GetCallerIdentity, LookupEvents' },
        { ...env(), AWS_ENDPOINT_URL_CLOUDTRAIL: fresh.url, AWS_ENDPOINT_URL_STS: fresh.url }
      )
      expect(run.code).toBe(0)
      expect(run.outputs).toMatchObject({ found: 'false', complete: 'true' })
      const report = JSON.parse(readFileSync(run.outputs['report'] ?? '', 'utf8')) as { ownCalls: number }
      expect(report.ownCalls).toBeGreaterThanOrEqual(2)
    } finally {
      await fresh.close()
    }
  })

  it("counts an earlier run's calls: they were made with the identity's credentials, not by this run", async () => {
    const shared = await startEmulator({ records: [], requestsPerSecond: 0 })
    const where = { ...env(), AWS_ENDPOINT_URL_CLOUDTRAIL: shared.url, AWS_ENDPOINT_URL_STS: shared.url }
    try {
      const gated = { ...inputs, events: 'GetCallerIdentity' }
      expect((await runAction(gated, where)).code).toBe(0)
      const second = await runAction(gated, where)
      expect(second.code).toBe(1)
      expect(second.outputs).toMatchObject({ found: 'true', complete: 'true' })
    } finally {
      await shared.close()
    }
  })
})
