// What STS's two AssumeRole calls share on the wire: the Query protocol's XML answers and errors, and the
// validation of RoleArn, RoleSessionName and DurationSeconds with STS's own messages.
import { randomBytes, randomUUID } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { AwsError, send, xmlEscape } from './http.js'

const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/'
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/

export function validation(message: string): AwsError {
  return new AwsError(400, 'ValidationError', message)
}

export function randomKey(prefix: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  return prefix + [...randomBytes(16)].map(b => alphabet[b % 32]).join('')
}

export function tag(name: string, value: string): string {
  return `<${name}>${xmlEscape(value)}</${name}>`
}

/** The body's RequestId and the x-amzn-RequestId header (which the SDK reports as requestId) agree. */
export function sendResult(res: ServerResponse, action: string, inner: string, requestId: string): void {
  const body =
    `<${action}Response xmlns="${XMLNS}"><${action}Result>${inner}</${action}Result>` +
    `<ResponseMetadata>${tag('RequestId', requestId)}</ResponseMetadata></${action}Response>`
  send(res, 200, 'text/xml', body, { 'x-amzn-RequestId': requestId })
}

export function sendStsError(res: ServerResponse, error: AwsError, requestId = randomUUID()): void {
  const type = error.status >= 500 ? 'Receiver' : 'Sender'
  const body =
    `<ErrorResponse xmlns="${XMLNS}"><Error>${tag('Type', type)}${tag('Code', error.code)}` +
    `${tag('Message', error.message)}</Error>${tag('RequestId', requestId)}</ErrorResponse>`
  send(res, error.status, 'text/xml', body, { 'x-amzn-RequestId': requestId })
}

/** A validated AssumeRole or AssumeRoleWithWebIdentity request. */
export interface RoleRequest {
  roleArn: string
  /** The account id inside the role ARN. */
  account: string
  /** The role's name, without its path. */
  roleName: string
  sessionName: string
  durationSeconds: number
}

/** Throws ValidationError for what STS rejects before it looks at the role. */
export function parseRoleRequest(params: URLSearchParams): RoleRequest {
  const roleArn = params.get('RoleArn') ?? ''
  const sessionName = params.get('RoleSessionName') ?? ''
  const durationText = params.get('DurationSeconds')
  const duration = durationText === null ? 3600 : Number(durationText)
  const arn = ROLE_ARN.exec(roleArn)
  if (!arn) throw validation(`Value '${roleArn}' at 'roleArn' failed to satisfy constraint: invalid role ARN`)
  if (!SESSION_NAME.test(sessionName)) {
    throw validation(
      `Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: ` +
        'Member must satisfy regular expression pattern: [\\w+=,.@-]* and length 2 to 64'
    )
  }
  if (!Number.isInteger(duration) || duration < 900 || duration > 43200) {
    throw validation(
      `Value '${durationText}' at 'durationSeconds' failed to satisfy constraint: 900 to 43200`
    )
  }
  return { roleArn, account: arn[1] ?? '', roleName: arn[2] ?? '', sessionName, durationSeconds: duration }
}
