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
  /** The account whose CloudTrail history it was read from, when the scan read named accounts. */
  readonly account?: string
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

export type Json = Readonly<Record<string, unknown>>

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A server's empty string is no value: `''` for errorCode (some SerDes render NULL so) is not an error code. */
export function absentIfEmpty(value: string | null | undefined): string | null {
  return value === undefined || value === null || value === '' ? null : value
}

export function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined
}

const IDENTITY_FIELDS = ['type', 'arn', 'accountId', 'userName'] as const

/** The fields identity matching reads must be strings where present: `userName: 42` is not a name. */
function checkStrings(value: Json, where: string, id: string): void {
  for (const field of IDENTITY_FIELDS) {
    const v = value[field]
    if (v !== undefined && v !== null && typeof v !== 'string') {
      throw new RecordError(`its ${where}.${field} is not a string`, id)
    }
  }
}

/** A CloudTrail userIdentity, checked where identity matching reads it; a RecordError when malformed. */
export function checkUserIdentity(value: unknown, id: string): UserIdentity | undefined {
  if (value === undefined || value === null) return undefined
  if (!isObject(value)) throw new RecordError('its userIdentity is not an object', id)
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

/**
 * Longest accepted values. Real ones are far shorter (an EventId is a UUID, an event name a few dozen
 * characters); a longer one is not a CloudTrail record, and bounding them bounds matching and every message.
 */
const LIMITS = { id: 256, name: 256, source: 256, region: 64, username: 2048 } as const
const LABELS = {
  id: 'EventId',
  name: 'EventName',
  source: 'EventSource',
  region: 'awsRegion',
  username: 'Username'
} as const

/** The record, or a RecordError when one of its fields is longer than any CloudTrail writes. */
export function withinLimits(record: TrailRecord): TrailRecord {
  for (const field of ['id', 'name', 'source', 'region', 'username'] as const) {
    const value = record[field]
    if (value !== null && value.length > LIMITS[field]) {
      throw new RecordError(
        `its ${LABELS[field]} is ${value.length} characters long (at most ${LIMITS[field]})`,
        record.id.slice(0, LIMITS.id)
      )
    }
  }
  return record
}
