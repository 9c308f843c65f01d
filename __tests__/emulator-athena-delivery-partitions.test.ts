// New day folders under live delivery: a projected table sees them as its NOW moves on; a manual table sees
// only registered partitions (Glue GetPartitions / GetPartition / CreatePartition / BatchCreatePartition), unless
// the emulator registers new days itself.
import { afterAll, afterEach, describe, expect, it } from '@jest/globals'
import {
  BatchCreatePartitionCommand,
  CreatePartitionCommand,
  GetPartitionCommand,
  GetPartitionsCommand
} from '@aws-sdk/client-glue'
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import { cloudTrailTables, writeTrailLogs } from '../emulator/athena/index.js'
import { iamUser, makeRecord } from '../emulator/records.js'
import { startEmulator, type Emulator } from '../emulator/server.js'
import { athenaClient, glueClient } from '../__fixtures__/athena.js'
import { failure } from '../__fixtures__/failure.js'
import { ACCOUNT, BUCKET, Clock, query, removeRoots, sts, tempRoot } from '../__fixtures__/athena-live.js'

const roots: string[] = []
const emulators: Emulator[] = []
afterEach(async () => {
  await Promise.all(emulators.splice(0).map(e => e.close()))
})
afterAll(() => removeRoots(roots))

const dev = iamUser(ACCOUNT, 'dev')
const LOCATION = `s3://${BUCKET}/AWSLogs/${ACCOUNT}/CloudTrail/`
const TABLE = { DatabaseName: 'cloudtrail', TableName: 'logs_manual' }

/** A trail with one day on disk (2026/04/01) before the start, at 23:59 that day, delivering the calls live. */
async function emulator(clock: Clock, registerNewPartitions = false): Promise<Emulator> {
  const root = tempRoot(roots)
  const old = makeRecord({
    principal: dev,
    eventName: 'RunInstances',
    source: 'ec2',
    region: 'eu-west-2',
    time: '2026-04-01T10:00:00Z'
  })
  // A file from the future (a clock skew, a hand-made fixture): NOW ends the projected range before it.
  const future = makeRecord({
    principal: dev,
    eventName: 'CreateTags',
    source: 'ec2',
    region: 'eu-west-2',
    time: '2026-04-03T10:00:00Z'
  })
  await writeTrailLogs([old, future], { root, bucket: BUCKET })
  const tables = cloudTrailTables({ bucket: BUCKET, account: ACCOUNT, regions: ['eu-west-2'] })
  const e = await startEmulator({
    requestsPerSecond: 0,
    now: clock.now,
    athena: {
      root,
      tables,
      queuedMs: 5,
      minRunningMs: 5,
      registerNewPartitions,
      delivery: { trail: { name: 'audit', s3BucketName: BUCKET } }
    }
  })
  emulators.push(e)
  return e
}

const MANUAL =
  "SELECT eventname FROM logs_manual WHERE region = 'eu-west-2' AND year = '2026' AND month = '04' AND day = ?"

