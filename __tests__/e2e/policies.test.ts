import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { DEPLOY_BOT, sampleDataset } from '../../emulator/data.js'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { type ActionRun, emulatorEnv, runAction } from '../../__fixtures__/runner.js'

// Issue 18 through the bundle as a runner starts it, against the emulator's sample account: the `verdict`
// output, "no events" as its own verdict that fails by default, read-only events left alone, an allow-list,
// approvals of reviewed events and their expiry, and what the summary shows of each.

jest.setTimeout(180_000)

let emulator: Emulator

const env = (): Record<string, string> => emulatorEnv(emulator.url, 'AKIDPOLICY')

const base = {
  user: DEPLOY_BOT,
  region: 'eu-west-2',
  'include-global-events': 'false',
  'wait-for-delivery': 'false'
}

interface Matched {
  EventId: string
  EventName: string
  Forbidden: boolean
  ForbiddenBy: string | null
  Approved: { until: string; expired: boolean } | null
}
const events = (run: ActionRun): Matched[] =>
  (JSON.parse(readFileSync(run.outputs['report'] ?? '', 'utf8')) as { events: Matched[] }).events

const day = (offsetDays: number): string =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10)

beforeAll(async () => {
  emulator = await startEmulator({ records: sampleDataset(new Date()), requestsPerSecond: 0 })
})
afterAll(async () => {
  await emulator.close()
})

describe('the verdict output', () => {
  it('is forbidden, clean, no-events, incomplete or invalid-input', async () => {
    const forbidden = await runAction({ ...base, events: 'TerminateInstances' }, env())
    expect([forbidden.code, forbidden.outputs['verdict']]).toEqual([1, 'forbidden'])
    const clean = await runAction({ ...base, events: 'DeleteTrail' }, env())
    expect([clean.code, clean.outputs['verdict']]).toEqual([0, 'clean'])
    const invalid = await runAction({ ...base, region: 'eu-west-22', events: 'DeleteTrail' }, env())
    expect([invalid.code, invalid.outputs['verdict']]).toEqual([1, 'invalid-input'])
    expect(invalid.stdout).toMatch(/eu-west-22: not an AWS Region; did you mean eu-west-2\?/)
    const incomplete = await runAction(
      { ...base, events: 'DeleteTrail', 'requests-per-second': '0.1', 'timeout-minutes': '0.05' },
      env()
    )
    expect([incomplete.code, incomplete.outputs['verdict']]).toEqual([1, 'incomplete'])
  })
})

describe('no events is its own verdict', () => {
  it('fails the step by default for a misspelled user, with its own look, not the clean one', async () => {
    const run = await runAction({ ...base, user: 'deploy-bto', events: 'TerminateInstances' }, env())
    expect(run.code).toBe(1)
    expect(run.outputs).toMatchObject({ verdict: 'no-events', found: 'false', complete: 'true' })
    expect(run.summary).toMatch(/^<h2>⚠️ No events by <code>deploy-bto<\/code>/)
    expect(run.summary.split('\n')[0]).not.toContain('✅')
    expect(run.stdout).toMatch(
      /::error::No events by deploy-bto in eu-west-2 .*\(fail-on-no-events is true\)/
    )
  })

  it('passes with fail-on-no-events: false, the verdict still no-events; discovery included', async () => {
    const allowed = await runAction(
      { ...base, user: 'deploy-bto', events: 'TerminateInstances', 'fail-on-no-events': 'false' },
      env()
    )
    expect([allowed.code, allowed.outputs['verdict']]).toEqual([0, 'no-events'])
    const discovery = await runAction({ ...base, user: 'deploy-bto' }, env())
    expect([discovery.code, discovery.outputs['verdict']]).toEqual([1, 'no-events'])
  })
})

describe('ignore-read-only', () => {
  it("fails on deploy-bot's read-only Get* calls by default, and not with ignore-read-only", async () => {
    const counted = await runAction({ ...base, events: 'Get*' }, env())
    expect(counted.outputs['verdict']).toBe('forbidden')
    const ignored = await runAction({ ...base, events: 'Get*', 'ignore-read-only': 'true' }, env())
    expect([ignored.code, ignored.outputs['verdict']]).toEqual([0, 'clean'])
    expect(ignored.summary).toContain('read-only events exempt')
  })
})

describe('allowed-events', () => {
  it('forbids everything outside the allow-list, reading every event of the identity', async () => {
    const run = await runAction(
      {
        ...base,
        'allowed-events': 'cloudformation:*, lambda:*, ec2:RunInstances, ec2:CreateTags, s3:PutBucketPolicy',
        'ignore-read-only': 'true'
      },
      env()
    )
    expect(run.outputs['verdict']).toBe('forbidden')
    const forbidden = events(run).filter(e => e.Forbidden)
    expect(new Set(forbidden.map(e => e.EventName))).toEqual(new Set(['TerminateInstances', 'DeleteBucket']))
    expect(forbidden.every(e => e.ForbiddenBy === 'not in allowed-events')).toBe(true)
    // An allow-list needs every event of the identity: the Username lookup, never per-name lookups.
    expect(run.stdout).toMatch(/\[eu-west-2\] plan: Username lookup Username=deploy-bot/)
    expect(run.summary).toContain('<b>Allowed (everything else forbidden):</b>')
  })
})

describe('approved-events', () => {
  it('lets a reviewed event pass until its day, with its reason, then fails again', async () => {
    const first = await runAction({ ...base, events: 'TerminateInstances' }, env())
    const ids = events(first)
      .filter(e => e.Forbidden)
      .map(e => e.EventId)
    expect(ids.length).toBeGreaterThan(0)
    const approve = (until: string): string =>
      ids.map(id => `${id} until ${until} # INC-42 rotation`).join('\n')
    const approved = await runAction(
      { ...base, events: 'TerminateInstances', 'approved-events': approve(day(1)) },
      env()
    )
    expect([approved.code, approved.outputs['verdict']]).toEqual([0, 'clean'])
    expect(events(approved).every(e => e.Approved?.expired === false)).toBe(true)
    expect(approved.summary).toContain('did not fail the step (approved-events)')
    expect(approved.summary).toContain('INC-42 rotation')
    const expired = await runAction(
      { ...base, events: 'TerminateInstances', 'approved-events': approve(day(-1)) },
      env()
    )
    expect([expired.code, expired.outputs['verdict']]).toEqual([1, 'forbidden'])
    expect(expired.summary).toContain('approval expired')
  })

  it('refuses an approval longer than a year, before any AWS call', async () => {
    const run = await runAction(
      { ...base, events: 'TerminateInstances', 'approved-events': `some-event until ${day(400)}` },
      env()
    )
    expect([run.code, run.outputs['verdict']]).toEqual([1, 'invalid-input'])
    expect(run.stdout).toMatch(/approved-events.*at most 366 days/)
  })
})
