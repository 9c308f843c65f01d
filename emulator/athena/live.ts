// Live delivery: while the emulator runs, records reach the trail's S3 files only after their delivery delay, as
// CloudTrail writes them — a new gzipped file per account, Region and ~5-minute batch, in the folder of the
// DELIVERY day, named `<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<id>.json.gz` after the batch's time (an
// event at 23:58 delivered at 00:05 lands in the next day's folder).
//
// Nothing ticks. The clock is the emulator's injected `now`, and the files due by now are written whenever
// something looks (every Athena and Glue call, GetTrailStatus, `deliver()`), so a test moves its clock and the next
// query sees exactly what was due. `flush()` writes every pending file at once, whatever the clock says;
// `neverDeliver` keeps matching records out of the files for good (a marker that never arrives). A record the trail
// does not write — logging stopped, another Region for a single-Region trail, another account — is dropped
// (trails.ts). A query reads only the files delivered before it was submitted (`snapshot()`).
//
// Knowingly different from AWS: batches are cut on an exact grid (fileIntervalMs) and each holds exactly the
// records due in it; real delivery is "typically within 5 minutes", unordered, sometimes later, and may split or
// merge files.
import path from 'node:path'
import type { EmulatorRecord } from '../records.js'
import type { Trail, Trails, TrailSpec } from '../trails.js'
import { accountOf, logFileKey, writeLogFile, type TrailLayout, type WrittenFile } from './trail.js'

export interface LiveDeliveryOptions {
  /** The trail whose files these are: its bucket, key prefix and organization give the keys. */
  trail: TrailSpec
  /** Records that only reach the files (data events…); those due at the start are written then. */
  records?: readonly EmulatorRecord[]
  /**
   * startEmulator: which records of its data set (`records` and every account's) go through this trail. `late` (default): those with
   * their own deliveryDelayMs whose file is not due yet at the start (the rest are taken to be in the files
   * already, e.g. written with writeTrailLogs); `all`: every one (those due at the start are written then); `none`.
   */
  dataset?: 'late' | 'all' | 'none'
  /** Delay of a record without its own deliveryDelayMs; default startEmulator's deliveryDelayMs, alone 5 minutes. */
  delayMs?: number
  /** The batch grid per account and Region; default 5 minutes. */
  fileIntervalMs?: number
  /** Records whose file never arrives (changeable later with `neverDeliver`). */
  neverDeliver?: (record: EmulatorRecord) => boolean
}

export interface DeliveredFile extends WrittenFile {
  /** When it was delivered: the batch time, or the flush that wrote it early. */
  deliveredMs: number
  eventIds: string[]
}

export interface PendingRecord {
  record: EmulatorRecord
  /** The batch time its file is due at. */
  deliverAt: number
}

interface Deps {
  root: string
  trail: Trail
  trails: Trails
  now: () => number
  delayMs: number
  intervalMs: number
}

