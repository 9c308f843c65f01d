// Many events of one IAM user, for paging tests and the benchmark (100,000 events = 2,000 pages of 50).
import { resourcesFor, sourceOf } from './catalog.js'
import { digest, seededRandom, uuidFrom } from './ids.js'
import { makeLazyRecord, type EmulatorRecord } from './records.js'
import { iamUser } from './principals.js'
import { SAMPLE_ACCOUNT } from './sample.js'

export interface HeavyUserOptions {
  user: string
  count: number
  region: string
  now: Date
  /** Every n-th event (the n-th, 2n-th… newest) is `forbiddenName`; default: none. */
  forbiddenEvery?: number
  /** Default `TerminateInstances`. */
  forbiddenName?: string
  /** Default the sample account (123456789012). */
  account?: string
}

const ROUTINE = [
  'DescribeInstances',
  'DescribeStacks',
  'UpdateStack',
  'GetBucketPolicy',
  'ListFunctions20150331',
  'CreateTags',
  'Decrypt'
] as const

const SPAN_MS = 89 * 24 * 3_600_000

/** `count` events spread evenly over the 89 days before `now`, newest first; deterministic per options. */
export function heavyUser(opts: HeavyUserOptions): EmulatorRecord[] {
  const principal = iamUser(opts.account ?? SAMPLE_ACCOUNT, opts.user)
  // The account joins the seed when given, so the same series in two accounts never shares an event id.
  const seed = [opts.user, opts.region, String(opts.count), ...(opts.account ? [opts.account] : [])]
  const random = seededRandom(parseInt(digest(...seed).slice(0, 8), 16))
  const forbiddenName = opts.forbiddenName ?? 'TerminateInstances'
  const every = opts.forbiddenEvery ?? 0
  const now = opts.now.getTime()
  const step = SPAN_MS / Math.max(1, opts.count)
  // One user agent and IP for the whole series: a bot does not change them, and sharing the strings keeps
  // 100,000 records small.
  const userAgent = 'aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64'
  const records: EmulatorRecord[] = new Array<EmulatorRecord>(opts.count)
  for (let i = 0; i < opts.count; i++) {
    const forbidden = every > 0 && (i + 1) % every === 0
    const eventName = forbidden ? forbiddenName : (ROUTINE[i % ROUTINE.length] ?? 'DescribeInstances')
    records[i] = makeLazyRecord({
      principal,
      eventName,
      source: sourceOf(eventName),
      region: opts.region,
      time: now - Math.floor((i + 0.5) * step),
      resources: resourcesFor(eventName, random),
      eventId: uuidFrom(random),
      sourceIPAddress: '198.51.100.24',
      userAgent
    })
  }
  return records
}

export interface CrowdOptions {
  eventName: string
  count: number
  region: string
  now: Date
  /** How many other IAM users share the events (`crowd-0`, `crowd-1`…); default 20. */
  principals?: number
  account?: string
}

/** `count` events of one name by other users, spread evenly over the 89 days before `now` (the planner's foil). */
export function crowd(opts: CrowdOptions): EmulatorRecord[] {
  const account = opts.account ?? SAMPLE_ACCOUNT
  const principals = Array.from({ length: opts.principals ?? 20 }, (_, i) => iamUser(account, `crowd-${i}`))
  const random = seededRandom(
    parseInt(digest(opts.eventName, opts.region, String(opts.count)).slice(0, 8), 16)
  )
  const now = opts.now.getTime()
  const step = SPAN_MS / Math.max(1, opts.count)
  const userAgent = 'aws-cli/2.17.0 Python/3.11.9 Linux/6.5.0 exe/x86_64'
  return Array.from({ length: opts.count }, (_, i) =>
    makeLazyRecord({
      principal: principals[i % principals.length] ?? iamUser(account, 'crowd-0'),
      eventName: opts.eventName,
      source: sourceOf(opts.eventName),
      region: opts.region,
      time: now - Math.floor((i + 0.25) * step),
      resources: resourcesFor(opts.eventName, random),
      eventId: uuidFrom(random),
      sourceIPAddress: '192.0.2.77',
      userAgent
    })
  )
}
