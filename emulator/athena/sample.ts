// The Athena side of `npm run emulator -- --athena` and the demo: the records written as a trail's log files
// (plus S3 data events the LookupEvents emulator cannot show) in a temporary directory, with one table of each
// flavour in database `cloudtrail`, and the trail live: the calls the emulator records reach new files after their
// delay (the data set itself is already written, so none of it goes through the live trail).
import { mkdtemp } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { iamUser, roleSession, type EmulatorRecord } from '../records.js'
import {
  DEPLOY_BOT,
  DEPLOY_PROD_ROLE,
  GITHUB_SESSION,
  SAMPLE_ACCOUNT,
  SAMPLE_REGION,
  GLOBAL_REGION
} from '../sample.js'
import { makeDataEvent } from './data-events.js'
import { cloudTrailTables } from './index.js'
import type { AthenaEmulatorOptions } from './server.js'
import { writeTrailLogs } from './trail.js'

export const SAMPLE_BUCKET = 'cloudtrail-gate-trail'
export const SECRETS_BUCKET = 'prod-secrets'

export const SECRET_KEY = 'prod/database-password'
export const SAMPLE_TRAIL = {
  name: 'cloudtrail-gate-sample',
  s3BucketName: SAMPLE_BUCKET,
  homeRegion: SAMPLE_REGION
}
const DAY = 86_400_000

export interface AthenaSample {
  options: AthenaEmulatorOptions
  /**
   * The S3 data events added to the records (LookupEvents never returns data events): deploy-bot reading the
   * secret 200 days ago (beyond LookupEvents' 90 days too) and a GitHubActions session of deploy-prod 2 days ago.
   */
  dataEvents: EmulatorRecord[]
  describe: string
}

export async function athenaSample(
  records: readonly EmulatorRecord[],
  now = new Date()
): Promise<AthenaSample> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'athena-sample-'))
  const read = (
    principal: Parameters<typeof makeDataEvent>[0]['principal'],
    daysAgo: number
  ): EmulatorRecord =>
    makeDataEvent({
      principal,
      bucket: SECRETS_BUCKET,
      key: SECRET_KEY,
      region: SAMPLE_REGION,
      time: now.getTime() - daysAgo * DAY
    })
  const dataEvents = [
    read(iamUser(SAMPLE_ACCOUNT, DEPLOY_BOT), 200),
    read(roleSession(SAMPLE_ACCOUNT, DEPLOY_PROD_ROLE, GITHUB_SESSION), 2)
  ]
  await writeTrailLogs([...records, ...dataEvents], { root, bucket: SAMPLE_BUCKET })
  const tables = cloudTrailTables({
    bucket: SAMPLE_BUCKET,
    account: SAMPLE_ACCOUNT,
    regions: [SAMPLE_REGION, GLOBAL_REGION]
  })
  return {
    options: { root, tables, delivery: { trail: SAMPLE_TRAIL, dataset: 'none' } },
    dataEvents,
    describe: tables.map(t => `${t.database}.${t.name} (${t.flavour})`).join(', ')
  }
}
