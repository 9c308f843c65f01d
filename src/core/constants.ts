// Input and output names, in one place (tests outside the project depend on them).

export const INPUTS = {
  user: 'user',
  events: 'events',
  createdAfter: 'created_after',
  createdBefore: 'created_before',
  /** Kebab-case aliases, like every other input; the snake_case names stay primary. */
  createdAfterAlias: 'created-after',
  createdBeforeAlias: 'created-before',
  region: 'region',
  failOnForbidden: 'fail-on-forbidden',
  ignoreDenied: 'ignore-denied',
  includeGlobalEvents: 'include-global-events',
  roleToAssume: 'role-to-assume',
  roleSessionName: 'role-session-name',
  roleDurationSeconds: 'role-duration-seconds',
  audience: 'audience',
  timeoutMinutes: 'timeout-minutes',
  requestsPerSecond: 'requests-per-second',
  failOnNoEvents: 'fail-on-no-events',
  allowUnknownEvents: 'allow-unknown-events',
  ignoreReadOnly: 'ignore-read-only',
  allowedEvents: 'allowed-events',
  approvedEvents: 'approved-events',
  source: 'source',
  athenaTable: 'athena-table',
  athenaWorkgroup: 'athena-workgroup',
  athenaOutputLocation: 'athena-output-location',
  athenaCatalog: 'athena-catalog',
  athenaMaxBytesScanned: 'athena-max-bytes-scanned',
  athenaAcceptTrailGaps: 'athena-accept-trail-gaps',
  commentSummaryInPr: 'comment-summary-in-pr',
  githubToken: 'github-token',
  waitForDelivery: 'wait-for-delivery',
  deliveryTimeoutMinutes: 'delivery-timeout-minutes',
  accounts: 'accounts',
  accountRole: 'account-role',
  maxConcurrentAccounts: 'max-concurrent-accounts'
} as const

export const OUTPUTS = {
  verdict: 'verdict',
  events: 'events',
  eventsTruncated: 'events-truncated',
  count: 'count',
  scanned: 'scanned',
  found: 'found',
  complete: 'complete',
  denied: 'denied',
  report: 'report',
  accounts: 'accounts'
} as const

/** LookupEvents keeps 90 days of management events. */
export const RETENTION_DAYS = 90
/** LookupEvents allows 2 requests per second per account and Region. */
export const LOOKUP_RATE_LIMIT = 2
/** LookupEvents returns at most 50 events a page. */
export const PAGE_SIZE = 50
export const DEFAULT_TIMEOUT_MINUTES = 30
/**
 * How long a Region's delivery marker may take to show in LookupEvents. AWS: CloudTrail delivers "within an
 * average of about 5 minutes of an API call. This time is not guaranteed"; 15 minutes covers the long tail
 * people measure. Capped at half of timeout-minutes when that is shorter, so the wait fits the deadline.
 */
export const DEFAULT_DELIVERY_TIMEOUT_MINUTES = 15
/**
 * Events older than this when the scan starts are taken as delivered without proof (the delivery timeout, when
 * longer, replaces it). A window ending later gets the barrier, and its part after this point is read only once
 * the barrier holds.
 */
export const DELIVERY_HORIZON_MINUTES = 30
/** Accounts read at once by default (`max-concurrent-accounts`): each has its own LookupEvents budget. */
export const DEFAULT_MAX_CONCURRENT_ACCOUNTS = 10
export const DEFAULT_AUDIENCE = 'sts.amazonaws.com'
export const TOOL_NAME = 'cloudtrail-gate'
export const TOOL_VERSION = '0.1.0'

/**
 * Services whose events CloudTrail records only in us-east-1 (when called through their global endpoints).
 * Looked for there when us-east-1 is not among the Regions scanned.
 */
export const GLOBAL_EVENT_SOURCES: ReadonlySet<string> = new Set([
  'iam.amazonaws.com',
  'sts.amazonaws.com',
  'signin.amazonaws.com',
  'organizations.amazonaws.com',
  'cloudfront.amazonaws.com',
  'route53.amazonaws.com',
  'route53domains.amazonaws.com',
  'globalaccelerator.amazonaws.com',
  'waf.amazonaws.com',
  'shield.amazonaws.com',
  'account.amazonaws.com',
  'sso.amazonaws.com',
  'health.amazonaws.com',
  'support.amazonaws.com',
  'budgets.amazonaws.com',
  'ce.amazonaws.com'
])
export const GLOBAL_REGION = 'us-east-1'

/**
 * Global services with Regional endpoints too: a call to STS's endpoint in a Region is recorded in that Region
 * (the IAM User Guide; the gate's own delivery marker relies on it), so its events are not confined to us-east-1.
 */
export const REGIONAL_ENDPOINT_SOURCES: ReadonlySet<string> = new Set(['sts.amazonaws.com'])
