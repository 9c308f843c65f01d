import { describe, expect, it } from '@jest/globals'
import type { LookupEventsCommandOutput } from '@aws-sdk/client-cloudtrail'
import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { main } from '../src/cli/cli.js'
import type { CloudTrailLike } from '../src/sources/lookup-events/call.js'
import { FakeClock } from '../__fixtures__/clock.js'
import { record } from '../__fixtures__/records.js'

// What the CLI says besides its verdict: the report file it writes, the warnings the action logs, and input
// errors that name its own flags.

const foo = { type: 'IAMUser', name: 'foo' } as const
const many = Array.from({ length: 60 }, (_, i) =>
  record({
    name: 'TerminateInstances',
    time: `2026-11-21T0${Math.floor(i / 10)}:0${i % 10}:00Z`,
    principal: foo
  })
)

async function cli(argv: string[], events = many) {
  const out: string[] = []
  const err: string[] = []
  let calls = 0
  const client: CloudTrailLike = {
    send: async (): Promise<LookupEventsCommandOutput> => {
      calls += 1
      return { $metadata: {}, Events: events }
    }
  }
  const code = await main(argv, {
    stdout: t => out.push(t),
    stderr: t => err.push(t),
    env: {},
    clock: new FakeClock(Date.parse('2026-11-21T12:00:00Z')),
    clientFor: () => client
  })
  return { code, stdout: out.join(''), stderr: err.join(''), calls }
}

const base = ['--user', 'foo', '--region', 'eu-west-2', '--no-global-events', '--no-wait-for-delivery']
const forbidden = [...base, '--events', 'TerminateInstances', '--created-after', '1d']

describe('--report FILE', () => {
  it('writes the report --output json prints, and the table says where the rest of the events are', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'cli-report-')), 'report.json')
    const { code, stdout } = await cli([...forbidden, '--report', file])
    expect(code).toBe(1)
    expect(stdout).toContain(`... 10 more events (newest 50 shown; all are in ${file})`)
    const written = JSON.parse(readFileSync(file, 'utf8')) as { verdict: string; events: unknown[] }
    expect(written.verdict).toBe('forbidden')
    expect(written.events).toHaveLength(60)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const json = await cli([...forbidden, '--output', 'json'])
    expect(JSON.parse(json.stdout)).toEqual(written)
  })

  it('without it, the table says how to get every event', async () => {
    const { stdout } = await cli(forbidden)
    expect(stdout).toContain(
      '... 10 more events (newest 50 shown; all are in the JSON report: add --report FILE, or use --output json)'
    )
  })

  it('fails with exit code 2 when the file cannot be written', async () => {
    const { code, stderr } = await cli([...forbidden, '--report', '/nonexistent-dir/x/report.json'])
    expect(code).toBe(2)
    expect(stderr).toMatch(
      /^cloudtrail-gate: Could not write the report to \/nonexistent-dir\/x\/report\.json: ENOENT/m
    )
  })
})

describe('warnings', () => {
  it("prints the query's warnings to stderr, naming the CLI's flags", async () => {
    const { code, stderr } = await cli([...base, '--events', 'DeleteBucket', '--created-after', '2026/01/01'])
    expect(code).toBe(0)
    expect(stderr).toContain(
      'warning: --created-after 2026-01-01T00:00:00Z is more than 90 days ago: CloudTrail LookupEvents keeps 90 days'
    )
    const fast = await cli([...base, '--requests-per-second', '5'])
    expect(fast.stderr).toContain('warning: --requests-per-second is 5, above the 2/s LookupEvents allows')
    const athena = await cli([...base, '--athena-table', 'db.t'])
    expect(athena.stderr).toContain(
      'warning: --athena-table is set but --source is lookup-events: set --source to athena'
    )
  })

  it('puts each warning on one line of its own', async () => {
    const { stderr } = await cli([...base, '--events', 'Delete*Zzz'])
    const lines = stderr.split('\n').filter(line => line.includes('Delete*Zzz'))
    expect(lines).toEqual([
      expect.stringMatching(/^warning: 'Delete\*Zzz' matches no event name in the catalog/)
    ])
  })
})

describe('input errors name the flags', () => {
  it.each([
    [['--region', 'eu-west-22'], "Input '--region': eu-west-22: not an AWS Region; did you mean eu-west-2?"],
    [['--created_after', '8d', '--created_before', '9d'], "Input '--created_after' has an invalid value"],
    [['--created-after', '8d', '--created-before', '9d'], 'expected a time before --created-before'],
    [['--created-after', '0d'], 'Input \'--created-after\' has an invalid value "0d"'],
    [
      ['--events', 'TerminateInstance'],
      "Input '--events': 'TerminateInstance' is not a CloudTrail event name"
    ],
    [['--events', 'iam:DeleteRole'], 'with global events turned off (--no-global-events)'],
    [['--events', 'iam:DeleteRole'], 'Add us-east-1 to --region'],
    [['--source', 'lake'], "Input '--source'"],
    [['--athena-table', 'x', '--source', 'athena'], "Input '--athena-table'"],
    [['--user', 'a*'], "Input '--user'"],
    [['--report', ' '], "Input '--report'"]
  ])('%j', async (args, message) => {
    // A flag given twice takes its last value (--user), or adds to the list (--region).
    const { code, stderr, calls } = await cli([...base, ...args])
    expect(code).toBe(2)
    expect(stderr).toContain(message)
    expect(calls).toBe(0)
  })
})
