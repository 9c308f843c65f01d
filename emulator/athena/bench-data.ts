// The benchmark's trail: a year of a busy role (1,000,000 records by default) across 365 daily partitions and
// two Regions, written as a trail delivers it (delivery-day folders, a 5-minute delay), generated day by day and
// gzipped in parallel so memory stays flat; cached in a directory keyed by its parameters, so a bench run
// generates it once. Files are hourly rather than CloudTrail's ~5 minutes, which keeps a full-year query at
// 17,520 files instead of 210,240 (the partition figures do not depend on the file size).
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { resourcesFor, sourceOf } from '../catalog.js'
import { seededRandom, uuidFrom } from '../ids.js'
import { roleSession } from '../records.js'
import { makeDataEvent } from './data-events.js'
import { EventTemplate } from './templates.js'
import { logFileKey, writeLogFileJson } from './trail.js'

const DAY = 86_400_000
const HOUR = 3_600_000

export interface YearOptions {
  /** Default: a directory under the OS temp dir named after the parameters (reused when complete). */
  root?: string
  bucket?: string
  account?: string
  regions?: readonly string[]
  /** Default 1,000,000. */
  records?: number
  /** Default 365. */
  days?: number
  /** The first day after the data (UTC midnight); default today's. */
  end?: Date
  role?: string
  session?: string
  /** Every n-th record is TerminateInstances; default 100,000. */
  forbiddenEvery?: number
  /** Every n-th record is an S3 GetObject data event; default 50,000. */
  dataEvery?: number
  /** Delivery delay, default 5 minutes. */
  deliveryDelayMs?: number
}

export interface YearFile {
  key: string
  size: number
  records: number
  region: string
  /** Delivery day, yyyy/MM/dd. */
  day: string
}

export interface YearManifest {
  root: string
  bucket: string
  account: string
  regions: string[]
  role: string
  session: string
  records: number
  forbidden: number
  dataEvents: number
  /** The first and last event day, yyyy/MM/dd. */
  firstDay: string
  lastDay: string
  files: YearFile[]
  bytes: number
  generatedMs: number
}

const ROUTINE = [
  'DescribeInstances',
  'GetBucketPolicy',
  'DescribeStacks',
  'UpdateStack',
  'CreateTags',
  'Decrypt'
]

function resolved(o: YearOptions): Required<Omit<YearOptions, 'root'>> {
  const today = new Date()
  return {
    bucket: o.bucket ?? 'bench-trail',
    account: o.account ?? '123456789012',
    regions: o.regions ?? ['eu-west-2', 'us-east-1'],
    records: o.records ?? 1_000_000,
    days: o.days ?? 365,
    end: o.end ?? new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate())),
    role: o.role ?? 'deploy',
    session: o.session ?? 'GitHubActions',
    forbiddenEvery: o.forbiddenEvery ?? 100_000,
    dataEvery: o.dataEvery ?? 50_000,
    deliveryDelayMs: o.deliveryDelayMs ?? 5 * 60_000
  }
}

export const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10).replace(/-/g, '/')

/** The year's trail, generated into `root` (or reused from there when a complete manifest matches). */
export async function generateYear(options: YearOptions = {}): Promise<YearManifest> {
  const o = resolved(options)
  const key = createHash('sha256').update(JSON.stringify(o)).digest('hex').slice(0, 12)
  const root = options.root ?? path.join(os.tmpdir(), `cloudtrail-gate-year-${key}`)
  const manifestPath = path.join(root, 'manifest.json')
  if (existsSync(manifestPath)) {
    const cached = JSON.parse(await readFile(manifestPath, 'utf8')) as YearManifest & { key?: string }
    if (cached.key === key) return cached
  }
  await rm(root, { recursive: true, force: true })
  await mkdir(root, { recursive: true })
  const started = Date.now()
  const manifest = await writeYear(root, o)
  manifest.generatedMs = Date.now() - started
  await writeFile(manifestPath, JSON.stringify({ ...manifest, key }))
  return manifest
}

