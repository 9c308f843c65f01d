import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { sampleDataset, DEPLOY_BOT } from '../../emulator/data.js'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { type CliRun, emulatorEnv, runAction, runCli } from '../../__fixtures__/runner.js'

// Issue 8's table, through the bundle: each forbidden list that used to end green fails the step before any
// LookupEvents call (the emulator counts every request), with the fix in the message; the CLI exits 2.

jest.setTimeout(120_000)

let emulator: Emulator

const env = (): Record<string, string> => emulatorEnv(emulator.url)

/** LookupEvents requests the emulator has received, in every Region. */
function requests(): number {
  return Object.values(emulator.stats().regions).reduce((sum, r) => sum + r.requests, 0)
}

const cli = (args: string[]): Promise<CliRun> => runCli(args, env())

beforeAll(async () => {
  emulator = await startEmulator({ records: sampleDataset(new Date()), requestsPerSecond: 2 })
})
afterAll(async () => {
  await emulator.close()
})

describe('inputs that can never match fail the step before any LookupEvents call', () => {
  it.each<[Record<string, string>, string]>([
    [
      { events: 'TerminateInstance' },
      "'TerminateInstance' is not a CloudTrail event name; did you mean 'TerminateInstances' (ec2.amazonaws.com)?"
    ],
    [
      { events: 'terminateinstances' },
      "'terminateinstances' is not a CloudTrail event name; did you mean 'TerminateInstances' (ec2.amazonaws.com)?"
    ],
    [
      { events: 'ec2:TerminateInstance' },
      "'ec2:TerminateInstance' is not a CloudTrail event name of ec2.amazonaws.com; did you mean 'TerminateInstances' (ec2.amazonaws.com)?"
    ],
    [
      { events: 'iam:DeleteRole', 'include-global-events': 'false' },
      "'iam:DeleteRole' can only match events of iam.amazonaws.com, a global service that CloudTrail records in us-east-1 only"
    ],
    [
      { user: 'deploy-*' },
      'Input \'user\' has an invalid value "deploy-*": expected one identity, without wildcards'
    ],
    [{ user: 'ARN:aws:iam::123456789012:user/deploy-bot' }, "expected an ARN starting with lowercase 'arn:'"],
    [{ user: 'deploy\u202ebot' }, 'deploy\\u202ebot'],
    [{ events: ' , ,\n' }, 'holds only separators (leave it empty for discovery)']
  ])('%j', async (inputs, message) => {
    const before = requests()
    const run = await runAction({ user: DEPLOY_BOT, region: 'eu-west-2', ...inputs }, env())
    expect(run.code).toBe(1)
    const errors = run.stdout.split('\n').filter(line => line.startsWith('::error::'))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain(message)
    expect(requests()).toBe(before)
    // No scan ran: the outputs say nothing is known, and the summary claims no verdict.
    expect(run.outputs).toEqual({ verdict: 'invalid-input', found: 'unknown', complete: 'false' })
    expect(run.summary.startsWith('<h2>❗ Bad input: nothing was scanned</h2>')).toBe(true)
  })

  it('the CLI has the same checks, and exits 2', async () => {
    const before = requests()
    const run = await cli(['--user', DEPLOY_BOT, '--events', 'TerminateInstance', '--region', 'eu-west-2'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain("did you mean 'TerminateInstances' (ec2.amazonaws.com)?")
    const user = await cli(['--user', '*', '--region', 'eu-west-2'])
    expect(user.code).toBe(2)
    expect(user.stderr).toContain('without wildcards')
    expect(requests()).toBe(before)
  })
})

describe('the catalog in a real run', () => {
  it('accepts a name it does not know with allow-unknown-events, and warns about one close to nothing', async () => {
    const run = await runAction(
      {
        user: DEPLOY_BOT,
        region: 'eu-west-2',
        events: 'TerminateInstances, FrobnicateQuantumWidgets, TerminateInstance',
        'allow-unknown-events': 'TerminateInstance'
      },
      env()
    )
    expect(run.code).toBe(1)
    expect(run.outputs['found']).toBe('true')
    expect(run.stdout).toMatch(/^::warning::'FrobnicateQuantumWidgets' is not in the catalog/m)
    expect(run.summary).toContain('FrobnicateQuantumWidgets')
  })

  it('reads no us-east-1 page when every pattern names a regional service', async () => {
    const before = emulator.stats().regions['us-east-1']?.requests ?? 0
    const run = await runAction(
      { user: DEPLOY_BOT, region: 'eu-west-2', events: 'ec2:TerminateInstances, s3:DeleteBucket' },
      env()
    )
    expect(run.code).toBe(1)
    expect(run.outputs['complete']).toBe('true')
    expect(emulator.stats().regions['us-east-1']?.requests ?? 0).toBe(before)
  })

  it('reads us-east-1 for names the catalog calls regional: the query, not the catalog, decides', async () => {
    const before = emulator.stats().regions['us-east-1']?.requests ?? 0
    const run = await runAction(
      { user: DEPLOY_BOT, region: 'eu-west-2', events: 'TerminateInstances, DeleteBucket' },
      env()
    )
    expect(run.code).toBe(1)
    expect(run.outputs['complete']).toBe('true')
    expect(emulator.stats().regions['us-east-1']?.requests ?? 0).toBeGreaterThan(before)
  })
})

describe('zero events and near misses in a real run', () => {
  it('warns with fail-on-no-events: false, and says at the top of the summary, when the user has no events', async () => {
    const run = await runAction(
      { user: 'Deploy-Bot', region: 'eu-west-2', events: 'TerminateInstances', 'fail-on-no-events': 'false' },
      env()
    )
    expect(run.code).toBe(0)
    expect(run.outputs['found']).toBe('false')
    expect(run.outputs['verdict']).toBe('no-events')
    expect(run.outputs['scanned']).toBe('0')
    expect(run.stdout).toMatch(
      /^::warning::No events by Deploy-Bot in eu-west-2 \(and global-service events in us-east-1\) between .* check the name; Username is the IAM user name or the role \*session\* name/m
    )
    // The verdict is its own, never the clean one; the hint sits under it, above every section.
    const notice = run.summary.indexOf('<p><b>⚠️ No events by Deploy-Bot in eu-west-2')
    expect(run.summary).toMatch(/^<h2>⚠️ No events by <code>Deploy-Bot<\/code>/)
    expect(run.summary).not.toMatch(/No forbidden events in 0 events/)
    expect(notice).toBeGreaterThan(0)
    expect(notice).toBeLessThan(run.summary.indexOf('<details>'))
  })

  it('fails the step on no events with fail-on-no-events, and the CLI exits 3', async () => {
    const run = await runAction(
      { user: 'Deploy-Bot', region: 'eu-west-2', events: 'TerminateInstances', 'fail-on-no-events': 'true' },
      env()
    )
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/^::error::No events by Deploy-Bot .*\(fail-on-no-events is true\)/m)
    const cliRun = await cli(['--user', 'Deploy-Bot', '--region', 'eu-west-2', '--fail-on-no-events'])
    expect(cliRun.code).toBe(3)
    const passing = await cli(['--user', 'Deploy-Bot', '--region', 'eu-west-2', '--no-fail-on-no-events'])
    expect(passing.code).toBe(0)
    expect(cliRun.stderr).toMatch(/No events by Deploy-Bot/)
    const found = await runAction(
      { user: DEPLOY_BOT, region: 'eu-west-2', events: 'TerminateInstances', 'fail-on-no-events': 'true' },
      env()
    )
    expect(found.stdout).not.toMatch(/No events by/)
  })

  it('lists the user’s events close to a forbidden pattern when the scan ends clean', async () => {
    const run = await runAction({ user: DEPLOY_BOT, region: 'eu-west-2', events: 'delete*' }, env())
    expect(run.code).toBe(0)
    expect(run.outputs['found']).toBe('false')
    // The catalog already warned that delete* matches no event name; the data shows what was meant.
    expect(run.stdout).toMatch(/^::warning::'delete\*' matches no event name/m)
    expect(run.summary).toMatch(
      /<summary><b>🔍 Near misses<\/b> · \d+ event names? close to a forbidden pattern/
    )
    expect(run.summary).toMatch(/<tr><td><code>delete&#42;<\/code><\/td><td><code>DeleteBucket<\/code><\/td>/)
  })
})
