// The Athena source end to end through the real SDK over HTTP, against the Athena + Glue emulator (DuckDB over
// gzipped trail files): every table flavour, partition pruning, hostile values run for real, the portable SQL
// subset, and the fail-closed paths with the emulator's faults.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { nonPortableConstructs, startAthenaEmulator, type AthenaEmulator } from '../emulator/athena/index.js'
import { systemClock } from '../src/core/clock.js'
import { parseQuery, type RawQuery } from '../src/query/inputs.js'
import { scan } from '../src/run/run.js'
import { buildStatement } from '../src/sources/athena/sql.js'
import { readPartitioning } from '../src/sources/athena/table.js'
import type { Query, ScanResult } from '../src/types.js'
import {
  athenaClient,
  glueClient,
  ACCOUNT,
  DAY,
  START,
  writeTrail,
  type TrailFixture
} from '../__fixtures__/athena.js'
import { FLAVOURS } from '../__fixtures__/athena-query.js'

let trail: TrailFixture
let emulator: AthenaEmulator

beforeAll(async () => {
  trail = await writeTrail()
  const tables = trail.tables.map(t => (t.name === 'logs_plain' ? { ...t, sizeStatistics: true } : t))
  emulator = await startAthenaEmulator({ root: trail.root, tables, queuedMs: 10, minRunningMs: 20 })
})

afterAll(async () => {
  await emulator.close()
  trail.cleanup()
})

beforeEach(() => emulator.setFaults([]))

const ROLE = `arn:aws:iam::${ACCOUNT}:role/deploy`
const iso = (ms: number): string => new Date(ms).toISOString()

function query(raw: Partial<RawQuery> = {}): Query {
  return parseQuery(
    {
      user: 'GitHubActions',
      source: 'athena',
      athenaTable: 'cloudtrail.logs_rp',
      createdAfter: iso(START + 2 * DAY),
      createdBefore: iso(START + 5 * DAY - 1000),
      ...raw
    },
    { now: new Date(START + 20 * DAY), env: { AWS_REGION: 'eu-west-2' } }
  )
}

function run(q: Query): Promise<ScanResult> {
  return scan(q, {
    clientFor: () => {
      throw new Error('LookupEvents must not be called')
    },
    athenaFor: () => ({ athena: athenaClient(emulator.url), glue: glueClient(emulator.url) }),
    clock: systemClock
  })
}

/** The scan with settings the shells do not expose (page size, retry policy). */
function direct(
  q: Query,
  more: { pageSize?: number; athenaPolicy?: { maxThrottleRetries: number; maxErrorRetries: number } }
) {
  return scan(q, {
    athenaFor: () => ({ athena: athenaClient(emulator.url), glue: glueClient(emulator.url) }),
    clock: systemClock,
    random: () => 0,
    ...more
  })
}

/** Compressed bytes of the files a table keeps for the query's days (a day each side) and Regions. */
function filesFor(days: readonly number[], regions: readonly string[], organization = false): number {
  const day = (ms: number): string => iso(ms).slice(0, 10).replace(/-/g, '/')
  const kept = new Set(days.map(d => day(START + d * DAY)))
  return (organization ? trail.orgFiles : trail.files)
    .filter(f => kept.has(f.day) && regions.includes(f.region))
    .reduce((sum, f) => sum + f.size, 0)
}

describe('each table flavour', () => {
  it.each([
    ['logs_pp', ['eu-west-2'], false],
    ['logs_rp', ['eu-west-2', 'us-east-1'], false],
    ['logs_manual', ['eu-west-2', 'us-east-1'], false],
    ['org_logs', ['eu-west-2', 'us-east-1'], true]
  ])(
    "%s: finds the window's TerminateInstances and reads only its days (+1 each side)",
    async (table, regions, org) => {
      const result = await run(
        query({ athenaTable: `cloudtrail.${table}`, user: ROLE, events: 'TerminateInstances' })
      )
      expect(result.incomplete).toBeUndefined()
      // One TerminateInstances a day (at 10:00) in each Region, days 2, 3 and 4.
      expect(result.events).toHaveLength(3 * regions.length)
      expect(new Set(result.events.map(e => e.Region))).toEqual(new Set(regions))
      expect(result.athena?.dataScannedBytes).toBe(filesFor([1, 2, 3, 4, 5], regions, org))
    }
  )

  it('logs_plain: no partition keys, so the whole table is read, with a warning', async () => {
    const result = await run(query({ athenaTable: 'cloudtrail.logs_plain', events: 'TerminateInstances' }))
    expect(result.events).toHaveLength(6)
    expect(result.athena?.warnings.join(' ')).toMatch(/no partition keys/)
    expect(result.athena?.dataScannedBytes).toBe(trail.files.reduce((sum, f) => sum + f.size, 0))
  })

  it('logs_plain: refused before starting when Glue says it is bigger than the cap', async () => {
    const before = emulator.executions().length
    const result = await run(query({ athenaTable: 'cloudtrail.logs_plain', athenaMaxBytesScanned: '100' }))
    expect(result.incomplete?.code).toBe('bytes-limit')
    expect(emulator.executions()).toHaveLength(before)
  })

  it('bounds the Region of a table with a region key to the Regions asked for', async () => {
    const result = await run(
      query({ region: 'eu-west-2', includeGlobalEvents: false, events: 'TerminateInstances' })
    )
    expect(result.events.map(e => e.Region)).toEqual(['eu-west-2', 'eu-west-2', 'eu-west-2'])
    expect(result.athena?.dataScannedBytes).toBe(filesFor([1, 2, 3, 4, 5], ['eu-west-2']))
  })

  it('finds the S3 data event LookupEvents never returns', async () => {
    const result = await run(
      query({
        user: ROLE,
        events: 's3:GetObject',
        createdAfter: iso(START),
        createdBefore: iso(START + 10 * DAY)
      })
    )
    expect(result.found).toBe(true)
    expect(result.events.map(e => [e.EventName, e.EventSource, e.Resources.join(' ')])).toEqual([
      ['GetObject', 's3.amazonaws.com', expect.stringContaining('arn:aws:s3:::secrets/prod/db-password')]
    ])
  })

  it('is clean for a name that made no call, and discovery lists every event of the identity', async () => {
    expect((await run(query({ user: 'someone-else', events: 'TerminateInstances' }))).found).toBe(false)
    const all = await run(query({ region: 'eu-west-2', includeGlobalEvents: false }))
    expect(all.incomplete).toBeUndefined()
    // 12 events a day for 3 days, and the S3 data event of day 3.
    expect(all.events).toHaveLength(37)
    expect(all.events.filter(e => e.EventName === 'GetObject')).toHaveLength(1)
  })
})

