import type { Event } from '@aws-sdk/client-cloudtrail'
import { clip } from './bounded.js'
import type { UserIdentity } from './identity.js'

// Our own validated event. Every source (LookupEvents, Athena) turns what it fetched into TrailRecords once, and
// everything after that (the judgement, evaluation, reports) reads only these: a record that cannot be
// normalised is a RecordError, which makes the scan incomplete. It is never skipped.

export interface TrailRecord {
  /** EventId / eventid, non-empty. */
  readonly id: string
  /** Valid, second precision. */
  readonly time: Date
  /** eventName, non-empty. */
  readonly name: string
  /** eventSource, such as ec2.amazonaws.com, non-empty. */
  readonly source: string
  /** awsRegion. */
  readonly region: string
  /** LookupEvents' Username meaning: IAM user name, role session name, root… */
  readonly username: string | null
  /** Undefined when the source did not read it (see `full`). */
  readonly userIdentity: UserIdentity | undefined
  readonly errorCode: string | null
  readonly readOnly: boolean | null
  readonly resources: readonly string[]
  readonly sourceIp: string | null
  /** requestID of the CloudTrail event (the delivery barrier matches on it). */
  readonly requestId: string | null
  /**
   * Set when only part of the event was read (LookupEvents' top-level fields, to spare parsing the
   * CloudTrailEvent JSON of the many records that do not match): the whole record, or a RecordError. Whoever
   * needs `userIdentity`, `errorCode`, `sourceIp` or `requestId` calls it first.
   */
  readonly full?: () => TrailRecord
}

/** A record we cannot normalise or judge: the scan becomes incomplete. */
export class RecordError extends Error {
  constructor(
    /** What was wrong, in words. */
    readonly problem: string,
    readonly eventId?: string
  ) {
    super(problem)
    this.name = 'RecordError'
  }
}

/** A RecordError with where the record sat in its page (0-based), so the message can name it. */
export class PageRecordError extends RecordError {
  constructor(
    error: RecordError,
    readonly position: number
  ) {
    super(error.problem, error.eventId)
    this.name = 'PageRecordError'
  }
}

/** `record 3 (EventId …) of <where> cannot be judged: <problem>`, bounded whatever the server sent. */
export function describeRecordError(error: PageRecordError, where: string): string {
  const id = error.eventId === undefined ? '' : ` (EventId ${clip(error.eventId, 80)})`
  return `record ${error.position + 1}${id} of ${where} cannot be judged: ${error.problem}`
}

function lastSegment(arn: unknown): string | null {
  if (typeof arn !== 'string') return null
  const last = arn.split('/').pop()
  return last ? last : null
}

/**
 * LookupEvents' `Username` rule: the IAM user name, the role session name of an assumed role, `root` for the
 * root user, the federated user's name; null when the identity names no user (AWS services, for example).
 */
export function usernameOf(identity: UserIdentity | undefined): string | null {
  if (!identity) return null
  switch (identity.type) {
    case 'IAMUser':
      return nonEmpty(identity.userName) ?? lastSegment(identity.arn)
    case 'AssumedRole': {
      const parts = typeof identity.arn === 'string' ? identity.arn.split('/') : []
      return parts.length >= 3 ? (parts[parts.length - 1] ?? null) : null
    }
    case 'Root':
      return 'root'
    case 'FederatedUser':
      return lastSegment(identity.arn)
    default:
      return nonEmpty(identity.userName) ?? null
  }
}

// ---- LookupEvents: SDK Event → TrailRecord ----

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/

type Json = Readonly<Record<string, unknown>>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined
}

function validTime(value: unknown): Date | undefined {
  if (value instanceof Date) {
    const ms = value.getTime()
    return Number.isFinite(ms) ? new Date(Math.floor(ms / 1000) * 1000) : undefined
  }
  if (typeof value !== 'string' || !ISO_TIME.test(value)) return undefined
  return validTime(new Date(value))
}

/** The CloudTrailEvent JSON as an object, or a RecordError saying what is wrong with it. */
function parseDetail(event: Event, id: string | undefined): Json {
  const json: unknown = event.CloudTrailEvent
  if (json === undefined || json === null) throw new RecordError('it has no CloudTrailEvent', id)
  if (typeof json !== 'string') throw new RecordError('its CloudTrailEvent is not a string', id)
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    throw new RecordError('its CloudTrailEvent is not JSON', id)
  }
  if (!isObject(value)) throw new RecordError('its CloudTrailEvent is not a JSON object', id)
  return value
}

/** An optional string field of the detail: absent or null is null, anything else but a string is an error. */
function optionalString(detail: Json, field: string, id: string): string | null {
  const value = detail[field]
  if (value === undefined || value === null) return null
  if (typeof value !== 'string') throw new RecordError(`its CloudTrailEvent ${field} is not a string`, id)
  return value
}

const IDENTITY_FIELDS = ['type', 'arn', 'accountId', 'userName'] as const

