// The Athena side of `npm run emulator -- --athena` and the demo: the records written as a trail's log files
// (plus an S3 data event the LookupEvents emulator cannot show) in a temporary directory, with one table of
// each flavour in database `cloudtrail`.
import { mkdtemp } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { roleSession, type EmulatorRecord } from '../records.js'
import { DEPLOY_PROD_ROLE, GITHUB_SESSION, SAMPLE_ACCOUNT, SAMPLE_REGION, GLOBAL_REGION } from '../sample.js'
import { makeDataEvent } from './data-events.js'
import { cloudTrailTables } from './index.js'
import type { AthenaEmulatorOptions } from './server.js'
import { writeTrailLogs } from './trail.js'

export const SAMPLE_BUCKET = 'cloudtrail-gate-trail'
export const SECRETS_BUCKET = 'prod-secrets'

export interface AthenaSample {
  options: AthenaEmulatorOptions
  /** The data event added to the records: a GitHubActions session of deploy-prod reading a secret. */
  dataEvent: EmulatorRecord
  describe: string
}

export async function athenaSample(
  records: readonly EmulatorRecord[],
  now = new Date()
): Promise<AthenaSample> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'athena-sample-'))
  const dataEvent = makeDataEvent({
    principal: roleSession(SAMPLE_ACCOUNT, DEPLOY_PROD_ROLE, GITHUB_SESSION),
    bucket: SECRETS_BUCKET,
    key: 'prod/database-password',
    region: SAMPLE_REGION,
    time: now.getTime() - 2 * 86_400_000
  })
  await writeTrailLogs([...records, dataEvent], { root, bucket: SAMPLE_BUCKET })
  const tables = cloudTrailTables({
    bucket: SAMPLE_BUCKET,
    account: SAMPLE_ACCOUNT,
    regions: [SAMPLE_REGION, GLOBAL_REGION]
  })
  return {
    options: { root, tables },
    dataEvent,
    describe: tables.map(t => `${t.database}.${t.name} (${t.flavour})`).join(', ')
  }
}
