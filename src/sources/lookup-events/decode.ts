import type { Event } from '@aws-sdk/client-cloudtrail'
import {
  absentIfEmpty,
  checkUserIdentity,
  isObject,
  nonEmpty,
  PageRecordError,
  RecordError,
  usernameOf,
  withinLimits,
  type Json,
  type TrailRecord
} from '../../core/record.js'

// LookupEvents' SDK `Event` → TrailRecord. Top-level fields first; the CloudTrailEvent JSON where one is
// missing, and for everything else only when someone needs it (`full`).

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/

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

/**
 * An optional string field of the detail: absent, null or empty is null (an empty errorCode is no error), and
 * anything else but a string is an error.
 */
function optionalString(detail: Json, field: string, id: string): string | null {
  const value = detail[field]
  if (value === undefined || value === null) return null
  if (typeof value !== 'string') throw new RecordError(`its CloudTrailEvent ${field} is not a string`, id)
  return absentIfEmpty(value)
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
function fullRecord(event: Event, top: TopFields, lookupRegion: string, account?: string): TrailRecord {
  const detail = parseDetail(event, top.id)
  const id = top.id ?? nonEmpty(detail['eventID'])
  if (id === undefined) throw new RecordError('it has no EventId')
  const time = top.time ?? validTime(detail['eventTime'])
  if (time === undefined) throw new RecordError('it has no valid EventTime', id)
  const name = top.name ?? nonEmpty(detail['eventName'])
  if (name === undefined) throw new RecordError('it has no EventName', id)
  const source = top.source ?? nonEmpty(detail['eventSource'])
  if (source === undefined) throw new RecordError('it has no EventSource', id)
  const userIdentity = checkUserIdentity(detail['userIdentity'], id)
  const readOnly = detail['readOnly']
  return withinLimits({
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
    requestId: optionalString(detail, 'requestID', id),
    ...(account !== undefined && { account })
  })
}

/**
 * Normalises one LookupEvents record from `lookupRegion` (of `account`'s history, when the scan names accounts). When every top-level field the judgement needs is
 * there and valid, the CloudTrailEvent JSON is left unparsed and the record carries `full`; otherwise the
 * JSON is read at once for the missing fields, and a record still missing one throws a RecordError.
 */
export function fromLookupEvent(event: Event, lookupRegion: string, account?: string): TrailRecord {
  if (!isObject(event)) throw new RecordError('it is not an object')
  const top = topFields(event)
  const { id, time, name, source, username } = top
  if (id === undefined || time === undefined || name === undefined || source === undefined || !username) {
    return fullRecord(event, top, lookupRegion, account)
  }
  return withinLimits({
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
    ...(account !== undefined && { account }),
    full: () => fullRecord(event, top, lookupRegion, account)
  })
}

/** A LookupEvents page as records; a record that cannot be normalised throws a PageRecordError. */
export function fromLookupEvents(
  events: readonly Event[],
  lookupRegion: string,
  account?: string
): TrailRecord[] {
  return events.map((event, position) => {
    try {
      return fromLookupEvent(event, lookupRegion, account)
    } catch (error) {
      if (error instanceof RecordError) throw new PageRecordError(error, position)
      throw error
    }
  })
}
