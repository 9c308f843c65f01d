// ScanResult fixtures: a query, events, and a result whose counts are derived from its events the way the
// evaluate step derives them, so a test only states what it cares about.

import { planLookups } from '../src/sources/lookup-events/plan.js'
import type { LanePlanReport } from '../src/sources/lookup-events/planner.js'
import type {
  AthenaSettings,
  EventPattern,
  IncompleteInfo,
  MatchedEvent,
  Query,
  QueryBase,
  RegionStats,
  ScanResult
} from '../src/types.js'

export function pattern(text: string): EventPattern {
  const [source, name] = text.includes(':') ? text.split(':', 2) : [undefined, text]
  return {
    text,
    source: source === undefined ? undefined : `${source}.amazonaws.com`,
    name: name ?? text,
    exact: !/[*?]/.test(text)
  }
}

/** Athena settings as the parser makes them from `athena-table: security.cloudtrail_logs`. */
export const ATHENA_SETTINGS: AthenaSettings = {
  region: 'eu-west-2',
  database: 'security',
  table: 'cloudtrail_logs',
  workgroup: 'primary',
  outputLocation: undefined,
  catalog: 'AwsDataCatalog',
  maxBytesScanned: undefined,
  acceptTrailGaps: false
}

/** Any part of a query; the source and its settings together, as a real query has them. */
export type QueryOverrides = Partial<QueryBase> &
  (
    | { readonly source?: 'lookup-events'; readonly athena?: undefined }
    | { readonly source: 'athena'; readonly athena: AthenaSettings }
  )

export function makeQuery(overrides: QueryOverrides = {}): Query {
  const base: QueryBase = {
    identity: { kind: 'name', name: 'deploy-bot' },
    patterns: [pattern('TerminateInstances'), pattern('Delete*')],
    window: { start: new Date('2024-01-05T00:00:00.000Z'), end: new Date('2024-01-05T12:00:00.000Z') },
    regions: ['us-east-1'],
    includeGlobalEvents: true,
    ignoreDenied: false,
    requestsPerSecond: 2,
    timeoutMs: 600_000,
    delivery: { wait: true, timeoutMs: 300_000 },
    warnings: [],
    ignoreReadOnly: false,
    allowed: [],
    approvals: []
  }
  const { source, athena, ...rest } = overrides
  return source === 'athena'
    ? { ...base, ...rest, source, athena }
    : { ...base, ...rest, source: 'lookup-events' }
}

let nextId = 0

export function makeEvent(overrides: Partial<MatchedEvent> = {}): MatchedEvent {
  nextId += 1
  return {
    UserName: 'deploy-bot',
    EventTime: '2024-01-05T10:00:00Z',
    EventName: 'RunInstances',
    Resources: ['i-0123456789abcdef0'],
    EventId: `0000000${nextId}-aaaa-bbbb-cccc-dddddddddddd`,
    EventSource: 'ec2.amazonaws.com',
    Region: 'us-east-1',
    ErrorCode: null,
    ReadOnly: false,
    SourceIPAddress: '203.0.113.7',
    UserArn: 'arn:aws:iam::123456789012:user/deploy-bot',
    Forbidden: false,
    ForbiddenBy: null,
    Approved: null,
    ...overrides
  }
}

/** `n` events, newest first, one second apart, each built by `make(i)`. */
export function manyEvents(
  n: number,
  make: (i: number) => Partial<MatchedEvent> = () => ({})
): MatchedEvent[] {
  const newest = Date.parse('2024-01-05T11:00:00Z')
  return Array.from({ length: n }, (_, i) =>
    makeEvent({
      EventTime: new Date(newest - i * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      EventId: `evt-${i}`,
      ...make(i)
    })
  )
}

export function regionStats(region: string, overrides: Partial<RegionStats> = {}): RegionStats {
  return { region, pages: 1, scanned: 10, examined: 5, matched: 2, throttled: 0, retries: 0, ...overrides }
}

export function incompleteInfo(overrides: Partial<IncompleteInfo> = {}): IncompleteInfo {
  return {
    code: 'throttled',
    reason: 'LookupEvents kept throttling after 8 retries; lower requests-per-second.',
    region: 'eu-west-1',
    pages: 7,
    scanned: 350,
    oldestReached: '2024-01-05T03:12:00Z',
    ...overrides
  }
}

/** A result whose counts, violations and `found` follow from `events` and the query. */
export function makeResult(
  events: readonly MatchedEvent[],
  overrides: Partial<ScanResult> & { query?: Query } = {}
): ScanResult {
  const query = overrides.query ?? makeQuery()
  const byName = new Map<string, { count: number; denied: number }>()
  const violations = new Map<string, number>()
  let denied = 0
  for (const e of events) {
    const n = byName.get(e.EventName) ?? { count: 0, denied: 0 }
    n.count += 1
    if (e.ErrorCode !== null) n.denied += 1
    byName.set(e.EventName, n)
    if (e.Forbidden && e.ErrorCode !== null) denied += 1
    if (e.Forbidden && (e.ErrorCode === null || !query.ignoreDenied)) {
      violations.set(e.EventName, (violations.get(e.EventName) ?? 0) + 1)
    }
  }
  const countsByName = [...byName].map(([name, c]) => ({ name, ...c })).sort((a, b) => b.count - a.count)
  const violationList = [...violations]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count)
  return {
    query,
    plan: { ...planLookups(query), strategy: 'Looks up Username=deploy-bot in each Region.' },
    lanes: query.regions.map(region => laneReport(region)),
    events,
    scanned: Math.max(events.length, 412),
    pages: 9,
    regions: query.regions.map(r => regionStats(r)),
    countsByName,
    violations: violationList,
    denied,
    found: query.patterns.length > 0 && violationList.length > 0,
    elapsedMs: 12_345,
    incomplete: undefined,
    coverage: [],
    identityEvents: 'some',
    ownCalls: 0,
    delivery: { mode: 'old-window', horizonMs: 1_800_000, freshFrom: null, regions: [] },
    ...overrides
  }
}

/** What a lane that probed and chose the per-name lookups reports. */
export function laneReport(region: string, overrides: Partial<LanePlanReport> = {}): LanePlanReport {
  return {
    region,
    globalOnly: false,
    chosen: 'events',
    how: 'probed',
    candidates: [
      { kind: 'events', lookups: ['EventName=DeleteTrail'], estimatedPages: 1, atLeast: false, pagesRead: 1 },
      {
        kind: 'identity',
        lookups: ['Username=deploy-bot'],
        estimatedPages: 412,
        atLeast: false,
        pagesRead: 1
      }
    ],
    replans: [],
    pages: 2,
    lookups: [
      { lookup: 'Username=deploy-bot', pages: 1, events: 50, complete: false },
      { lookup: 'EventName=DeleteTrail', pages: 1, events: 3, complete: true }
    ],
    ...overrides
  }
}
