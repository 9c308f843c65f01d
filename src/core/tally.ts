import { Compactor, flat } from './compact.js'
import { isoSeconds } from './dates.js'
import { isDiscovery, recordJudge, type Judgement, type RecordJudge } from './judge.js'
import { NameTally } from './near-misses.js'
import { PageRecordError, RecordError, type TrailRecord } from './record.js'
import { EXAMINED, KEPT, SeenIds } from './seen-ids.js'
import type { Approval, MatchedEvent, Query } from './types.js'

// Pure: judges normalised records, whatever source fetched them, and keeps only matched events, never the
// whole scan. Each EventId counts once per scan, however many lookups returned it.

const DAY_MS = 86_400_000

/** The approval that names an event, as the event carries it: its last day, reason, and whether it has expired. */
function approvalOf(
  approvals: ReadonlyMap<string, Approval>,
  id: string,
  nowMs: number
): MatchedEvent['Approved'] {
  const approval = approvals.get(id)
  if (approval === undefined) return null
  return {
    until: isoSeconds(new Date(approval.until.getTime() + 1 - DAY_MS)).slice(0, 10),
    reason: approval.reason ?? null,
    expired: nowMs > approval.until.getTime()
  }
}

function toMatched(
  record: TrailRecord,
  judgement: Judgement,
  approved: MatchedEvent['Approved'],
  compact: Compactor
): MatchedEvent {
  return {
    UserName: compact.intern(record.username ?? ''),
    EventTime: flat(isoSeconds(record.time)),
    EventName: compact.intern(record.name),
    Resources: compact.list(record.resources),
    EventId: record.id,
    EventSource: compact.intern(record.source),
    Region: compact.intern(record.region),
    ErrorCode: compact.internOrNull(record.errorCode),
    ReadOnly: record.readOnly,
    SourceIPAddress: compact.internOrNull(record.sourceIp),
    UserArn: compact.internOrNull(record.userIdentity?.arn ?? null),
    Forbidden: judgement.forbidden,
    ForbiddenBy: compact.internOrNull(judgement.forbiddenBy ?? null),
    // An approval concerns only a forbidden event.
    Approved: judgement.forbidden ? approved : null,
    ...(record.account !== undefined && { Account: compact.intern(record.account) })
  }
}

export interface PageCounts {
  /** Records the page held. */
  readonly scanned: number
  /** Records of the identity, in the window and Region scope, not seen before in this scan. */
  readonly examined: number
  readonly matched: number
}

/** Whose calls to set aside: the gate's own request IDs (aws/own-requests.ts). */
export interface OwnCalls {
  has(requestId: string | null): boolean
}

/**
 * The event names of the calls the gate makes itself (its marker, its reads, its set-up). Only records of these
 * names are looked up in the gate's own request IDs, so the CloudTrailEvent of every other record stays unparsed.
 */
export const OWN_CALL_NAMES: ReadonlySet<string> = new Set([
  'GetCallerIdentity',
  'AssumeRole',
  'AssumeRoleWithWebIdentity',
  'LookupEvents',
  'DescribeTrails',
  'GetTrail',
  'GetTrailStatus',
  'StartQueryExecution',
  'GetQueryExecution',
  'GetQueryResults',
  'GetQueryRuntimeStatistics',
  'StopQueryExecution',
  'GetTable',
  'GetPartitions',
  'BatchGetPartition',
  'ListAccounts'
])

/** Records of those names whose request ID was not (yet) known as ours, held until the end: at most this many. */
const MAX_PENDING = 20_000

export class Evaluator {
  private readonly judge: RecordJudge
  private readonly matched: MatchedEvent[] = []
  private readonly compact = new Compactor()
  /** EventIds examined, and kept: a copy that differs from one seen before is judged, never assumed equal. */
  private readonly seen = new SeenIds()
  /** With `idOrdered`, the last examined id stands for the set: copies of an event arrive next to each other. */
  private lastExamined: string | undefined
  private readonly discovery: boolean
  examined = 0
  /** Records of the gate's own calls set aside. */
  ownCalls = 0
  /**
   * Records that may be the gate's own calls whose answer has not arrived yet (a lane's page can hold the call
   * another lane is still waiting on): judged at `finish()`, when every request ID is known.
   */
  private pending: TrailRecord[] = []
  private finished = false
  /** The identity's events that matched no pattern, by name and source (bounded), for near misses. */
  readonly unmatched = new NameTally()

  /**
   * `idOrdered`: the source hands records in EventId order (the Athena source sorts and checks), so counting each
   * id once needs only the last one, not a set of every id: a million-row result then runs in constant memory.
   */
  private readonly approvals: ReadonlyMap<string, Approval>

