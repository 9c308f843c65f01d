import { beforeEach, describe, expect, it } from '@jest/globals'
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type Row
} from '@aws-sdk/client-athena'
import { CloudTrailClient, DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail'
import { GetTableCommand, GlueClient } from '@aws-sdk/client-glue'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { mockClient } from 'aws-sdk-client-mock'
import { scan } from '../src/run/run.js'
import { COLUMNS, type ColumnName } from '../src/sources/athena/sql.js'
import type { Query } from '../src/types.js'
import { athenaQuery, FLAVOURS, glueTable } from '../__fixtures__/athena-query.js'
import { FakeClock } from '../__fixtures__/clock.js'

const athena = mockClient(AthenaClient)
const glue = mockClient(GlueClient)
const cloudTrail = mockClient(CloudTrailClient)
const sts = mockClient(STSClient)
const ACCOUNT = '111122223333'

const header: Row = { Data: COLUMNS.map(c => ({ VarCharValue: c })) }

/** A result row of a deploy-bot role session (the session name is LookupEvents' Username). */
function row(values: { [K in ColumnName]?: string | undefined }): Row {
  const all: { [K in ColumnName]?: string | undefined } = {
    eventid: 'e-1',
    eventtime: '2026-01-08T10:00:00Z',
    eventname: 'GetObject',
    eventsource: 's3.amazonaws.com',
    awsregion: 'eu-west-2',
    readonly: 'true',
    useridentity_type: 'AssumedRole',
    useridentity_arn: `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/deploy-bot`,
    useridentity_accountid: ACCOUNT,
    sessionissuer_type: 'Role',
    sessionissuer_arn: `arn:aws:iam::${ACCOUNT}:role/deploy`,
    sessionissuer_username: 'deploy',
    resources: `[{arn=arn:aws:s3:::secrets/prod.env, accountid=${ACCOUNT}, type=AWS::S3::Object}]`,
    ...values
  }
  return { Data: COLUMNS.map(c => (all[c] === undefined ? {} : { VarCharValue: all[c] })) }
}

/** GetQueryResults answers, in order; each call of `results` is one query's pages (the first with the header). */
let answers: Array<Record<string, unknown>> = []

function results(...pages: Row[][]): void {
  const all = pages.length === 0 ? [[]] : pages
  all.forEach((rows, i) =>
    answers.push({
      ResultSet: { Rows: i === 0 ? [header, ...rows] : rows },
      ...(i < all.length - 1 && { NextToken: `t${i + 1}` })
    })
  )
}

async function run(query: Query) {
  return scan(query, {
    clientFor: () => {
      throw new Error('LookupEvents must not be called for source athena')
    },
    athenaFor: region => {
      expect(region).toBe('eu-west-2')
      return { athena: new AthenaClient({ region }), glue: new GlueClient({ region }) }
    },
    stsFor: async region => new STSClient({ region }),
    trailsFor: region => new CloudTrailClient({ region }),
    clock: new FakeClock(),
    random: () => 0.5
  })
}

beforeEach(() => {
  athena.reset()
  glue.reset()
  cloudTrail.reset()
  sts.reset()
  cloudTrail.on(DescribeTrailsCommand).resolves({ trailList: [] })
  answers = []
  athena.on(GetQueryResultsCommand).callsFake(() => answers.shift() ?? {})
  glue.on(GetTableCommand).resolves({ Table: FLAVOURS.projection })
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' })
  athena.on(GetQueryExecutionCommand).resolves({
    QueryExecution: {
      QueryExecutionId: 'q-1',
      Status: { State: 'SUCCEEDED' },
      Statistics: {
        DataScannedInBytes: 3 * 2 ** 30,
        EngineExecutionTimeInMillis: 4200,
        TotalExecutionTimeInMillis: 4600
      }
    }
  })
})

describe('scan with source athena', () => {
  it('finds a data event a year back, judged like any record, with bytes, engine time and cost', async () => {
    results(
      [row({}), row({ eventid: 'e-2', eventname: 'PutObject', readonly: 'false' })],
      [row({ eventid: 'e-3', eventname: 'DeleteObject' })]
    )
    const result = await run(athenaQuery({ events: 's3:GetObject', createdAfter: '2025-11-21' }))
    expect(result.incomplete).toBeUndefined()
    expect(result.found).toBe(true)
    expect(result.events.map(e => [e.EventId, e.EventName, e.UserName, e.Forbidden])).toEqual([
      ['e-1', 'GetObject', 'deploy-bot', true]
    ])
    expect(result.events[0]?.Resources).toEqual(['arn:aws:s3:::secrets/prod.env'])
    expect(result.scanned).toBe(3)
    expect(result.athena).toMatchObject({
      table: 'security.cloudtrail_logs',
      queryExecutionId: 'q-1',
      state: 'SUCCEEDED',
      dataScannedBytes: 3 * 2 ** 30,
      engineMs: 4200,
      rows: 3,
      pages: 2,
      estimatedCostUsd: (3 / 1024) * 5
    })
    expect(result.regions).toMatchObject([{ region: 'eu-west-2', scanned: 3, examined: 3, matched: 1 }])
    expect(result.plan.strategy).toMatch(
      /One Amazon Athena query on security.cloudtrail_logs.*timestamp 2025\/11\/20 to 2026\/01\/13/
    )
  })

  it('is clean when no row is forbidden, and the judge still drops rows the WHERE let through', async () => {
    results([
      row({ eventname: 'GetObject' }),
      // Another principal whose ARN ends in the same name: the SQL's LIKE lets it through, the judge does not.
      row({
        eventid: 'e-8',
        eventname: 'DeleteObject',
        useridentity_type: 'IAMUser',
        useridentity_username: 'not-deploy-bot',
        useridentity_arn: `arn:aws:iam::${ACCOUNT}:user/x/deploy-bot`
      }),
      // Outside the window by a second.
      row({ eventid: 'e-9', eventname: 'DeleteObject', eventtime: '2026-01-12T09:30:01Z' })
    ])
    const result = await run(athenaQuery({ events: 'Delete*' }))
    expect(result.incomplete).toBeUndefined()
    expect(result.found).toBe(false)
    expect(result.scanned).toBe(1)
  })

  it('counts an event id once however often a row repeats it', async () => {
    results([row({ eventname: 'DeleteObject' }), row({ eventname: 'DeleteObject' })])
    const result = await run(athenaQuery({ events: 'Delete*' }))
    expect(result.events).toHaveLength(1)
    expect(result.violations).toEqual([{ name: 'DeleteObject', count: 1 }])
  })

  it.each([
    [
      'no event id',
      { eventid: '' },
      /record 2 of page 1 of the Athena result cannot be judged: it has no eventid/
    ],
    [
      'an unreadable time',
      { eventtime: '2026-01-08 10:00:00' },
      /eventtime "2026-01-08 10:00:00" is not a valid time/
    ],
    ['no event name', { eventname: undefined }, /no eventname/],
    ['no Region', { awsregion: undefined }, /no awsregion/]
  ])('makes the scan incomplete on a row with %s, never skipping it', async (_, values, reason) => {
    results([row({ eventid: 'ok' }), row(values)])
    const result = await run(athenaQuery({ events: 'Nothing' }))
    expect(result.incomplete).toMatchObject({
      code: 'bad-record',
      region: 'Athena (security.cloudtrail_logs)'
    })
    expect(result.incomplete?.reason).toMatch(reason)
  })

  it('makes the scan incomplete when rows come out of the eventid order it asked for', async () => {
    results([row({ eventid: 'e-2' })], [row({ eventid: 'e-1' })])
    const result = await run(athenaQuery({ events: 'Delete*' }))
    expect(result.incomplete).toMatchObject({ code: 'malformed-result' })
    expect(result.incomplete?.reason).toMatch(/row 1 of page 2 .* out of the eventid order/)
  })

  it('counts copies of an event once when they arrive together, across pages', async () => {
    results(
      [row({ eventid: 'e-1' }), row({ eventid: 'e-1' })],
      [row({ eventid: 'e-1' }), row({ eventid: 'e-2' })]
    )
    const result = await run(athenaQuery({ events: 'Delete*' }))
    expect(result.incomplete).toBeUndefined()
    expect(result.scanned).toBe(2)
  })

  it('cannot judge an ARN identity on a row without userIdentity', async () => {
    results([
      row({
        useridentity_type: undefined,
        useridentity_arn: undefined,
        useridentity_accountid: undefined,
        sessionissuer_type: undefined,
        sessionissuer_arn: undefined,
        sessionissuer_username: undefined
      })
    ])
    const result = await run(athenaQuery({ user: `arn:aws:iam::${ACCOUNT}:role/deploy` }))
    expect(result.incomplete?.code).toBe('bad-record')
  })

  it('matches a role ARN on every session of the role', async () => {
    results([
      row({}),
      row({ eventid: 'e-2', useridentity_arn: `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/other` })
    ])
    const result = await run(athenaQuery({ user: `arn:aws:iam::${ACCOUNT}:role/deploy` }))
    expect(result.events.map(e => e.EventId)).toEqual(['e-1', 'e-2'])
  })

  it('reports a FAILED query as incomplete with its category, and keeps what it cost', async () => {
    athena.on(GetQueryExecutionCommand).resolves({
      QueryExecution: {
        Status: {
          State: 'FAILED',
          StateChangeReason: 'HIVE_BAD_DATA: Error parsing field value',
          AthenaError: { ErrorCategory: 2, ErrorType: 1301 }
        },
        Statistics: { DataScannedInBytes: 2 ** 30 }
      }
    })
    const result = await run(athenaQuery({ events: 'Delete*' }))
    expect(result.found).toBe(false)
    expect(result.incomplete).toMatchObject({ code: 'query-failed' })
    expect(result.incomplete?.reason).toMatch(
      /FAILED \(ErrorCategory 2 USER, ErrorType 1301\): HIVE_BAD_DATA/
    )
    expect(result.athena?.dataScannedBytes).toBe(2 ** 30)
  })

  it('stops the query at the scan deadline (timeout-minutes)', async () => {
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'RUNNING' } } })
    athena.on(StopQueryExecutionCommand).resolves({})
    const result = await run(athenaQuery({ timeoutMinutes: '1' }))
    expect(result.incomplete).toMatchObject({ code: 'deadline' })
    expect(result.incomplete?.reason).toMatch(/1-minute deadline/)
    expect(athena.commandCalls(StopQueryExecutionCommand)).toHaveLength(1)
  })

  it('refuses before starting: a table that is not a CloudTrail table', async () => {
    glue.on(GetTableCommand).resolves({
      Table: { ...glueTable([]), StorageDescriptor: { Columns: [{ Name: 'x', Type: 'string' }] } }
    })
    const result = await run(athenaQuery())
    expect(result.incomplete?.reason).toMatch(/has no column eventid, .*not a CloudTrail table/)
    expect(result.athena?.estimatedCostUsd).toBe(0)
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(0)
  })

  it('refuses before starting: an unpartitioned table Glue says is bigger than the cap', async () => {
    glue.on(GetTableCommand).resolves({ Table: glueTable([], { totalSize: String(20e9) }) })
    const result = await run(athenaQuery({ athenaMaxBytesScanned: '10GB' }))
    expect(result.incomplete).toMatchObject({ code: 'bytes-limit' })
    expect(result.incomplete?.reason).toMatch(
      /18.6 GB, more than athena-max-bytes-scanned \(9.31 GB\): the query was not started/
    )
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(0)
  })

  it('warns that an unpartitioned table is read whole, and runs', async () => {
    glue.on(GetTableCommand).resolves({ Table: glueTable([], { totalSize: String(5e9) }) })
    results([])
    const result = await run(athenaQuery({ athenaMaxBytesScanned: '10GB' }))
    expect(result.incomplete).toBeUndefined()
    expect(result.athena?.warnings.join(' ')).toMatch(/no partition keys/)
  })

  it('refuses before starting: an injected Region key with no region given', async () => {
    glue.on(GetTableCommand).resolves({
      Table: glueTable(['region', 'timestamp'], {
        'projection.enabled': 'true',
        'projection.region.type': 'injected'
      })
    })
    const result = await run(athenaQuery())
    expect(result.incomplete?.reason).toMatch(/projects region as injected.*set the region input/)
  })

  it('fails closed when GetTable finds no table', async () => {
    glue.on(GetTableCommand).rejects(
      Object.assign(new Error('Table cloudtrail_logs not found.'), {
        name: 'EntityNotFoundException',
        $metadata: { httpStatusCode: 400 }
      })
    )
    const result = await run(athenaQuery())
    expect(result.incomplete?.reason).toMatch(
      /Glue GetTable failed \(EntityNotFoundException: Table cloudtrail_logs not found.\)/
    )
  })

  it('reads the older part of a fresh window, and fails closed when no marker can be placed', async () => {
    results([row({ eventname: 'GetObject' })])
    results([])
    sts
      .on(GetCallerIdentityCommand)
      .rejects(
        Object.assign(new Error('not allowed'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } })
      )
    const end = new Date(Date.UTC(2026, 10, 21, 12, 0, 0)).toISOString()
    const result = await run(
      athenaQuery({ createdBefore: end, region: 'eu-west-2', includeGlobalEvents: false })
    )
    expect(result.found).toBe(false)
    expect(result.incomplete).toMatchObject({ code: 'delivery' })
    expect(result.incomplete?.reason).toMatch(
      /delivery of the window to S3 is proven up to 2026-11-21T11:29:59Z .* not after it: eu-west-2: the marker could not be made/
    )
    // The older part was read and judged, and the fresh part too (a forbidden event there would still be found).
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(2)
    expect(result.athena?.queries.map(q => q.part)).toEqual(['older part', 'fresh part'])
  })

  it('cannot prove the fresh part of every Region of a table whose Regions nothing says', async () => {
    results([row({ eventname: 'GetObject' })])
    results([])
    const end = new Date(Date.UTC(2026, 10, 21, 12, 0, 0)).toISOString()
    const result = await run(athenaQuery({ createdBefore: end }))
    expect(result.incomplete).toMatchObject({ code: 'not-covered' })
    expect(result.incomplete?.reason).toMatch(
      /which Regions need a delivery marker cannot be told.*name them with region/
    )
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(0)
  })
})
