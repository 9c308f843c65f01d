import type { parseArgs } from 'node:util'
import { INPUTS, TOOL_NAME } from '../core/constants.js'
import { fromAlias } from '../query/aliases.js'
import type { RawQuery } from '../query/inputs.js'
import type { InputNames } from '../query/names.js'

// The CLI's flags: what it accepts, how it says so, and how each flag becomes the query's raw input.

export const USAGE = `Usage: ${TOOL_NAME} --user NAME|ARN [options]

Find a user's CloudTrail events (LookupEvents) and fail when forbidden events are found.

  --user NAME|ARN          IAM user or role session name, root, a web-identity or SAML user name, or an
                           IAM user / role / assumed-role / root / federated-user ARN (docs/identities.md)
  --events LIST            forbidden event names or patterns, comma-separated (Delete*, iam:CreateUser)
  --created-after WHEN     YYYY/MM/DD or ISO 8601 (UTC), or a time before now: <n>m, <n>h, <n>d, <n>w such as 7d
                           (default: 90 days ago); alias --created_after
  --created-before WHEN    the same forms; YYYY/MM/DD includes that whole day (default: now); alias --created_before
  --region LIST            Region(s), comma-separated (default: AWS_REGION, then AWS_DEFAULT_REGION;
                           with --source athena, every Region of the table)
  --ignore-denied          forbidden events whose call failed do not count
  --no-global-events       do not look in us-east-1 for IAM/STS/sign-in events
  --timeout-minutes N      overall deadline (default 30)
  --requests-per-second N  LookupEvents pace per Region (default 2, the API's limit)
  --allow-unknown-events LIST|true
                           accept event names the catalog does not know yet (default: a close miss is an error)
  --ignore-read-only       events CloudTrail marks read-only never count as forbidden
  --allowed-events LIST    deny by default: every event outside these patterns is forbidden too
  --approved-events 'ID until YYYY-MM-DD # reason'
                           a reviewed forbidden event that does not fail until that day (repeat the flag)
  --no-fail-on-no-events   exit 0, not 3, when the identity made no event at all in the window
  --source NAME            lookup-events (default: 90 days, management events) or athena (the trail's S3 files)
  --athena-table DB.TABLE  the CloudTrail table in Athena (with --source athena)
  --athena-workgroup NAME  (default primary)
  --athena-output-location s3://BUCKET/PREFIX/  query results (default: the workgroup's setting)
  --athena-catalog NAME    (default AwsDataCatalog)
  --athena-max-bytes-scanned SIZE  refuse or stop a query past this size, e.g. 10GB
  --athena-accept-trail-gaps  read a time the trail did not log (StopLogging, UpdateTrail…) as covered
  --accounts LIST|organization
                           12-digit account IDs, comma-separated, or organization: every ACTIVE account of the
                           organization (AWS Organizations ListAccounts); default: the credentials' own account
  --account-role ARN       the role each account is read as, {account} where its ID goes
                           (arn:aws:iam::{account}:role/cloudtrail-audit); required with --accounts
  --max-concurrent-accounts N  accounts read at once (default 10); each has its own LookupEvents budget
  --no-wait-for-delivery   do not wait for CloudTrail to deliver a window that ended in the last 30 minutes
  --delivery-timeout-minutes N  how long to wait for that delivery per Region (default 15)
  --output table|json      (default table)
  --report FILE            also write the JSON report (every matched event) to FILE
  --help, --version

Warnings go to stderr as "warning: …". Exit codes: 0 no forbidden events, 1 forbidden events found, 2 bad input
or incomplete scan, 3 no events at all by the identity in the window (a misspelled user, most often; 0 with
--no-fail-on-no-events).
Credentials: the standard AWS chain (environment, profile, SSO, instance role).`

