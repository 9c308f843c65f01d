// CloudTrail LookupEvents: request validation as documented, the 90-day window, paging, and the wire shape
// of an event (ReadOnly as a string, EventTime as epoch seconds, CloudTrailEvent as a JSON string).
import { AwsError } from './http.js'
import type { EmulatorRecord } from './records.js'
import { isAttributeKey, type AttributeKey, type Cursor, type RecordStore } from './store.js'
import type { TokenBinding, TokenCodec } from './tokens.js'

export const RETENTION_MS = 90 * 24 * 3_600_000
const DEFAULT_MAX_RESULTS = 50

export interface LookupRequest {
  attribute: { key: AttributeKey; value: string } | undefined
  startTime: number | undefined
  endTime: number | undefined
  maxResults: number | undefined
  eventCategory: string | undefined
  nextToken: string | undefined
}

export interface LookupContext {
  store: RecordStore
  tokens: TokenCodec
  /** Current time in ms (the injected clock). */
  now: number
  /** Whether a record has been delivered yet (delivery delays); default: all have. */
  visible?: (record: EmulatorRecord) => boolean
}

export interface WireEvent {
  EventId: string
  EventName: string
  ReadOnly: string
  AccessKeyId?: string
  EventTime: number
  EventSource: string
  Username: string
  Resources: Array<{ ResourceType: string; ResourceName: string }>
  CloudTrailEvent: string
}

export interface LookupResponse {
  Events: WireEvent[]
  NextToken?: string
}

function invalid(code: string, message: string): AwsError {
  return new AwsError(400, code, message)
}

function parseAttribute(value: unknown): LookupRequest['attribute'] {
  if (value === undefined || value === null) return undefined
  if (!Array.isArray(value)) throw invalid('SerializationException', 'LookupAttributes must be a list')
  if (value.length === 0) return undefined
  if (value.length > 1) {
    throw invalid('InvalidLookupAttributesException', 'You can specify only one lookup attribute.')
  }
  const entry: unknown = value[0]
  const { AttributeKey: key, AttributeValue: attrValue } =
    typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {}
  if (typeof key !== 'string' || !isAttributeKey(key)) {
    throw invalid('InvalidLookupAttributesException', `Lookup attribute key ${String(key)} is not supported.`)
  }
  if (typeof attrValue !== 'string' || attrValue.length === 0 || attrValue.length > 2000) {
    throw invalid('InvalidLookupAttributesException', 'AttributeValue must be 1 to 2000 characters.')
  }
  return { key, value: attrValue }
}

function parseTime(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw invalid('SerializationException', `${name} must be a timestamp in epoch seconds`)
  }
  return value
}

function parseMaxResults(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 50) {
    throw invalid('InvalidMaxResultsException', 'MaxResults must be between 1 and 50.')
  }
  return value
}

function optionalString(value: unknown, code: string, name: string): string | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string' || value === '') throw invalid(code, `${name} is invalid.`)
  return value
}

export function parseLookupRequest(body: unknown): LookupRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid('SerializationException', 'Request body must be a JSON object')
  }
  const input = body as Record<string, unknown>
  const request: LookupRequest = {
    attribute: parseAttribute(input['LookupAttributes']),
    startTime: parseTime(input['StartTime'], 'StartTime'),
    endTime: parseTime(input['EndTime'], 'EndTime'),
    maxResults: parseMaxResults(input['MaxResults']),
    eventCategory: optionalString(input['EventCategory'], 'InvalidEventCategoryException', 'EventCategory'),
    nextToken: optionalString(input['NextToken'], 'InvalidNextTokenException', 'NextToken')
  }
  if (request.eventCategory !== undefined && request.eventCategory !== 'insight') {
    throw invalid('InvalidEventCategoryException', 'EventCategory must be insight.')
  }
  if (
    request.startTime !== undefined &&
    request.endTime !== undefined &&
    request.startTime > request.endTime
  ) {
    throw invalid('InvalidTimeRangeException', 'Start time must be earlier than end time.')
  }
  return request
}

export function toWireEvent(record: EmulatorRecord): WireEvent {
  return {
    EventId: record.EventId,
    EventName: record.EventName,
    ReadOnly: String(record.ReadOnly),
    ...(record.AccessKeyId ? { AccessKeyId: record.AccessKeyId } : {}),
    EventTime: record.EventTime.getTime() / 1000,
    EventSource: record.EventSource,
    Username: record.Username,
    Resources: record.Resources.map(r => ({ ResourceType: r.ResourceType, ResourceName: r.ResourceName })),
    CloudTrailEvent: JSON.stringify(record.cloudTrailEvent)
  }
}

function bindingOf(request: LookupRequest, region: string): TokenBinding {
  return {
    region,
    attribute: request.attribute,
    startTime: request.startTime,
    endTime: request.endTime,
    maxResults: request.maxResults,
    eventCategory: request.eventCategory
  }
}

function cursorOf(request: LookupRequest, binding: TokenBinding, ctx: LookupContext): Cursor | undefined {
  if (request.nextToken === undefined) return undefined
  const cursor = ctx.tokens.decode(request.nextToken, binding)
  if (cursor === undefined) {
    throw invalid(
      'InvalidNextTokenException',
      'Invalid NextToken: it is garbled or was issued for other parameters.'
    )
  }
  return cursor
}

/** One page of LookupEvents for a Region. Throws AwsError for what CloudTrail rejects. */
export function lookupEvents(request: LookupRequest, region: string, ctx: LookupContext): LookupResponse {
  const binding = bindingOf(request, region)
  const cursor = cursorOf(request, binding, ctx)
  // Insights events are a separate, opt-in feature; the emulator has none.
  if (request.eventCategory === 'insight') return { Events: [] }
  const oldest = ctx.now - RETENTION_MS
  const page = ctx.store.page({
    region,
    attribute: request.attribute,
    // Inclusive bounds; nothing older than 90 days, whatever StartTime says.
    startMs: Math.max(oldest, request.startTime === undefined ? oldest : request.startTime * 1000),
    endMs: request.endTime === undefined ? ctx.now : request.endTime * 1000,
    limit: request.maxResults ?? DEFAULT_MAX_RESULTS,
    cursor,
    ...(ctx.visible && { visible: ctx.visible })
  })
  const response: LookupResponse = { Events: page.events.map(toWireEvent) }
  if (page.next !== undefined) response.NextToken = ctx.tokens.encode(page.next, binding)
  return response
}