  /** `now`: when the run started, against which approvals expire (default: the clock's now at construction). */
  constructor(
    private readonly query: Query,
    private readonly options: {
      readonly idOrdered?: boolean
      readonly own?: OwnCalls
      readonly now?: number
    } = {}
  ) {
    this.judge = recordJudge(query)
    this.discovery = isDiscovery(query)
    this.approvals = new Map(query.approvals.map(a => [a.eventId, a]))
  }

  /**
   * Evaluates one page of records. Throws a PageRecordError for a record it cannot judge: the caller makes
   * the scan incomplete; the records before it have been counted.
   */
  addPage(records: readonly TrailRecord[]): PageCounts {
    let examined = 0
    let matched = 0
    records.forEach((record, position) => {
      try {
        const counted = this.add(record)
        examined += counted.examined
        matched += counted.matched
      } catch (error) {
        if (error instanceof RecordError) throw new PageRecordError(error, position)
        throw error
      }
    })
    this.examined += examined
    return { scanned: records.length, examined, matched }
  }

  private add(partial: TrailRecord): { examined: number; matched: number } {
    // A partly read record (LookupEvents' top level) is completed only when its judgement needs the
    // CloudTrailEvent (ARN identities) or it is kept: most records of a long scan match nothing.
    let record = this.query.identity.kind === 'name' ? partial : (partial.full?.() ?? partial)
    let judgement = this.judge(record)
    if (!judgement.inScope) return { examined: 0, matched: 0 }
    if (OWN_CALL_NAMES.has(record.name) && this.options.own) {
      record = record.full?.() ?? record
      if (this.options.own.has(record.requestId)) {
        this.ownCalls += 1
        return { examined: 0, matched: 0 }
      }
      if (!this.finished && record.requestId !== null && this.pending.length < MAX_PENDING) {
        this.pending.push(record)
        return { examined: 0, matched: 0 }
      }
    }
    // Kept: every event in discovery; else what a pattern matched (read-only ones shown as exempt) or is forbidden.
    const keep = (j: Judgement): boolean => this.discovery || j.pattern !== undefined || j.forbidden
    if (keep(judgement) && record.full) {
      record = record.full()
      judgement = this.judge(record)
      if (!judgement.inScope) return { examined: 0, matched: 0 }
    }
    let examined: number
    if (this.options.idOrdered) {
      examined = this.lastExamined === record.id ? 0 : 1
      this.lastExamined = record.id
    } else {
      examined = this.seen.mark(record.id, EXAMINED) ? 0 : 1
    }
    if (examined === 1 && !this.discovery && judgement.pattern === undefined) {
      this.unmatched.add(record.name, record.source)
    }
    if (!keep(judgement) || this.seen.mark(record.id, KEPT)) return { examined, matched: 0 }
    const approved = approvalOf(this.approvals, record.id, this.options.now ?? Date.now())
    this.matched.push(toMatched(record, judgement, approved, this.compact))
    return { examined, matched: 1 }
  }

  /**
   * Judges the records held back as possibly the gate's own, now that every request ID is known. Returns the
   * counts per Region, for the summary.
   */
  finish(): Array<{ region: string; account?: string; examined: number; matched: number }> {
    this.finished = true
    const held = this.pending
    this.pending = []
    return held.map(record => {
      const counts = this.add(record)
      this.examined += counts.examined
      return {
        region: record.region,
        ...(record.account !== undefined && { account: record.account }),
        ...counts
      }
    })
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
  /** Forbidden events whose approval holds: shown, never failing. */
  readonly approved: number
  /** Forbidden events whose approval has expired: they fail again. */
  readonly expired: number
  readonly found: boolean
}

/**
 * Counts and the gate's verdict over the matched events. A forbidden event fails the gate unless it is a denied
 * attempt under ignore-denied, or an approval still holds for it.
 */
export function judge(query: Query, events: readonly MatchedEvent[]): Verdict {
  const byName = new Map<string, { name: string; count: number; denied: number }>()
  const violations = new Map<string, number>()
  let denied = 0
  let approved = 0
  let expired = 0
  for (const event of events) {
    const entry = byName.get(event.EventName) ?? { name: event.EventName, count: 0, denied: 0 }
    entry.count += 1
    if (event.ErrorCode !== null) entry.denied += 1
    byName.set(event.EventName, entry)
    if (!event.Forbidden) continue
    if (event.ErrorCode !== null) denied += 1
    if (event.ErrorCode !== null && query.ignoreDenied) continue
    if (event.Approved !== null && !event.Approved.expired) {
      approved += 1
      continue
    }
    if (event.Approved?.expired) expired += 1
    violations.set(event.EventName, (violations.get(event.EventName) ?? 0) + 1)
  }
  const byCount = <T extends { count: number; name: string }>(a: T, b: T): number =>
    b.count - a.count || a.name.localeCompare(b.name)
  return {
    countsByName: [...byName.values()].sort(byCount),
    violations: [...violations].map(([name, count]) => ({ name, count })).sort(byCount),
    denied,
    approved,
    expired,
    found: violations.size > 0
  }
}
