// A trail's log files: `{"Records":[…]}` gzipped, one file per account, Region and delivery (about every 5
// minutes), foldered by the *delivery* day, named as CloudTrail names them:
//   AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<id>.json.gz
// and, for an organization trail, under AWSLogs/<org-id>/<account>/CloudTrail/…, all after the trail's S3 key
// prefix when it has one. An event late on day D is delivered on D+1 when the delivery delay carries it past
// midnight, as on AWS. Files written while the emulator runs come from live.ts.
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { gzip } from 'node:zlib'
import { digest } from '../ids.js'
import type { EmulatorRecord } from '../records.js'

const gzipAsync = promisify(gzip)
const MINUTE = 60_000

export interface TrailLayout {
  /** The local directory standing for S3 (`<root>/<bucket>/<key>`). */
  root: string
  bucket: string
  /** Set for an organization trail: keys gain the `o-…` segment after AWSLogs/. */
  organizationId?: string
  /** The trail's S3KeyPrefix: keys start `<prefix>/AWSLogs/`. */
  keyPrefix?: string
}

export interface WriteOptions {
  /** Delay between an event and the delivery of its file; default 5 minutes. */
  deliveryDelayMs?: number | ((record: EmulatorRecord, index: number) => number)
  /** CloudTrail delivers a file about every 5 minutes per account and Region; default 5 minutes. */
  fileIntervalMs?: number
}

export interface WrittenFile {
  /** The S3 key, e.g. AWSLogs/123456789012/CloudTrail/eu-west-2/2025/06/01/…json.gz */
  key: string
  path: string
  /** Compressed size in bytes. */
  size: number
  records: number
  account: string
  region: string
  /** The delivery day's folder, yyyy/MM/dd. */
  day: string
}

/** The account a record belongs to: its recipientAccountId, as CloudTrail files it. */
export function accountOf(record: EmulatorRecord): string {
  const event = record.cloudTrailEvent as { recipientAccountId?: unknown }
  if (typeof event.recipientAccountId !== 'string') throw new Error(`record ${record.EventId} has no account`)
  return event.recipientAccountId
}

const pad = (n: number): string => String(n).padStart(2, '0')

/** The UTC day and the file-name time of an instant: `yyyy/MM/dd` and `YYYYMMDDTHHmmZ`. */
export function stamp(ms: number): { day: string; name: string } {
  const d = new Date(ms)
  const [y, m, day, h, min] = [
    d.getUTCFullYear(),
    d.getUTCMonth() + 1,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes()
  ]
  return { day: `${y}/${pad(m)}/${pad(day)}`, name: `${y}${pad(m)}${pad(day)}T${pad(h)}${pad(min)}Z` }
}

/** The S3 key of a log file delivered at `deliveredMs`; `seed` makes its unique suffix reproducible. */
export function logFileKey(
  layout: Pick<TrailLayout, 'organizationId' | 'keyPrefix'>,
  account: string,
  region: string,
  deliveredMs: number,
  seed: string
): { key: string; day: string } {
  const { day, name } = stamp(deliveredMs)
  const org = layout.organizationId === undefined ? '' : `${layout.organizationId}/`
  const prefix = layout.keyPrefix === undefined ? '' : `${layout.keyPrefix}/`
  const id = digest('trail-file', seed).slice(0, 16).toUpperCase()
  return {
    key: `${prefix}AWSLogs/${org}${account}/CloudTrail/${region}/${day}/${account}_CloudTrail_${region}_${name}_${id}.json.gz`,
    day
  }
}

/** Writes one log file holding these CloudTrail event objects; returns its compressed size. */
export function writeLogFile(
  root: string,
  bucket: string,
  key: string,
  events: readonly object[]
): Promise<number> {
  return writeLogFileJson(
    root,
    bucket,
    key,
    events.map(e => JSON.stringify(e))
  )
}

/** The same from events already serialized (the benchmark's generator builds them from templates). */
export async function writeLogFileJson(
  root: string,
  bucket: string,
  key: string,
  events: readonly string[]
): Promise<number> {
  const file = path.join(root, bucket, ...key.split('/'))
  const body = await gzipAsync(Buffer.from(`{"Records":[${events.join(',')}]}`))
  // Create the folder only when it is missing: a day's folder holds hundreds of files.
  await writeFile(file, body).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error
    await mkdir(path.dirname(file), { recursive: true })
    await writeFile(file, body)
  })
  return body.length
}

/** Writes the records as a trail delivers them; returns the files, in key order. */
export async function writeTrailLogs(
  records: Iterable<EmulatorRecord>,
  layout: TrailLayout,
  options: WriteOptions = {}
): Promise<WrittenFile[]> {
  const interval = options.fileIntervalMs ?? 5 * MINUTE
  const delay = options.deliveryDelayMs ?? 5 * MINUTE
  const groups = new Map<string, { account: string; region: string; delivered: number; events: object[] }>()
  let index = 0
  for (const record of records) {
    const wait = typeof delay === 'number' ? delay : delay(record, index)
    index += 1
    const account = accountOf(record)
    const delivered = Math.ceil((record.EventTime.getTime() + wait) / interval) * interval
    const id = `${account}\u0000${record.region}\u0000${delivered}`
    let group = groups.get(id)
    if (group === undefined) {
      group = { account, region: record.region, delivered, events: [] }
      groups.set(id, group)
    }
    group.events.push(record.cloudTrailEvent)
  }
  const written: WrittenFile[] = []
  for (const [id, group] of groups) {
    const { key, day } = logFileKey(layout, group.account, group.region, group.delivered, id)
    const size = await writeLogFile(layout.root, layout.bucket, key, group.events)
    written.push({
      key,
      path: path.join(layout.root, layout.bucket, ...key.split('/')),
      size,
      records: group.events.length,
      account: group.account,
      region: group.region,
      day
    })
  }
  return written.sort((a, b) => a.key.localeCompare(b.key))
}
