import { classify } from '../../aws/classify.js'
import { boundedAttempt } from '../../aws/attempt.js'
import type { Clock } from '../../core/clock.js'
import { backoffMs } from '../../aws/pacer.js'
import { AthenaFailure } from './failure.js'

// One Athena or Glue call: its own timeout, abandoned at once when the scan's deadline passes, throttling and
// transient failures retried with back-off, everything else fatal. A failure is always an AthenaFailure.

export interface CallPolicy {
  /** Consecutive throttled attempts before giving up. */
  readonly maxThrottleRetries: number
  /** Retries after 5xx, timeouts and connection errors. */
  readonly maxErrorRetries: number
}

export interface CallDeps {
  readonly clock: Clock
  readonly random: () => number
  /** Aborts when the scan's deadline passes. */
  readonly signal: AbortSignal
  readonly requestTimeoutMs: number
  readonly policy: CallPolicy
  readonly onRetry?: (kind: 'throttle' | 'transient') => void
}

export const DEFAULT_CALL_POLICY: CallPolicy = { maxThrottleRetries: 8, maxErrorRetries: 4 }

const PERMISSIONS =
  'The credentials need athena:StartQueryExecution, GetQueryExecution, GetQueryResults, StopQueryExecution, ' +
  'glue:GetTable, read on the trail bucket and write on the query result location.'

export function deadlineFailure(signal: AbortSignal): AthenaFailure {
  const reason: unknown = signal.reason
  if (reason instanceof AthenaFailure) return reason
  const text =
    typeof reason === 'object' && reason !== null && 'reason' in reason ? String(reason.reason) : ''
  return new AthenaFailure('deadline', text || 'the scan ran past its deadline')
}

function describe(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error)
  const shape = error as { name?: unknown; message?: unknown; AthenaErrorCode?: unknown }
  const code = typeof shape.AthenaErrorCode === 'string' ? `, ${shape.AthenaErrorCode}` : ''
  return `${String(shape.name ?? 'Error')}${code}: ${String(shape.message ?? '')}`
}

/** Calls `send` until it answers, or throws an AthenaFailure naming `what` failed and why. */
export async function call<T>(
  what: string,
  send: (signal: AbortSignal) => Promise<T>,
  deps: CallDeps
): Promise<T> {
  let throttles = 0
  let errors = 0
  for (;;) {
    if (deps.signal.aborted) throw deadlineFailure(deps.signal)
    let error: unknown
    try {
      return await boundedAttempt(send, deps)
    } catch (caught) {
      if (deps.signal.aborted) throw deadlineFailure(deps.signal)
      error = caught
    }
    const disposition = classify(error)
    if (disposition.retry === 'never') {
      const why =
        disposition.code === 'access-denied'
          ? `${what} was denied (${describe(error)}). ${PERMISSIONS}`
          : disposition.code === 'credentials'
            ? disposition.reason
            : `${what} failed (${describe(error)})`
      throw new AthenaFailure(disposition.code, why)
    }
    const throttled = disposition.retry === 'throttle'
    const count = throttled ? ++throttles : ++errors
    if (throttled && count > deps.policy.maxThrottleRetries) {
      throw new AthenaFailure(
        'throttled',
        `${what} was throttled ${count} times in a row (${describe(error)})`
      )
    }
    if (!throttled && count > deps.policy.maxErrorRetries) {
      throw new AthenaFailure(disposition.code, `${what}: ${disposition.reason}, ${count} attempts`)
    }
    deps.onRetry?.(throttled ? 'throttle' : 'transient')
    await deps.clock.sleep(backoffMs(count, deps.random), deps.signal).catch(() => undefined)
  }
}
