import { clip } from '../core/bounded.js'

// An answer must be an answer. The AWS SDK reads an empty body, `{}`, `null`, a 204, a 3xx, or a 200 carrying an
// error shape as a successful answer with nothing in it — for a paginated read, a last page. Behind a proxy, a
// login page or a wrong endpoint, that ends a read early and calls it complete. So the raw answer of every call
// to a JSON-protocol service the gate reads (CloudTrail, Athena, Glue) is checked here before the SDK sees it.
// Only 5xx, 429 and JSON error bodies go on to the SDK's own error handling (retries, classify).

/** An answer that is not what the operation returns. Never retried: the read becomes incomplete. */
export class ResponseError extends Error {
  override name = 'ResponseError'
}

/** How an operation's messages read: `GetQueryResults`, what it answers, and where to look when it is wrong. */
export interface AnswerWords {
  readonly what: string
  /** `CloudTrail`, `Athena`: the service, which never answers with a redirect. */
  readonly service: string
  /** `a page of events`, `a result page`. */
  readonly expected: string
  /** `is AWS_ENDPOINT_URL_ATHENA pointing at Athena?` */
  readonly hint: string
}

type Json = Readonly<Record<string, unknown>>

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function kindOf(value: unknown): string {
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

/**
 * Checks a 2xx body: JSON, an object, no error shape. Returns the parsed object for an operation's own checks
 * (a LookupEvents page has an Events list), or throws a ResponseError.
 */
export function checkJsonBody(status: number, body: string, contentType: string, words: AnswerWords): Json {
  const { what, expected, hint } = words
  if (body.trim() === '') {
    throw new ResponseError(`${what} answered ${status} with an empty body, not ${expected} — ${hint}`)
  }
  const parsed = parse(body)
  if (!parsed.ok) {
    throw new ResponseError(
      `${what} answered ${status} with a body that is not JSON (${contentType || 'no content-type'}, ` +
        `starting ${opening(body)}) — ${hint}`
    )
  }
  const value = parsed.value
  if (!isObject(value)) {
    throw new ResponseError(`${what} answered ${status} with ${kindOf(value)}, not ${expected} — ${hint}`)
  }
  if (value['__type'] !== undefined) {
    // AWS JSON errors spell it `message` or `Message`, by service.
    const text = value['message'] ?? value['Message']
    const message = typeof text === 'string' ? `: ${clip(text, 200)}` : ''
    throw new ResponseError(
      `${what} answered ${status} carrying an error (${clip(String(value['__type']), 100)}${message}) ` +
        `instead of ${expected} — ${hint}`
    )
  }
  return value
}

/**
 * Checks one raw answer: a 2xx must be a JSON object without an error shape; a 3xx is never AWS; a 4xx must be
 * a JSON error. Returns the parsed 2xx body (undefined for an error the SDK will read), or throws.
 */
export function checkAnswer(
  status: number,
  headers: { readonly contentType?: string | undefined; readonly location?: string | undefined },
  body: string,
  words: AnswerWords
): Json | undefined {
  const contentType = clip(headers.contentType ?? '', 80)
  if (status >= 200 && status < 300) return checkJsonBody(status, body, contentType, words)
  if (status >= 300 && status < 400) {
    const to = headers.location ? ` to ${clip(headers.location, 200)}` : ''
    throw new ResponseError(
      `${words.what} answered HTTP ${status}, a redirect${to}, which ${words.service} never sends — ${words.hint} ` +
        '(a proxy or a sign-in page may be answering instead)'
    )
  }
  if (status === 429 || status >= 500) return undefined
  const parsed = parse(body)
  if (status >= 400 && parsed.ok && isObject(parsed.value)) return undefined
  throw new ResponseError(
    `${words.what} answered HTTP ${status} with ${body.trim() === '' ? 'an empty body' : `a body that is not a JSON error (${contentType || 'no content-type'}, starting ${opening(body)})`} — ${words.hint}`
  )
}
