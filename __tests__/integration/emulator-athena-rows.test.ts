// What the Athena emulator hands back for the bytes an attacker controls, for NULLs, and for a corrupt log file.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  type AthenaClient,
  type QueryExecution
} from '@aws-sdk/client-athena'
import { makeRecord } from '../../emulator/records.js'
import {
  cloudTrailTables,
  makeDataEvent,
  startAthenaEmulator,
  writeTrailLogs,
  type AthenaEmulator
} from '../../emulator/athena/index.js'
import { ACCOUNT, BUCKET, athenaClient, deployer } from '../../__fixtures__/athena.js'

const HOSTILE_KEY = `prod/</td><script>alert('x')</script>\n::set-output name=found::false|"quoted"\u202e`
const ROOT = mkdtempSync(path.join(os.tmpdir(), 'athena-rows-'))
let emulator: AthenaEmulator
let athena: AthenaClient

beforeAll(async () => {
  const time = '2025-04-02T10:00:00Z'
  const records = [
    makeDataEvent({ principal: deployer, bucket: 'secrets', key: HOSTILE_KEY, region: 'eu-west-2', time }),
    makeRecord({
      principal: deployer,
      eventName: 'DescribeInstances',
      source: 'ec2',
      region: 'eu-west-2',
      time
    })
  ]
  await writeTrailLogs(records, { root: ROOT, bucket: BUCKET })
  // A corrupt file on another day of the same table: only queries that read that day meet it.
  const bad = path.join(ROOT, BUCKET, 'AWSLogs', ACCOUNT, 'CloudTrail', 'eu-west-2', '2025', '04', '05')
  mkdirSync(bad, { recursive: true })
  writeFileSync(
    path.join(bad, `${ACCOUNT}_CloudTrail_eu-west-2_20250405T0000Z_BAD.json.gz`),
    gzipSync('{"Records":[{')
  )
  const tables = cloudTrailTables({ bucket: BUCKET, account: ACCOUNT, regions: ['eu-west-2'] })
  emulator = await startAthenaEmulator({ root: ROOT, tables, queuedMs: 5, minRunningMs: 5 })
  athena = athenaClient(emulator.url)
})

afterAll(async () => {
  athena.destroy()
  await emulator.close()
  rmSync(ROOT, { recursive: true, force: true })
})

async function run(query: string): Promise<QueryExecution> {
  const { QueryExecutionId } = await athena.send(
    new StartQueryExecutionCommand({ QueryString: query, QueryExecutionContext: { Database: 'cloudtrail' } })
  )
  for (;;) {
    const { QueryExecution: e } = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId }))
    if (e !== undefined && e.Status?.State !== 'QUEUED' && e.Status?.State !== 'RUNNING') return e
    await new Promise(resolve => setTimeout(resolve, 10))
  }
}

const ON_THE_2ND = `"timestamp" = '2025/04/02'`

describe('rows', () => {
  it('carries attacker-controlled strings byte for byte', async () => {
    const e = await run(
      `SELECT resources[1].arn AS object FROM logs_pp WHERE ${ON_THE_2ND} AND eventcategory = 'Data'`
    )
    const page = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: e.QueryExecutionId }))
    expect(page.ResultSet?.Rows?.[1]?.Data?.[0]?.VarCharValue).toBe(`arn:aws:s3:::secrets/${HOSTILE_KEY}`)
  })

  it('gives NULL as a Datum without a value and an empty string as an empty value', async () => {
    const e = await run(
      `SELECT errorcode, '' AS empty, resources FROM logs_pp WHERE ${ON_THE_2ND} AND eventname = 'DescribeInstances'`
    )
    const page = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: e.QueryExecutionId }))
    expect(page.ResultSet?.Rows?.[1]?.Data).toEqual([{}, { VarCharValue: '' }, {}])
    expect(page.ResultSet?.ResultSetMetadata?.ColumnInfo?.map(c => c.Type)).toEqual([
      'varchar',
      'varchar',
      'array'
    ])
  })

  it('renders structs and arrays as Athena does', async () => {
    const e = await run(`SELECT resources FROM logs_pp WHERE ${ON_THE_2ND} AND eventcategory = 'Data'`)
    const page = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: e.QueryExecutionId }))
    expect(page.ResultSet?.Rows?.[1]?.Data?.[0]?.VarCharValue).toBe(
      `[{arn=arn:aws:s3:::secrets/${HOSTILE_KEY}, accountid=null, type=AWS::S3::Object}, ` +
        `{arn=arn:aws:s3:::secrets, accountid=${ACCOUNT}, type=AWS::S3::Bucket}]`
    )
  })
})

describe('a corrupt log file', () => {
  it('fails a query that reads it (HIVE_CURSOR_ERROR), not one whose partitions skip it', async () => {
    const all = await run(`SELECT eventid FROM logs_pp`)
    expect(all.Status?.State).toBe('FAILED')
    expect(all.Status?.StateChangeReason).toMatch(/^HIVE_CURSOR_ERROR/)
    expect(all.Status?.AthenaError?.ErrorCategory).toBe(2)
    const pruned = await run(`SELECT eventid FROM logs_pp WHERE ${ON_THE_2ND}`)
    expect(pruned.Status?.State).toBe('SUCCEEDED')
  })
})