describe('hostile values run for real', () => {
  it.each(["x' OR '1'='1", "'; SELECT 1; --", "a'' OR eventname <> ''", "\\' OR 1=1 --"])(
    'a name %j matches nothing and breaks nothing',
    async name => {
      const q = { ...query({ events: 'TerminateInstances' }), identity: { kind: 'name' as const, name } }
      const result = await run(q)
      expect(result.incomplete).toBeUndefined()
      expect(result.events).toEqual([])
      const executed = emulator.executions().at(-1)
      expect(executed?.state).toBe('SUCCEEDED')
      expect(executed?.query).not.toContain(name)
    }
  )
})

describe('portable SQL', () => {
  it.each(Object.keys(FLAVOURS))(
    'the %s table: no Trino-only or DuckDB-only construct for any identity or pattern form',
    flavour => {
      const table = FLAVOURS[flavour as keyof typeof FLAVOURS]
      for (const user of [
        'GitHubActions',
        'root',
        ROLE,
        `arn:aws:iam::${ACCOUNT}:user/alice`,
        `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/GitHubActions`
      ]) {
        for (const events of [
          '',
          'TerminateInstances',
          'Delete*,Put?ucket*',
          'iam:*',
          's3.amazonaws.com:GetObject'
        ]) {
          const q = query({ user, events, region: 'eu-west-2' })
          const s = buildStatement(q, q.athena!, readPartitioning(table))
          expect(nonPortableConstructs(s.sql)).toEqual([])
        }
      }
    }
  )
})

describe('fails closed', () => {
  it('on a FAILED query, with the category and message', async () => {
    emulator.setFaults([
      { kind: 'fail', category: 1, errorType: 401, message: 'GENERIC_INTERNAL_ERROR: boom' }
    ])
    const result = await run(query({ events: 'TerminateInstances' }))
    expect(result.incomplete?.code).toBe('query-failed')
    expect(result.incomplete?.reason).toMatch(
      /ErrorCategory 1 SYSTEM, ErrorType 401.*GENERIC_INTERNAL_ERROR: boom/
    )
  })

  it('on a CANCELLED query', async () => {
    emulator.setFaults([{ kind: 'cancel' }])
    expect((await run(query({ events: 'TerminateInstances' }))).incomplete?.code).toBe('query-cancelled')
  })

  it('on a query still running at the deadline, which it stops', async () => {
    emulator.setFaults([{ kind: 'stuck' }])
    const result = await run(query({ events: 'TerminateInstances', timeoutMinutes: '0.05' }))
    expect(result.incomplete?.code).toBe('deadline')
    expect(emulator.executions().at(-1)?.state).toBe('CANCELLED')
  })

  it('on a page that repeats its token', async () => {
    emulator.setFaults([{ kind: 'repeat-token', afterPages: 1 }])
    const q = query({ user: ROLE, createdAfter: iso(START), createdBefore: iso(START + 10 * DAY) })
    const result = await direct(q, { pageSize: 50 })
    expect(result.incomplete?.code).toBe('repeated-token')
  })

  it.each(['short-row', 'not-string', 'no-rows-key'] as const)('on a malformed page (%s)', async variant => {
    emulator.setFaults([{ kind: 'malformed-page', variant }])
    const result = await run(query({ events: 'TerminateInstances' }))
    expect(result.incomplete).toBeDefined()
    expect(result.found).toBe(false)
  })

  it('on throttling that never clears', async () => {
    emulator.setFaults([{ kind: 'throttle', operation: 'GetQueryExecution' }])
    const q = query({ events: 'TerminateInstances' })
    const result = await direct(q, { athenaPolicy: { maxThrottleRetries: 2, maxErrorRetries: 1 } })
    expect(result.incomplete?.code).toBe('throttled')
  })
})
