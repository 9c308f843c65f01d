import type { Event } from '@aws-sdk/client-cloudtrail'
import { GLOBAL_EVENT_SOURCES } from './constants.js'
import { isoSeconds } from './dates.js'
import { belongsTo, type UserIdentity } from './identity.js'
import { compilePatterns } from './patterns.js'
import type { LookupTask, MatchedEvent, Query } from './types.js'

// Pure: turns LookupEvents records into matched events and counters, one page at a time. Only matched events
// are kept, never the whole scan.

/** The fields of a record's `CloudTrailEvent` JSON that we read. */
interface CloudTrailDetail {
  readonly userIdentity?: UserIdentity
  readonly awsRegion?: string
  readonly sourceIPAddress?: string
  readonly errorCode?: string
  readonly readOnly?: boolean
  readonly eventSource?: string
}

function parseDetail(json: string | undefined): CloudTrailDetail {
  if (!json) return {}
  try {
    const value: unknown = JSON.parse(json)
    return typeof value === 'object' && value !== null ? (value as CloudTrailDetail) : {}
  } catch {
    return {}
  }
}

function readOnlyOf(record: Event, detail: CloudTrailDetail): boolean | null {
  if (typeof detail.readOnly === 'boolean') return detail.readOnly
  if (record.ReadOnly === 'true') return true
  if (record.ReadOnly === 'false') return false
  return null
}

function toMatched(
  record: Event,
  detail: CloudTrailDetail,
  task: LookupTask,
  forbidden: boolean
): MatchedEvent {
  return {
    UserName: record.Username ?? '',
    EventTime: record.EventTime ? isoSeconds(record.EventTime) : '',
    EventName: record.EventName ?? '',
    Resources: (record.Resources ?? []).map(r => r.ResourceName ?? '').filter(n => n !== ''),
    EventId: record.EventId ?? '',
    EventSource: record.EventSource ?? detail.eventSource ?? '',
    Region: detail.awsRegion ?? task.region,
    ErrorCode: detail.errorCode ?? null,
    ReadOnly: readOnlyOf(record, detail),
    SourceIPAddress: detail.sourceIPAddress ?? null,
    UserArn: detail.userIdentity?.arn ?? null,
    Forbidden: forbidden
  }
}

export interface PageCounts {
  /** Records the page held. */
  readonly scanned: number
  /** Records that belonged to the identity. */
  readonly examined: number
  readonly matched: number
}

export class Evaluator {
  private readonly match: ReturnType<typeof compilePatterns>
  private readonly matched: MatchedEvent[] = []
  /** Only for plans with several lookups per Region, where one event can come back more than once. */
  private readonly seen: Set<string> | undefined
  examined = 0

  constructor(
    private readonly query: Query,
    dedupe: boolean
  ) {
    this.match = compilePatterns(query.patterns)
    this.seen = dedupe ? new Set() : undefined
  }

  /** Evaluates one page of one lookup. */
  addPage(records: readonly Event[], task: LookupTask): PageCounts {
    let examined = 0
    let matched = 0
    for (const record of records) {
      // The CloudTrailEvent JSON is parsed only when needed (ARN identities, a record without EventSource, and
      // matched events): a long scan is mostly events that do not match, and parsing each multiplies the garbage.
      let detail: CloudTrailDetail | undefined
      if (this.query.identity.kind !== 'name' || record.EventSource === undefined) {
        detail = parseDetail(record.CloudTrailEvent)
      }
      const source = record.EventSource ?? detail?.eventSource ?? ''
      if (task.globalOnly && !GLOBAL_EVENT_SOURCES.has(source)) continue
      if (this.query.identity.kind !== 'name' && !belongsTo(this.query.identity, detail?.userIdentity))
        continue
      const id = record.EventId ?? ''
      if (this.seen) {
        if (this.seen.has(id)) continue
        this.seen.add(id)
      }
      examined += 1
      const name = record.EventName ?? ''
      const forbidden = this.query.patterns.length > 0 && this.match(name, source) !== undefined
      if (this.query.patterns.length > 0 && !forbidden) continue
      matched += 1
      this.matched.push(toMatched(record, detail ?? parseDetail(record.CloudTrailEvent), task, forbidden))
    }
    this.examined += examined
    return { scanned: records.length, examined, matched }
  }

  /** Matched events, newest first (several lookups and Regions are merged here). */
  events(): MatchedEvent[] {
    return [...this.matched].sort((a, b) =>
      a.EventTime === b.EventTime ? a.EventId.localeCompare(b.EventId) : a.EventTime < b.EventTime ? 1 : -1
    )
  }
}

export interface Verdict {
  readonly countsByName: Array<{ name: string; count: number; denied: number }>
  readonly violations: Array<{ name: string; count: number }>
  readonly denied: number
  readonly found: boolean
}

/** Counts and the gate's verdict over the matched events. Denied attempts fail the gate unless ignoreDenied. */
export function judge(query: Query, events: readonly MatchedEvent[]): Verdict {
  const byName = new Map<string, { name: string; count: number; denied: number }>()
  const violations = new Map<string, number>()
  let denied = 0
  for (const event of events) {
    const entry = byName.get(event.EventName) ?? { name: event.EventName, count: 0, denied: 0 }
    entry.count += 1
    if (event.ErrorCode !== null) entry.denied += 1
    byName.set(event.EventName, entry)
    if (!event.Forbidden) continue
    if (event.ErrorCode !== null) denied += 1
    if (event.ErrorCode !== null && query.ignoreDenied) continue
    violations.set(event.EventName, (violations.get(event.EventName) ?? 0) + 1)
  }
  const byCount = <T extends { count: number; name: string }>(a: T, b: T): number =>
    b.count - a.count || a.name.localeCompare(b.name)
  return {
    countsByName: [...byName.values()].sort(byCount),
    violations: [...violations].map(([name, count]) => ({ name, count })).sort(byCount),
    denied,
    found: violations.size > 0
  }
}
