import { isoSeconds } from '../../core/dates.js'
import type { EventPattern, Identity, Query, TimeWindow } from '../../core/types.js'
import { Parameters } from './literal.js'
import { equalsAny, partitionBounds, queryScope } from './partitions.js'
import { TRAIL_CHANGE_SQL } from './trail-events.js'
import type { AthenaSettings } from '../../query/athena-settings.js'
import type { Partitioning } from './table.js'

// The query of a window (or of a part of it: the older part, then the fresh part once its delivery is proven).
// Every condition here only narrows what Athena sends back: each is implied by what the judge accepts, never the
// other way round, so the judge still decides every row (a wider WHERE costs rows, a narrower one would hide
// events). Beside the identity's events it reads every trail change (trail-events.ts), by anyone, for gaps.ts.
// Every value from an input is a parameter; the SQL text holds only our own words and the validated table name.
// Kept to SQL that Athena (Trino) and DuckDB read the same way.

/** The columns of the result, in order: the header row must be exactly these. */
export const COLUMNS = [
  'eventid',
  'eventtime',
  'eventname',
  'eventsource',
  'awsregion',
  'errorcode',
  'readonly',
  'sourceipaddress',
  'requestid',
  'useridentity_type',
  'useridentity_arn',
  'useridentity_accountid',
  'useridentity_username',
  'useridentity_principalid',
  'sessionissuer_type',
  'sessionissuer_arn',
  'sessionissuer_username',
  'resources',
  'trailparameters'
] as const

export type ColumnName = (typeof COLUMNS)[number]

const SELECT: Record<ColumnName, string> = {
  eventid: 'eventid',
  eventtime: 'eventtime',
  eventname: 'eventname',
  eventsource: 'eventsource',
  awsregion: 'awsregion',
  errorcode: 'errorcode',
  readonly: 'readonly',
  sourceipaddress: 'sourceipaddress',
  requestid: 'requestid',
  useridentity_type: 'useridentity.type',
  useridentity_arn: 'useridentity.arn',
  useridentity_accountid: 'useridentity.accountid',
  useridentity_username: 'useridentity.username',
  useridentity_principalid: 'useridentity.principalid',
  sessionissuer_type: 'useridentity.sessioncontext.sessionissuer.type',
  sessionissuer_arn: 'useridentity.sessioncontext.sessionissuer.arn',
  sessionissuer_username: 'useridentity.sessioncontext.sessionissuer.username',
  resources: 'resources',
  // requestParameters of the trail changes only (trail-events.ts): every other row carries NULL, so the result
  // is no larger for it.
  trailparameters: `CASE WHEN ${TRAIL_CHANGE_SQL} THEN requestparameters END`
}

/** Table columns the query reads: a table without them is not a CloudTrail table as AWS documents it. */
export const REQUIRED_COLUMNS = [
  'eventid',
  'eventtime',
  'eventname',
  'eventsource',
  'awsregion',
  'errorcode',
  'readonly',
  'sourceipaddress',
  'requestid',
  'useridentity',
  'resources'
] as const

export interface AthenaStatement {
  readonly sql: string
  /** The result's columns, in order: its header row must be exactly these. */
  readonly columns: readonly string[]
  /** ExecutionParameters: one SQL literal per `?`, in order. */
  readonly parameters: readonly string[]
  /** Partition bounds, described for the summary. */
  readonly bounds: readonly string[]
  readonly warnings: readonly string[]
  /** True when WHERE names no event (discovery, or a wildcard): the result holds every event of the identity. */
  readonly everyEventOfIdentity: boolean
}

/** The identity's account where CloudTrail wrote it; a record without accountId falls to the judge (its ARN). */
function accountCondition(account: string, params: Parameters): string {
  return `(useridentity.accountid = ${params.string(account)} OR useridentity.accountid IS NULL)`
}

/**
 * Narrows to rows that may be the identity's. A superset of what the judge accepts (see `usernameOf` and
 * `belongsTo`): a plain name is LookupEvents' Username, which is the IAM user name, the last part of an
 * assumed-role or federated user's ARN, `root` for the root user, or the userName of a web-identity or SAML
 * user (which may hold `/`, `%` and `_`: the exact `username =` term keeps those, and LIKE wildcards only widen).
 */