describe('a day delivered while the emulator runs', () => {
  it('shows in projected tables at once and in a manual table only once its partition is registered', async () => {
    const clock = new Clock(Date.parse('2026-04-01T23:59:00Z'))
    const e = await emulator(clock)
    await sts(e.url).send(new GetCallerIdentityCommand({}))
    clock.set('2026-04-02T00:05:00Z')
    const athena = athenaClient(e.url)
    const glue = glueClient(e.url)
    expect(await query(athena, 'SELECT eventname, "timestamp" FROM logs_pp ORDER BY eventtime')).toEqual([
      ['RunInstances', '2026/04/01'],
      ['GetCallerIdentity', '2026/04/02']
    ])
    expect(await query(athena, MANUAL, ["'01'"])).toEqual([['RunInstances']])
    expect(await query(athena, MANUAL, ["'02'"])).toEqual([])
    const listed = await glue.send(new GetPartitionsCommand(TABLE))
    // The future day was on disk at the start, so it counts as registered in the manual table.
    expect(listed.Partitions?.map(p => p.Values?.join('/'))).toEqual([
      'eu-west-2/2026/04/01',
      'eu-west-2/2026/04/03'
    ])
    expect(listed.Partitions?.[0]?.StorageDescriptor?.Location).toBe(`${LOCATION}eu-west-2/2026/04/01/`)
    const newest = { ...TABLE, PartitionValues: ['eu-west-2', '2026', '04', '02'] }
    expect(await failure(glue.send(new GetPartitionCommand(newest)))).toEqual({
      name: 'EntityNotFoundException',
      status: 400
    })
    await glue.send(
      new CreatePartitionCommand({
        ...TABLE,
        PartitionInput: {
          Values: newest.PartitionValues,
          StorageDescriptor: { Location: `${LOCATION}eu-west-2/2026/04/02` }
        }
      })
    )
    expect((await glue.send(new GetPartitionCommand(newest))).Partition?.Values).toEqual(
      newest.PartitionValues
    )
    expect(await query(athena, MANUAL, ["'02'"])).toEqual([['GetCallerIdentity']])
    athena.destroy()
    glue.destroy()
  })

  it('is registered by the emulator itself with registerNewPartitions', async () => {
    const clock = new Clock(Date.parse('2026-04-01T23:59:00Z'))
    const e = await emulator(clock, true)
    await sts(e.url).send(new GetCallerIdentityCommand({}))
    clock.set('2026-04-02T00:05:00Z')
    const athena = athenaClient(e.url)
    expect(await query(athena, MANUAL, ["'02'"])).toEqual([['GetCallerIdentity']])
    athena.destroy()
  })

  it('ends the projected range at NOW, the emulator clock', async () => {
    const clock = new Clock(Date.parse('2026-04-02T12:00:00Z'))
    const e = await emulator(clock)
    const athena = athenaClient(e.url)
    const days = 'SELECT DISTINCT "timestamp" AS day FROM logs_pp ORDER BY day'
    expect(await query(athena, days)).toEqual([['2026/04/01']])
    clock.set('2026-04-03T00:00:00Z')
    expect(await query(athena, days)).toEqual([['2026/04/01'], ['2026/04/03']])
    athena.destroy()
  })
})

describe('Glue partition calls', () => {
  it('refuse bad values, foreign locations, duplicates and expressions beyond key = value', async () => {
    const e = await emulator(new Clock(Date.parse('2026-04-02T12:00:00Z')))
    const glue = glueClient(e.url)
    const input = (
      values: string[],
      location?: string
    ): { Values: string[]; StorageDescriptor?: { Location: string } } => ({
      Values: values,
      ...(location !== undefined && { StorageDescriptor: { Location: location } })
    })
    const out = await glue.send(
      new BatchCreatePartitionCommand({
        ...TABLE,
        PartitionInputList: [
          input(['eu-west-2', '2026', '04', '02']),
          input(['eu-west-2', '2026', '04', '01']),
          input(['eu-west-2', '2026', '13', '01']),
          input(['eu-west-2', '2026', '04', '05'], 's3://elsewhere/2026/04/05/')
        ]
      })
    )
    expect(out.Errors?.map(err => err.ErrorDetail?.ErrorCode)).toEqual([
      'AlreadyExistsException',
      'InvalidInputException',
      'InvalidInputException'
    ])
    const filtered = await glue.send(
      new GetPartitionsCommand({ ...TABLE, Expression: "month = '04' AND day='02'" })
    )
    expect(filtered.Partitions?.map(p => p.Values?.join('/'))).toEqual(['eu-west-2/2026/04/02'])
    const paged = await glue.send(new GetPartitionsCommand({ ...TABLE, MaxResults: 2 }))
    expect(paged.Partitions).toHaveLength(2)
    const rest = await glue.send(
      new GetPartitionsCommand({ ...TABLE, MaxResults: 2, NextToken: paged.NextToken })
    )
    expect(rest.Partitions?.map(p => p.Values?.[3])).toEqual(['03'])
    expect(rest.NextToken).toBeUndefined()
    expect(
      await failure(glue.send(new GetPartitionsCommand({ ...TABLE, Expression: "day > '01'" })))
    ).toEqual({
      name: 'InvalidInputException',
      status: 400
    })
    const projected = await glue.send(new GetPartitionsCommand({ ...TABLE, TableName: 'logs_pp' }))
    expect(projected.Partitions).toEqual([])
    glue.destroy()
  })
})
