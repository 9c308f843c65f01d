// CloudTrail trails: what DescribeTrails, GetTrail and GetTrailStatus report (trail-api.ts), which records a trail
// writes to its S3 files (emulator/athena/live.ts), and when it was logging.
//
// A trail logs from the beginning of time unless its spec says `logging: false`. Successful StopLogging,
// StartLogging and DeleteTrail events among the emulator's records whose requestParameters.name is the trail's
// name or ARN switch it from their EventTime on: a record is written unless it falls in a stopped period
// [StopLogging, StartLogging) or after DeleteTrail. The switching events themselves are written (the way a
// StopLogging shows up in the trail it stopped), which is what a gate looking for gaps needs to find.
// UpdateTrail, PutEventSelectors and PutAdvancedEventSelectors are recorded like any event and change nothing.
//
// Knowingly different from AWS: the switch is exact to the second (AWS stops within moments, and records delivered
// in the batch around it may or may not be written); a trail is visible to every caller whatever its account; an
// UpdateTrail never moves the bucket; LatestDeliveryError is reported as given and does not stop delivery.
import { accountOf } from './athena/trail.js'
import { makeRecord, type EmulatorRecord, type Principal } from './records.js'

export const DEFAULT_TRAIL_ACCOUNT = '123456789012'

export interface TrailSpec {
  /** 3–128 letters, digits, `.`, `_`, `-`. */
  name: string
  s3BucketName: string
  /** Keys then start `<prefix>/AWSLogs/…`. */
  s3KeyPrefix?: string
  /** Default 123456789012. */
  account?: string
  /** Default us-east-1. */
  homeRegion?: string
  /** Default true: the trail logs (and DescribeTrails shows it) in every Region. */
  isMultiRegionTrail?: boolean
  isOrganizationTrail?: boolean
  /** An organization trail's `o-…`: its keys are `AWSLogs/<o-…>/<account>/CloudTrail/…`. */
  organizationId?: string
  /** Default true. */
  includeGlobalServiceEvents?: boolean
  logFileValidationEnabled?: boolean
  hasCustomEventSelectors?: boolean
  /** Whether it logs before its first StartLogging/StopLogging event; default true. */
  logging?: boolean
  /** What GetTrailStatus reports as LatestDeliveryError (e.g. `AccessDenied`, `NoSuchBucket`). */
  latestDeliveryError?: string
}

/** A spec with its defaults filled in and its ARN. */
export type Trail = Required<Omit<TrailSpec, 's3KeyPrefix' | 'organizationId' | 'latestDeliveryError'>> &
  Pick<TrailSpec, 's3KeyPrefix' | 'organizationId' | 'latestDeliveryError'> & { arn: string }

export const TRAIL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{2,127}$/
export const TRAIL_ARN = /^arn:aws[a-z-]*:cloudtrail:([a-z0-9-]+):(\d{12}):trail\/([A-Za-z0-9._-]{3,128})$/

export function resolveTrail(spec: TrailSpec): Trail {
  if (!TRAIL_NAME.test(spec.name)) throw new Error(`trail name ${JSON.stringify(spec.name)} is invalid`)
  const account = spec.account ?? DEFAULT_TRAIL_ACCOUNT
  const homeRegion = spec.homeRegion ?? 'us-east-1'
  const isOrganizationTrail = spec.isOrganizationTrail ?? false
  if (isOrganizationTrail && spec.organizationId === undefined)
    throw new Error(`organization trail ${spec.name} needs its organizationId`)
  return {
    ...spec,
    account,
    homeRegion,
    isMultiRegionTrail: spec.isMultiRegionTrail ?? true,
    isOrganizationTrail,
    includeGlobalServiceEvents: spec.includeGlobalServiceEvents ?? true,
    logFileValidationEnabled: spec.logFileValidationEnabled ?? false,
    hasCustomEventSelectors: spec.hasCustomEventSelectors ?? false,
    logging: spec.logging ?? true,
    arn: `arn:aws:cloudtrail:${homeRegion}:${account}:trail/${spec.name}`
  }
}

/** The management events that change a trail (issue 16's "trail gaps"). */
export const TRAIL_CHANGES = [
  'StopLogging',
  'StartLogging',
  'DeleteTrail',
  'UpdateTrail',
  'PutEventSelectors',
  'PutAdvancedEventSelectors'
] as const
export type TrailChange = (typeof TRAIL_CHANGES)[number]

