import type { UserIdentity } from '../../core/identity.js'
import { clip } from '../../core/bounded.js'
import { absentIfEmpty, RecordError, usernameOf, withinLimits, type TrailRecord } from '../../core/record.js'
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

type Writable<T> = { -readonly [K in keyof T]: T[K] }
type Issuer = NonNullable<NonNullable<UserIdentity['sessionContext']>['sessionIssuer']>

/** Sets only the fields present, so an absent one reads as absent (exactOptionalPropertyTypes); true if any. */
function put<T extends object>(target: T, key: keyof T & string, value: string | undefined): boolean {
  if (value === undefined) return false
  ;(target as Record<string, string>)[key] = value
  return true
}

// Written out field by field: this runs for every row of a result (a million in a year's audit), and building
// the objects through Object.entries cost a tenth of the whole read's allocations.
function identityOf(get: Get): UserIdentity | undefined {
  const issuer: Writable<Issuer> = {}
  const hasIssuer = [
    put(issuer, 'type', get('sessionissuer_type')),
    put(issuer, 'arn', get('sessionissuer_arn')),
    put(issuer, 'userName', get('sessionissuer_username'))
  ].includes(true)
  const who: Writable<UserIdentity> = {}
  const hasWho = [
    put(who, 'type', get('useridentity_type')),
    put(who, 'arn', get('useridentity_arn')),
    put(who, 'accountId', get('useridentity_accountid')),
    put(who, 'userName', get('useridentity_username'))
  ].includes(true)
  if (!hasWho && !hasIssuer) return undefined
  if (hasIssuer) who.sessionContext = { sessionIssuer: issuer }
  return who
}

/** Longest `resources` cell parsed: longer ones (no real event has that many resources) are shown cut. */
export const MAX_RESOURCES_CELL = 64 * 1024
/** Longest other cell: far above any identity field CloudTrail writes; a longer one cannot be judged. */
export const MAX_CELL = 8 * 1024
/** Cells bounded where they are read, not here: resources (above) and a trail change's parameters (gaps.ts). */
const OWN_BOUNDS: ReadonlySet<ColumnName> = new Set(['resources', 'trailparameters'])

/**
 * `resources` as Athena renders an array of rows: `[{arn=…, accountid=…, type=…}, …]`. Only shown in reports, so a
 * rendering we cannot split is kept whole (cut) rather than failing the scan. One forward pass with indexOf, no
 * regular expression: the cell is attacker-controlled (a resource name can be anything), and a backtracking
 * pattern over an unclosed 48 KB cell ran for minutes.
 */
export function resourceArns(text: string | undefined): string[] {
  if (text === undefined || text === '' || text === '[]') return []
  const whole = [clip(text)]
  if (text.length > MAX_RESOURCES_CELL || !text.startsWith('[') || !text.endsWith(']')) return whole
  const arns: string[] = []
  const last = text.length - 1
  let at = 1
  while (at < last) {
    if (!text.startsWith('{arn=', at)) return whole
    const account = text.indexOf(', accountid=', at)
    const type = account < 0 ? -1 : text.indexOf(', type=', account)
    const close = type < 0 ? -1 : text.indexOf('}', type)
    if (close < 0) return whole
    const arn = text.slice(at + 5, account)
    if (arn !== 'null' && arn !== '') arns.push(arn)
    at = close + 1
    if (at === last) break
    if (!text.startsWith(', ', at)) return whole
    at += 2
  }
  return arns
}

function readOnlyOf(text: string | undefined): boolean | null {
  return text === 'true' ? true : text === 'false' ? false : null
}

/** A cell, absent when NULL; a cell longer than any CloudTrail writes makes the row one we cannot judge. */
function cellOf(row: ResultRow, column: ColumnName): string | undefined {
  const value = row[INDEX[column]]
  if (value !== undefined && !OWN_BOUNDS.has(column) && value.length > MAX_CELL) {
    const id = row[INDEX.eventid]
    throw new RecordError(
      `its ${column} is ${value.length} characters long (at most ${MAX_CELL})`,
      id === undefined ? undefined : clip(id, 80)
    )
  }
  return value
}

export function fromAthenaRow(row: ResultRow): TrailRecord {
  const get: Get = column => cellOf(row, column)
  const id = required(get, 'eventid', undefined)
  const userIdentity = identityOf(get)
  return withinLimits({
    id,
    time: timeOf(required(get, 'eventtime', id), id),
    name: required(get, 'eventname', id),
    source: required(get, 'eventsource', id),
    region: required(get, 'awsregion', id),
    username: usernameOf(userIdentity),
    userIdentity,
    // Some SerDes render NULL as '': an empty errorCode is no error, and must not read as a denied call.
    errorCode: absentIfEmpty(get('errorcode')),
    readOnly: readOnlyOf(get('readonly')),
    resources: resourceArns(get('resources')),
    sourceIp: absentIfEmpty(get('sourceipaddress')),
    requestId: absentIfEmpty(get('requestid'))
  })
}
