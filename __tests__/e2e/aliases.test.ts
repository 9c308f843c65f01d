import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { sampleDataset, DEPLOY_BOT } from '../../emulator/data.js'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { emulatorEnv, runAction } from '../../__fixtures__/runner.js'

// created-after / created-before, the kebab-case aliases, through the bundle as a runner passes them
// (INPUT_CREATED-AFTER): the window they set is the window scanned, and a clash with the snake_case name stops
// the step before any LookupEvents call.

jest.setTimeout(120_000)

let emulator: Emulator
const now = new Date()
const today = now.toISOString().slice(0, 10)

const env = (): Record<string, string> => emulatorEnv(emulator.url)
const requests = (): number => emulator.stats().regions['eu-west-2']?.accepted ?? 0
const inputs = { user: DEPLOY_BOT, events: 'TerminateInstances', region: 'eu-west-2' }

beforeAll(async () => {
  emulator = await startEmulator({ records: sampleDataset(now), requestsPerSecond: 2 })
})
afterAll(async () => {
  await emulator.close()
})

describe('created-after and created-before', () => {
  it('bound the window the action scans', async () => {
    const day = today.replace(/-/g, '/')
    const run = await runAction(
      { ...inputs, 'created-after': day, 'created-before': day, 'include-global-events': 'false' },
      env()
    )
    expect(run.stdout).not.toMatch(/::error::Input/)
    expect(run.outputs['complete']).toBe('true')
    const report = JSON.parse(readFileSync(run.outputs['report'] ?? '', 'utf8')) as {
      query: { createdAfter: string; createdBefore: string }
    }
    expect(report.query).toMatchObject({
      createdAfter: `${today}T00:00:00Z`,
      createdBefore: `${today}T23:59:59Z`
    })
    // deploy-bot has 140 events over 30 days in eu-west-2: one day's window reads fewer.
    expect(Number(run.outputs['scanned'])).toBeLessThan(140)
  })

  it('clashing with created_after fails the step before any LookupEvents call', async () => {
    const before = requests()
    const run = await runAction(
      { ...inputs, created_after: '2026/11/01', 'created-after': '2026/11/02' },
      env()
    )
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(
      /::error::Input 'created-after' has an invalid value "2026\/11\/02": expected the same value as created_after/
    )
    expect(run.outputs['found']).not.toBe('false')
    expect(requests()).toBe(before)
  })
})
