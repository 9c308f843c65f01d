// The library entry: `discoverUserEvents()` for programmatic use, with no GitHub import. This file is the whole
// public surface (package.json `exports` points here): the function, its options and result, the errors it
// throws, and the types they name. The run, the sources, the planner and their options stay internal.
import type { StsLike } from './sources/lookup-events/barrier/index.js'
import { systemClock, type Clock } from './core/clock.js'
import { IncompleteScanError, InputError, NoEventsError } from './core/errors.js'
import { validateQuery, type RawQuery } from './query/inputs.js'
import { LIBRARY_NAMES } from './query/names.js'
import type { CloudTrailLike } from './sources/lookup-events/call.js'
import type { NearMiss } from './core/near-misses.js'
import { noEventsLine } from './report/no-events.js'
import type { AthenaClients } from './sources/athena/clients.js'
import { scan, type ProgressSink } from './run/run.js'
import type { MatchedEvent, ScanResult } from './types.js'

export { IncompleteScanError, InputError, NoEventsError, errorMessage } from './core/errors.js'
export type {
  EventPattern,
  Identity,
  IncompleteInfo,
  MatchedEvent,
  NearMiss,
  Query,
  ScanResult,
  SliceCoverage,
  TimeWindow
} from './types.js'

export interface DiscoverOptions {
  /**
   * IAM user name, role session name, `root`, a web-identity or SAML user name, or an IAM user / role /
   * assumed-role / root / federated-user ARN (docs/identities.md).
   */
  readonly user: string
  /** Forbidden event names or patterns; empty or absent: discover every event. */
  readonly events?: string | readonly string[]
  /** `YYYY/MM/DD`, ISO 8601, a time before now (`30m`, `12h`, `7d`, `2w`) or a Date (UTC). Default: 90 days ago. */
  readonly createdAfter?: string | Date
  /** `YYYY/MM/DD` (the whole day), ISO 8601, a time before now (`1h`) or a Date. Default: now. */
  readonly createdBefore?: string | Date
  /** One Region or several. Default: AWS_REGION, then AWS_DEFAULT_REGION. */
  readonly region?: string | readonly string[]
  readonly includeGlobalEvents?: boolean
  readonly ignoreDenied?: boolean
  readonly timeoutMinutes?: number
  readonly requestsPerSecond?: number
  /** `true`, or event names the catalog of CloudTrail event names does not know yet, to accept as written. */
  readonly allowUnknownEvents?: boolean | string | readonly string[]
  /**
   * Throw NoEventsError when the scan read every event of the user and found none (a misspelled user, most
   * often). Default true, as the action's `fail-on-no-events`; false returns the result, `verdict` `no-events`.
   */
  readonly failOnNoEvents?: boolean
  /** Events CloudTrail marks read-only never count as forbidden. */
  readonly ignoreReadOnly?: boolean
  /** Deny by default: every event of the user outside these patterns is forbidden too. */
  readonly allowedEvents?: string | readonly string[]
  /** Reviewed forbidden events that do not fail until their day: `<EventId> until <YYYY-MM-DD> # reason`. */
  readonly approvedEvents?: string | readonly string[]
  /** `lookup-events` (default: 90 days, management events) or `athena` (the trail's S3 files through Athena). */
  readonly source?: 'lookup-events' | 'athena'
  /** With source `athena`: `database.table` of the CloudTrail table. */
  readonly athenaTable?: string
  /** Default `primary`. */
  readonly athenaWorkgroup?: string
  /** `s3://…` for query results; default the workgroup's setting. */
  readonly athenaOutputLocation?: string
  /** Default `AwsDataCatalog`. */
  readonly athenaCatalog?: string
  /** Refuse or stop a query past this many bytes (a number) or size (`10GB`). */
  readonly athenaMaxBytesScanned?: string | number
  /** Read a time the trail did not log (StopLogging, UpdateTrail…) as covered (default false: incomplete). */
  readonly athenaAcceptTrailGaps?: boolean
  /** Athena and Glue clients for source `athena` (default: the standard credential chain, AWS_REGION). */
  readonly athenaClients?: AthenaClients
  /** Wait for CloudTrail to deliver a window that ended in the last 30 minutes (default true). */
  readonly waitForDelivery?: boolean
  /** How long to wait for that delivery per Region (default 15, below timeoutMinutes). */
  readonly deliveryTimeoutMinutes?: number
  /**
   * 12-digit account IDs (a list, or one string separated by commas or newlines), or `organization`: every ACTIVE
   * account of the organization (ListAccounts). Default: the credentials' own account. Each is read as
   * `accountRole`, assumed from the standard credential chain (docs/accounts.md).
   */
  readonly accounts?: string | readonly string[]
  /** The role each account is read as, `{account}` where its ID goes: `arn:aws:iam::{account}:role/audit`. */
  readonly accountRole?: string
  /** Accounts read at once (default 10); each has its own LookupEvents budget per Region. */
  readonly maxConcurrentAccounts?: number
  /**
   * A CloudTrail client to use for every Region (default: one per account and Region, standard credential
   * chain). Not with `accounts`: each account is read with its own role's credentials.
   */
  readonly client?: CloudTrailLike
  /** An STS client for the delivery barrier's marker in every Region (default: one per Region). */
  readonly sts?: StsLike
  readonly clock?: Clock
  readonly progress?: ProgressSink
}