function identityCondition(identity: Identity, params: Parameters): string {
  switch (identity.kind) {
    case 'name': {
      const name = identity.name
      const root = name === 'root' ? ` OR useridentity.type = 'Root'` : ''
      return (
        `(useridentity.username = ${params.string(name)} ` +
        `OR useridentity.arn LIKE ${params.string(`%/${name}`)}${root})`
      )
    }
    case 'iam-user':
      return (
        `useridentity.type = 'IAMUser' AND ${accountCondition(identity.account, params)} ` +
        `AND (useridentity.username = ${params.string(identity.name)} ` +
        `OR useridentity.arn LIKE ${params.string(`%/${identity.name}`)})`
      )
    case 'role':
      return (
        `useridentity.type = 'AssumedRole' AND ${accountCondition(identity.account, params)} ` +
        `AND (useridentity.sessioncontext.sessionissuer.username = ${params.string(identity.role)} ` +
        `OR useridentity.sessioncontext.sessionissuer.arn LIKE ${params.string(`%/${identity.role}`)})`
      )
    case 'role-session':
      return (
        `useridentity.type = 'AssumedRole' AND ${accountCondition(identity.account, params)} ` +
        `AND useridentity.arn LIKE ${params.string(`%:assumed-role/${identity.role}/${identity.session}%`)}`
      )
    case 'root':
      return `useridentity.type = 'Root' AND ${accountCondition(identity.account, params)}`
    case 'federated-user':
      return (
        `useridentity.type = 'FederatedUser' AND ${accountCondition(identity.account, params)} ` +
        `AND useridentity.arn LIKE ${params.string(`%:federated-user/${identity.name}`)}`
      )
  }
}

/**
 * Exact event names (with their service when qualified). A wildcard is matched here, on every row of the identity:
 * any wildcard leaves the names out of WHERE (an OR with an open term would not narrow anything).
 */
function eventCondition(patterns: readonly EventPattern[], params: Parameters): string | undefined {
  if (patterns.length === 0 || patterns.some(p => !p.exact)) return undefined
  const terms = patterns.map(pattern => {
    // Placeholders are positional: each value is added in the order its `?` appears in the text.
    const source = pattern.source === undefined ? '' : `eventsource = ${params.string(pattern.source)} AND `
    const name = `eventname = ${params.string(pattern.name)}`
    return source === '' ? name : `(${source}${name})`
  })
  return `(${terms.join(' OR ')})`
}

export interface StatementOptions {
  /** The part of the query's window this statement reads (default: all of it). */
  readonly window?: TimeWindow
  /** Regions where the trail writing the table records its own changes (its home Region), also read for them. */
  readonly trailRegions?: readonly string[]
}

function selectList(partitioning: Partitioning): string {
  return COLUMNS.map(c => {
    // A table without requestparameters: a trail change's trail cannot be read (gaps.ts says so).
    const expression =
      c === 'trailparameters' && !partitioning.columns.has('requestparameters')
        ? 'CAST(NULL AS VARCHAR)'
        : SELECT[c]
    return expression === c ? c : `${expression} AS ${c}`
  }).join(',\n  ')
}

export function buildStatement(
  query: Query,
  settings: AthenaSettings,
  partitioning: Partitioning,
  options: StatementOptions = {}
): AthenaStatement {
  const params = new Parameters()
  const window = options.window ?? query.window
  const scope = queryScope(query, window)
  const own = scope.regions
  // The trail's changes are read in its home Region too, when the query names other Regions.
  const extra = own ? (options.trailRegions ?? []).filter(r => !own.includes(r)) : []
  const regions = own && extra.length > 0 ? [...own, ...extra] : own
  const partitions = partitionBounds({ ...scope, regions }, partitioning, params)
  // Placeholders are positional: each condition is written in the order its values were added.
  const conditions = [...partitions.days, partitions.region, partitions.account].filter(
    (c): c is string => c !== undefined
  )
  // eventtime is a string such as 2024-01-05T10:00:00Z. The lower bound leaves out the zone, so a time written with
  // fractions of a second still compares inside; the judge then checks the exact instant.
  const start = isoSeconds(window.start).replace(/Z$/, '')
  const end = isoSeconds(window.end)
  conditions.push(`eventtime >= ${params.string(start)}`, `eventtime <= ${params.string(end)}`)
  const identity = [identityCondition(query.identity, params)]
  // An allow-list forbids every name outside it: WHERE may name no event then.
  const events = query.allowed.length > 0 ? undefined : eventCondition(query.patterns, params)
  if (events) identity.push(events)
  if (extra.length > 0 && own && partitioning.region) identity.push(equalsAny('region', own, params))
  conditions.push(`((${identity.join(' AND ')}) OR ${TRAIL_CHANGE_SQL})`)
  const sql =
    `SELECT\n  ${selectList(partitioning)}\nFROM "${settings.database}"."${settings.table}"\n` +
    `WHERE ${conditions.join('\n  AND ')}\n` +
    // Copies of one event arrive together, so counting each once needs no set of every id (see Evaluator).
    'ORDER BY eventid'
  return {
    sql,
    columns: COLUMNS,
    parameters: params.list(),
    bounds: partitions.described,
    warnings: partitions.warnings,
    everyEventOfIdentity: events === undefined
  }
}
