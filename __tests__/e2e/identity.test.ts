import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { sampleDataset, SAMPLE_ACCOUNT } from '../../emulator/data.js'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { emulatorEnv, runAction } from '../../__fixtures__/runner.js'

// Which identity, which Regions, which patterns: the traps of the sample data set, end to end.

jest.setTimeout(120_000)

let emulator: Emulator
const role = (name: string): string => `arn:aws:iam::${SAMPLE_ACCOUNT}:role/${name}`

const env = (): Record<string, string> => emulatorEnv(emulator.url)

interface Matched {
  EventName: string
  Region: string
  UserArn: string
  ErrorCode: string | null
}
const matched = (outputs: Record<string, string>): Matched[] =>
  JSON.parse(outputs['events'] ?? '[]') as Matched[]

beforeAll(async () => {
  emulator = await startEmulator({ records: sampleDataset(new Date()), requestsPerSecond: 2 })
})
afterAll(async () => {
  await emulator.close()
})

describe('identity forms', () => {
  it('a plain name means every principal with that Username: the IAM user and the role session', async () => {
    const run = await runAction({ user: 'alice', events: 'Delete*', region: 'eu-west-2' }, env())
    expect(run.outputs['found']).toBe('true')
    expect(
      matched(run.outputs)
        .map(e => e.EventName)
        .sort()
    ).toEqual(['DeleteBucket', 'DeleteRole'])
  })

  it('an IAM user ARN leaves out the role session that shares its name', async () => {
    const run = await runAction(
      { user: `arn:aws:iam::${SAMPLE_ACCOUNT}:user/alice`, events: 'Delete*', region: 'eu-west-2' },
      env()
    )
    expect(run.code).toBe(0)
    expect(run.outputs['found']).toBe('false')
    expect(Number(run.outputs['scanned'])).toBeGreaterThan(0)
  })

  it('an assumed-role ARN means that one session of that role', async () => {
    const run = await runAction(
      {
        user: `arn:aws:sts::${SAMPLE_ACCOUNT}:assumed-role/admin/alice`,
        events: 'Delete*',
        region: 'eu-west-2'
      },
      env()
    )
    expect(matched(run.outputs).map(e => e.UserArn)).toEqual(
      Array(2).fill(`arn:aws:sts::${SAMPLE_ACCOUNT}:assumed-role/admin/alice`)
    )
  })

  it('a role ARN finds every session of the role by forbidden name, and only that role', async () => {
    const run = await runAction(
      { user: role('deploy-prod'), events: 'DeleteStack, PutRolePolicy, DeleteBucket', region: 'eu-west-2' },
      env()
    )
    expect(run.code).toBe(1)
    const events = matched(run.outputs)
    expect(events.map(e => e.EventName).sort()).toEqual(['DeleteBucket', 'DeleteStack', 'PutRolePolicy'])
    expect(events.every(e => e.UserArn.includes('assumed-role/deploy-prod/'))).toBe(true)
    expect(run.outputs['denied']).toBe('1')
    expect(run.summary).toMatch(/EventName/)
    const other = await runAction(
      {
        user: role('readonly-audit'),
        events: 'DeleteStack, PutRolePolicy, DeleteBucket',
        region: 'eu-west-2'
      },
      env()
    )
    expect(other.code).toBe(0)
    expect(other.outputs['found']).toBe('false')
  })

  it('ignore-denied reports a denied forbidden attempt without failing on it', async () => {
    const inputs = {
      user: role('deploy-prod'),
      events: 'DeleteBucket',
      region: 'eu-west-2',
      'include-global-events': 'false'
    }
    const strict = await runAction(inputs, env())
    expect(strict.code).toBe(1)
    const lenient = await runAction({ ...inputs, 'ignore-denied': 'true' }, env())
    expect(lenient.code).toBe(0)
    expect(lenient.outputs['found']).toBe('false')
    expect(lenient.outputs['denied']).toBe('1')
    expect(matched(lenient.outputs)[0]?.ErrorCode).toBe('AccessDenied')
    expect(lenient.summary).toMatch(/denied/i)
  })
})

describe('Regions, global events and patterns', () => {
  it('looks in us-east-1 for global-service events only, when it is not in the list', async () => {
    const run = await runAction({ user: 'alice', events: 'iam:*', region: 'eu-west-2' }, env())
    const events = matched(run.outputs)
    expect(events).toHaveLength(10)
    expect(new Set(events.map(e => e.Region))).toEqual(new Set(['us-east-1']))
    expect(run.summary).toMatch(/us-east-1/)
    const off = await runAction(
      { user: 'alice', events: 'iam:*', region: 'eu-west-2', 'include-global-events': 'false' },
      env()
    )
    // IAM events are in us-east-1 only: with it left out, iam:* could never match, so the step fails at once.
    expect(off.code).toBe(1)
    expect(off.outputs['count']).toBeUndefined()
    expect(off.stdout).toMatch(/'iam:\*' can only match events of iam\.amazonaws\.com.*can never match/)
  })

  it('scans two Regions and merges them newest first', async () => {
    const run = await runAction({ user: 'alice', region: 'eu-west-2, us-east-1' }, env())
    expect(run.code).toBe(0)
    expect(run.outputs['count']).toBe('55')
    const regions = matched(run.outputs).map(e => e.Region)
    expect(regions.filter(r => r === 'eu-west-2')).toHaveLength(42)
    expect(regions.filter(r => r === 'us-east-1')).toHaveLength(13)
  })

  it('honours service qualifiers, full or short', async () => {
    const run = await runAction(
      { user: 'alice', events: 's3.amazonaws.com:DeleteBucket\niam:Delete*', region: 'eu-west-2' },
      env()
    )
    expect(
      matched(run.outputs)
        .map(e => e.EventName)
        .sort()
    ).toEqual(['DeleteBucket', 'DeleteRole'])
    const none = await runAction({ user: 'alice', events: 'ec2:DeleteVolume', region: 'eu-west-2' }, env())
    expect(none.outputs['found']).toBe('false')
    // The right name under another service is a real event name (the catalog may lag): a warning naming the
    // services that record it, never an input error.
    const wrong = await runAction({ user: 'alice', events: 'ec2:DeleteBucket', region: 'eu-west-2' }, env())
    expect(wrong.code).toBe(0)
    expect(wrong.outputs['found']).toBe('false')
    expect(wrong.stdout).toMatch(
      /^::warning::'ec2:DeleteBucket': the catalog .* knows DeleteBucket under .*s3\.amazonaws\.com.*, not under ec2\.amazonaws\.com; check the service/m
    )
  })

  it('rejects a malformed pattern before any AWS call', async () => {
    const run = await runAction({ user: 'alice', events: 'iam:Delete User', region: 'eu-west-2' }, env())
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/Input 'events' has an invalid value "iam:Delete User"/)
    // Later steps read found=unknown, never an empty string; the summary says what was wrong.
    expect(run.outputs).toEqual({ verdict: 'invalid-input', found: 'unknown', complete: 'false' })
    expect(run.summary).toMatch(/^<h2>❗ Bad input: nothing was scanned<\/h2>\n<p>Input &#39;events&#39;/)
  })
})
