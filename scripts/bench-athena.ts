// The Athena scenarios of `npm run bench`: a year of a busy role (1,000,000 records, 365 daily partitions, two
// Regions; generated once and cached in the OS temp dir) behind the Athena + Glue emulator in its own process.
// 1. Partition pruning: the action's own 7-day query (its partition bounds: a day on each side) must scan
//    within 5% of those 9 days' files (DataScannedInBytes against the files' compressed sizes).
// 2. The bundled action with `source: athena` over the whole year, when dist/ has the Athena source: it streams
//    every row (1,000,000) through the evaluator; peak RSS under 100 MB, rows evaluated per second.
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import {
  AthenaClient,
  GetQueryExecutionCommand,
  StartQueryExecutionCommand,
  type QueryExecution
} from '@aws-sdk/client-athena'
import { GetTableCommand, GlueClient } from '@aws-sdk/client-glue'
import { readOutputs } from '../__fixtures__/runner.js'
import { parseQuery } from '../src/query/inputs.js'
import { buildStatement, type AthenaStatement } from '../src/sources/athena/sql.js'
import { readPartitioning } from '../src/sources/athena/table.js'
import { bytesOfDays, dayOf, generateYear, type YearManifest } from '../emulator/athena/bench-data.js'
import { ROOT, runChild, startServerProcess, type ServerProcess } from './bench-proc.js'
import type { Row, Target } from './bench-report.js'
import { actionArgs, cleanEnv, readRss } from './bench-runs.js'

const DAY = 86_400_000
const REGION = 'eu-west-2'
const TABLE = 'cloudtrail.logs_rp'

export interface AthenaBenchOptions {
  readonly node: string
  readonly dir: string
  readonly records: number
}

export interface AthenaBenchResult {
  readonly rows: Row[]
  readonly targets: Target[]
  readonly problems: string[]
  readonly notes: string[]
}

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
const mb = (bytes: number): string => `${(bytes / 1_000_000).toFixed(2)} MB`
const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

async function finish(
  client: AthenaClient,
  id: string | undefined,
  deadline: number
): Promise<QueryExecution> {
  for (;;) {
    const { QueryExecution: e } = await client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))
    const state = e?.Status?.State
    if (e !== undefined && state !== 'QUEUED' && state !== 'RUNNING') return e
    if (Date.now() > deadline) throw new Error(`query ${id ?? '?'} still ${state ?? '?'} at the deadline`)
    await sleep(200)
  }
}

/** The SQL the action runs for the role over [start, end), from the table Glue describes. */
async function actionStatement(
  server: ServerProcess,
  year: YearManifest,
  start: number,
  end: number
): Promise<AthenaStatement> {
  const glue = new GlueClient({
    endpoint: server.url,
    region: REGION,
    credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'x' }
  })
  try {
    const { Table } = await glue.send(new GetTableCommand({ DatabaseName: 'cloudtrail', Name: 'logs_rp' }))
    const query = parseQuery(
      {
        user: `arn:aws:iam::${year.account}:role/${year.role}`,
        source: 'athena',
        athenaTable: TABLE,
        createdAfter: iso(start),
        createdBefore: iso(end - 1000)
      },
      { now: new Date(), env: { AWS_REGION: REGION } }
    )
    if (!query.athena || !Table) throw new Error('no Athena settings or no table')
    return buildStatement(query, query.athena, readPartitioning(Table))
  } finally {
    glue.destroy()
  }
}

/** A 7-day window a month before the data's end, bounded by partitions as the action bounds them. */
async function pruning(server: ServerProcess, year: YearManifest, r: AthenaBenchResult): Promise<void> {
  const end = Date.parse(`${year.lastDay.replace(/\//g, '-')}T00:00:00Z`) + DAY - 30 * DAY
  const start = end - 7 * DAY
  const days = Array.from({ length: 9 }, (_, i) => dayOf(start - DAY + i * DAY))
  const client = new AthenaClient({
    endpoint: server.url,
    region: REGION,
    credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'x' }
  })
  try {
    // The action's own statement (its partition bounds, a day on each side of the window), not a hand-written one.
    const statement = await actionStatement(server, year, start, end)
    const started = performance.now()
    const { QueryExecutionId } = await client.send(
      new StartQueryExecutionCommand({
        QueryString: statement.sql,
        ExecutionParameters: [...statement.parameters],
        QueryExecutionContext: { Database: 'cloudtrail', Catalog: 'AwsDataCatalog' }
      })
    )
    const e = await finish(client, QueryExecutionId, Date.now() + 5 * 60_000)
    const seconds = (performance.now() - started) / 1000
    const scanned = e.Statistics?.DataScannedInBytes ?? 0
    const expected = bytesOfDays(year, days)
    if (e.Status?.State !== 'SUCCEEDED')
      r.problems.push(`athena 7-day query: ${e.Status?.StateChangeReason ?? '?'}`)
    const ratio = expected > 0 ? scanned / expected : Infinity
    r.targets.push({
      name: '7-day Athena window scans within 5% of its 7 (+2) days of files',
      pass: Math.abs(ratio - 1) <= 0.05,
      detail:
        `${mb(scanned)} scanned, ${mb(expected)} in ${days[0]}…${days[8]} (${(ratio * 100).toFixed(1)}%); ` +
        `the year is ${mb(year.bytes)} (${((scanned / year.bytes) * 100).toFixed(2)}% read)`
    })
    r.rows.push({
      run: 'athena 7-day window (emulator)',
      pages: null,
      events: null,
      seconds,
      efficiency: null,
      throttled: null,
      rssKiB: null
    })
  } finally {
    client.destroy()
  }
}