export interface TrailEventSpec {
  principal: Principal
  eventName: TrailChange
  /** The trail's name or ARN, as the caller passed it (requestParameters.name). */
  trail: string
  /** The Region the call was made in: the trail's home Region for a call by name. */
  region: string
  time: Date | string | number
  errorCode?: string
  eventId?: string
  deliveryDelayMs?: number
}

/** A CloudTrail management event changing a trail, as CloudTrail records it. */
export function makeTrailEvent(spec: TrailEventSpec): EmulatorRecord {
  return makeRecord({
    principal: spec.principal,
    eventName: spec.eventName,
    source: 'cloudtrail',
    region: spec.region,
    time: spec.time,
    readOnly: false,
    requestParameters: { name: spec.trail },
    ...(spec.errorCode !== undefined && { errorCode: spec.errorCode }),
    ...(spec.eventId !== undefined && { eventId: spec.eventId }),
    ...(spec.deliveryDelayMs !== undefined && { deliveryDelayMs: spec.deliveryDelayMs })
  })
}

interface Switch {
  ms: number
  eventId: string
  kind: 'StopLogging' | 'StartLogging' | 'DeleteTrail'
}

const SWITCHES = new Set(['StopLogging', 'StartLogging', 'DeleteTrail'])

/** The trail a switching event names, or undefined when the record is not one (or failed). */
function switchTarget(record: EmulatorRecord): string | undefined {
  if (record.EventSource !== 'cloudtrail.amazonaws.com' || !SWITCHES.has(record.EventName)) return undefined
  const event = record.cloudTrailEvent as { errorCode?: unknown; requestParameters?: unknown }
  if (event.errorCode !== undefined) return undefined
  const params = event.requestParameters
  const name = typeof params === 'object' && params !== null ? (params as { name?: unknown }).name : undefined
  return typeof name === 'string' ? name : undefined
}

export interface LoggingStatus {
  isLogging: boolean
  startLoggingMs: number | undefined
  stopLoggingMs: number | undefined
}

/** The emulator's trails and, per trail, its logging switches in time order. */
export class Trails {
  readonly list: readonly Trail[]
  private readonly switches = new Map<string, Switch[]>()

  constructor(specs: readonly TrailSpec[], records: Iterable<EmulatorRecord> = []) {
    const list = specs.map(resolveTrail)
    const names = new Set(list.map(t => t.arn))
    if (names.size !== list.length) throw new Error('two trails share a name, Region and account')
    this.list = list
    for (const trail of list) this.switches.set(trail.arn, [])
    for (const record of records) this.note(record)
  }

  /** Takes note of a record that may switch a trail (records added after the start); idempotent. */
  note(record: EmulatorRecord): void {
    const target = switchTarget(record)
    if (target === undefined) return
    for (const trail of this.list) {
      if (target !== trail.name && target !== trail.arn) continue
      const list = this.switches.get(trail.arn) ?? []
      if (list.some(s => s.eventId === record.EventId)) continue
      list.push({
        ms: record.EventTime.getTime(),
        eventId: record.EventId,
        kind: record.EventName as Switch['kind']
      })
      list.sort((a, b) => a.ms - b.ms)
    }
  }

  byName(name: string): Trail | undefined {
    return this.list.find(t => t.name === name)
  }

  /** Whether the trail exists at `ms` (not deleted by then). */
  exists(trail: Trail, ms: number): boolean {
    return !(this.switches.get(trail.arn) ?? []).some(s => s.kind === 'DeleteTrail' && s.ms <= ms)
  }

  /** Logging state at `ms`: the last switch at or before it decides. */
  status(trail: Trail, ms: number): LoggingStatus {
    let isLogging = trail.logging
    let startLoggingMs: number | undefined
    let stopLoggingMs: number | undefined
    for (const s of this.switches.get(trail.arn) ?? []) {
      if (s.ms > ms) break
      if (s.kind === 'StartLogging') {
        isLogging = true
        startLoggingMs = s.ms
      } else {
        isLogging = false
        stopLoggingMs = s.ms
      }
    }
    return { isLogging, startLoggingMs, stopLoggingMs }
  }

  /** Whether the trail writes this record to its files: its scope, and logging at the record's time. */
  writes(trail: Trail, record: EmulatorRecord): boolean {
    if (!trail.isMultiRegionTrail && record.region !== trail.homeRegion) return false
    if (!trail.isOrganizationTrail && accountOf(record) !== trail.account) return false
    const ms = record.EventTime.getTime()
    const own = (this.switches.get(trail.arn) ?? []).find(s => s.eventId === record.EventId)
    if (own !== undefined) return this.exists(trail, ms - 1)
    return this.exists(trail, ms) && this.status(trail, ms).isLogging
  }
}
