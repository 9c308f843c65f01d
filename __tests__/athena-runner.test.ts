import { beforeEach, describe, expect, it } from '@jest/globals'
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type GetQueryExecutionCommandOutput,
  type Row
} from '@aws-sdk/client-athena'
import { mockClient } from 'aws-sdk-client-mock'
import { SourceFailure } from '../src/core/errors.js'
import { emptyStats, runQuery, type ResultRow, type RunnerDeps } from '../src/sources/athena/runner.js'
import { COLUMNS, type AthenaStatement } from '../src/sources/athena/sql.js'
import type { AthenaSettings } from '../src/query/athena-settings.js'
import { FakeClock } from '../__fixtures__/clock.js'
import { awsError } from '../__fixtures__/records.js'

const athena = mockClient(AthenaClient)
const statement: AthenaStatement = {
  sql: 'SELECT … WHERE eventtime >= ?',
  columns: COLUMNS,
  parameters: ["'2026-01-01T00:00:00'"],
  bounds: [],
  warnings: [],
  everyEventOfIdentity: false
}
const settings: AthenaSettings = {
  region: 'eu-west-2',
  database: 'security',
  table: 'cloudtrail_logs',
  workgroup: 'audits',
  outputLocation: 's3://results/x/',
  catalog: 'AwsDataCatalog',
  maxBytesScanned: undefined,
  acceptTrailGaps: false
}

const header: Row = { Data: COLUMNS.map(c => ({ VarCharValue: c })) }
const row = (id: string): Row => ({ Data: COLUMNS.map(c => (c === 'eventid' ? { VarCharValue: id } : {})) })

function execution(State: string, extra: Record<string, unknown> = {}): GetQueryExecutionCommandOutput {
  return {
    $metadata: {},
    QueryExecution: {
      QueryExecutionId: 'q-1',
      Status: { State: State as 'RUNNING' },
      Statistics: {
        DataScannedInBytes: 1234,
        EngineExecutionTimeInMillis: 900,
        TotalExecutionTimeInMillis: 1000
      },
      ...extra
    }
  }
}

function deps(clock: FakeClock, overrides: Partial<RunnerDeps> = {}): RunnerDeps {
  return {
    athena: new AthenaClient({ region: 'eu-west-2' }),
    clock,
    random: () => 0.5,
    signal: new AbortController().signal,
    requestTimeoutMs: 20_000,
    policy: { maxThrottleRetries: 3, maxErrorRetries: 2 },
    ...overrides
  }
}

/** Sleeps between polls (each call also sleeps its own 20 s request timeout, cancelled when it answers). */
function waits(clock: FakeClock): number[] {
  return clock.sleeps.filter(ms => ms !== 20_000)
}

async function run(d: RunnerDeps): Promise<{ ids: string[][]; stats: ReturnType<typeof emptyStats> }> {
  const stats = emptyStats()
  const ids: string[][] = []
  await runQuery(statement, settings, d, stats, (rows: ResultRow[]) => ids.push(rows.map(r => r[0] ?? '')))
  return { ids, stats }
}

async function failure(d: RunnerDeps): Promise<SourceFailure> {
  try {
    await run(d)
  } catch (error) {
    if (error instanceof SourceFailure) return error
    throw error
  }
  throw new Error('expected the query to fail')
}

beforeEach(() => {
  athena.reset()
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' })
  athena.on(StopQueryExecutionCommand).resolves({})
})

