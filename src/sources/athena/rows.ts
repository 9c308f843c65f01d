import type { UserIdentity } from '../../core/identity.js'
import { PageRecordError, RecordError, usernameOf, type TrailRecord } from '../../core/record.js'
import type { ResultRow } from './runner.js'
import { COLUMNS, type ColumnName } from './sql.js'

// A result row as a TrailRecord, validated as strictly as a LookupEvents record: a row without an event id, a
// valid eventtime, an event name, an event source or a Region cannot be judged, and makes the scan incomplete.

const INDEX = Object.fromEntries(COLUMNS.map((name, i) => [name, i])) as Record<ColumnName, number>
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/

type Get = (column: ColumnName) => string | undefined

function required(get: Get, column: ColumnName, id: string | undefined): string {
  const value = get(column)
  if (value === undefined || value === '') throw new RecordError(`it has no ${column}`, id)
  return value
}

function timeOf(text: string, id: string): Date {
  const ms = ISO_TIME.test(text) ? Date.parse(text) : NaN
  if (!Number.isFinite(ms))
    throw new RecordError(`its eventtime ${JSON.stringify(text.slice(0, 40))} is not a valid time`, id)
  return new Date(Math.floor(ms / 1000) * 1000)
}

/** Only the fields present, so an absent one reads as absent (exactOptionalPropertyTypes). */
function fields<T extends Record<string, string | undefined>>(entries: T): { [K in keyof T]?: string } {
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: string
  }
}

function identityOf(get: Get): UserIdentity | undefined {
  const issuer = fields({
    type: get('sessionissuer_type'),
    arn: get('sessionissuer_arn'),
    userName: get('sessionissuer_username')
  })
  const who = fields({
    type: get('useridentity_type'),
    arn: get('useridentity_arn'),
    accountId: get('useridentity_accountid'),
    userName: get('useridentity_username')
  })
  const hasIssuer = Object.keys(issuer).length > 0
  if (Object.keys(who).length === 0 && !hasIssuer) return undefined
  return { ...who, ...(hasIssuer && { sessionContext: { sessionIssuer: issuer } }) }
}

/**
 * `resources` as Athena renders an array of rows: `[{arn=…, accountid=…, type=…}, …]`. Only shown in reports, so a
 * rendering we cannot split is kept whole rather than failing the scan.
 */
export function resourceArns(text: string | undefined): string[] {
  if (text === undefined || text === '' || text === '[]') return []
  const arns: string[] = []
  const entry = /\{arn=(.*?), accountid=(?:.*?), type=(?:.*?)\}(?:, |\]$)/gs
  let matched = 0
  for (const match of text.matchAll(entry)) {
    matched += match[0].length
    const arn = match[1]
    if (arn !== undefined && arn !== 'null' && arn !== '') arns.push(arn)
  }
  return matched === text.length - 1 && text.startsWith('[') ? arns : [text]
}

function readOnlyOf(text: string | undefined): boolean | null {
  return text === 'true' ? true : text === 'false' ? false : null
}

export function fromAthenaRow(row: ResultRow): TrailRecord {
  const get: Get = column => row[INDEX[column]]
  const id = required(get, 'eventid', undefined)
  const userIdentity = identityOf(get)
  return {
    id,
    time: timeOf(required(get, 'eventtime', id), id),
    name: required(get, 'eventname', id),
    source: required(get, 'eventsource', id),
    region: required(get, 'awsregion', id),
    username: usernameOf(userIdentity),
    userIdentity,
    errorCode: get('errorcode') ?? null,
    readOnly: readOnlyOf(get('readonly')),
    resources: resourceArns(get('resources')),
    sourceIp: get('sourceipaddress') ?? null,
    requestId: get('requestid') ?? null
  }
}

/** A page of rows as records; a row that cannot be read throws a PageRecordError naming its place. */
export function fromAthenaRows(rows: readonly ResultRow[]): TrailRecord[] {
  return rows.map((row, position) => {
    try {
      return fromAthenaRow(row)
    } catch (error) {
      if (error instanceof RecordError) throw new PageRecordError(error, position)
      throw error
    }
  })
}
