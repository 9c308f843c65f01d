import { afterEach, describe, expect, it, jest } from '@jest/globals'
import { iamUser, makeRecord, SAMPLE_ACCOUNT, type EmulatorRecord } from '../../emulator/data.js'
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator/server.js'
import { runAction } from '../../__fixtures__/runner.js'

// The delivery barrier, end to end: the bundle as a child process against an emulator whose records show in
// LookupEvents only after a delay, as CloudTrail's do, and which records the action's own STS and LookupEvents
// calls as CloudTrail events of its caller (the static key's `emulator-user`). Delays are seconds, not minutes.

jest.setTimeout(120_000)

const DEPLOYER = iamUser(SAMPLE_ACCOUNT, 'deployer')
const SECOND = 1000
const emulators: Emulator[] = []

afterEach(async () => {
  await Promise.all(emulators.splice(0).map(e => e.close()))
})

function event(eventName: string, at: number, deliveryDelayMs?: number): EmulatorRecord {
  return makeRecord({
    principal: DEPLOYER,
    eventName,
    source: 'ec2',
    region: 'eu-west-2',
    time: at,
    resources: [{ type: 'AWS::EC2::Instance', name: 'i-0123456789abcdef0' }],
    ...(deliveryDelayMs !== undefined && { deliveryDelayMs })
  })
}

async function emulator(records: EmulatorRecord[], options: EmulatorOptions): Promise<Emulator> {
  const started = await startEmulator({ records, requestsPerSecond: 2, ...options })
  emulators.push(started)
  return started
}

function env(e: Emulator): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_CLOUDTRAIL: e.url,
    AWS_ENDPOINT_URL_STS: e.url,
    AWS_ACCESS_KEY_ID: 'AKIDDELIVERY',
    AWS_SECRET_ACCESS_KEY: 'secret'
  }
}

const inputs = {
  user: 'deployer',
  events: 'TerminateInstances',
  region: 'eu-west-2',
  'include-global-events': 'false',
  'delivery-timeout-minutes': '0.5',
  'timeout-minutes': '2'
}

/** A deploy made seconds before the gate runs: old events, plus a TerminateInstances CloudTrail shows late. */
function lateDeploy(now: number, shownAfter = 5 * SECOND): EmulatorRecord[] {
  return [
    event('RunInstances', now - 3_600 * SECOND),
    event('DescribeInstances', now - 20 * 60 * SECOND),
    // Made 2 s before the run; shown 3 s after it starts (by default), before the marker (4 s) shows.
    event('TerminateInstances', now - 2 * SECOND, shownAfter)
  ]
}

describe('the delivery barrier (bundled action, emulator with delivery delays)', () => {
  it('finds an event made seconds before the run and delivered late (exit 1)', async () => {
    const e = await emulator(lateDeploy(Date.now()), { deliveryDelayMs: 4 * SECOND })
    const run = await runAction(inputs, env(e))
    expect(run.code).toBe(1)
    expect(run.outputs['found']).toBe('true')
    expect(run.outputs['complete']).toBe('true')
    expect(run.stdout).toMatch(
      /waiting for CloudTrail to deliver events up to \S+Z: marker not visible yet, \d+ s/
    )
    expect(run.stdout).toMatch(
      /::error::Forbidden CloudTrail events found for deployer.*TerminateInstances ×1/
    )
    expect(e.stats().sts.getCallerIdentityRegions).toEqual(['eu-west-2'])
    expect(run.summary).toContain('<b>Delivery</b> · CloudTrail had caught up in every Region')
  })

  it('misses that same event with wait-for-delivery: false, and says it skipped the wait', async () => {
    // The same deploy a minute slower (the event shown after 60 s, a marker after 61 s), so a run that does not
    // wait reads before the event shows however long a loaded machine takes to start it (3 s did not suffice).
    const e = await emulator(lateDeploy(Date.now(), 60 * SECOND), { deliveryDelayMs: 61 * SECOND })
    const run = await runAction({ ...inputs, 'wait-for-delivery': 'false' }, env(e))
    // The wrong "clean" the barrier exists to prevent: what a user accepts by turning it off.
    expect(run.code).toBe(0)
    expect(run.outputs['found']).toBe('false')
    expect(run.stdout).toMatch(/Delivery barrier skipped \(wait-for-delivery is false\)/)
    expect(run.summary).toContain('<b>Delivery</b> · not checked (wait-for-delivery is false)')
    expect(run.summary).toContain('Not waited for CloudTrail to deliver')
    expect(e.stats().sts.getCallerIdentityRegions).toEqual([])
  })

  it('waits for the marker on a clean window, then passes', async () => {
    const now = Date.now()
    const e = await emulator(
      [event('RunInstances', now - 600 * SECOND), event('StopInstances', now - SECOND)],
      {
        deliveryDelayMs: 3 * SECOND
      }
    )
    const run = await runAction(inputs, env(e))
    expect(run.code).toBe(0)
    expect(run.outputs['found']).toBe('false')
    expect(run.outputs['complete']).toBe('true')
    // The marker took its 3 s to show: the run cannot have judged the window before that.
    expect(run.ms).toBeGreaterThanOrEqual(3 * SECOND)
    expect(run.stdout).toMatch(/\[eu-west-2\] CloudTrail shows the marker after \d+ seconds/)
    expect(e.stats().sts.getCallerIdentityRegions).toEqual(['eu-west-2'])
    // The action's own calls were recorded as events of emulator-user, never of the user audited.
    expect(e.stats().recordedCalls).toBeGreaterThan(2)
  })

  it('fails as incomplete, within the limit, when the marker never shows', async () => {
    const now = Date.now()
    const e = await emulator([event('RunInstances', now - 600 * SECOND, 0)], { deliveryDelayMs: Infinity })
    const run = await runAction({ ...inputs, 'delivery-timeout-minutes': '0.1' }, env(e))
    expect(run.code).toBe(1)
    expect(run.outputs['complete']).toBe('false')
    expect(run.outputs['found']).toBe('unknown')
    expect(run.stdout).toMatch(
      /::error::CloudTrail scan incomplete in eu-west-2: CloudTrail had not delivered events up to \S+Z in eu-west-2 after 6 seconds/
    )
    // The barrier's own 6 s, not the run's 2-minute deadline; the rest is room for a loaded machine.
    expect(run.ms).toBeLessThan(45 * SECOND)
    expect(run.summary).toContain('<b>Delivery</b> · not proved')
  })

  it('places no marker and does not wait for an old window', async () => {
    const now = Date.now()
    const e = await emulator([event('TerminateInstances', now - 3 * 3_600 * SECOND)], {
      deliveryDelayMs: Infinity
    })
    const run = await runAction(
      {
        ...inputs,
        created_before: new Date(now - 2 * 3_600 * SECOND).toISOString(),
        // The event is never delivered, so the identity shows no event: not what this test is about.
        'fail-on-no-events': 'false'
      },
      env(e)
    )
    // With an infinite delay no marker could ever show: had the action placed one, the run would have failed.
    expect(run.code).toBe(0)
    expect(run.outputs['complete']).toBe('true')
    expect(run.stdout).toMatch(
      /Delivery barrier not needed: the window ended at \S+Z, more than 30 minutes ago/
    )
    expect(e.stats().sts.getCallerIdentityRegions).toEqual([])
    expect(run.summary).toContain('<b>Delivery</b> · taken as complete')
  })
})
