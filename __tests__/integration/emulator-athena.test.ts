// The Athena + Glue emulator through the real SDK clients over HTTP: Glue tables, query states, parameters,
// paging, partition pruning.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  type AthenaClient,
  type QueryExecution
} from '@aws-sdk/client-athena'
import { GetTableCommand, type GlueClient } from '@aws-sdk/client-glue'
import { startAthenaEmulator, type AthenaEmulator } from '../../emulator/athena/index.js'
import {
  athenaClient,
  glueClient,
  writeTrail,
  DAY,
  START,
  type TrailFixture
} from '../../__fixtures__/athena.js'
import { failure } from '../../__fixtures__/failure.js'

let trail: TrailFixture
let emulator: AthenaEmulator
let athena: AthenaClient
let glue: GlueClient

beforeAll(async () => {
  trail = await writeTrail()
  // logs_plain carries Glue's size statistic (totalSize), as a crawled or ANALYZEd table does.
  const tables = trail.tables.map(t => (t.name === 'logs_plain' ? { ...t, sizeStatistics: true } : t))
  emulator = await startAthenaEmulator({
    root: trail.root,
    tables,
    queuedMs: 30,
    minRunningMs: 60
  })
  athena = athenaClient(emulator.url)
  glue = glueClient(emulator.url)
})

afterAll(async () => {
  athena.destroy()
  glue.destroy()
  await emulator.close()
  trail.cleanup()
})

async function run(query: string, parameters?: string[]): Promise<QueryExecution> {
  const { QueryExecutionId } = await athena.send(
    new StartQueryExecutionCommand({
      QueryString: query,
      QueryExecutionContext: { Database: 'cloudtrail', Catalog: 'AwsDataCatalog' },
      WorkGroup: 'primary',
      ...(parameters === undefined ? {} : { ExecutionParameters: parameters })
    })
  )
  for (;;) {
    const { QueryExecution: e } = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId }))
    const state = e?.Status?.State
    if (e !== undefined && state !== 'QUEUED' && state !== 'RUNNING') return e
    await new Promise(resolve => setTimeout(resolve, 20))
  }
}

async function rows(id: string | undefined, maxResults?: number): Promise<string[][]> {
  const out: string[][] = []
  let token: string | undefined
  do {
    const page = await athena.send(
      new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: token, MaxResults: maxResults })
    )
    for (const row of page.ResultSet?.Rows ?? [])
      out.push((row.Data ?? []).map(d => d.VarCharValue ?? '<null>'))
    token = page.NextToken
  } while (token !== undefined)
  return out
}

