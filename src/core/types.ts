// The shapes every layer shares: the query (what is asked), the matched events and the counts (what was found).
// Pure data; nothing here knows a source, an SDK or GitHub. A source's own details, and the whole result, are
// typed where they are made (sources/*/types.ts, run/result.ts).

/** Who the scan is about, as parsed from the `user` input. */
export type Identity =
  /**
   * A plain LookupEvents `Username`: an IAM user name, a role session name, `root`, or the user name CloudTrail
   * records for a web-identity or SAML user (`repo:org/repo:ref:refs/heads/main`). See docs/identities.md.
   */
  | { readonly kind: 'name'; readonly name: string }
  /** `arn:aws:iam::<acct>:root`: the root user of that account only. */
  | { readonly kind: 'root'; readonly arn: string; readonly partition: string; readonly account: string }
  /** `arn:aws:sts::<acct>:federated-user/<name>`: that federated user (GetFederationToken) only. */
  | {
      readonly kind: 'federated-user'
      readonly arn: string
      readonly partition: string
      readonly account: string
      readonly name: string
    }
  /** `arn:aws:iam::<acct>:user/<name>`: that IAM user only, not role sessions that share the name. */
  | {
      readonly kind: 'iam-user'
      readonly arn: string
      readonly partition: string
      readonly account: string
      readonly name: string
    }
  /** `arn:aws:iam::<acct>:role/<name>`: every session of that role, whatever its session name. */
  | {
      readonly kind: 'role'
      readonly arn: string
      readonly partition: string
      readonly account: string
      readonly role: string
    }
  /** `arn:aws:sts::<acct>:assumed-role/<role>/<session>`: one session of one role. */
  | {
      readonly kind: 'role-session'
      readonly arn: string
      readonly partition: string
      readonly account: string
      readonly role: string
      readonly session: string
    }

/** One entry of the `events` input: `Delete*`, `iam:CreateUser`, `iam.amazonaws.com:Put*Policy`. */
export interface EventPattern {
  /** The entry as the user wrote it, for messages and the summary. */
  readonly text: string
  /** The full event source (`iam.amazonaws.com`), or undefined for any source. */
  readonly source: string | undefined
  /** The event-name part, possibly with `*` and `?`. */
  readonly name: string
  /** True when `name` has no wildcard, so an `EventName` lookup can find it. */
  readonly exact: boolean
  /**
   * The event sources the catalog knows for an exact name (`TerminateInstances`: ec2.amazonaws.com), set by
   * the catalog check; absent when the name was not checked or the catalog does not know it.
   */
  readonly sources?: readonly string[]
}

export interface TimeWindow {
  /** Inclusive start (LookupEvents `StartTime`). */
  readonly start: Date
  /** Inclusive end (LookupEvents `EndTime`). */
  readonly end: Date
}

/** A reviewed forbidden event, accepted until the end of a day (UTC). */
export interface Approval {
  readonly eventId: string
  /** The last instant the approval holds. */
  readonly until: Date
  readonly reason?: string
}

/** Where the events are read. */
export type SourceName = 'lookup-events' | 'athena'

/** The Athena source's settings (parsed in query/athena-settings.ts). */
export interface AthenaSettings {
  /** The Region Athena and Glue are called in. */
  readonly region: string
  /** Glue database and table, lowercase as Athena stores them. */
  readonly database: string
  readonly table: string
  readonly workgroup: string
  /** `s3://…`; undefined: the workgroup's own result location. */
  readonly outputLocation: string | undefined
  readonly catalog: string
  /** Refuse or stop a query past this many bytes scanned; undefined: no cap. */
  readonly maxBytesScanned: number | undefined
  /** Read a time the trail did not log (a StopLogging, an UpdateTrail…) as covered: the summary still shows it. */
  readonly acceptTrailGaps: boolean
}

/**
 * Which accounts' CloudTrail a query reads (the `accounts` input). LookupEvents answers for the credentials'
 * account only, so every other account is read with credentials of its own: a role assumed from the base
 * credentials, named by `role` with `{account}` in it. The Athena source reads every account of its table in
 * one query and needs no role.
 */
