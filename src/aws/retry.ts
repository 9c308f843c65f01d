import { quote } from '../core/bounded.js'
import type { Clock } from '../core/clock.js'
import { SourceFailure } from '../core/errors.js'
import { boundedAttempt } from './attempt.js'
import { classify, type Disposition } from './classify.js'
import type { OwnRequests } from './own-requests.js'
import { backoffMs, type Pacer } from './pacer.js'

// One retry helper for every AWS call the gate makes (LookupEvents pages, barrier polls, Athena and Glue calls):
// each attempt paced where a budget applies, bounded by its own timeout and by the scan's deadline; throttling
// and transient failures retried with jittered back-off; everything else fatal at once, as a SourceFailure.

export interface RetryPolicy {
  /** Consecutive throttled attempts before giving up (the deadline usually comes first). */
  readonly maxThrottleRetries: number
  /** Retries after 5xx, timeouts and connection errors. */
  readonly maxErrorRetries: number
}

export const DEFAULT_RETRY: RetryPolicy = { maxThrottleRetries: 20, maxErrorRetries: 4 }

/** How a failure reads, per API: LookupEvents says it one way, Athena names the call. */
export interface FailureWords {
  throttled(count: number, error: unknown): string
  transient(reason: string, count: number): string
  fatal(disposition: Extract<Disposition, { retry: 'never' }>, error: unknown): string
}

export interface RetryDeps {
  readonly clock: Clock
  readonly random: () => number
  /** Aborts when the scan's deadline passes. */
  readonly signal: AbortSignal
  readonly requestTimeoutMs: number
  readonly policy: RetryPolicy
  /** The budget of the account, Region and API the call spends; none for calls outside a budget. */
  readonly pacer?: Pacer
  /** Called for every throttled or retried attempt, for counters. */
  readonly onRetry?: (kind: 'throttle' | 'transient') => void
  readonly words?: FailureWords
}

/** What a one-off call outside the scan's budgets (AssumeRole, ListAccounts) takes: the retry helper's inputs,
 * with defaults, and where its request IDs go (the gate's own calls). */
export interface OneOffCallDeps {
  readonly clock: Clock
  readonly random: () => number
  /** The scan's deadline: no call outlives it. */
  readonly signal: AbortSignal
  readonly requestTimeoutMs?: number
  readonly retry?: RetryPolicy
  readonly own?: OwnRequests
}

/** `Name: message` of an SDK error, bounded. */
export function describeError(error: unknown): string {
  if (typeof error !== 'object' || error === null) return quote(String(error))
  const shape = error as { name?: unknown; message?: unknown; AthenaErrorCode?: unknown }
  const code = typeof shape.AthenaErrorCode === 'string' ? `, ${quote(shape.AthenaErrorCode, 100)}` : ''
  return `${quote(shape.name ?? 'Error', 100)}${code}: ${quote(shape.message ?? '')}`
}

/** LookupEvents' words (its messages predate the others, and people search logs for them). */
export const LOOKUP_WORDS: FailureWords = {
  throttled: count => `throttled ${count} times in a row (ThrottlingException: Rate exceeded)`,
  transient: (reason, count) => `${reason}, ${count} attempts`,
  fatal: disposition => disposition.reason
}

/** The deadline's own failure, or a plain one when the signal carries none. */
export function deadlineFailure(signal: AbortSignal): SourceFailure {
  const reason: unknown = signal.reason
  return reason instanceof SourceFailure
    ? reason
    : new SourceFailure('deadline', 'the scan ran past its deadline')
}

/** Calls `send` until it answers, or throws a SourceFailure saying why not. */
export async function retrying<T>(send: (signal: AbortSignal) => Promise<T>, deps: RetryDeps): Promise<T> {
  const words = deps.words ?? LOOKUP_WORDS
  let throttles = 0
  let errors = 0
  for (;;) {
    if (deps.signal.aborted) throw deadlineFailure(deps.signal)
    let error: unknown
    try {
      await deps.pacer?.acquire(deps.signal)
      const output = await boundedAttempt(send, deps)
      deps.pacer?.onSuccess()
      return output
    } catch (caught) {
      if (deps.signal.aborted) throw deadlineFailure(deps.signal)
      // Already a verdict on the call (an account's role that cannot be assumed when its credentials are signed).
      if (caught instanceof SourceFailure) throw caught
      error = caught
    }
    const disposition = classify(error)
    if (disposition.retry === 'never') {
      throw new SourceFailure(disposition.code, words.fatal(disposition, error))
    }
    if (disposition.retry === 'throttle') {
      deps.pacer?.onThrottle()
      throttles += 1
      if (throttles > deps.policy.maxThrottleRetries) {
        throw new SourceFailure('throttled', words.throttled(throttles, error))
      }
    } else {
      errors += 1
      if (errors > deps.policy.maxErrorRetries) {
        throw new SourceFailure(disposition.code, words.transient(disposition.reason, errors))
      }
    }
    deps.onRetry?.(disposition.retry === 'throttle' ? 'throttle' : 'transient')
    const attempt = disposition.retry === 'throttle' ? throttles : errors
    await deps.clock.sleep(backoffMs(attempt, deps.random), deps.signal).catch(() => undefined)
  }
}