/** The fields identity matching reads must be strings where present: `userName: 42` is not a name. */
function checkStrings(value: Json, where: string, id: string): void {
  for (const field of IDENTITY_FIELDS) {
    const v = value[field]
    if (v !== undefined && v !== null && typeof v !== 'string') {
      throw new RecordError(`its CloudTrailEvent ${where}.${field} is not a string`, id)
    }
  }
}

function userIdentityOf(detail: Json, id: string): UserIdentity | undefined {
  const value = detail['userIdentity']
  if (value === undefined || value === null) return undefined
  if (!isObject(value)) throw new RecordError('its CloudTrailEvent userIdentity is not an object', id)
  checkStrings(value, 'userIdentity', id)
  const context = value['sessionContext']
  if (context !== undefined && context !== null) {
    if (!isObject(context)) throw new RecordError('its userIdentity.sessionContext is not an object', id)
    const issuer = context['sessionIssuer']
    if (issuer !== undefined && issuer !== null) {
      if (!isObject(issuer)) throw new RecordError('its sessionContext.sessionIssuer is not an object', id)
      checkStrings(issuer, 'sessionIssuer', id)
    }
  }
  return value
}

function resourcesOf(event: Event, id: string): string[] {
  const resources: unknown = event.Resources
  if (resources === undefined || resources === null) return []
  if (!Array.isArray(resources)) throw new RecordError('its Resources is not a list', id)
  return resources.flatMap((r: unknown) => {
    const name = isObject(r) ? nonEmpty(r['ResourceName']) : undefined
    return name === undefined ? [] : [name]
  })
}

function topReadOnly(event: Event): boolean | null {
  return event.ReadOnly === 'true' ? true : event.ReadOnly === 'false' ? false : null
}

interface TopFields {
  readonly id: string | undefined
  readonly time: Date | undefined
  readonly name: string | undefined
  readonly source: string | undefined
  readonly username: string | null | undefined
}

function topFields(event: Event): TopFields {
  const username: unknown = event.Username
  return {
    id: nonEmpty(event.EventId),
    time: validTime(event.EventTime),
    name: nonEmpty(event.EventName),
    source: nonEmpty(event.EventSource),
    username: nonEmpty(username)
  }
}

/** Every field, from the top level where LookupEvents gave it and from the CloudTrailEvent JSON otherwise. */
function fullRecord(event: Event, top: TopFields, lookupRegion: string): TrailRecord {
  const detail = parseDetail(event, top.id)
  const id = top.id ?? nonEmpty(detail['eventID'])
  if (id === undefined) throw new RecordError('it has no EventId')
  const time = top.time ?? validTime(detail['eventTime'])
  if (time === undefined) throw new RecordError('it has no valid EventTime', id)
  const name = top.name ?? nonEmpty(detail['eventName'])
  if (name === undefined) throw new RecordError('it has no EventName', id)
  const source = top.source ?? nonEmpty(detail['eventSource'])
  if (source === undefined) throw new RecordError('it has no EventSource', id)
  const userIdentity = userIdentityOf(detail, id)
  const readOnly = detail['readOnly']
  return {
    id,
    time,
    name,
    source,
    region: optionalString(detail, 'awsRegion', id) || lookupRegion,
    username: top.username ?? usernameOf(userIdentity),
    userIdentity,
    errorCode: optionalString(detail, 'errorCode', id),
    readOnly: typeof readOnly === 'boolean' ? readOnly : topReadOnly(event),
    resources: resourcesOf(event, id),
    sourceIp: optionalString(detail, 'sourceIPAddress', id),
    requestId: optionalString(detail, 'requestID', id)
  }
}

/**
 * Normalises one LookupEvents record from `lookupRegion`. When every top-level field the judgement needs is
 * there and valid, the CloudTrailEvent JSON is left unparsed and the record carries `full`; otherwise the
 * JSON is read at once for the missing fields, and a record still missing one throws a RecordError.
 */
export function fromLookupEvent(event: Event, lookupRegion: string): TrailRecord {
  if (!isObject(event)) throw new RecordError('it is not an object')
  const top = topFields(event)
  const { id, time, name, source, username } = top
  if (id === undefined || time === undefined || name === undefined || source === undefined || !username) {
    return fullRecord(event, top, lookupRegion)
  }
  return {
    id,
    time,
    name,
    source,
    region: lookupRegion,
    username,
    userIdentity: undefined,
    errorCode: null,
    readOnly: topReadOnly(event),
    resources: resourcesOf(event, id),
    sourceIp: null,
    requestId: null,
    full: () => fullRecord(event, top, lookupRegion)
  }
}

/** A LookupEvents page as records; a record that cannot be normalised throws a PageRecordError. */
export function fromLookupEvents(events: readonly Event[], lookupRegion: string): TrailRecord[] {
  return events.map((event, position) => {
    try {
      return fromLookupEvent(event, lookupRegion)
    } catch (error) {
      if (error instanceof RecordError) throw new PageRecordError(error, position)
      throw error
    }
  })
}