export const OPTIONS = {
  user: { type: 'string' },
  events: { type: 'string', multiple: true },
  created_after: { type: 'string' },
  'created-after': { type: 'string' },
  created_before: { type: 'string' },
  'created-before': { type: 'string' },
  region: { type: 'string', multiple: true },
  'ignore-denied': { type: 'boolean' },
  'no-global-events': { type: 'boolean' },
  'timeout-minutes': { type: 'string' },
  'requests-per-second': { type: 'string' },
  'allow-unknown-events': { type: 'string', multiple: true },
  'fail-on-no-events': { type: 'boolean' },
  'no-fail-on-no-events': { type: 'boolean' },
  'ignore-read-only': { type: 'boolean' },
  'allowed-events': { type: 'string', multiple: true },
  'approved-events': { type: 'string', multiple: true },
  source: { type: 'string' },
  'athena-table': { type: 'string' },
  'athena-workgroup': { type: 'string' },
  'athena-output-location': { type: 'string' },
  'athena-catalog': { type: 'string' },
  'athena-max-bytes-scanned': { type: 'string' },
  'athena-accept-trail-gaps': { type: 'boolean' },
  'no-wait-for-delivery': { type: 'boolean' },
  'delivery-timeout-minutes': { type: 'string' },
  accounts: { type: 'string', multiple: true },
  'account-role': { type: 'string' },
  'max-concurrent-accounts': { type: 'string' },
  output: { type: 'string', default: 'table' },
  report: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' }
} as const

export type Flags = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true }>>['values']

/**
 * The flag each input is, in messages: the spelling the user wrote when an input has two (`--created_after`,
 * `--created-after`), and the negative flag of a default-on switch (`--no-global-events`).
 */
export function cliNames(flags: Flags): InputNames {
  return key => {
    switch (key) {
      case 'createdAfter':
        return flags.created_after !== undefined ? '--created_after' : '--created-after'
      case 'createdBefore':
        return flags.created_before !== undefined ? '--created_before' : '--created-before'
      case 'includeGlobalEvents':
        return '--no-global-events'
      case 'waitForDelivery':
        return '--no-wait-for-delivery'
      case 'failOnNoEvents':
        return flags['no-fail-on-no-events'] ? '--no-fail-on-no-events' : '--fail-on-no-events'
      default:
        return `--${INPUTS[key]}`
    }
  }
}

export function rawQuery(flags: Flags): RawQuery {
  return {
    user: flags.user ?? '',
    events: (flags.events ?? []).join(','),
    createdAfter: fromAlias(
      { name: '--created_after', value: flags.created_after },
      { name: '--created-after', value: flags['created-after'] }
    ),
    createdBefore: fromAlias(
      { name: '--created_before', value: flags.created_before },
      { name: '--created-before', value: flags['created-before'] }
    ),
    region: (flags.region ?? []).join(','),
    includeGlobalEvents: !flags['no-global-events'],
    ignoreDenied: flags['ignore-denied'] ?? false,
    timeoutMinutes: flags['timeout-minutes'],
    requestsPerSecond: flags['requests-per-second'],
    allowUnknownEvents: (flags['allow-unknown-events'] ?? []).join(','),
    source: flags.source,
    athenaTable: flags['athena-table'],
    athenaWorkgroup: flags['athena-workgroup'],
    athenaOutputLocation: flags['athena-output-location'],
    athenaCatalog: flags['athena-catalog'],
    athenaMaxBytesScanned: flags['athena-max-bytes-scanned'],
    athenaAcceptTrailGaps: flags['athena-accept-trail-gaps'],
    waitForDelivery: !flags['no-wait-for-delivery'],
    deliveryTimeoutMinutes: flags['delivery-timeout-minutes'],
    ignoreReadOnly: flags['ignore-read-only'] ?? false,
    allowedEvents: (flags['allowed-events'] ?? []).join(','),
    approvedEvents: flags['approved-events'] ?? [],
    accounts: (flags.accounts ?? []).join(','),
    accountRole: flags['account-role'],
    maxConcurrentAccounts: flags['max-concurrent-accounts']
  }
}