export type AccountScope =
  /** The credentials' own account (the default). */
  | { readonly kind: 'self' }
  /** These 12-digit account IDs, in the order given, without repeats. */
  | { readonly kind: 'list'; readonly ids: readonly string[]; readonly role: string | undefined }
  /** Every ACTIVE account AWS Organizations ListAccounts names, from the base credentials. */
  | { readonly kind: 'organization'; readonly role: string | undefined }

/** Everything a query asks, whichever source answers it. */
export interface QueryBase {
  readonly identity: Identity
  /** Empty: discovery, report every event of the identity and never call one forbidden. */
  readonly patterns: readonly EventPattern[]
  readonly window: TimeWindow
  /** Empty only for the Athena source: every Region its table holds. */
  readonly regions: readonly string[]
  /** Also look in us-east-1 for IAM/STS/sign-in events when us-east-1 is not in `regions`. */
  readonly includeGlobalEvents: boolean
  /** Forbidden events whose call failed (AccessDenied…) are reported but do not count as found. */
  readonly ignoreDenied: boolean
  /** `ignore-read-only`: events CloudTrail marks read-only never count as forbidden. */
  readonly ignoreReadOnly: boolean
  /**
   * `allowed-events`: when not empty, every event of the identity whose name matches none of these is forbidden
   * too (deny by default). An allow-list needs every event of the identity: no plan may read only some names.
   */
  readonly allowed: readonly EventPattern[]
  /** `approved-events`: reviewed forbidden events that do not fail the step until their date passes. */
  readonly approvals: readonly Approval[]
  /** Requests per second per account and Region (LookupEvents allows 2). */
  readonly requestsPerSecond: number
  /** Overall deadline for the whole scan, in milliseconds. */
  readonly timeoutMs: number
  /** The delivery barrier: prove CloudTrail has delivered a fresh window before judging it. */
  readonly delivery: DeliverySettings
  /** Warnings raised while parsing (for example a window reaching past 90 days). */
  readonly warnings: readonly string[]
  /** Undefined: the credentials' own account, as `{ kind: 'self' }`. */
  readonly accounts?: AccountScope
  /** Accounts read at once (`max-concurrent-accounts`, default 10). */
  readonly maxConcurrentAccounts?: number
}

/**
 * A validated, frozen query: everything the core needs, nothing about where it came from. The source and its
 * settings travel together, so a query can never name Athena without saying which table.
 */
export type Query = QueryBase &
  (
    | { readonly source: 'lookup-events'; readonly athena?: undefined }
    | { readonly source: 'athena'; readonly athena: AthenaSettings }
  )

export interface DeliverySettings {
  /** `wait-for-delivery`: false skips the barrier (the log and summary say so). */
  readonly wait: boolean
  /** `delivery-timeout-minutes`: how long a Region's marker may take to show in LookupEvents. */
  readonly timeoutMs: number
}

/** A matched event as it appears in outputs, the report file and the summary. */
export interface MatchedEvent {
  readonly UserName: string
  /** ISO 8601 UTC, second precision: `2024-01-05T10:00:00Z`. */
  readonly EventTime: string
  readonly EventName: string
  readonly Resources: readonly string[]
  readonly EventId: string
  readonly EventSource: string
  readonly Region: string
  /** Null when the call succeeded. */
  readonly ErrorCode: string | null
  readonly ReadOnly: boolean | null
  readonly SourceIPAddress: string | null
  /** `userIdentity.arn`, so a reader can tell two principals that share a `Username` apart. */
  readonly UserArn: string | null
  /** True when this event is forbidden: it matches `events`, or is outside `allowed-events` (never in discovery). */
  readonly Forbidden: boolean
  /** Why it is forbidden: the pattern it matched, or `not in allowed-events`; null when it is not. */
  readonly ForbiddenBy: string | null
  /**
   * An approval of this event (approved-events): `expired` once its day has passed, when the event counts again.
   * Null when none names it.
   */
  readonly Approved: {
    readonly until: string
    readonly reason: string | null
    readonly expired: boolean
  } | null
  /** The account whose CloudTrail recorded it, when the scan read named accounts (the `accounts` input). */
  readonly Account?: string
}

