// The Athena + Glue emulator's public surface, for tests, the demo and the benchmark.
// Typical use:
//   const root = mkdtempSync(…)                                  // stands for S3
//   await writeTrailLogs(records, { root, bucket: 'trail' })      // files laid out as a trail delivers them
//   const athena = await startAthenaEmulator({ root, tables: cloudTrailTables({ bucket: 'trail', account }) })
//   process.env.AWS_ENDPOINT_URL_ATHENA = process.env.AWS_ENDPOINT_URL_GLUE = athena.url
import type { TableSpec } from './tables.js'

export { makeDataEvent, isDataEvent, type DataEventSpec } from './data-events.js'
export { nonPortableConstructs } from './portable.js'
export {
  startAthenaEmulator,
  createAthenaHandler,
  handleAthenaRequest,
  athenaControl,
  isAthenaTarget,
  type AthenaEmulator,
  type AthenaEmulatorOptions,
  type AnsweredCall,
  type AthenaHandler,
  type ExecutionSummary
} from './server.js'
export { LiveTrail, type DeliveredFile, type LiveDeliveryOptions, type PendingRecord } from './live.js'
export { PartitionRegistry, partitionLocation, type Partition } from './partitions.js'
export { makeTrailEvent, Trails, TRAIL_CHANGES, type TrailChange, type TrailSpec } from '../trails.js'
export type { AthenaFault, AthenaFaultKind } from './faults.js'
export { PARTITION_KEYS, locationOf, type TableFlavour, type TableSpec } from './tables.js'
export { writeTrailLogs, writeLogFile, logFileKey, type TrailLayout, type WrittenFile } from './trail.js'
export { substituteParameters, isSqlLiteral } from './parameters.js'

export interface StandardTablesOptions {
  bucket: string
  account: string
  /** Regions of the trail; the `projection` table covers the first. */
  regions: readonly string[]
  /** Default `cloudtrail`. */
  database?: string
  /** Adds the organization table `org_logs` over AWSLogs/<organizationId>/… */
  organizationId?: string
  accounts?: readonly string[]
  /** The trail's S3KeyPrefix, when it has one. */
  keyPrefix?: string
}

/**
 * One table of each flavour over the same trail: `logs_pp` (timestamp projection, first Region), `logs_rp`
 * (region + timestamp projection), `logs_manual` (region/year/month/day), `logs_plain` (no partitions) and,
 * with an organization id, `org_logs` (account + region + timestamp).
 */
export function cloudTrailTables(o: StandardTablesOptions): TableSpec[] {
  const database = o.database ?? 'cloudtrail'
  const prefix = o.keyPrefix === undefined ? {} : { keyPrefix: o.keyPrefix }
  const common = { database, bucket: o.bucket, owner: o.account, ...prefix }
  const tables: TableSpec[] = [
    { ...common, name: 'logs_pp', flavour: 'projection', regions: o.regions.slice(0, 1) },
    { ...common, name: 'logs_rp', flavour: 'region-projection', regions: o.regions },
    { ...common, name: 'logs_manual', flavour: 'manual' },
    { ...common, name: 'logs_plain', flavour: 'none' }
  ]
  if (o.organizationId !== undefined) {
    tables.push({
      database,
      bucket: o.bucket,
      ...prefix,
      owner: o.organizationId,
      name: 'org_logs',
      flavour: 'organization',
      regions: o.regions,
      accounts: o.accounts ?? [o.account]
    })
  }
  return tables
}
