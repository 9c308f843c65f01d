import { expect } from '@jest/globals'
import { startHostile, type Scenario } from './hostile.js'
import { runAction, type ActionRun } from './runner.js'

// Runs the bundle against a hostile LookupEvents server, and the checks every hostile case shares.

export const BASE_INPUTS = {
  user: 'alice',
  events: 'TerminateInstances',
  region: 'eu-west-2',
  'include-global-events': 'false',
  // A hostile LookupEvents server serves no STS: the delivery barrier is tested against the emulator instead.
  'wait-for-delivery': 'false'
}

/** The bundle as a runner runs it, against a server that follows `scenario`. */
export async function against(scenario: Scenario, inputs: Record<string, string> = {}): Promise<ActionRun> {
  const server = await startHostile(scenario)
  try {
    return await runAction(
      { ...BASE_INPUTS, ...inputs },
      {
        AWS_ENDPOINT_URL_CLOUDTRAIL: server.url,
        AWS_ACCESS_KEY_ID: 'AKIDE2E',
        AWS_SECRET_ACCESS_KEY: 'secret'
      },
      { timeoutMs: 40_000 }
    )
  } finally {
    await server.close()
  }
}

/** Never green, never found=false; quick; a small log; and the reason a person can act on. */
export function expectFailedClosed(run: ActionRun, reason: RegExp): void {
  expect(run.code).toBe(1)
  expect(run.outputs['found']).not.toBe('false')
  expect(run.outputs['complete']).toBe('false')
  expect(run.stdout).toMatch(/::error::CloudTrail scan incomplete in eu-west-2: /)
  expect(run.stdout).toMatch(reason)
  expect(run.stdout).not.toMatch(
    /\$response|is not iterable|Cannot read properties|Invalid time value|UnknownError/
  )
  expectBounded(run)
}

/** Bounded time and a small log, whatever the server sent. */
export function expectBounded(run: ActionRun): void {
  expect(run.ms).toBeLessThan(25_000)
  expect(run.stdout.length + run.stderr.length).toBeLessThan(20_000)
}