function hasAthenaSource(): boolean {
  return /^\s+athena-table:/m.test(readFileSync(path.join(ROOT, 'action.yml'), 'utf8'))
}

/**
 * The bundled action over the whole year with `events: Terminate*`: a wildcard is matched here, not in SQL, so
 * every one of the role's rows streams through the evaluator, which keeps only the forbidden ones.
 */
async function actionRun(
  o: AthenaBenchOptions,
  server: ServerProcess,
  year: YearManifest,
  r: AthenaBenchResult
): Promise<void> {
  const file = (suffix: string): string => path.join(o.dir, `athena-${suffix}`)
  for (const name of ['output', 'summary']) writeFileSync(file(name), '')
  const first = Date.parse(`${year.firstDay.replace(/\//g, '-')}T00:00:00Z`)
  const last = Date.parse(`${year.lastDay.replace(/\//g, '-')}T00:00:00Z`) + DAY
  const env = {
    ...cleanEnv(o.dir),
    INPUT_SOURCE: 'athena',
    'INPUT_ATHENA-TABLE': TABLE,
    INPUT_USER: `arn:aws:iam::${year.account}:role/${year.role}`,
    INPUT_EVENTS: 'Terminate*',
    INPUT_REGION: '',
    'INPUT_FAIL-ON-FORBIDDEN': 'false',
    INPUT_CREATED_AFTER: iso(first),
    INPUT_CREATED_BEFORE: iso(last),
    'INPUT_TIMEOUT-MINUTES': '15',
    AWS_REGION: REGION,
    AWS_ENDPOINT_URL_ATHENA: server.url,
    AWS_ENDPOINT_URL_GLUE: server.url,
    // The year ends at midnight, so no delivery marker is placed; the trail check's calls get the emulator's 404
    // (not checked), never the network.
    AWS_ENDPOINT_URL_CLOUDTRAIL: server.url,
    AWS_ENDPOINT_URL_STS: server.url,
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: file('output'),
    GITHUB_STEP_SUMMARY: file('summary'),
    RUNNER_TEMP: o.dir,
    BENCH_RSS_FILE: file('rss')
  }
  const result = await runChild(o.node, actionArgs, { env, timeoutMs: 16 * 60_000 })
  const outputs = readOutputs(file('output'))
  const scanned = Number(outputs['scanned'])
  const rssKiB = readRss(file('rss'))
  const tail = `${result.stderr}\n${result.stdout}`.trim().split('\n').slice(-3).join(' / ')
  if (result.timedOut || result.code !== 0) r.problems.push(`action (athena): exit ${result.code}: ${tail}`)
  if (outputs['complete'] !== 'true') r.problems.push(`action (athena): complete=${outputs['complete']}`)
  if (scanned !== year.records)
    r.problems.push(`action (athena): scanned ${outputs['scanned']}, expected ${year.records}`)
  if (Number(outputs['count']) !== year.forbidden)
    r.problems.push(
      `action (athena): count ${outputs['count']}, expected ${year.forbidden} (the TerminateInstances of the year)`
    )
  r.rows.push({
    run: `action (athena, ${year.records.toLocaleString('en')} rows)`,
    pages: Math.ceil((year.records + 1) / 1000),
    events: Number.isFinite(scanned) ? scanned : null,
    seconds: result.seconds,
    efficiency: null,
    throttled: null,
    rssKiB
  })
  const mib = (rssKiB ?? Infinity) / 1024
  r.targets.push({
    name: `streaming ${year.records.toLocaleString('en')} Athena rows in < 100 MB peak RSS`,
    pass: mib * 1.048576 < 100,
    detail: `${mib.toFixed(1)} MiB; ${Math.round(scanned / result.seconds).toLocaleString('en')} rows/s end to end`
  })
}

export async function athenaBench(o: AthenaBenchOptions): Promise<AthenaBenchResult> {
  const r: AthenaBenchResult = { rows: [], targets: [], problems: [], notes: [] }
  const today = new Date()
  const end = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()))
  const year = await generateYear({ records: o.records, end })
  r.notes.push(
    `athena data: ${year.records.toLocaleString('en')} records, ${year.files.length.toLocaleString('en')} files, ` +
      `${mb(year.bytes)} gzipped, ${year.firstDay}…${year.lastDay}, generated in ${(year.generatedMs / 1000).toFixed(1)} s ` +
      `(cached in ${year.root})`
  )
  const endDay = end.toISOString().slice(0, 10)
  const server = await startServerProcess(
    ['emulator/athena/cli.ts', '--year', String(o.records), '--end', endDay],
    30 * 60_000,
    5 * 60_000
  )
  try {
    await pruning(server, year, r)
    if (hasAthenaSource()) await actionRun(o, server, year, r)
    else r.notes.push('action (athena): skipped, dist/ has no Athena source yet')
  } finally {
    await server.close()
  }
  return r
}
