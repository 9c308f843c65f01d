import { parseArgs } from 'node:util'
import { fromAlias } from '../query/aliases.js'
import { clip, MESSAGE_MAX } from '../core/bounded.js'
import type { StsFactory } from '../sources/lookup-events/barrier/index.js'
import { cloudTrailClientFactory, stsClientFactory } from '../aws/clients.js'
import { systemClock, type Clock } from '../core/clock.js'
import { TOOL_NAME, TOOL_VERSION } from '../core/constants.js'
import { describeIncomplete, errorMessage, InputError } from '../core/errors.js'
import { validateQuery } from '../query/inputs.js'
import type { CloudTrailLike } from '../sources/lookup-events/call.js'
import { buildReport } from '../report/file.js'
import { noEventsLine } from '../report/no-events.js'
import { sanitizeForLog } from '../report/escape.js'
import { formatTable } from '../report/table.js'
import { scan } from '../run/run.js'

// The CLI shell, for the seed's command-line use. Exit codes: 0 clean or discovery, 1 forbidden events found,
// 2 bad input or an incomplete scan (no verdict).

export const USAGE = `Usage: ${TOOL_NAME} --user NAME|ARN [options]

Find a user's CloudTrail events (LookupEvents) and fail when forbidden events are found.

  --user NAME|ARN          IAM user or role session name, root, a web-identity or SAML user name, or an
                           IAM user / role / assumed-role / root / federated-user ARN (docs/identities.md)
  --events LIST            forbidden event names or patterns, comma-separated (Delete*, iam:CreateUser)
  --created_after DATE     YYYY/MM/DD or ISO 8601, UTC (default: 90 days ago); alias --created-after
  --created_before DATE    YYYY/MM/DD (includes that whole day) or ISO 8601 (default: now); alias --created-before
  --region LIST            Region(s), comma-separated (default: AWS_REGION, then AWS_DEFAULT_REGION;
                           with --source athena, every Region of the table)
  --ignore-denied          forbidden events whose call failed do not count
  --no-global-events       do not look in us-east-1 for IAM/STS/sign-in events
  --timeout-minutes N      overall deadline (default 30)
  --requests-per-second N  LookupEvents pace per Region (default 2, the API's limit)
  --allow-unknown-events LIST|true
                           accept event names the catalog does not know yet (default: a close miss is an error)
  --fail-on-no-events      exit 2 when the identity has no events at all in the window
  --source NAME            lookup-events (default: 90 days, management events) or athena (the trail's S3 files)
  --athena-table DB.TABLE  the CloudTrail table in Athena (with --source athena)
  --athena-workgroup NAME  (default primary)
  --athena-output-location s3://BUCKET/PREFIX/  query results (default: the workgroup's setting)
  --athena-catalog NAME    (default AwsDataCatalog)
  --athena-max-bytes-scanned SIZE  refuse or stop a query past this size, e.g. 10GB
  --no-wait-for-delivery   do not wait for CloudTrail to deliver a window that ended in the last 30 minutes
  --delivery-timeout-minutes N  how long to wait for that delivery per Region (default 15)
  --output table|json      (default table)
  --help, --version

Exit codes: 0 no forbidden events, 1 forbidden events found, 2 bad input or incomplete scan (or no events
at all, with --fail-on-no-events).
Credentials: the standard AWS chain (environment, profile, SSO, instance role).`

export interface CliIo {
  readonly stdout: (text: string) => void
  readonly stderr: (text: string) => void
  readonly env: Readonly<Record<string, string | undefined>>
  readonly clock?: Clock
  readonly clientFor?: (region: string) => CloudTrailLike
  readonly stsFor?: StsFactory
}

function parse(
  argv: readonly string[]
): ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true }>> {
  return parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false })
}

const OPTIONS = {
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
  source: { type: 'string' },
  'athena-table': { type: 'string' },
  'athena-workgroup': { type: 'string' },
  'athena-output-location': { type: 'string' },
  'athena-catalog': { type: 'string' },
  'athena-max-bytes-scanned': { type: 'string' },
  'no-wait-for-delivery': { type: 'boolean' },
  'delivery-timeout-minutes': { type: 'string' },
  output: { type: 'string', default: 'table' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' }
} as const

/** Runs the CLI and returns its exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const clock = io.clock ?? systemClock
  let values: ReturnType<typeof parse>['values']
  try {
    values = parse(argv).values
  } catch (error) {
    io.stderr(`${errorMessage(error)}\n\n${USAGE}\n`)
    return 2
  }
  if (values.help) return (io.stdout(`${USAGE}\n`), 0)
  if (values.version) return (io.stdout(`${TOOL_VERSION}\n`), 0)
  try {
    if (values.output !== 'table' && values.output !== 'json') {
      throw new InputError('output', values.output, 'table or json')
    }
    const query = await validateQuery(
      {
        user: values.user ?? '',
        events: (values.events ?? []).join(','),
        createdAfter: fromAlias(
          { name: '--created_after', value: values.created_after },
          { name: '--created-after', value: values['created-after'] }
        ),
        createdBefore: fromAlias(
          { name: '--created_before', value: values.created_before },
          { name: '--created-before', value: values['created-before'] }
        ),
        region: (values.region ?? []).join(','),
        includeGlobalEvents: !values['no-global-events'],
        ignoreDenied: values['ignore-denied'] ?? false,
        timeoutMinutes: values['timeout-minutes'],
        requestsPerSecond: values['requests-per-second'],
        allowUnknownEvents: (values['allow-unknown-events'] ?? []).join(','),
        source: values.source,
        athenaTable: values['athena-table'],
        athenaWorkgroup: values['athena-workgroup'],
        athenaOutputLocation: values['athena-output-location'],
        athenaCatalog: values['athena-catalog'],
        athenaMaxBytesScanned: values['athena-max-bytes-scanned'],
        waitForDelivery: !values['no-wait-for-delivery'],
        deliveryTimeoutMinutes: values['delivery-timeout-minutes']
      },
      { now: new Date(clock.now()), env: io.env }
    )
    const clientFor = io.clientFor ?? cloudTrailClientFactory({})
    const progress = { info: (line: string) => io.stderr(`${sanitizeForLog(line)}\n`) }
    const stsFor = io.stsFor ?? stsClientFactory({})
    const result = await scan(query, { clientFor, stsFor, clock, progress })
    for (const warning of result.athena?.warnings ?? []) io.stderr(`warning: ${sanitizeForLog(warning)}\n`)
    if (values.output === 'json') {
      const report = buildReport(result, {
        tool: TOOL_NAME,
        version: TOOL_VERSION,
        generatedAt: new Date(clock.now())
      })
      io.stdout(`${JSON.stringify(report, null, 2)}\n`)
    } else {
      io.stdout(`${formatTable(result)}\n`)
    }
    if (result.incomplete) {
      // The reason quotes the server (bounded): no control character or workflow command reaches the terminal.
      io.stderr(`${sanitizeForLog(describeIncomplete(result.incomplete))}\n`)
      return 2
    }
    if (result.found) return 1
    const none = noEventsLine(result)
    if (none !== undefined) io.stderr(`${TOOL_NAME}: ${sanitizeForLog(none)}\n`)
    return none !== undefined && values['fail-on-no-events'] ? 2 : 0
  } catch (error) {
    io.stderr(`${TOOL_NAME}: ${clip(errorMessage(error), MESSAGE_MAX)}\n`)
    return 2
  }
}