export class LiveTrail {
  neverDeliver: ((record: EmulatorRecord) => boolean) | undefined
  private pending: PendingRecord[] = []
  private readonly delivered: DeliveredFile[] = []
  private readonly dropped: EmulatorRecord[] = []
  /** Delivery order of each file written (Infinity while being written); files not listed came before. */
  private readonly seqOf = new Map<string, number>()
  private seq = 0
  private tail: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly deps: Deps,
    neverDeliver?: (record: EmulatorRecord) => boolean
  ) {
    this.neverDeliver = neverDeliver
  }

  get trail(): Trail {
    return this.deps.trail
  }

  /** When the file of a record is due: the first batch strictly after its delay; Infinity: never. */
  deliverAt(record: EmulatorRecord): number {
    const at = record.EventTime.getTime() + (record.deliveryDelayMs ?? this.deps.delayMs)
    const interval = this.deps.intervalMs
    return Number.isFinite(at) ? (Math.floor(at / interval) + 1) * interval : Infinity
  }

  /** Schedules records for delivery (a switching event among them also switches the trail). */
  add(records: Iterable<EmulatorRecord>): void {
    for (const record of records) {
      this.deps.trails.note(record)
      const deliverAt = this.deliverAt(record)
      if (deliverAt !== Infinity) this.pending.push({ record, deliverAt })
    }
  }

  /** Writes every file due by now; a query submitted after this sees them. */
  deliver(): Promise<DeliveredFile[]> {
    return this.serial(() => {
      const now = this.deps.now()
      return this.write(p => p.deliverAt <= now)
    })
  }

  /** Writes every pending file now, whatever the clock says (never-deliver records stay out). */
  flush(): Promise<DeliveredFile[]> {
    return this.serial(() => this.write(() => true))
  }

  /** Which files a query submitted now may read: none delivered after this call, none half-written. */
  snapshot(): (file: string) => boolean {
    const seq = this.seq
    return file => (this.seqOf.get(file) ?? 0) <= seq
  }

  /** Records waiting for their file, soonest first (never-deliver ones included). */
  pendingRecords(): PendingRecord[] {
    return [...this.pending].sort((a, b) => a.deliverAt - b.deliverAt)
  }

  /** The time the next file is due, if any is. */
  nextDeliveryAt(): number | undefined {
    let next: number | undefined
    for (const p of this.pending) {
      if (this.neverDeliver?.(p.record) !== true && (next === undefined || p.deliverAt < next))
        next = p.deliverAt
    }
    return next
  }

  files(): DeliveredFile[] {
    return [...this.delivered]
  }

  /** Records that came due but the trail did not write (stopped, deleted, out of its scope). */
  notWritten(): EmulatorRecord[] {
    return [...this.dropped]
  }

  latestDeliveryMs(): number | undefined {
    return this.delivered.reduce<number | undefined>((max, f) => Math.max(max ?? 0, f.deliveredMs), undefined)
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const next = this.tail.then(task, task)
    this.tail = next.catch(() => undefined)
    return next
  }

  private layout(): TrailLayout {
    const t = this.deps.trail
    return {
      root: this.deps.root,
      bucket: t.s3BucketName,
      ...(t.s3KeyPrefix !== undefined && { keyPrefix: t.s3KeyPrefix }),
      ...(t.isOrganizationTrail && t.organizationId !== undefined && { organizationId: t.organizationId })
    }
  }

  private async write(due: (p: PendingRecord) => boolean): Promise<DeliveredFile[]> {
    const taken: PendingRecord[] = []
    const kept: PendingRecord[] = []
    for (const p of this.pending) (due(p) && this.neverDeliver?.(p.record) !== true ? taken : kept).push(p)
    this.pending = kept
    const batches = new Map<
      string,
      { account: string; region: string; deliverAt: number; records: EmulatorRecord[] }
    >()
    for (const { record, deliverAt } of taken) {
      if (!this.deps.trails.writes(this.deps.trail, record)) {
        this.dropped.push(record)
        continue
      }
      const account = accountOf(record)
      const id = `${account}\u0000${record.region}\u0000${deliverAt}`
      const batch = batches.get(id) ?? { account, region: record.region, deliverAt, records: [] }
      batch.records.push(record)
      batches.set(id, batch)
    }
    const written: DeliveredFile[] = []
    const order = [...batches.values()].sort(
      (a, b) => a.deliverAt - b.deliverAt || (a.region < b.region ? -1 : 1)
    )
    for (const batch of order) written.push(await this.writeBatch(batch))
    return written
  }

  private async writeBatch(batch: {
    account: string
    region: string
    deliverAt: number
    records: EmulatorRecord[]
  }): Promise<DeliveredFile> {
    const layout = this.layout()
    const records = batch.records.sort((a, b) => a.EventTime.getTime() - b.EventTime.getTime())
    const seed = `live\u0000${this.deps.trail.arn}\u0000${batch.account}\u0000${batch.region}\u0000${batch.deliverAt}\u0000${this.delivered.length}`
    const { key, day } = logFileKey(layout, batch.account, batch.region, batch.deliverAt, seed)
    const file = path.join(layout.root, layout.bucket, ...key.split('/'))
    this.seqOf.set(file, Infinity)
    const size = await writeLogFile(
      layout.root,
      layout.bucket,
      key,
      records.map(r => r.cloudTrailEvent)
    )
    this.seq += 1
    this.seqOf.set(file, this.seq)
    const delivered: DeliveredFile = {
      key,
      path: file,
      size,
      records: records.length,
      account: batch.account,
      region: batch.region,
      day,
      deliveredMs: Math.min(batch.deliverAt, this.deps.now()),
      eventIds: records.map(r => r.EventId)
    }
    this.delivered.push(delivered)
    return delivered
  }
}

/** The records of startEmulator's data set this trail delivers, by `dataset` mode (see LiveDeliveryOptions). */
export function datasetForTrail(
  live: LiveTrail,
  records: readonly EmulatorRecord[],
  mode: LiveDeliveryOptions['dataset'],
  now: number
): EmulatorRecord[] {
  if (mode === 'none') return []
  if (mode === 'all') return [...records]
  return records.filter(r => r.deliveryDelayMs !== undefined && live.deliverAt(r) > now)
}
