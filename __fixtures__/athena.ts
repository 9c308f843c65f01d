// A small trail for Athena tests: a role session's management events over ten days in two Regions (some
// delivered the next day), an S3 data event, and an organization copy; plus SDK clients for the emulator.
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { AthenaClient } from '@aws-sdk/client-athena'
import { GlueClient } from '@aws-sdk/client-glue'
import { makeRecord, roleSession, type EmulatorRecord } from '../emulator/records.js'
import {
  cloudTrailTables,
  makeDataEvent,
  writeTrailLogs,
  type WrittenFile
} from '../emulator/athena/index.js'

export const ACCOUNT = '123456789012'
export const ORG = 'o-exampleorg1'
export const BUCKET = 'trail-bucket'
export const REGIONS = ['eu-west-2', 'us-east-1'] as const
export const START = Date.parse('2025-03-01T00:00:00Z')
export const DAY = 86_400_000

export const deployer = roleSession(ACCOUNT, 'deploy', 'GitHubActions')

/** 10 days × 2 Regions × 12 events (one every 2 hours, the last at 23:58), and one GetObject data event. */
export function trailRecords(): EmulatorRecord[] {
  const records: EmulatorRecord[] = []
  for (let day = 0; day < 10; day++) {
    for (const region of REGIONS) {
      for (let i = 0; i < 12; i++) {
        const offset = i === 11 ? DAY - 2 * 60_000 : i * 2 * 3_600_000
        records.push(
          makeRecord({
            principal: deployer,
            eventName: i === 5 ? 'TerminateInstances' : 'DescribeInstances',
            source: 'ec2',
            region,
            time: START + day * DAY + offset
          })
        )
      }
    }
  }
  records.push(
    makeDataEvent({
      principal: deployer,
      bucket: 'secrets',
      key: 'prod/db-password',
      region: 'eu-west-2',
      time: START + 3 * DAY + 3_600_000
    })
  )
  return records
}

export interface TrailFixture {
  root: string
  files: WrittenFile[]
  orgFiles: WrittenFile[]
  tables: ReturnType<typeof cloudTrailTables>
  cleanup(): void
}

export async function writeTrail(records: EmulatorRecord[] = trailRecords()): Promise<TrailFixture> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'athena-trail-'))
  const files = await writeTrailLogs(records, { root, bucket: BUCKET })
  const orgFiles = await writeTrailLogs(records, { root, bucket: BUCKET, organizationId: ORG })
  const tables = cloudTrailTables({ bucket: BUCKET, account: ACCOUNT, regions: REGIONS, organizationId: ORG })
  return { root, files, orgFiles, tables, cleanup: () => rmSync(root, { recursive: true, force: true }) }
}

const credentials = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' }

export function athenaClient(endpoint: string): AthenaClient {
  return new AthenaClient({ endpoint, region: 'eu-west-2', credentials, maxAttempts: 1 })
}

export function glueClient(endpoint: string): GlueClient {
  return new GlueClient({ endpoint, region: 'eu-west-2', credentials, maxAttempts: 1 })
}
