import { clip } from '../core/bounded.js'
import { ResponseError } from './page-check.js'
import type { IncompleteCode } from '../core/types.js'

// How a failed LookupEvents call is handled: retried (throttling, 5xx, network), or fatal at once. Anything not
// recognised is fatal: an unknown failure must end the scan as incomplete, never be skipped.

export type Disposition =
  | { readonly retry: 'throttle' }
  | { readonly retry: 'transient'; readonly code: IncompleteCode; readonly reason: string }
  | { readonly retry: 'never'; readonly code: IncompleteCode; readonly reason: string }

interface SdkErrorShape {
  readonly name?: unknown
  readonly code?: unknown
  readonly message?: unknown
  readonly $metadata?: { readonly httpStatusCode?: unknown }
  readonly $fault?: unknown
}

const THROTTLE = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown'
])
const DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'OperationNotPermitted'
])
const CREDENTIALS = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'MissingAuthenticationTokenException',
  'IncompleteSignature',
  'CredentialsProviderError'
])
const NETWORK = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH'
])

export const CREDENTIALS_FIX =
  'Give the job AWS credentials: add aws-actions/configure-aws-credentials before this step, or set this ' +
  "action's role-to-assume input; either way OIDC needs `permissions: id-token: write` in the workflow."

function text(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

// The SDK appends this to errors it met while reading an answer; it means nothing to a reader of the log.
const SDK_HINT = 'Deserialization error: to see the raw response'

export function classify(error: unknown): Disposition {
  if (error instanceof ResponseError) return { retry: 'never', code: 'bad-response', reason: error.message }
  const shape = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape
  // Server text is untrusted and unbounded: quote a bounded, single-purpose piece of it.
  const name = clip(text(shape.name), 100)
  const code = clip(text(shape.code), 100)
  const raw = text(shape.message) || String(error)
  const hintAt = raw.indexOf(SDK_HINT)
  const message = clip((hintAt >= 0 ? raw.slice(0, hintAt) : raw).trim())
  const status =
    typeof shape.$metadata?.httpStatusCode === 'number' ? shape.$metadata.httpStatusCode : undefined
  if (THROTTLE.has(name) || status === 429) return { retry: 'throttle' }
  if (hintAt >= 0 && !(status !== undefined && status >= 500)) {
    return {
      retry: 'never',
      code: 'bad-response',
      reason:
        `LookupEvents answered${status === undefined ? '' : ` HTTP ${status}`} with something the AWS SDK ` +
        `could not read (${message}) — is AWS_ENDPOINT_URL_CLOUDTRAIL pointing at CloudTrail?`
    }
  }
  if (name === 'RequestTimeout' || name === 'TimeoutError' || code === 'ETIMEDOUT') {
    return { retry: 'transient', code: 'timeout', reason: `a request got no answer in time (${message})` }
  }
  if (DENIED.has(name)) {
    return {
      retry: 'never',
      code: 'access-denied',
      reason: `access denied (${name}: ${message}). The credentials need cloudtrail:LookupEvents.`
    }
  }
  if (CREDENTIALS.has(name) || /Could not load credentials/i.test(message)) {
    return {
      retry: 'never',
      code: 'credentials',
      reason: `no usable AWS credentials (${name}: ${message}). ${CREDENTIALS_FIX}`
    }
  }
  if (name === 'InvalidNextTokenException') {
    return { retry: 'never', code: 'invalid-token', reason: `the service rejected a page token (${message})` }
  }
  if ((status !== undefined && status >= 500) || shape.$fault === 'server') {
    return {
      retry: 'transient',
      code: 'server-error',
      reason: `the service failed (HTTP ${status ?? '5xx'} ${name})`
    }
  }
  if (NETWORK.has(code) || NETWORK.has(name) || /socket hang up|ECONNRESET|ECONNREFUSED/i.test(message)) {
    return {
      retry: 'transient',
      code: 'network',
      reason: `the connection failed (${code || name}: ${message})`
    }
  }
  const http = status === undefined ? '' : `HTTP ${status}, `
  return {
    retry: 'never',
    code: 'other',
    reason: `LookupEvents failed (${http}${name || 'Error'}: ${message})`
  }
}
