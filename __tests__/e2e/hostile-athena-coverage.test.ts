import { describe, expect, it, jest } from '@jest/globals'
import type { ServerResponse } from 'node:http'
import {
  ACCOUNT,
  cloudTrailTable,
  daysBetween,
  eventRow,
  gluePartition,
  ORG,
  OTHER_ACCOUNT,
  resultPage,
  HEADER,
  withTable,
  type GlueTable
} from '../../__fixtures__/athena-wire.js'
import { awsError, honest, json, QUERY_ID, runtimeStatistics } from '../../__fixtures__/hostile-athena.js'
import {
  againstAthena,
  boundValues,
  expectClean,
  expectNotClean,
  IN_WINDOW
} from '../../__fixtures__/hostile-athena-run.js'

// What the table can hold (issue 15). Athena answers only for the folders a table maps: an empty result from a table
// that cannot hold the asked account, Region or days proves nothing, so the step must not pass as clean.
//   controls  each layout that holds the whole query, empty result → clean
//   days      projection.timestamp.range starting after the window's start; ending before its end
//             a manual table missing a day's partition
//   Regions   projection.region.values without the asked Region; a one-Region folder (projection or no keys) asked
//             about another; global events (us-east-1's folder) from a table of eu-west-1 only (two layouts);
//             a manual table with no partition of the asked Region; a manual partition whose Location is another
//             Region's folder; a manual table whose partitions cannot be listed (GetPartitions denied)
//   accounts  an organization table: the identity's event in another account's folder must be read (the query must
//             not bind `account` to the identity's own); projection.account.values without the identity's account;
//             the trail of another account than the identity's

jest.setTimeout(60_000)

const projection = cloudTrailTable({ kind: 'projection', account: ACCOUNT, region: 'eu-west-1' })
/** Registered partitions of a manual table: `regions` × every day from 2025/02/20 to 2025/03/10 but `skip`. */
function manualPartitions(
  regions: readonly string[],
  skip: readonly string[] = []
): Array<Record<string, unknown>> {
  const days = daysBetween('2025/02/20', '2025/03/10').filter(day => !skip.includes(day))
  return regions.flatMap(region => days.map(day => gluePartition(ACCOUNT, region, day)))
}
const withParameter = (table: GlueTable, key: string, value: string): GlueTable =>
  withTable(table, copy => ((copy['Parameters'] as Record<string, string>)[key] = value))

describe('a table that holds the whole query: an empty result is clean (controls)', () => {
  it.each<[string, GlueTable, Array<Record<string, unknown>>]>([
    ['a projection table of eu-west-1', projection, []],
    [
      'a region-projection table of eu-west-1 and us-east-1',
      cloudTrailTable({ kind: 'region-projection', account: ACCOUNT, regions: ['eu-west-1', 'us-east-1'] }),
      []
    ],
    [
      'a manual table with every day of eu-west-1',
      cloudTrailTable({ kind: 'manual', account: ACCOUNT }),
      manualPartitions(['eu-west-1'])
    ],
    [
      'a table without partition keys over every Region',
      cloudTrailTable({ kind: 'none', account: ACCOUNT }),
      []
    ]
  ])('%s', async (_, table, partitions) => {
    expectClean(await againstAthena(honest({ table, partitions })))
  })
})

describe('days the table cannot hold', () => {
  // defect (issue 15): ends green: the table's projection starts on 2025/03/02, after the window's first day
  it.failing('projection.timestamp.range starting after the window starts', async () => {
    const table = cloudTrailTable({
      kind: 'projection',
      account: ACCOUNT,
      region: 'eu-west-1',
      rangeStart: '2025/03/02'
    })
    const run = await againstAthena(honest({ table }))
    expectNotClean(run, /projection\.timestamp\.range/)
    expect(run.stdout).toMatch(/2025\/03\/02/)
  })

  // defect (issue 15): ends green: the table's projection ends on 2025/03/02, before the window's last day
  it.failing('projection.timestamp.range ending before the window ends', async () => {
    const table = withParameter(projection, 'projection.timestamp.range', '2020/01/01,2025/03/02')
    const run = await againstAthena(honest({ table }))
    expectNotClean(run, /projection\.timestamp\.range/)
    expect(run.stdout).toMatch(/2025\/03\/02/)
  })

  // defect (issue 15): ends green: the manual table has no partition for eu-west-1 on 2025/03/02 (GetTable only)
  it.failing('a manual table without the partition of one day of the window', async () => {
    const table = cloudTrailTable({ kind: 'manual', account: ACCOUNT })
    const run = await againstAthena(
      honest({ table, partitions: manualPartitions(['eu-west-1'], ['2025/03/02']) })
    )
    expectNotClean(run, /2025[/-]03[/-]02/)
    expect(run.stdout).toMatch(/partition/i)
  })
})

