// The Athena emulator's failure modes and parameter handling, through the real SDK over HTTP.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type AthenaClient,
  type QueryExecution
} from '@aws-sdk/client-athena'
import {
  nonPortableConstructs,
  startAthenaEmulator,
  type AthenaEmulator
} from '../../emulator/athena/index.js'
import { GetTableCommand } from '@aws-sdk/client-glue'
import { athenaClient, glueClient, writeTrail, type TrailFixture } from '../../__fixtures__/athena.js'
import { failure } from '../../__fixtures__/failure.js'

let trail: TrailFixture
let emulator: AthenaEmulator
let athena: AthenaClient

beforeAll(async () => {
  trail = await writeTrail()
  emulator = await startAthenaEmulator({
    root: trail.root,
    tables: trail.tables,
    queuedMs: 10,
    minRunningMs: 20
  })
  athena = athenaClient(emulator.url)
})

beforeEach(() => emulator.setFaults([]))

afterAll(async () => {
  athena.destroy()
  await emulator.close()
  trail.cleanup()
})

const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

async function start(query: string, parameters?: string[]): Promise<string> {
  const { QueryExecutionId } = await athena.send(
    new StartQueryExecutionCommand({
      QueryString: query,
      QueryExecutionContext: { Database: 'cloudtrail' },
      ...(parameters === undefined ? {} : { ExecutionParameters: parameters })
    })
  )
  if (QueryExecutionId === undefined) throw new Error('no QueryExecutionId')
  return QueryExecutionId
}

async function finish(id: string): Promise<QueryExecution> {
  for (;;) {
    const { QueryExecution: e } = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))
    if (e?.Status?.State !== 'QUEUED' && e?.Status?.State !== 'RUNNING' && e !== undefined) return e
    await sleep(10)
  }
}

const WHERE_NAME = `SELECT eventname FROM logs_plain WHERE eventname = ?`

describe('parameters', () => {
  it('an injection attempt inside a quoted literal is a value, not SQL', async () => {
    const e = await finish(await start(WHERE_NAME, ["'x'' OR ''1''=''1'"]))
    expect(e.Status?.State).toBe('SUCCEEDED')
    const page = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: e.QueryExecutionId }))
    expect(page.ResultSet?.Rows).toHaveLength(1) // the header only
    expect(emulator.executions().find(x => x.id === e.QueryExecutionId)?.executedSql).toBe(
      "SELECT eventname FROM logs_plain WHERE eventname = 'x'' OR ''1''=''1'"
    )
  })

  it.each([["'x' OR '1'='1'"], ['DescribeInstances'], ["'unterminated"], ['1; DROP TABLE logs_plain']])(
    'a value that is not one SQL literal fails the query: %s',
    async value => {
      const e = await finish(await start(WHERE_NAME, [value]))
      expect(e.Status?.State).toBe('FAILED')
      expect(e.Status?.StateChangeReason).toMatch(/^INVALID_INPUT/)
      expect(e.Status?.AthenaError?.ErrorCategory).toBe(2)
    }
  )

  it('the wrong number of parameters fails the query', async () => {
    const e = await finish(await start(WHERE_NAME, ["'a'", "'b'"]))
    expect(e.Status?.StateChangeReason).toMatch(/Incorrect number of parameters: expected 1 but found 2/)
  })

  it('a ? inside a string literal is not a placeholder', async () => {
    const e = await finish(
      await start(`SELECT eventname FROM logs_plain WHERE eventname = '?' OR eventname = ?`, ["'GetObject'"])
    )
    expect(e.Status?.State).toBe('SUCCEEDED')
  })
})