export interface DiscoverResult {
  /** Matched events, newest first (every event of the user when no events were named). */
  readonly events: readonly MatchedEvent[]
  readonly count: number
  readonly scanned: number
  readonly found: boolean
  /** `forbidden`, `clean` or `no-events` (an incomplete scan throws IncompleteScanError instead). */
  readonly verdict: 'forbidden' | 'clean' | 'no-events'
  /** True when the scan read every event of the user in the window and found none: check the user. */
  readonly noEvents: boolean
  /** The user's event names close to a forbidden pattern that did not match them. */
  readonly nearMisses: readonly NearMiss[]
  /**
   * What the action logs as warnings: a window reaching past what LookupEvents keeps, a pattern that may never
   * match, a pace above the API's limit, Athena's notes. Options are named as here (`createdAfter`).
   */
  readonly warnings: readonly string[]
  readonly result: ScanResult
}

/**
 * Finds the user's CloudTrail events in the window. Throws InputError for bad options (before any AWS call) and
 * IncompleteScanError when any page could not be fetched: a partial scan is never returned as a result. With
 * failOnNoEvents, throws NoEventsError when the user has no event at all in the window.
 */
export async function discoverUserEvents(options: DiscoverOptions): Promise<DiscoverResult> {
  const clock = options.clock ?? systemClock
  const raw: RawQuery = {
    user: options.user,
    events: options.events,
    createdAfter: options.createdAfter,
    createdBefore: options.createdBefore,
    region: options.region,
    includeGlobalEvents: options.includeGlobalEvents,
    ignoreDenied: options.ignoreDenied,
    timeoutMinutes: options.timeoutMinutes,
    requestsPerSecond: options.requestsPerSecond,
    allowUnknownEvents: options.allowUnknownEvents,
    source: options.source,
    athenaTable: options.athenaTable,
    athenaWorkgroup: options.athenaWorkgroup,
    athenaOutputLocation: options.athenaOutputLocation,
    athenaCatalog: options.athenaCatalog,
    athenaMaxBytesScanned: options.athenaMaxBytesScanned,
    athenaAcceptTrailGaps: options.athenaAcceptTrailGaps,
    waitForDelivery: options.waitForDelivery,
    deliveryTimeoutMinutes: options.deliveryTimeoutMinutes,
    ignoreReadOnly: options.ignoreReadOnly,
    allowedEvents: options.allowedEvents,
    approvedEvents: options.approvedEvents,
    accounts: options.accounts,
    accountRole: options.accountRole,
    maxConcurrentAccounts: options.maxConcurrentAccounts
  }
  const query = await validateQuery(raw, {
    now: new Date(clock.now()),
    env: process.env,
    names: LIBRARY_NAMES
  })
  const { client, sts, athenaClients } = options
  const named = query.accounts !== undefined && query.accounts.kind !== 'self' && query.source !== 'athena'
  if (named && (client !== undefined || sts !== undefined)) {
    throw new InputError(
      client !== undefined ? 'client' : 'sts',
      'a client',
      'no single client with accounts: each account is read with clients of its own role (leave it unset)'
    )
  }
  const result = await scan(query, {
    ...(client && { clientFor: () => client }),
    ...(sts && { stsFor: () => Promise.resolve(sts) }),
    ...(athenaClients && { athenaFor: () => athenaClients }),
    clock,
    ...(options.progress && { progress: options.progress })
  })
  if (result.incomplete) throw new IncompleteScanError(result.incomplete)
  const none = noEventsLine(result)
  if (none !== undefined && (options.failOnNoEvents ?? true)) throw new NoEventsError(none)
  return {
    events: result.events,
    count: result.events.length,
    scanned: result.scanned,
    found: result.found,
    verdict: result.found ? 'forbidden' : none !== undefined ? 'no-events' : 'clean',
    noEvents: result.noEvents === true,
    nearMisses: result.nearMisses ?? [],
    warnings: [...query.warnings, ...(result.athena?.warnings ?? [])],
    result
  }
}