describe('Regions the table cannot hold', () => {
  // defect (issue 15): ends green: projection.region.values has no eu-west-1, so Athena reads no folder at all
  it.failing('projection.region.values without the asked Region', async () => {
    const table = cloudTrailTable({
      kind: 'region-projection',
      account: ACCOUNT,
      regions: ['us-east-1', 'eu-west-2']
    })
    const run = await againstAthena(honest({ table }))
    expectNotClean(run, /eu-west-1/)
    expect(run.stdout).toMatch(/projection\.region\.values/)
  })

  // defect (issue 15): ends green: the table cannot hold eu-west-1 (its LOCATION is us-east-1's folder)
  it.failing.each([
    ['partition projection', cloudTrailTable({ kind: 'projection', account: ACCOUNT, region: 'us-east-1' })],
    [
      'no partition keys',
      withTable(cloudTrailTable({ kind: 'none', account: ACCOUNT }), copy => {
        const storage = copy['StorageDescriptor'] as Record<string, unknown>
        storage['Location'] = `s3://trail-bucket/AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/`
      })
    ]
  ])('a one-Region folder (%s) asked about another Region', async (_, table) => {
    const run = await againstAthena(honest({ table }))
    expectNotClean(run, /eu-west-1/)
    expect(run.stdout).toMatch(/us-east-1/)
  })

  // defect (issue 15): ends green: global events (IAM) are delivered to us-east-1's folder, which the table lacks
  it.failing.each([
    ['eu-west-1’s folder', projection],
    [
      'projection.region.values of eu-west-1 only',
      cloudTrailTable({ kind: 'region-projection', account: ACCOUNT, regions: ['eu-west-1'] })
    ]
  ])('global events asked of a table of %s', async (_, table) => {
    const run = await againstAthena(honest({ table }), {
      events: 'iam:CreateAccessKey',
      'include-global-events': 'true'
    })
    expectNotClean(run, /us-east-1/)
    expect(run.stdout).toMatch(/global/i)
  })

  // defect (issue 15): ends green: the manual table has partitions of us-east-1 only (GetTable only, no GetPartitions)
  it.failing('a manual table without any partition of the asked Region', async () => {
    const table = cloudTrailTable({ kind: 'manual', account: ACCOUNT })
    const run = await againstAthena(honest({ table, partitions: manualPartitions(['us-east-1']) }))
    expectNotClean(run, /eu-west-1/)
  })

  // defect (issue 15): ends green: Athena reads a partition's own Location, here us-east-1's folder for eu-west-1
  it.failing('a manual partition of the asked Region whose Location is another Region’s folder', async () => {
    const table = cloudTrailTable({ kind: 'manual', account: ACCOUNT })
    const partitions = manualPartitions(['eu-west-1']).map(partition => {
      const values = partition['Values'] as string[]
      if (values.slice(1).join('/') !== '2025/03/02') return partition
      return {
        ...partition,
        StorageDescriptor: gluePartition(ACCOUNT, 'us-east-1', '2025/03/02')['StorageDescriptor']
      }
    })
    const run = await againstAthena(honest({ table, partitions }))
    expectNotClean(run, /us-east-1/)
  })

  // defect (issue 15): ends green: the gate never lists the partitions, so it cannot know it was refused
  it.failing('a manual table whose partitions cannot be listed', async () => {
    const denied = (_: unknown, res: ServerResponse): void =>
      awsError(res, 400, 'AccessDeniedException', 'User is not authorized to perform: glue:GetPartitions')
    const table = cloudTrailTable({ kind: 'manual', account: ACCOUNT })
    const run = await againstAthena({
      ...honest({ table }),
      GetPartitions: denied,
      BatchGetPartition: denied
    })
    expectNotClean(run, /glue:GetPartitions/)
  })
})

describe('accounts the table cannot hold, or the query leaves out', () => {
  const organization = cloudTrailTable({
    kind: 'organization',
    org: ORG,
    accounts: [ACCOUNT, OTHER_ACCOUNT],
    regions: ['eu-west-1', 'us-east-1']
  })

  // defect (issue 15): ends green: the query binds "account" to the identity's own, so the other folder is never read
  it.failing('reads the identity’s forbidden event recorded in another account’s folder', async () => {
    let restricted = false
    const forbidden = eventRow({ eventName: 'TerminateInstances', time: IN_WINDOW })
    const run = await againstAthena({
      ...honest({ table: organization }),
      StartQueryExecution: ({ body }, res) => {
        // As Athena would: a query bound to the identity's account never reads OTHER_ACCOUNT's folder.
        const accounts = boundValues(body, 'account')
        restricted = accounts !== undefined && !accounts.includes(OTHER_ACCOUNT)
        json(res, { QueryExecutionId: QUERY_ID })
      },
      GetQueryResults: (_, res) => json(res, resultPage(restricted ? [HEADER] : [HEADER, forbidden])),
      GetQueryRuntimeStatistics: (_, res) => json(res, runtimeStatistics(restricted ? 0 : 1))
    })
    expect(run.code).toBe(1)
    // Either the other account's folder was read (and the event found), or the run says it was not.
    const outcome = restricted
      ? `account bound, complete=${run.outputs['complete']}`
      : `read, found=${run.outputs['found']}`
    expect(['account bound, complete=false', 'read, found=true']).toContain(outcome)
    expect(run.outputs['found']).not.toBe('false')
  })

  // defect (issue 15): ends green: projection.account.values lacks the identity's account 123456789012
  it.failing('projection.account.values without the identity’s account', async () => {
    const table = cloudTrailTable({
      kind: 'organization',
      org: ORG,
      accounts: [OTHER_ACCOUNT],
      regions: ['eu-west-1']
    })
    const run = await againstAthena(honest({ table }))
    expectNotClean(run, new RegExp(ACCOUNT))
  })

  // defect (issue 15): ends green: the table is account 210987654321's trail, the identity is of 123456789012
  it.failing('the trail of another account than the identity’s', async () => {
    const table = cloudTrailTable({ kind: 'projection', account: OTHER_ACCOUNT, region: 'eu-west-1' })
    const run = await againstAthena(honest({ table }))
    expectNotClean(run, new RegExp(ACCOUNT))
    expect(run.stdout).toMatch(new RegExp(OTHER_ACCOUNT))
  })
})
