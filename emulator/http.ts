// Small HTTP helpers shared by the CloudTrail, STS, OIDC and control handlers.
import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'

/** An AWS error response: the status and code the SDK turns into `error.name` and `$metadata.httpStatusCode`. */
export class AwsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** More members of a JSON error body (Organizations' `Reason`). */
    readonly fields: Readonly<Record<string, string>> = {}
  ) {
    super(message)
    this.name = code
  }
}

// Far above any LookupEvents or STS request; stops a runaway client from filling memory.
const MAX_BODY_BYTES = 1_000_000

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk))
    size += buffer.length
    if (size > MAX_BODY_BYTES) throw new AwsError(413, 'RequestEntityTooLarge', 'Request body too large')
    chunks.push(buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

export function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {}
): void {
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': String(Buffer.byteLength(body)),
    'x-amzn-RequestId': randomUUID(),
    ...headers
  })
  res.end(body)
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json', JSON.stringify(value))
}

/**
 * An AWS JSON 1.1 error. The SDK takes the code from the body's `__type` first, then `code`, then the
 * `x-amzn-ErrorType` header (each cut at ':' and after '#'), and the text from `message`/`Message`;
 * botocore reads `__type` too. Both carry the bare code so every client agrees.
 */
export function sendJsonError(res: ServerResponse, error: AwsError, requestId = randomUUID()): void {
  send(
    res,
    error.status,
    'application/x-amz-json-1.1',
    JSON.stringify({ ...error.fields, __type: error.code, message: error.message }),
    { 'x-amzn-ErrorType': error.code, 'x-amzn-RequestId': requestId }
  )
}

export function xmlEscape(value: string): string {
  return value.replace(/[<>&'"]/g, c =>
    c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : c === "'" ? '&apos;' : '&quot;'
  )
}
