import { clip } from '../core/bounded.js'

// A page must be a page. The AWS SDK reads an empty body, `{}`, `null`, `[]`, a 204 or a 200 carrying an error
// shape as a page with no events and no NextToken: a last page. Behind a proxy, a login page or a wrong
// AWS_ENDPOINT_URL_CLOUDTRAIL that ends the scan early and calls it clean. So the raw answer to every
// LookupEvents call is checked here, before the SDK reads it, and anything but a well-formed page fails the
// scan. Only 5xx, 429 and JSON error bodies go on to the SDK's own error handling (retries, classify).

/** An answer that is not a LookupEvents page. Never retried: the scan becomes incomplete. */
export class ResponseError extends Error {
  override name = 'ResponseError'
}

/** Far above a real page (50 events), far below what would hurt the runner. */
export const MAX_PAGE_BYTES = 32 * 1024 * 1024

const HINT = 'is AWS_ENDPOINT_URL_CLOUDTRAIL pointing at CloudTrail?'

type Json = Readonly<Record<string, unknown>>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}

/** The first bytes of a body, quoted and bounded, for a message. */
function opening(text: string): string {
  return JSON.stringify(clip(text.trim(), 80))
}

function parse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch {
    return { ok: false }
  }
}

const STRING_FIELDS = [
  'EventId',
  'EventName',
  'EventSource',
  'Username',
  'ReadOnly',
  'AccessKeyId',
  'CloudTrailEvent'
] as const

/** The types the SDK would otherwise pass through or choke on (a NaN time, a string for Resources, null). */
function checkEvent(event: unknown, index: number, status: number): void {
  const which = `entry ${index + 1} of Events`
  if (!isObject(event))
    throw new ResponseError(`LookupEvents answered ${status} with ${which} ${kindOf(event)}, not an event`)
  const wrong = (field: string, expected: string): ResponseError => {
    const id = typeof event['EventId'] === 'string' ? ` (EventId ${clip(event['EventId'], 80)})` : ''
    return new ResponseError(
      `LookupEvents answered ${status} with ${which}${id} whose ${field} is ${kindOf(event[field])}, not ${expected}`
    )
  }
  const time = event['EventTime']
  if (time !== undefined && time !== null && (typeof time !== 'number' || !Number.isFinite(time))) {
    throw wrong('EventTime', 'epoch seconds')
  }
  for (const field of STRING_FIELDS) {
    const value = event[field]
    if (value !== undefined && value !== null && typeof value !== 'string') throw wrong(field, 'a string')
  }
  const resources = event['Resources']
  if (resources !== undefined && resources !== null) {
    if (!Array.isArray(resources) || !resources.every(isObject))
      throw wrong('Resources', 'a list of resources')
  }
}

function checkPage(status: number, text: string, contentType: string): void {
  if (text.trim() === '') {
    throw new ResponseError(
      `LookupEvents answered ${status} with an empty body, not a page of events — ${HINT}`
    )
  }
  const parsed = parse(text)
  if (!parsed.ok) {
    throw new ResponseError(
      `LookupEvents answered ${status} with a body that is not JSON (${contentType || 'no content-type'}, ` +
        `starting ${opening(text)}) — ${HINT}`
    )
  }
  const page = parsed.value
  if (!isObject(page)) {
    throw new ResponseError(
      `LookupEvents answered ${status} with ${kindOf(page)}, not a page of events — ${HINT}`
    )
  }
  if (page['__type'] !== undefined) {
    const message = typeof page['message'] === 'string' ? `: ${clip(page['message'], 200)}` : ''
    throw new ResponseError(
      `LookupEvents answered ${status} carrying an error (${clip(String(page['__type']), 100)}${message}) ` +
        `instead of a page of events — ${HINT}`
    )
  }
  const events = page['Events']
  if (!Array.isArray(events)) {
    throw new ResponseError(`LookupEvents answered ${status} with no Events array — ${HINT}`)
  }
  events.forEach((event, index) => checkEvent(event, index, status))
  const token = page['NextToken']
  if (token !== undefined && token !== null && (typeof token !== 'string' || token === '')) {
    throw new ResponseError(
      `LookupEvents answered ${status} with a NextToken that is ${token === '' ? 'empty' : kindOf(token)}: ` +
        'the rest of the window cannot be read'
    )
  }
}

/**
 * Checks one raw answer to LookupEvents. Throws a ResponseError for anything that is not a page or an error
 * the SDK understands; returns for a well-formed page, a 5xx, a 429 and a 4xx with a JSON error body.
 */
export function checkLookupEventsAnswer(
  status: number,
  headers: { readonly contentType?: string | undefined; readonly location?: string | undefined },
  body: string
): void {
  const contentType = clip(headers.contentType ?? '', 80)
  if (status >= 200 && status < 300) return checkPage(status, body, contentType)
  if (status >= 300 && status < 400) {
    const location = headers.location
    const to = location ? ` to ${clip(location, 200)}` : ''
    throw new ResponseError(
      `LookupEvents answered HTTP ${status}, a redirect${to}, which CloudTrail never sends — ${HINT} ` +
        '(a proxy or a sign-in page may be answering instead)'
    )
  }
  if (status === 429 || status >= 500) return
  const parsed = parse(body)
  if (status >= 400 && parsed.ok && isObject(parsed.value)) return
  throw new ResponseError(
    `LookupEvents answered HTTP ${status} with ${body.trim() === '' ? 'an empty body' : `a body that is not a JSON error (${contentType || 'no content-type'}, starting ${opening(body)})`} — ${HINT}`
  )
}