/** Per-Region progress and cost, for the summary. */
export interface RegionStats {
  readonly region: string
  pages: number
  /** Records returned by LookupEvents (before identity filtering). */
  scanned: number
  /** Records that belonged to the identity (after identity filtering). */
  examined: number
  matched: number
  throttled: number
  retries: number
}

/** One Region's delivery marker: an STS GetCallerIdentity call made after the window, then looked for. */
export interface RegionDelivery {
  readonly region: string
  /** The account the marker was placed in, when the scan read named accounts. */
  readonly account?: string
  /** The marker's request ID, matched against the `requestID` of the CloudTrailEvent. */
  readonly requestId: string
  /** The caller ARN GetCallerIdentity answered with. */
  readonly callerArn: string
  /** ISO time of the marker call (as CloudTrail recorded it once seen, else this runner's clock). */
  readonly markerTime: string
  /** True once the marker was visible in LookupEvents and the safety margin had passed. */
  readonly delivered: boolean
  /** From the marker call to it being visible (or to giving up), ms. */
  readonly waitedMs: number
  /** The extra wait after it was seen, for events delivered out of order, ms. */
  readonly marginMs: number
  /** LookupEvents polls made, and the pages they read. */
  readonly polls: number
  readonly pages: number
}

export interface DeliveryReport {
  /**
   * `barrier`: markers were placed (see `regions`); `old-window`: the window ended before the horizon, nothing to
   * prove; `skipped`: wait-for-delivery is false and the window is fresh.
   */
  readonly mode: 'barrier' | 'old-window' | 'skipped'
  /** Windows ending less than this long before the scan get a barrier. */
  readonly horizonMs: number
  /** ISO time from which the window was read only after the barrier (null unless mode is barrier). */
  readonly freshFrom: string | null
  readonly regions: readonly RegionDelivery[]
}

export type IncompleteCode =
  | 'throttled'
  | 'server-error'
  | 'timeout'
  | 'deadline'
  | 'network'
  | 'access-denied'
  | 'credentials'
  | 'invalid-token'
  | 'repeated-token'
  /** A record that cannot be normalised or judged (no EventName, a CloudTrailEvent that is not JSON…). */
  | 'bad-record'
  /** An answer that is not a LookupEvents page (no Events array, a redirect, a body that is not JSON…). */
  | 'bad-response'
  /** Athena: the query ended FAILED or CANCELLED, passed athena-max-bytes-scanned, or sent a result we cannot read. */
  | 'query-failed'
  | 'query-cancelled'
  | 'bytes-limit'
  | 'malformed-result'
  /** A Region's delivery marker never showed in LookupEvents (or could not be placed). */
  | 'delivery'
  /** A part of the query no source could read (an Athena table that cannot hold a Region, a day, an account). */
  | 'not-covered'
  | 'other'

/** How far an incomplete scan got, and why it stopped. */
export interface IncompleteInfo {
  readonly code: IncompleteCode
  /** Why, in one sentence, with the fix where there is one. */
  readonly reason: string
  /** The Region whose lookup failed. */
  readonly region: string
  /** Pages and records fetched in all Regions before the scan stopped. */
  readonly pages: number
  readonly scanned: number
  /** ISO time of the oldest record reached in the failing lookup, or null if none was. */
  readonly oldestReached: string | null
  /**
   * Every Region whose lookups did not finish, the one that failed first first (its fields repeat `region`,
   * `code`, `reason`, `oldestReached`). Absent: only `region` is known.
   */
  readonly unfinished?: readonly UnfinishedRegion[]
}

/** A Region whose lookups did not finish: it failed on its own, or was stopped when another failed. */
export interface UnfinishedRegion {
  readonly region: string
  readonly code: IncompleteCode
  /** Why, in one sentence (for a stopped Region: which Region's failure stopped it). */
  readonly reason: string
  readonly oldestReached: string | null
}
