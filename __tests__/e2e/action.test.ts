import { afterAll, beforeAll, jest, describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { sampleDataset, DEPLOY_BOT, INJECTION_HTML } from '../../emulator/data.js'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { emulatorEnv, runAction } from '../../__fixtures__/runner.js'

// The bundle, run as a runner runs it (a child process, INPUT_* variables, the output and summary files),
// against the emulator over real HTTP at its real 2 requests/s.

jest.setTimeout(120_000)

let emulator: Emulator
const now = new Date()
const day = (offsetMs: number): string =>
  new Date(now.getTime() + offsetMs).toISOString().slice(0, 10).replace(/-/g, '/')

const env = (): Record<string, string> => emulatorEnv(emulator.url)

function pages(region: string): number {
  return emulator.stats().regions[region]?.accepted ?? 0
}

interface Matched {
  EventName: string
  EventTime: string
  Resources: string[]
  UserName: string
  ErrorCode: string | null
}

beforeAll(async () => {
  emulator = await startEmulator({ records: sampleDataset(now), requestsPerSecond: 2 })
})
afterAll(async () => {
  await emulator.close()
})

describe('the bundled action against the emulator', () => {
  it('fails the step on forbidden events, with outputs, summary and report written first', async () => {
    const before = pages('eu-west-2')
    const run = await runAction(
      { user: DEPLOY_BOT, events: 'TerminateInstances, DeleteBucket', region: 'eu-west-2' },
      env()
    )
    expect(run.code).toBe(1)
    expect(run.outputs['found']).toBe('true')
    expect(run.outputs['count']).toBe('3')
    expect(run.outputs['complete']).toBe('true')
    // us-east-1 is read for its global-service events too: the names are not confined to a regional service by
    // the query (a catalog's word is not enough). In eu-west-2 the planner chose EventName lookups over the Username.
    expect(emulator.stats().regions['us-east-1']?.accepted ?? 0).toBeGreaterThan(0)
    expect(run.stdout).toMatch(
      /\[eu-west-2\] plan: EventName\/EventSource lookups EventName=TerminateInstances, EventName=DeleteBucket/
    )
    const report = JSON.parse(readFileSync(run.outputs['report'] ?? '', 'utf8')) as {
      events: Matched[]
      verdict: string
      counts: { byRegion: Array<{ region: string; pages: number }> }
      delivery: { mode: string; regions: Array<{ region: string; pages: number; delivered: boolean }> }
    }
    // The window ends now: the delivery barrier held before the newest part was read.
    expect(report.delivery.mode).toBe('barrier')
    expect(report.delivery.regions.map(r => [r.region, r.delivered])).toEqual([
      ['eu-west-2', true],
      ['us-east-1', true]
    ])
    const markerPages = report.delivery.regions.find(r => r.region === 'eu-west-2')?.pages ?? NaN
    // Every page the emulator served was either the barrier's own poll or a page the scan judged.
    const judged = report.counts.byRegion.find(r => r.region === 'eu-west-2')?.pages ?? NaN
    expect(pages('eu-west-2') - before - markerPages).toBe(judged)
    expect(judged).toBeGreaterThanOrEqual(3)
    const events = JSON.parse(run.outputs['events'] ?? '') as Matched[]
    expect(events.map(e => e.EventName).sort()).toEqual([
      'DeleteBucket',
      'TerminateInstances',
      'TerminateInstances'
    ])
    expect(events.map(e => e.EventTime)).toEqual([...events.map(e => e.EventTime)].sort().reverse())
    expect(events.every(e => e.UserName === DEPLOY_BOT)).toBe(true)
    expect(run.stdout).toMatch(
      /::error::Forbidden CloudTrail events found for deploy-bot \(Username\): TerminateInstances ×2, DeleteBucket ×1/
    )
    expect(run.stdout.match(/^::error::/gm)).toHaveLength(1)
    // One annotation per forbidden event name, for the check run.
    expect(run.stdout.match(/^::error title=Forbidden CloudTrail event%3A /gm)).toHaveLength(2)
    expect(report.verdict).toBe('forbidden')
    expect(report.events).toHaveLength(3)
    expect(run.summary.trimStart()).toMatch(/^<h2>❌/)
  })

  it('escapes attacker-controlled resource names in the summary and the log', async () => {
    const run = await runAction(
      { user: DEPLOY_BOT, events: 'TerminateInstances\nDeleteBucket', region: 'eu-west-2' },
      env()
    )
    const events = JSON.parse(run.outputs['events'] ?? '') as Matched[]
    expect(events.flatMap(e => e.Resources)).toContain(INJECTION_HTML)
    expect(run.summary).not.toContain('<script')
    expect(run.summary).not.toContain('</td><script>')
    expect(run.summary).toContain('&lt;/<wbr>td&gt;&lt;script&gt;')
    // A resource name carrying "\n::set-output" must never start a workflow-command line.
    expect(run.stdout).not.toMatch(/^::set-output/m)
    expect(
      run.stdout
        .split('\n')
        .filter(l => l.startsWith('::'))
        .every(l => /^::(group|endgroup|error|warning|debug)/.test(l))
    ).toBe(true)
  })

  it("includes the whole created_before day, so today's events count", async () => {
    // deploy-bot terminated an instance 12 minutes ago; its date as created_before must include it.
    const eventDay = day(-12 * 60_000)
    const run = await runAction(
      {
        user: DEPLOY_BOT,
        events: 'TerminateInstances',
        region: 'eu-west-2',
        created_after: day(-3 * 86_400_000),
        created_before: eventDay
      },
      env()
    )
    expect(run.outputs['found']).toBe('true')
    expect(run.outputs['count']).toBe('1')
  })

  it('passes clean when only another user made the forbidden events', async () => {
    const run = await runAction({ user: 'alice', events: 'TerminateInstances', region: 'eu-west-2' }, env())
    expect(run.code).toBe(0)
    expect(run.outputs['found']).toBe('false')
    expect(run.outputs['count']).toBe('0')
    expect(run.outputs['complete']).toBe('true')
    expect(Number(run.outputs['scanned'])).toBeGreaterThan(0)
    expect(run.summary.trimStart()).toMatch(/^<h2>✅/)
  })

  it('discovers every event of the user when no events are named, and never fails', async () => {
    const run = await runAction({ user: 'bob', region: 'eu-west-2', 'include-global-events': 'false' }, env())
    expect(run.code).toBe(0)
    expect(run.outputs['found']).toBe('false')
    expect(run.outputs['count']).toBe('18')
    expect(run.outputs['scanned']).toBe('18')
    expect(JSON.parse(run.outputs['events'] ?? '')).toHaveLength(18)
  })

  it('reports without failing when fail-on-forbidden is false', async () => {
    const run = await runAction(
      { user: 'bob', events: 'TerminateInstances', region: 'eu-west-2', 'fail-on-forbidden': 'false' },
      env()
    )
    expect(run.code).toBe(0)
    expect(run.outputs['found']).toBe('true')
    expect(run.stdout).toMatch(/::warning::Forbidden CloudTrail events found/)
  })

  it.each([
    [{ user: '', region: 'eu-west-2' }, /Input 'user'/],
    [
      { user: 'bob', region: 'eu-west-2', created_after: '2026/02/30' },
      /Input 'created_after' has an invalid value "2026\/02\/30"/
    ],
    [
      { user: 'bob', region: 'eu-west-2', created_after: day(0), created_before: day(-86_400_000) },
      /Input 'created_after'.*before created_before/
    ],
    [{ user: 'bob', region: 'mars' }, /Input 'region': mars: not an AWS Region/],
    [{ user: 'bob' }, /Input 'region'.*AWS_REGION/]
  ])(
    'fails bad input %p before any AWS call, with found=unknown and a short summary',
    async (inputs, message) => {
      const before = JSON.stringify(emulator.stats().regions)
      const run = await runAction(inputs, env())
      expect(run.code).toBe(1)
      expect(run.stdout).toMatch(message)
      expect(JSON.stringify(emulator.stats().regions)).toBe(before)
      expect(run.outputs).toEqual({ verdict: 'invalid-input', found: 'unknown', complete: 'false' })
      expect(run.summary.startsWith('<h2>❗ Bad input: nothing was scanned</h2>')).toBe(true)
      expect(existsSync(run.outputs['report'] ?? '/nonexistent')).toBe(false)
    }
  )
})
