// The options of startEmulator (server.ts), in one place.
import type { AccountSpec } from './accounts.js'
import type { AthenaEmulatorOptions } from './athena/server.js'
import type { OrganizationOptions } from './organizations.js'
import type { EmulatorRecord } from './records.js'
import type { TrailOperation } from './trail-api.js'
import type { TrailSpec } from './trails.js'

export interface EmulatorOptions {
  /** Default 0 (ephemeral); the host is always 127.0.0.1. */
  port?: number
  records?: EmulatorRecord[]
  /** LookupEvents requests per second per (account, Region); default 2; 0 or Infinity: unlimited. */
  requestsPerSecond?: number
  /** Token-bucket capacity: 1 (default) = strictly one request per 1/rate; 2 = a burst of two. */
  burst?: number
  /** Monotonic clock in ms for the rate limiter's buckets; default performance.now (see ratelimit.ts). */
  rateClock?: () => number
  /** Clock in ms for the 90-day window and credential/token expiry; default Date.now. */
  now?: () => number
  /** Refuse LookupEvents, AssumeRole and ListAccounts signed with a key STS did not issue, unless allowed. */
  requireKnownKeys?: boolean
  allowedKeys?: string[]
  /** Lifetime STS reports for issued credentials; default the request's DurationSeconds (3600). */
  credentialLifetimeSeconds?: number
  /** Bearer token the OIDC endpoint demands; default 'runner-request-token'. */
  oidcRequestToken?: string
  /** Also serve Athena and Glue (emulator/athena) on this port, over these trail files and tables. */
  athena?: AthenaEmulatorOptions
  /** Default delivery delay: a record shows this long after its EventTime. Default 0; Infinity: never. */
  deliveryDelayMs?: number
  /** Record every signed STS, CloudTrail and ListAccounts call as its caller's event (default true). */
  recordCalls?: boolean
  /** More accounts beside the base account (123456789012): own records, state and denied roles each. */
  accounts?: AccountSpec[]
  /** Organizations ListAccounts over the accounts; with `accounts` and no `organization`: the defaults. */
  organization?: OrganizationOptions
  /** Trails for DescribeTrails, GetTrail, GetTrailStatus and ListTrails; `athena.delivery.trail` is added if missing. */
  trails?: TrailSpec[]
  /** Trail operations answered with AccessDeniedException (also `setTrailAccessDenied`). */
  trailAccessDenied?: TrailOperation[]
}