async function writeYear(root: string, o: ReturnType<typeof resolved>): Promise<YearManifest> {
  const principal = roleSession(o.account, o.role, o.session)
  const random = seededRandom(0x5eed)
  const start = o.end.getTime() - o.days * DAY
  const step = (o.days * DAY) / o.records
  const files: YearFile[] = []
  const pending = new Map<string, { region: string; delivered: number; events: string[] }>()
  const templates = new Map<string, EventTemplate>()
  const templateFor = (eventName: string, region: string): EventTemplate => {
    const id = `${eventName}/${region}`
    let template = templates.get(id)
    if (template === undefined) {
      const resources = resourcesFor(eventName, random)
      const spec = { principal, eventName, source: sourceOf(eventName), region, resources }
      templates.set(id, (template = new EventTemplate({ ...spec, ...FIXED })))
    }
    return template
  }
  const inFlight = new Set<Promise<void>>()
  let forbidden = 0
  let dataEvents = 0
  const flush = async (until: number): Promise<void> => {
    for (const [id, group] of pending) {
      if (group.delivered > until) continue
      pending.delete(id)
      const { key, day } = logFileKey({}, o.account, group.region, group.delivered, id)
      const write = writeLogFileJson(root, o.bucket, key, group.events).then(size => {
        files.push({ key, size, records: group.events.length, region: group.region, day })
      })
      inFlight.add(write)
      void write.finally(() => inFlight.delete(write))
      if (inFlight.size >= 16) await Promise.race(inFlight)
    }
  }
  for (let i = 0; i < o.records; i++) {
    const time = start + Math.floor((i + 0.5) * step)
    const region = o.regions[i % o.regions.length] ?? 'us-east-1'
    const kind = kindOf(i, o)
    if (kind === 'forbidden') forbidden += 1
    if (kind === 'data') dataEvents += 1
    const eventId = uuidFrom(random)
    const json =
      kind === 'data'
        ? JSON.stringify(
            makeDataEvent({ principal, bucket: 'prod-secrets', key: `app/${i}.json`, region, time, eventId })
              .cloudTrailEvent
          )
        : templateFor(
            kind === 'forbidden'
              ? 'TerminateInstances'
              : (ROUTINE[i % ROUTINE.length] ?? 'DescribeInstances'),
            region
          ).fill({
            time,
            eventId,
            requestId: uuidFrom(random)
          })
    const delivered = Math.ceil((time + o.deliveryDelayMs) / HOUR) * HOUR
    const id = `${region}\u0000${delivered}`
    let group = pending.get(id)
    if (group === undefined) pending.set(id, (group = { region, delivered, events: [] }))
    group.events.push(json)
    if (i % 5000 === 4999) await flush(time)
  }
  await flush(Infinity)
  await Promise.all(inFlight)
  files.sort((a, b) => a.key.localeCompare(b.key))
  return {
    root,
    bucket: o.bucket,
    account: o.account,
    regions: [...o.regions],
    role: o.role,
    session: o.session,
    records: o.records,
    forbidden,
    dataEvents,
    firstDay: dayOf(start),
    lastDay: dayOf(o.end.getTime() - 1),
    files,
    bytes: files.reduce((sum, f) => sum + f.size, 0),
    generatedMs: 0
  }
}

const FIXED = {
  sourceIPAddress: '198.51.100.24',
  userAgent: 'aws-sdk-js/3.600.0 ua/2.1 os/linux lang/js md/nodejs#24'
}

function kindOf(i: number, o: ReturnType<typeof resolved>): 'forbidden' | 'data' | 'routine' {
  if (o.forbiddenEvery > 0 && i % o.forbiddenEvery === o.forbiddenEvery - 1) return 'forbidden'
  if (o.dataEvery > 0 && i % o.dataEvery === o.dataEvery - 1) return 'data'
  return 'routine'
}

/** The compressed bytes of the files delivered on these days (yyyy/MM/dd), in these Regions (default all). */
export function bytesOfDays(
  manifest: YearManifest,
  days: readonly string[],
  regions?: readonly string[]
): number {
  return manifest.files
    .filter(f => days.includes(f.day) && (regions === undefined || regions.includes(f.region)))
    .reduce((sum, f) => sum + f.size, 0)
}
