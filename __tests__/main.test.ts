import { afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import type { LookupEventsCommand, LookupEventsCommandOutput } from '@aws-sdk/client-cloudtrail'
import { readFileSync, writeFileSync } from 'node:fs'
import type { CloudTrailLike } from '../src/sources/lookup-events/call.js'
import { run } from '../src/action/main.js'
import { FakeClock } from '../__fixtures__/clock.js'
import { awsError, record } from '../__fixtures__/records.js'
import { readOutputs, runnerEnv, runnerFiles, type RunnerFiles } from '../__fixtures__/runner.js'

// The action shell with the real runner protocol (runner.ts, checked against @actions/core in runner.test.ts): real
// INPUT_* variables in, the real GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files out. Only CloudTrail is faked.

const saved = { ...process.env }
let files: RunnerFiles
let stdout: string[]
let calls: number

function setInputs(inputs: Record<string, string>): void {
  for (const key of Object.keys(process.env)) if (key.startsWith('INPUT_')) delete process.env[key]
  Object.assign(
    process.env,
    // The delivery barrier has its own tests (barrier-scan, e2e/delivery); these windows end now.
    runnerEnv(
      { region: 'eu-west-2', 'include-global-events': 'false', 'wait-for-delivery': 'false', ...inputs },
      files
    )
  )
}

const events = [
  record({
    name: 'TerminateInstances',
    time: '2026-11-21T09:00:00Z',
    resources: ['</td><script>alert(1)</script>']
  }),
  record({ name: 'DescribeInstances', time: '2026-11-21T08:00:00Z' }),
  record({ name: 'DeleteBucket', time: '2026-11-20T08:00:00Z', errorCode: 'AccessDenied' })
]

const client: CloudTrailLike = {
  send: async (_command: LookupEventsCommand): Promise<LookupEventsCommandOutput> => {
    calls += 1
    return { $metadata: {}, Events: events }
  }
}

async function runAction(inputs: Record<string, string>, cloudTrail: CloudTrailLike = client) {
  setInputs(inputs)
  await run({
    clock: new FakeClock(Date.parse('2026-11-21T12:00:00Z')),
    clientFor: () => cloudTrail,
    env: process.env
  })
  return {
    outputs: readOutputs(files.output),
    summary: readFileSync(files.summary, 'utf8'),
    log: stdout.join(''),
    exitCode: process.exitCode
  }
}

beforeAll(() => {
  // core.summary remembers the summary file's path for the life of the process: one set of files, emptied per test.
  files = runnerFiles()
})

beforeEach(() => {
  writeFileSync(files.output, '')
  writeFileSync(files.summary, '')
  stdout = []
  calls = 0
  process.exitCode = undefined
  jest.spyOn(process.stdout, 'write').mockImplementation(chunk => (stdout.push(String(chunk)), true))
})

afterEach(() => {
  jest.restoreAllMocks()
  process.exitCode = undefined
  process.env = { ...saved }
})

describe('run', () => {
  it('fails the step naming each forbidden event and its count, after writing outputs and summary', async () => {
    const { outputs, summary, log, exitCode } = await runAction({
      user: 'alice',
      events: 'TerminateInstances\nDeleteBucket'
    })
    expect(exitCode).toBe(1)
    expect(log).toMatch(
      /::error::Forbidden CloudTrail events found for alice \(Username\): DeleteBucket ×1, TerminateInstances ×1/
    )
    expect(outputs['found']).toBe('true')
    expect(outputs['count']).toBe('2')
    expect(outputs['scanned']).toBe('3')
    expect(outputs['complete']).toBe('true')
    expect(outputs['denied']).toBe('1')
    const matched = JSON.parse(outputs['events'] ?? '[]') as Array<{ EventName: string; EventTime: string }>
    expect(matched.map(e => [e.EventName, e.EventTime])).toEqual([
      ['TerminateInstances', '2026-11-21T09:00:00Z'],
      ['DeleteBucket', '2026-11-20T08:00:00Z']
    ])
    const report = JSON.parse(readFileSync(outputs['report'] ?? '', 'utf8')) as { events: unknown[] }
    expect(outputs['report']?.startsWith(files.temp)).toBe(true)
    expect(report.events).toHaveLength(2)
    expect(summary.trimStart().startsWith('<h2>❌')).toBe(true)
    expect(summary).not.toContain('<script>')
    expect(summary).toContain('&lt;/<wbr>td&gt;&lt;script&gt;')
    // One setFailed, after the outputs and the summary were written.
    expect(log.match(/::error::/g)).toHaveLength(1)
    // And one annotation per forbidden event name, for the check run.
    const annotations = log.match(/^::error title=.*$/gm) ?? []
    expect(annotations).toHaveLength(2)
    expect(annotations[0]).toMatch(
      /^::error title=Forbidden CloudTrail event%3A DeleteBucket::DeleteBucket ×1 by alice, newest at 2026-11-20T08:00:00Z in eu-west-2/
    )
    expect(annotations[1]).toMatch(
      /^::error title=Forbidden CloudTrail event%3A TerminateInstances::TerminateInstances ×1/
    )
  })

  it('passes a clean run and says so', async () => {
    const { outputs, summary, exitCode } = await runAction({ user: 'alice', events: 'RunInstances' })
    expect(exitCode).toBeUndefined()
    expect(outputs['found']).toBe('false')
    expect(outputs['count']).toBe('0')
    expect(outputs['events']).toBe('[]')
    expect(summary.trimStart().startsWith('<h2>✅')).toBe(true)
  })

  it('discovers every event without failing when no events are named', async () => {
    const { outputs, exitCode } = await runAction({ user: 'alice' })
    expect(exitCode).toBeUndefined()
    expect(outputs['found']).toBe('false')
    expect(outputs['count']).toBe('3')
  })

  it('only warns when fail-on-forbidden is false', async () => {
    const { outputs, log, exitCode } = await runAction({
      user: 'alice',
      events: 'TerminateInstances',
      'fail-on-forbidden': 'false'
    })
    expect(exitCode).toBeUndefined()
    expect(outputs['found']).toBe('true')
    expect(log).toMatch(/::warning::Forbidden CloudTrail events found.*fail-on-forbidden is false/)
    // The annotations follow: warnings, since the step passes.
    expect(log).toMatch(/^::warning title=Forbidden CloudTrail event%3A TerminateInstances::/m)
    expect(log).not.toMatch(/^::error/m)
  })

  it('with ignore-denied, a denied forbidden attempt does not fail the step', async () => {
    const { outputs, exitCode } = await runAction({
      user: 'alice',
      events: 'DeleteBucket',
      'ignore-denied': 'true'
    })
    expect(exitCode).toBeUndefined()
    expect(outputs['found']).toBe('false')
    expect(outputs['denied']).toBe('1')
    expect(outputs['count']).toBe('1')
  })

  it.each([
    [{ user: '' }, /Input 'user' has an invalid value ""/],
    [
      { user: 'alice', created_after: '2024/02/30' },
      /Input 'created_after' has an invalid value "2024\/02\/30": expected YYYY\/MM\/DD/
    ],
    [{ user: 'alice', region: 'moon-1' }, /Input 'region'/],
    [{ user: 'alice', 'fail-on-forbidden': 'maybe' }, /Input 'fail-on-forbidden'/],
    [{ user: 'alice', 'role-to-assume': 'not-an-arn' }, /Input 'role-to-assume'/]
  ])(
    'fails bad input %p before any AWS call, with a short summary and found=unknown',
    async (inputs, message) => {
      const { outputs, log, exitCode, summary } = await runAction(inputs)
      expect(exitCode).toBe(1)
      expect(log).toMatch(message)
      expect(calls).toBe(0)
      expect(outputs).toEqual({ verdict: 'invalid-input', found: 'unknown', complete: 'false' })
      expect(summary.startsWith('<h2>❗ Bad input: nothing was scanned</h2>\n<p>Input &#39;')).toBe(true)
    }
  )

  it('fails before scanning, with the fix, when role-to-assume has no OIDC token to use', async () => {
    delete process.env['ACTIONS_ID_TOKEN_REQUEST_URL']
    const { log, exitCode, outputs, summary } = await runAction({
      user: 'alice',
      'role-to-assume': 'arn:aws:iam::123456789012:role/audit'
    })
    expect(exitCode).toBe(1)
    expect(log).toMatch(/permissions: id-token: write/)
    expect(calls).toBe(0)
    expect(outputs).toEqual({ verdict: 'incomplete', found: 'unknown', complete: 'false' })
    expect(summary.startsWith('<h2>❗ The scan could not start</h2>')).toBe(true)
  })

  it('fails an incomplete scan with how far it got, and never outputs found=false', async () => {
    const denied: CloudTrailLike = {
      send: async () => Promise.reject(awsError('AccessDeniedException', 400, 'not authorized'))
    }
    const { outputs, summary, log, exitCode } = await runAction(
      { user: 'alice', events: 'TerminateInstances' },
      denied
    )
    expect(exitCode).toBe(1)
    expect(log).toMatch(
      /::error::CloudTrail scan incomplete in eu-west-2: access denied .*stopped after 0 pages and 0 events/
    )
    expect(outputs['found']).toBe('unknown')
    expect(outputs['complete']).toBe('false')
    expect(summary).toMatch(/Scan incomplete/)
    expect(summary).not.toMatch(/No forbidden events/)
  })

  it('says found=true, and names the finds, when a scan that already found forbidden events stops early', async () => {
    let page = 0
    const flaky: CloudTrailLike = {
      send: async () => {
        page += 1
        if (page > 1) throw awsError('InternalFailure', 500)
        return { $metadata: {}, Events: events, NextToken: 'more' }
      }
    }
    const { outputs, log, exitCode } = await runAction({ user: 'alice', events: 'TerminateInstances' }, flaky)
    expect(exitCode).toBe(1)
    expect(outputs['found']).toBe('true')
    expect(outputs['complete']).toBe('false')
    expect(log).toMatch(
      /::error::CloudTrail scan incomplete.*Forbidden events found before it stopped: TerminateInstances ×1/
    )
  })
})