describe('Glue GetTable', () => {
  it.each([
    ['logs_pp', ['timestamp'], 'projection.timestamp.format', 'yyyy/MM/dd'],
    ['logs_rp', ['region', 'timestamp'], 'projection.region.values', 'eu-west-2,us-east-1'],
    ['logs_manual', ['region', 'year', 'month', 'day'], 'EXTERNAL', 'TRUE'],
    ['logs_plain', [], 'EXTERNAL', 'TRUE'],
    ['org_logs', ['account', 'region', 'timestamp'], 'projection.account.values', '123456789012']
  ])('%s has the documented partition keys and parameters', async (name, keys, param, value) => {
    const { Table } = await glue.send(new GetTableCommand({ DatabaseName: 'cloudtrail', Name: name }))
    expect(Table?.PartitionKeys?.map(k => k.Name)).toEqual(keys)
    expect(Table?.Parameters?.[param]).toBe(value)
    expect(Table?.StorageDescriptor?.SerdeInfo?.SerializationLibrary).toBe(
      'org.apache.hive.hcatalog.data.JsonSerDe'
    )
    const columns = Object.fromEntries((Table?.StorageDescriptor?.Columns ?? []).map(c => [c.Name, c.Type]))
    expect(columns['eventtime']).toBe('string')
    expect(columns['readonly']).toBe('string')
    expect(columns['resources']).toBe('array<struct<arn:string,accountid:string,type:string>>')
    expect(columns['useridentity']).toContain(
      'sessionissuer:struct<type:string,principalid:string,arn:string'
    )
    expect(Table?.CreateTime).toBeInstanceOf(Date)
  })

  it('the projection template and the organization location follow the trail layout', async () => {
    const pp = await glue.send(new GetTableCommand({ DatabaseName: 'cloudtrail', Name: 'logs_pp' }))
    expect(pp.Table?.Parameters?.['storage.location.template']).toBe(
      's3://trail-bucket/AWSLogs/123456789012/CloudTrail/eu-west-2/${timestamp}'
    )
    const org = await glue.send(new GetTableCommand({ DatabaseName: 'cloudtrail', Name: 'org_logs' }))
    expect(org.Table?.StorageDescriptor?.Location).toBe('s3://trail-bucket/AWSLogs/o-exampleorg1/')
  })

  it('gives totalSize (the compressed bytes under LOCATION) only for a table with statistics', async () => {
    const plain = await glue.send(new GetTableCommand({ DatabaseName: 'cloudtrail', Name: 'logs_plain' }))
    expect(plain.Table?.Parameters?.['totalSize']).toBe(
      String(trail.files.reduce((sum, f) => sum + f.size, 0))
    )
    const rp = await glue.send(new GetTableCommand({ DatabaseName: 'cloudtrail', Name: 'logs_rp' }))
    expect(rp.Table?.Parameters?.['totalSize']).toBeUndefined()
  })

  it('answers EntityNotFoundException for a missing table or database', async () => {
    const missing = await failure(
      glue.send(new GetTableCommand({ DatabaseName: 'cloudtrail', Name: 'nope' }))
    )
    expect(missing.name).toBe('EntityNotFoundException')
    const noDb = await failure(glue.send(new GetTableCommand({ DatabaseName: 'nodb', Name: 'logs_pp' })))
    expect(noDb.name).toBe('EntityNotFoundException')
  })
})

describe('queries', () => {
  it('runs a parameterised query through QUEUED and RUNNING to SUCCEEDED', async () => {
    const { QueryExecutionId } = await athena.send(
      new StartQueryExecutionCommand({
        QueryString: `SELECT eventid, eventname FROM logs_rp WHERE "timestamp" BETWEEN ? AND ? AND eventname = ?`,
        QueryExecutionContext: { Database: 'cloudtrail' },
        ExecutionParameters: ["'2025/03/02'", "'2025/03/03'", "'TerminateInstances'"]
      })
    )
    const first = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId }))
    // QUEUED for 30 ms; a loaded machine may answer the first poll after that.
    expect(['QUEUED', 'RUNNING']).toContain(first.QueryExecution?.Status?.State)
    const seen = new Set<string>()
    let e: QueryExecution | undefined
    do {
      e = (await athena.send(new GetQueryExecutionCommand({ QueryExecutionId }))).QueryExecution
      seen.add(e?.Status?.State ?? '')
      await new Promise(resolve => setTimeout(resolve, 10))
    } while (e?.Status?.State === 'QUEUED' || e?.Status?.State === 'RUNNING')
    expect([...seen]).toEqual(expect.arrayContaining(['RUNNING', 'SUCCEEDED']))
    expect(e?.Status?.CompletionDateTime).toBeInstanceOf(Date)
    expect(e?.Statistics?.QueryQueueTimeInMillis).toBe(30)
    expect(e?.Statistics?.DataScannedInBytes).toBeGreaterThan(0)
    const result = await rows(QueryExecutionId)
    expect(result[0]).toEqual(['eventid', 'eventname'])
    // Two days, two Regions, one TerminateInstances each.
    expect(result.slice(1).map(r => r[1])).toEqual(Array(4).fill('TerminateInstances'))
  })

  it('finds the data event with its resources and category', async () => {
    const e = await run(
      `SELECT eventname, eventcategory, readonly, resources[1].arn AS object FROM logs_plain WHERE eventcategory = 'Data'`
    )
    expect(e.Status?.State).toBe('SUCCEEDED')
    expect((await rows(e.QueryExecutionId)).slice(1)).toEqual([
      ['GetObject', 'Data', 'true', 'arn:aws:s3:::secrets/prod/db-password']
    ])
  })

  it('pages 1,000 rows a page with the header only on the first page', async () => {
    const e = await run(`SELECT eventid FROM logs_plain CROSS JOIN (SELECT * FROM range(6)) ORDER BY eventid`)
    const pages = []
    let token: string | undefined
    do {
      const page = await athena.send(
        new GetQueryResultsCommand({ QueryExecutionId: e.QueryExecutionId, NextToken: token })
      )
      pages.push(page.ResultSet?.Rows?.map(r => r.Data?.[0]?.VarCharValue) ?? [])
      token = page.NextToken
    } while (token !== undefined)
    // 241 records × 6 = 1,446 rows + the header.
    expect(pages.map(p => p.length)).toEqual([1000, 447])
    expect(pages[0]?.[0]).toBe('eventid')
    expect(pages[1]).not.toContain('eventid')
  })

  it('keeps a string column a string: comparing eventtime with a timestamp fails as on Athena', async () => {
    const e = await run(`SELECT eventid FROM logs_plain WHERE eventtime > TIMESTAMP '2025-03-01 00:00:00'`)
    expect(e.Status?.State).toBe('FAILED')
    expect(e.Status?.AthenaError?.ErrorCategory).toBe(2)
    expect(e.Status?.StateChangeReason).toMatch(/^TYPE_MISMATCH/)
  })
})