describe('faults', () => {
  it('fail: FAILED with the injected category and message', async () => {
    emulator.setFaults([
      { kind: 'fail', category: 1, errorType: 401, message: 'Failed to write results', count: 1 }
    ])
    const e = await finish(await start('SELECT 1 AS one'))
    expect(e.Status?.State).toBe('FAILED')
    expect(e.Status?.AthenaError).toMatchObject({
      ErrorCategory: 1,
      ErrorType: 401,
      ErrorMessage: 'Failed to write results'
    })
    const results = await failure(
      athena.send(new GetQueryResultsCommand({ QueryExecutionId: e.QueryExecutionId }))
    )
    expect(results.name).toBe('InvalidRequestException')
  })

  it('stuck: RUNNING (with bytes scanned so far) until StopQueryExecution cancels it', async () => {
    emulator.setFaults([{ kind: 'stuck', count: 1 }])
    const id = await start(`SELECT eventid FROM logs_rp WHERE "timestamp" = '2025/03/02'`)
    // Until the engine has scanned, however long a loaded machine takes (jest's timeout is the net).
    let running = (await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution
    while ((running?.Statistics?.DataScannedInBytes ?? 0) === 0) {
      await sleep(50)
      running = (await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution
    }
    await sleep(200)
    running = (await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution
    expect(running?.Status?.State).toBe('RUNNING')
    expect(running?.Statistics?.DataScannedInBytes).toBeGreaterThan(0)
    await athena.send(new StopQueryExecutionCommand({ QueryExecutionId: id }))
    const stopped = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))
    expect(stopped.QueryExecution?.Status?.State).toBe('CANCELLED')
  })

  it.each([
    ['throttle', 'ThrottlingException'],
    ['too-many-requests', 'TooManyRequestsException'],
    ['server-error', 'InternalServerException']
  ] as Array<['throttle' | 'too-many-requests' | 'server-error', string]>)(
    '%s answers %s',
    async (kind, name) => {
      emulator.setFaults([{ kind, operation: 'StartQueryExecution', count: 1 }])
      const error = await failure(start('SELECT 1 AS one'))
      expect(error.name).toBe(name)
      expect(await start('SELECT 1 AS one')).toMatch(/^[0-9a-f-]{36}$/)
    }
  )

  it.each([
    ['access-denied', 'AccessDeniedException'],
    ['server-error', 'InternalServiceException'],
    ['throttle', 'ThrottlingException']
  ] as Array<['access-denied' | 'server-error' | 'throttle', string]>)(
    'Glue %s answers %s',
    async (kind, name) => {
      emulator.setFaults([{ kind, operation: 'GetTable', count: 1 }])
      const glue = glueClient(emulator.url)
      try {
        const error = await failure(
          glue.send(new GetTableCommand({ DatabaseName: 'cloudtrail', Name: 'logs_rp' }))
        )
        expect(error.name).toBe(name)
        const { Table } = await glue.send(
          new GetTableCommand({ DatabaseName: 'cloudtrail', Name: 'logs_rp' })
        )
        expect(Table?.Name).toBe('logs_rp')
      } finally {
        glue.destroy()
      }
    }
  )

  it('repeat-token: a page hands back the token it was asked with', async () => {
    const e = await finish(await start(`SELECT eventid FROM logs_plain`))
    const first = await athena.send(
      new GetQueryResultsCommand({ QueryExecutionId: e.QueryExecutionId, MaxResults: 100 })
    )
    emulator.setFaults([{ kind: 'repeat-token', count: 1 }])
    const second = await athena.send(
      new GetQueryResultsCommand({
        QueryExecutionId: e.QueryExecutionId,
        MaxResults: 100,
        NextToken: first.NextToken
      })
    )
    expect(second.NextToken).toBe(first.NextToken)
  })

  it('malformed-page: a row shorter than the columns', async () => {
    const e = await finish(await start(`SELECT eventid, eventname FROM logs_plain LIMIT 5`))
    emulator.setFaults([{ kind: 'malformed-page', count: 1 }])
    const page = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: e.QueryExecutionId }))
    const rows = page.ResultSet?.Rows ?? []
    expect(rows[rows.length - 1]?.Data).toHaveLength(1)
  })

  it('GetQueryResults before the query finished is refused', async () => {
    emulator.setFaults([{ kind: 'stuck', count: 1 }])
    const id = await start('SELECT 1 AS one')
    const error = await failure(athena.send(new GetQueryResultsCommand({ QueryExecutionId: id })))
    expect(error.name).toBe('InvalidRequestException')
    await athena.send(new StopQueryExecutionCommand({ QueryExecutionId: id }))
  })

  it('an unknown workgroup is refused', async () => {
    const error = await failure(
      athena.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1', WorkGroup: 'missing' }))
    )
    expect(error.name).toBe('InvalidRequestException')
  })
})

describe('nonPortableConstructs', () => {
  it('passes the portable subset', () => {
    const sql = `SELECT eventid, eventtime, useridentity.sessioncontext.sessionissuer.arn AS role
      FROM "cloudtrail"."logs_rp" WHERE "timestamp" BETWEEN ? AND ? AND region IN (?, ?)
      AND eventtime >= ? AND lower(eventname) LIKE 'delete%' AND readonly = 'false'
      AND CAST(eventtime AS varchar) <> '' ORDER BY eventtime`
    expect(nonPortableConstructs(sql)).toEqual([])
  })

  it.each([
    [
      'SELECT * FROM t WHERE from_iso8601_timestamp(eventtime) > now()',
      /Trino-only function from_iso8601_timestamp/
    ],
    ['SELECT eventtime::timestamp FROM t', /::/],
    ['SELECT * FROM t WHERE eventname ILIKE ?', /ILIKE/],
    ['SELECT * FROM t WHERE timestamp = ?', /unquoted timestamp/],
    ['SELECT * FROM t WHERE readonly = true', /boolean/],
    ['SELECT * EXCLUDE (x) FROM t', /EXCLUDE/],
    ['SELECT `eventname` FROM t', /backquoted/]
  ])('flags %s', (sql, expected) => {
    expect(nonPortableConstructs(sql).join('\n')).toMatch(expected)
  })

  it('ignores words inside string literals and comments', () => {
    expect(nonPortableConstructs(`SELECT 1 FROM t WHERE x = 'a::b ILIKE' -- ::\n`)).toEqual([])
  })
})