describe('runQuery', () => {
  it('starts with parameters, polls with back-off until SUCCEEDED, then pages the result handing rows on', async () => {
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce(execution('QUEUED'))
      .resolvesOnce(execution('RUNNING'))
      .resolvesOnce(execution('RUNNING'))
      .resolves(execution('SUCCEEDED'))
    athena
      .on(GetQueryResultsCommand)
      .resolvesOnce({ ResultSet: { Rows: [header, row('a'), row('b')] }, NextToken: 't1' })
      .resolvesOnce({ ResultSet: { Rows: [row('c')] }, NextToken: 't2' })
      .resolvesOnce({ ResultSet: { Rows: [row('d'), row('e')] } })
    const clock = new FakeClock()
    const { ids, stats } = await run(deps(clock))
    expect(ids).toEqual([['a', 'b'], ['c'], ['d', 'e']])
    expect(stats).toMatchObject({
      queryExecutionId: 'q-1',
      state: 'SUCCEEDED',
      dataScannedBytes: 1234,
      engineMs: 900,
      rows: 5,
      pages: 3
    })
    expect(waits(clock)).toEqual([250, 500, 1000])
    const start = athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input
    expect(start).toMatchObject({
      QueryString: statement.sql,
      ExecutionParameters: statement.parameters,
      WorkGroup: 'audits',
      QueryExecutionContext: { Catalog: 'AwsDataCatalog', Database: 'security' },
      ResultConfiguration: { OutputLocation: 's3://results/x/' }
    })
    expect(start?.ClientRequestToken?.length).toBeGreaterThanOrEqual(32)
    const pages = athena.commandCalls(GetQueryResultsCommand).map(c => c.args[0].input)
    expect(pages.map(p => [p.NextToken, p.MaxResults])).toEqual([
      [undefined, 1000],
      ['t1', 1000],
      ['t2', 1000]
    ])
    expect(athena.commandCalls(StopQueryExecutionCommand)).toHaveLength(0)
  })

  it('caps the poll interval', async () => {
    const polls = Array.from({ length: 8 }, () => execution('RUNNING'))
    const mock = athena.on(GetQueryExecutionCommand)
    for (const p of polls) mock.resolvesOnce(p)
    mock.resolves(execution('SUCCEEDED'))
    athena.on(GetQueryResultsCommand).resolves({ ResultSet: { Rows: [header] } })
    const clock = new FakeClock()
    const { ids } = await run(deps(clock, { pollMaxMs: 2000 }))
    expect(ids).toEqual([[]])
    expect(waits(clock)).toEqual([250, 500, 1000, 2000, 2000, 2000, 2000, 2000])
  })

  it('retries a start that failed in transit with the same ClientRequestToken', async () => {
    athena
      .on(StartQueryExecutionCommand)
      .rejectsOnce(awsError('InternalServerException', 500))
      .resolves({ QueryExecutionId: 'q-1' })
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'))
    athena.on(GetQueryResultsCommand).resolves({ ResultSet: { Rows: [header, row('a')] } })
    await run(deps(new FakeClock()))
    const tokens = athena
      .commandCalls(StartQueryExecutionCommand)
      .map(c => c.args[0].input.ClientRequestToken)
    expect(tokens).toHaveLength(2)
    expect(tokens[0]).toBe(tokens[1])
  })

  it('rides out throttling that clears', async () => {
    athena
      .on(GetQueryExecutionCommand)
      .rejectsOnce(awsError('TooManyRequestsException', 400))
      .resolves(execution('SUCCEEDED'))
    athena
      .on(GetQueryResultsCommand)
      .rejectsOnce(awsError('ThrottlingException', 400))
      .resolves({ ResultSet: { Rows: [header, row('a')] } })
    const retries: string[] = []
    const { ids } = await run(deps(new FakeClock(), { onRetry: kind => retries.push(kind) }))
    expect(ids).toEqual([['a']])
    expect(retries).toEqual(['throttle', 'throttle'])
  })

  it('fails closed on FAILED with the Athena error category and message', async () => {
    athena.on(GetQueryExecutionCommand).resolves(
      execution('FAILED', {
        Status: {
          State: 'FAILED',
          StateChangeReason: "COLUMN_NOT_FOUND: line 3:3: Column 'requestid' cannot be resolved",
          AthenaError: { ErrorCategory: 2, ErrorType: 1006, Retryable: false }
        }
      })
    )
    const f = await failure(deps(new FakeClock()))
    expect(f.code).toBe('query-failed')
    expect(f.reason).toBe(
      "the Athena query ended FAILED (ErrorCategory 2 USER, ErrorType 1006): COLUMN_NOT_FOUND: line 3:3: Column 'requestid' cannot be resolved"
    )
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(0)
    expect(athena.commandCalls(StopQueryExecutionCommand)).toHaveLength(0)
  })

  it('fails closed on CANCELLED (someone stopped it in the console)', async () => {
    athena.on(GetQueryExecutionCommand).resolves(
      execution('CANCELLED', {
        Status: { State: 'CANCELLED', StateChangeReason: 'Query was cancelled by user' }
      })
    )
    const f = await failure(deps(new FakeClock()))
    expect(f.code).toBe('query-cancelled')
    expect(f.reason).toMatch(/ended CANCELLED: Query was cancelled by user/)
  })

  it('stops the query when the deadline passes while it runs', async () => {
    athena.on(GetQueryExecutionCommand).resolves(execution('RUNNING'))
    const clock = new FakeClock()
    const deadline = new AbortController()
    clock
      .sleep(60_000)
      .then(() =>
        deadline.abort(
          new SourceFailure('deadline', 'the scan ran past its 1-minute deadline (timeout-minutes)')
        )
      )
    const f = await failure(deps(clock, { signal: deadline.signal }))
    expect(f.code).toBe('deadline')
    expect(f.reason).toMatch(/1-minute deadline/)
    expect(athena.commandCalls(StopQueryExecutionCommand).map(c => c.args[0].input)).toEqual([
      { QueryExecutionId: 'q-1' }
    ])
    expect(clock.now() - Date.UTC(2026, 10, 21, 12)).toBeLessThan(70_000)
  })

  it('stops the query when throttling never clears', async () => {
    athena.on(GetQueryExecutionCommand).rejects(awsError('ThrottlingException', 400, 'Rate exceeded'))
    const f = await failure(deps(new FakeClock()))
    expect(f.code).toBe('throttled')
    expect(f.reason).toMatch(/GetQueryExecution was throttled 4 times in a row/)
    expect(athena.commandCalls(StopQueryExecutionCommand)).toHaveLength(1)
  })

  it('stops the query once Athena reports more bytes scanned than the cap', async () => {
    athena
      .on(GetQueryExecutionCommand)
      .resolves(execution('RUNNING', { Statistics: { DataScannedInBytes: 5_000_000_001 } }))
    const f = await failure(deps(new FakeClock(), { maxBytesScanned: 5_000_000_000 }))
    expect(f.code).toBe('bytes-limit')
    expect(f.reason).toMatch(/5000000001 bytes, past athena-max-bytes-scanned \(5000000000\)/)
    expect(athena.commandCalls(StopQueryExecutionCommand)).toHaveLength(1)
  })

  it('fails on a denied call with the permissions it needs', async () => {
    athena.on(StartQueryExecutionCommand).rejects(awsError('AccessDeniedException', 400, 'not authorized'))
    const f = await failure(deps(new FakeClock()))
    expect(f.code).toBe('access-denied')
    expect(f.reason).toMatch(/StartQueryExecution was denied.*athena:StartQueryExecution/)
  })

  it('fails on an unknown state rather than waiting or reading', async () => {
    athena.on(GetQueryExecutionCommand).resolves(execution('DONE'))
    expect((await failure(deps(new FakeClock()))).reason).toMatch(/unknown state "DONE"/)
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(0)
  })

  describe('results', () => {
    beforeEach(() => {
      athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'))
    })

    it('fails when a page repeats a token', async () => {
      athena
        .on(GetQueryResultsCommand)
        .resolvesOnce({ ResultSet: { Rows: [header, row('a')] }, NextToken: 't1' })
        .resolvesOnce({ ResultSet: { Rows: [row('b')] }, NextToken: 't2' })
        .resolves({ ResultSet: { Rows: [row('c')] }, NextToken: 't1' })
      const f = await failure(deps(new FakeClock()))
      expect(f.code).toBe('repeated-token')
    })

    it.each([
      ['no header row', [] as Row[]],
      [
        'a header with another column',
        [{ Data: [...header.Data!.slice(0, -1), { VarCharValue: 'useragent' }] }]
      ],
      ['a header missing a column', [{ Data: header.Data!.slice(1) }]],
      ['a data row in place of the header', [row('a')]]
    ])('fails on %s', async (_, rows) => {
      athena.on(GetQueryResultsCommand).resolves({ ResultSet: { Rows: rows } })
      const f = await failure(deps(new FakeClock()))
      expect(f.code).toBe('malformed-result')
    })

    it('fails on a row with too few or too many values, on any page', async () => {
      athena
        .on(GetQueryResultsCommand)
        .resolvesOnce({ ResultSet: { Rows: [header, row('a')] }, NextToken: 't1' })
        .resolves({ ResultSet: { Rows: [row('b'), { Data: [{ VarCharValue: 'c' }] }] } })
      const f = await failure(deps(new FakeClock()))
      expect(f.code).toBe('malformed-result')
      expect(f.reason).toMatch(new RegExp(`1 values, not the ${COLUMNS.length} columns .*page 2`))
    })

    it('does not take the first row of a later page for a header', async () => {
      athena
        .on(GetQueryResultsCommand)
        .resolvesOnce({ ResultSet: { Rows: [header, row('a')] }, NextToken: 't1' })
        .resolves({ ResultSet: { Rows: [row('b'), row('c')] } })
      expect((await run(deps(new FakeClock()))).ids).toEqual([['a'], ['b', 'c']])
    })

    it('stops reading when the evaluation of a page throws', async () => {
      athena
        .on(GetQueryResultsCommand)
        .resolvesOnce({ ResultSet: { Rows: [header, row('a')] }, NextToken: 't1' })
        .resolves({ ResultSet: { Rows: [row('b')] } })
      const stats = emptyStats()
      await expect(
        runQuery(statement, settings, deps(new FakeClock()), stats, () => {
          throw new SourceFailure('other', 'a row could not be read')
        })
      ).rejects.toThrow('a row could not be read')
      expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(1)
    })
  })
})
