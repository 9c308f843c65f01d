import { describe, expect, it } from '@jest/globals'
import type { LookupEventsCommand, LookupEventsCommandOutput } from '@aws-sdk/client-cloudtrail'
import { main } from '../src/cli/cli.js'
import type { CloudTrailLike } from '../src/sources/lookup-events/call.js'
import { FakeClock } from '../__fixtures__/clock.js'
import { awsError, record } from '../__fixtures__/records.js'
import { workflowCommands } from '../__fixtures__/workflow-commands.js'

// The user's own events: records of other users are left out whatever the lookup returned.
const foo = { type: 'IAMUser', name: 'foo' } as const
const events = [
  record({
    name: 'TerminateInstances',
    time: '2026-11-21T09:00:00Z',
    resources: ['i-1\n::set-output name=found::false'],
    principal: foo
  }),
  record({ name: 'DescribeInstances', time: '2026-11-21T08:00:00Z', principal: foo })
]

async function cli(argv: string[], client?: CloudTrailLike) {
  const out: string[] = []
  const err: string[] = []
  const inputs: Array<LookupEventsCommand['input']> = []
  const fake: CloudTrailLike = client ?? {
    send: async (command: LookupEventsCommand): Promise<LookupEventsCommandOutput> => {
      inputs.push(command.input)
      return { $metadata: {}, Events: events }
    }
  }
  const code = await main(argv, {
    stdout: t => out.push(t),
    stderr: t => err.push(t),
    env: {},
    clock: new FakeClock(Date.parse('2026-11-21T12:00:00Z')),
    clientFor: () => fake
  })
  return { code, stdout: out.join(''), stderr: err.join(''), inputs }
}

// The delivery barrier has its own tests (barrier-scan, e2e/delivery); these windows end now.
const base = ['--user', 'foo', '--region', 'eu-west-2', '--no-global-events', '--no-wait-for-delivery']

describe('cli', () => {
  it("runs the seed's example and exits 1 on a forbidden find, printing a table", async () => {
    const { code, stdout, inputs } = await cli([
      ...base,
      '--events',
      'TerminateInstances',
      '--created_after',
      '2026/11/05',
      '--created_before',
      '2026/11/21'
    ])
    expect(code).toBe(1)
    expect(stdout).toMatch(/FORBIDDEN: TerminateInstances ×1/)
    expect(workflowCommands(stdout)).toEqual([])
    expect(inputs[0]?.StartTime?.toISOString()).toBe('2026-11-05T00:00:00.000Z')
    expect(inputs[0]?.EndTime?.toISOString()).toBe('2026-11-21T23:59:59.000Z')
    expect(inputs[0]?.LookupAttributes).toEqual([{ AttributeKey: 'Username', AttributeValue: 'foo' }])
  })

  it('exits 0 when clean, and prints the full report with --output json', async () => {
    const { code, stdout } = await cli([...base, '--events', 'DeleteBucket', '--output', 'json'])
    expect(code).toBe(0)
    const report = JSON.parse(stdout) as { verdict: string; counts: { scanned: number }; events: unknown[] }
    expect(report.verdict).toBe('clean')
    expect(report.counts.scanned).toBe(2)
    expect(report.events).toEqual([])
  })

  it('accepts repeated --events and --region flags', async () => {
    const { code, inputs } = await cli([
      '--user',
      'foo',
      '--region',
      'eu-west-2',
      '--region',
      'eu-west-1',
      '--events',
      'A',
      '--events',
      'B',
      '--no-global-events',
      '--no-wait-for-delivery'
    ])
    expect(code).toBe(0)
    expect(inputs).toHaveLength(2)
  })

  it.each([
    [
      ['--user', 'foo'],
      /Input '--region' has an invalid value "": expected a Region such as eu-west-2: set --region,/
    ],
    [[...base, '--created_after', '2024/13/01'], /Input '--created_after'/],
    [[...base, '--created-after', '2024/13/01'], /Input '--created-after'/],
    [[...base, '--output', 'xml'], /Input '--output'/],
    [
      [...base, '--delivery-timeout-minutes', '45'],
      /Input '--delivery-timeout-minutes' has an invalid value "45": expected fewer minutes than --timeout-minutes/
    ],
    [['--usr', 'foo'], /Unknown option '--usr'/]
  ])('exits 2 on bad input %p', async (argv, message) => {
    const { code, stderr, inputs } = await cli(argv)
    expect(code).toBe(2)
    expect(stderr).toMatch(message)
    expect(inputs).toHaveLength(0)
  })

  it('exits 2, with no verdict, on an incomplete scan', async () => {
    const failing: CloudTrailLike = {
      send: async () => Promise.reject(awsError('ExpiredTokenException', 400, 'expired'))
    }
    const { code, stderr, stdout } = await cli([...base, '--events', 'X'], failing)
    expect(code).toBe(2)
    expect(stderr).toMatch(/scan incomplete.*no usable AWS credentials/)
    expect(stdout).toMatch(/INCOMPLETE/)
    expect(stdout).not.toMatch(/CLEAN/)
  })

  it('quotes a hostile server message bounded and inert on stderr', async () => {
    const message = `\u001b[2J::add-mask::x\n${'y'.repeat(100_000)}`
    const failing: CloudTrailLike = { send: async () => Promise.reject(awsError('Weird', 400, message)) }
    const { code, stderr } = await cli([...base, '--events', 'TerminateInstances'], failing)
    expect(code).toBe(2)
    expect(stderr).toMatch(/scan incomplete in eu-west-2: LookupEvents failed \(HTTP 400, Weird: \\u001b\[2J/)
    expect(stderr).not.toContain('\u001b')
    expect(workflowCommands(stderr)).toEqual([])
    expect(stderr).not.toMatch(/\ny/)
    // The plan and delivery lines, and a few hundred characters of the 100,000 the server sent.
    expect(stderr).not.toMatch(/y{400}/)
    expect(stderr.length).toBeLessThan(2_000)
  })

  it('prints usage and version', async () => {
    expect((await cli(['--help'])).stdout).toMatch(/Usage: cloudtrail-gate/)
    expect((await cli(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/)
  })
})
