// The Athena + Glue emulator's state behind its HTTP routes: the services, the injected faults, the registered
// partitions of manual tables and, with the `delivery` option, the live trail that writes new log files as their
// delivery delay passes. Shared by the standalone server (server.ts) and the CloudTrail emulator's port.
import type { EmulatorRecord } from '../records.js'
import { Trails } from '../trails.js'
import { AthenaService, type WorkGroup } from './athena.js'
import { AthenaFaultPlan } from './faults.js'
import type { FileView } from './files.js'
import { GlueService } from './glue.js'
import { datasetForTrail, LiveTrail, type LiveDeliveryOptions } from './live.js'
import { PartitionRegistry } from './partitions.js'
import type { TableSpec } from './tables.js'
import { stamp } from './trail.js'

const FIVE_MINUTES = 5 * 60_000

export interface AthenaEmulatorOptions {
  /** The local directory standing for S3: `s3://bucket/key` is `<root>/bucket/key`. */
  root: string
  tables: readonly TableSpec[]
  /** Default: `primary` with results in s3://athena-results/. */
  workGroups?: readonly WorkGroup[]
  /** Glue CatalogId; default 123456789012. */
  catalogId?: string
  /** Time a query spends QUEUED; default 50 ms. */
  queuedMs?: number
  /** Least time a query spends RUNNING; default 100 ms. */
  minRunningMs?: number
  /** DuckDB threads per query; default 1 (tests share the machine), the benchmark's server uses 2. */
  threads?: number
  /** Finished executions kept with their results; default 50. */
  keep?: number
  /** The clock of delivery, of projection's NOW and of query timings; startEmulator passes its own. */
  now?: () => number
  /** Write records to new trail files as their delivery delay passes (live.ts). */
  delivery?: LiveDeliveryOptions
  /** Manual tables see every partition folder at once, as if a job registered each new day; default false. */
  registerNewPartitions?: boolean
  /** startEmulator only: record Athena and Glue calls as CloudTrail events of their caller; default false. */
  recordCalls?: boolean
}

export interface ExecutionSummary {
  id: string
  query: string
  executedSql: string | undefined
  parameters: string[] | undefined
  state: string
  dataScannedInBytes: number
}

export interface AthenaHandler {
  athena: AthenaService
  glue: GlueService
  faults: AthenaFaultPlan
  partitions: PartitionRegistry
  live: LiveTrail | undefined
  recordCalls: boolean
  /** Settles once the files due at the start are written and the partitions on disk registered. */
  ready: Promise<void>
}

/** What startEmulator shares with the handler: its trails, its data set and its default delivery delay. */
export interface SharedState {
  trails: Trails
  dataset: readonly EmulatorRecord[]
  delayMs: number
}

function liveTrail(
  options: AthenaEmulatorOptions & { delivery: LiveDeliveryOptions },
  shared: SharedState | undefined,
  now: () => number
): LiveTrail {
  const delivery = options.delivery
  const trails = shared?.trails ?? new Trails([delivery.trail])
  const trail = trails.byName(delivery.trail.name)
  if (trail === undefined) throw new Error(`delivery: no trail named ${delivery.trail.name}`)
  const live = new LiveTrail(
    {
      root: options.root,
      trail,
      trails,
      now,
      delayMs: delivery.delayMs ?? shared?.delayMs ?? FIVE_MINUTES,
      intervalMs: delivery.fileIntervalMs ?? FIVE_MINUTES
    },
    delivery.neverDeliver
  )
  if (shared !== undefined) live.add(datasetForTrail(live, shared.dataset, delivery.dataset, now()))
  live.add(delivery.records ?? [])
  return live
}

export function createAthenaHandler(options: AthenaEmulatorOptions, shared?: SharedState): AthenaHandler {
  const now = options.now ?? Date.now
  const tables = options.tables.map(t => ({
    ...t,
    database: t.database.toLowerCase(),
    name: t.name.toLowerCase()
  }))
  const faults = new AthenaFaultPlan()
  const partitions = new PartitionRegistry(options.root, tables, options.registerNewPartitions ?? false, now)
  const delivery = options.delivery
  const live = delivery === undefined ? undefined : liveTrail({ ...options, delivery }, shared, now)
  const view = (): FileView => ({
    today: stamp(now()).day,
    registered: partitions.isRegistered,
    ...(live !== undefined && { delivered: live.snapshot() })
  })
  const env = {
    root: options.root,
    tables,
    queuedMs: options.queuedMs ?? 50,
    minRunningMs: options.minRunningMs ?? 100,
    threads: options.threads ?? 1,
    now,
    view
  }
  const workGroups = options.workGroups ?? [{ name: 'primary', outputLocation: 's3://athena-results/' }]
  const ready = (async (): Promise<void> => {
    await live?.deliver()
    await partitions.registerExisting()
  })()
  // A failed start-up shows on the first request; this keeps it from being an unhandled rejection meanwhile.
  ready.catch(() => undefined)
  return {
    athena: new AthenaService({ env, workGroups, faults, keep: options.keep ?? 50 }),
    glue: new GlueService({
      root: options.root,
      tables,
      catalogId: options.catalogId ?? '123456789012',
      createdAt: Math.floor(now() / 1000),
      partitions,
      view
    }),
    faults,
    partitions,
    live,
    recordCalls: options.recordCalls ?? false,
    ready
  }
}

export function executionSummaries(h: AthenaHandler): ExecutionSummary[] {
  return [...h.athena.executions.values()].map(e => ({
    id: e.id,
    query: e.request.query,
    executedSql: e.executedSql,
    parameters: e.request.parameters,
    state: e.state,
    dataScannedInBytes: e.scanned
  }))
}