describe('partition pruning', () => {
  const daysOf = (days: number[], region?: string): number =>
    trail.files
      .filter(f =>
        days.some(d => f.day === new Date(START + d * DAY).toISOString().slice(0, 10).replace(/-/g, '/'))
      )
      .filter(f => region === undefined || f.region === region)
      .reduce((sum, f) => sum + f.size, 0)

  it('bills only the files of the days the WHERE keeps', async () => {
    const e = await run(`SELECT eventid FROM logs_rp WHERE "timestamp" BETWEEN '2025/03/03' AND '2025/03/05'`)
    expect(e.Statistics?.DataScannedInBytes).toBe(daysOf([2, 3, 4]))
  })

  it('prunes by Region and day together, and a non-partition OR keeps everything', async () => {
    const both = await run(
      `SELECT eventid FROM logs_manual WHERE region = 'us-east-1' AND year = '2025' AND month = '03' AND day IN ('04', '05')`
    )
    expect(both.Statistics?.DataScannedInBytes).toBe(daysOf([3, 4], 'us-east-1'))
    const widened = await run(`SELECT eventid FROM logs_rp WHERE region = 'us-east-1' OR eventname = 'x'`)
    expect(widened.Statistics?.DataScannedInBytes).toBe(trail.files.reduce((sum, f) => sum + f.size, 0))
  })

  it('files an event late on day D under D+1 (delivery day)', async () => {
    const e = await run(`SELECT eventtime FROM logs_pp WHERE "timestamp" = '2025/03/02' ORDER BY eventtime`)
    const times = (await rows(e.QueryExecutionId)).slice(1).map(r => r[0])
    expect(times[0]).toBe('2025-03-01T23:58:00Z')
  })

  it('prunes an organization table by account', async () => {
    const none = await run(`SELECT eventid FROM org_logs WHERE account = '999999999999'`)
    expect(none.Statistics?.DataScannedInBytes).toBe(0)
    const mine = await run(`SELECT count(*) AS n FROM org_logs WHERE account = '123456789012'`)
    expect((await rows(mine.QueryExecutionId))[1]).toEqual(['241'])
  })
})

describe('on the CloudTrail emulator port', () => {
  it('serves Glue and Athena beside LookupEvents', async () => {
    const { startEmulator } = await import('../../emulator/server.js')
    const shared = await startEmulator({ records: [], athena: { root: trail.root, tables: trail.tables } })
    const sharedGlue = glueClient(shared.url)
    try {
      const { Table } = await sharedGlue.send(
        new GetTableCommand({ DatabaseName: 'cloudtrail', Name: 'logs_rp' })
      )
      expect(Table?.Name).toBe('logs_rp')
      shared.setAthenaFaults([{ kind: 'throttle', operation: 'GetTable', count: 1 }])
      const throttled = await failure(
        sharedGlue.send(new GetTableCommand({ DatabaseName: 'cloudtrail', Name: 'logs_rp' }))
      )
      expect(throttled.name).toBe('ThrottlingException')
      expect(shared.athenaExecutions()).toEqual([])
    } finally {
      sharedGlue.destroy()
      await shared.close()
    }
  })
})
