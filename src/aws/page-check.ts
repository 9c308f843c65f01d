import { clip } from '../core/bounded.js'
import {
  checkAnswer,
  checkJsonBody,
  isObject,
  kindOf,
  ResponseError,
  type AnswerWords
} from './answer-check.js'

// A page must be a page. The AWS SDK reads an empty body, `{}`, `null`, `[]`, a 204 or a 200 carrying an error
// shape as a page with no events and no NextToken: a last page. Behind a proxy, a login page or a wrong
// AWS_ENDPOINT_URL_CLOUDTRAIL that ends the scan early and calls it clean. So the raw answer to every
// LookupEvents call is checked here, before the SDK reads it, and anything but a well-formed page fails the
// scan. Only 5xx, 429 and JSON error bodies go on to the SDK's own error handling (retries, classify).

export { ResponseError } from './answer-check.js'

/** Far above a real page (50 events), far below what would hurt the runner. */
export const MAX_PAGE_BYTES = 32 * 1024 * 1024

const WORDS: AnswerWords = {
  what: 'LookupEvents',
  service: 'CloudTrail',
  expected: 'a page of events',
  hint: 'is AWS_ENDPOINT_URL_CLOUDTRAIL pointing at CloudTrail?'
}
const HINT = WORDS.hint

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
  const page = checkJsonBody(status, text, contentType, WORDS)
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
  if (status >= 200 && status < 300) return checkPage(status, body, clip(headers.contentType ?? '', 80))
  checkAnswer(status, headers, body, WORDS)
}
