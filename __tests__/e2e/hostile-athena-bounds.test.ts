import { describe, expect, it, jest } from '@jest/globals'
import {
  ACCOUNT,
  cloudTrailTable,
  eventRow,
  HEADER,
  resultPage,
  withTable
} from '../../__fixtures__/athena-wire.js'
import {
  awsError,
  honest,
  json,
  queryExecution,
  type AthenaScenario
} from '../../__fixtures__/hostile-athena.js'
import {
  againstAthena,
  callsOf,
  expectClean,
  expectNotClean,
  IN_WINDOW
} from '../../__fixtures__/hostile-athena-run.js'
import { expectBounded } from '../../__fixtures__/hostile-run.js'

// Untrusted sizes: whatever Athena or Glue sends, the run ends in bounded time and memory with a small log.
//   a 48 KB `resources` cell that never closes (a regex that backtracks for minutes today)
//   a new 1 MB NextToken on every page (Athena's are at most 1,024 characters); 1,024-character tokens (control)
//   1 MB in StateChangeReason, in Status.State, in error messages, in QueryExecutionId
//   50 KB partition-key names in GetTable
//   workflow commands hidden in StateChangeReason and in a partition-key name

jest.setTimeout(60_000)

const MB = 1024 * 1024
const table = cloudTrailTable({ kind: 'projection', account: ACCOUNT, region: 'eu-west-1' })
const base = honest({ table })
/** The lines a runner reads as workflow commands. */
const commands = (stdout: string): string[] =>
  stdout.split('\n').filter(line => /^::(?!group|endgroup|error|warning|notice)/.test(line))

describe('bounded time, memory and logs from untrusted sizes, end to end', () => {
  // defect (issue 15): the resources regex backtracks for over a minute on this cell; the run is killed
  it.failing(
    'judges a forbidden event whose 48 KB resources cell never closes, in bounded time',
    async () => {
      const unit = `{arn=arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-0abc, accountid=${ACCOUNT}, type=AWS::EC2::Instance, `
      const resources = `[${unit.repeat(Math.ceil((48 * 1024) / unit.length))}`
      const row = eventRow({ eventName: 'TerminateInstances', time: IN_WINDOW }, { resources })
      const run = await againstAthena(honest({ table, rows: [row] }), {}, { timeoutMs: 26_000 })
      expect(run.code).toBe(1)
      expect(run.outputs['found']).not.toBe('false')
      expectBounded(run)
    }
  )

  // defect (issue 15): every 1 MB token is followed (and kept) until the deadline; the length is never checked
  it.failing('fails closed on a 1 MB NextToken, without holding it', async () => {
    const scenario: AthenaScenario = {
      ...base,
      GetQueryResults: ({ call }, res) =>
        json(res, resultPage(call === 1 ? [HEADER] : [], `${call}`.padEnd(MB, 't')))
    }
    const run = await againstAthena(
      scenario,
      { 'timeout-minutes': '0.1' },
      { env: { NODE_OPTIONS: '--max-old-space-size=128' }, timeoutMs: 30_000 }
    )
    expectNotClean(run, /NextToken of 1048576 characters/)
    expect(callsOf(run, 'GetQueryResults').length).toBeLessThan(3)
  })

  it('follows 1,024-character tokens, Athena’s longest, to the end', async () => {
    const pages = 30
    const scenario: AthenaScenario = {
      ...base,
      GetQueryResults: ({ call }, res) =>
        json(
          res,
          resultPage(call === 1 ? [HEADER] : [], call < pages ? `${call}`.padEnd(1024, 't') : undefined)
        )
    }
    const run = await againstAthena(scenario)
    expectClean(run)
    expect(callsOf(run, 'GetQueryResults')).toHaveLength(pages)
  })

  // defect (issue 15): the whole 1 MB text is printed, in the log and the annotation
  it.failing.each<[string, AthenaScenario, RegExp]>([
    [
      'a 1 MB StateChangeReason',
      {
        ...base,
        GetQueryExecution: (_, res) =>
          json(res, queryExecution('FAILED', { StateChangeReason: 'r'.repeat(MB) }))
      },
      /ended FAILED.*: r+… \(\d+ more characters\)/
    ],
    [
      'a 1 MB Status.State',
      { ...base, GetQueryExecution: (_, res) => json(res, queryExecution('S'.repeat(MB))) },
      /unknown state "S+… \(\d+ more characters\)/
    ],
    [
      'a 1 MB error message from StartQueryExecution',
      {
        ...base,
        StartQueryExecution: (_, res) => awsError(res, 400, 'InvalidRequestException', 'm'.repeat(MB))
      },
      /StartQueryExecution failed \(InvalidRequestException: m+… \(\d+ more characters\)/
    ],
    [
      'a 1 MB error message from GetQueryResults',
      { ...base, GetQueryResults: (_, res) => awsError(res, 400, 'InvalidRequestException', 'm'.repeat(MB)) },
      /GetQueryResults failed \(InvalidRequestException: m+… \(\d+ more characters\)/
    ]
  ])('fails closed on %s, quoting a few hundred characters of it', async (_, scenario, reason) => {
    expectNotClean(await againstAthena(scenario), reason)
  })

  // defect (issue 15): ends green, having logged the whole 1 MB id (Athena's are UUIDs, at most 128 characters)
  it.failing('fails closed on a 1 MB QueryExecutionId', async () => {
    const run = await againstAthena({
      ...base,
      StartQueryExecution: (_, res) => json(res, { QueryExecutionId: 'q'.repeat(MB) })
    })
    expectNotClean(run, /QueryExecutionId of 1048576 characters/)
  })

  // defect (issue 15): each 50 KB key name is printed whole in its "not bounded" warning
  it.failing('keeps warnings short when GetTable names 50 KB partition keys', async () => {
    const long = withTable(table, copy => {
      const keys = copy['PartitionKeys'] as Array<Record<string, string>>
      for (const n of [1, 2, 3]) keys.push({ Name: `k${n}${'x'.repeat(50 * 1024)}`, Type: 'string' })
    })
    const run = await againstAthena(honest({ table: long }))
    expect(run.code).not.toBe(null)
    expect(run.stdout + run.stderr).not.toMatch(/x{1000}/)
    expectBounded(run)
  })

  it('runs no workflow command hidden in a StateChangeReason or a partition-key name', async () => {
    const injected = 'x\n::add-mask::secret\n::stop-commands::pwned\n::set-output name=found::false\n'
    const run = await againstAthena({
      ...honest({
        table: withTable(table, copy =>
          (copy['PartitionKeys'] as Array<Record<string, string>>).push({ Name: injected })
        )
      }),
      GetQueryExecution: (_, res) => json(res, queryExecution('FAILED', { StateChangeReason: injected }))
    })
    expectNotClean(run, /ended FAILED/)
    expect(commands(run.stdout)).toEqual([])
  })
})
