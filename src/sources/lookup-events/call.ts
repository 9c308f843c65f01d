import { createHash } from 'node:crypto'
import { LookupEventsCommand, type Event, type LookupEventsCommandOutput } from '@aws-sdk/client-cloudtrail'
import { boundedAttempt } from '../../aws/attempt.js'
import { classify, type Disposition } from '../../aws/classify.js'
import type { Clock } from '../../core/clock.js'
import { PAGE_SIZE } from '../../core/constants.js'
import { backoffMs, type Pacer } from '../../aws/pacer.js'
import type { IncompleteCode, LookupTask, TimeWindow } from '../../core/types.js'

// The only code that talks to CloudTrail. It pages one LookupEvents scan to the end and either yields every page
// or throws a LookupFailure: nothing in between, so a scan that stopped early can never pass for a clean one.

/** What lookup needs of a CloudTrail client (a real CloudTrailClient, or aws-sdk-client-mock's). */
export interface CloudTrailLike {
  send(
    command: LookupEventsCommand,
    options?: { abortSignal?: AbortSignal }
  ): Promise<LookupEventsCommandOutput>
}

export interface RetryPolicy {
  /** Consecutive throttled attempts of one page before giving up (the deadline usually comes first). */
  readonly maxThrottleRetries: number
  /** Retries of one page after 5xx, timeouts and connection errors. */
  readonly maxErrorRetries: number
}

export const DEFAULT_RETRY: RetryPolicy = { maxThrottleRetries: 20, maxErrorRetries: 4 }

export interface LookupDeps {
  readonly client: CloudTrailLike
  readonly pacer: Pacer
  readonly clock: Clock
  readonly random: () => number
  /** Aborts when the overall deadline passes (or another Region failed). */
  readonly signal: AbortSignal
  readonly requestTimeoutMs: number
  readonly retry: RetryPolicy
  /** Called for every throttled or retried attempt, for counters. */
  readonly onRetry?: (kind: 'throttle' | 'transient') => void
}

export interface Page {
  readonly events: readonly Event[]
}

export class LookupFailure extends Error {
  constructor(
    readonly code: IncompleteCode,
    readonly reason: string
  ) {
    super(reason)
    this.name = 'LookupFailure'
  }
}

/** One attempt: paced, with its own timeout, abandoned at once if the deadline passes. */
async function attempt(command: LookupEventsCommand, deps: LookupDeps): Promise<LookupEventsCommandOutput> {
  await deps.pacer.acquire(deps.signal)
  return boundedAttempt(signal => deps.client.send(command, { abortSignal: signal }), deps)
}

function deadlineFailure(signal: AbortSignal): LookupFailure {
  const reason = signal.reason
  return reason instanceof LookupFailure
    ? reason
    : new LookupFailure('deadline', 'the scan ran past its deadline')
}

/** Fetches one page, retrying what may clear and failing closed on everything else. */
async function fetchPage(command: LookupEventsCommand, deps: LookupDeps): Promise<LookupEventsCommandOutput> {
  let throttles = 0
  let errors = 0
  for (;;) {
    if (deps.signal.aborted) throw deadlineFailure(deps.signal)
    let disposition: Disposition
    try {
      const output = await attempt(command, deps)
      deps.pacer.onSuccess()
      return output
    } catch (error) {
      if (deps.signal.aborted) throw deadlineFailure(deps.signal)
      disposition = classify(error)
    }
    if (disposition.retry === 'never') throw new LookupFailure(disposition.code, disposition.reason)
    if (disposition.retry === 'throttle') {
      deps.pacer.onThrottle()
      throttles += 1
      if (throttles > deps.retry.maxThrottleRetries) {
        throw new LookupFailure(
          'throttled',
          `throttled ${throttles} times in a row (ThrottlingException: Rate exceeded)`
        )
      }
      deps.onRetry?.('throttle')
      await deps.clock.sleep(backoffMs(throttles, deps.random), deps.signal).catch(() => undefined)
      continue
    }
    errors += 1
    if (errors > deps.retry.maxErrorRetries) {
      throw new LookupFailure(disposition.code, `${disposition.reason}, ${errors} attempts`)
    }
    deps.onRetry?.('transient')
    await deps.clock.sleep(backoffMs(errors, deps.random), deps.signal).catch(() => undefined)
  }
}

/**
 * The events and the next token of an answer, or a LookupFailure. The raw answer has been checked already
 * (page-check.ts) when it came over HTTP; this catches the same from any client (mocks, other transports).
 */
function pageOf(output: LookupEventsCommandOutput): {
  events: readonly Event[]
  nextToken: string | undefined
} {
  const events: unknown = output.Events
  if (!Array.isArray(events)) {
    throw new LookupFailure(
      'bad-response',
      'LookupEvents answered with no Events array — is AWS_ENDPOINT_URL_CLOUDTRAIL pointing at CloudTrail?'
    )
  }
  const token: unknown = output.NextToken
  if (token === undefined || token === null) return { events, nextToken: undefined }
  if (typeof token !== 'string' || token === '') {
    throw new LookupFailure(
      'bad-response',
      'LookupEvents answered with a NextToken that is not a non-empty string: the rest of the window cannot be read'
    )
  }
  return { events, nextToken: token }
}

/**
 * Remembers the page tokens of one lookup by fingerprint (SHA-256), so that a looping service is caught
 * without keeping its tokens: a server sending megabyte tokens must not grow the runner's memory.
 */
export class TokenGuard {
  private readonly seen = new Set<string>()

  /** False when this token was seen before. */
  remember(token: string): boolean {
    const print = createHash('sha256').update(token).digest('base64')
    if (this.seen.has(print)) return false
    this.seen.add(print)
    return true
  }

  /** Characters held, whatever the tokens' size (44 a token). */
  get held(): number {
    let total = 0
    for (const print of this.seen) total += print.length
    return total
  }
}

/** The page tokens of one lookup: throws when the service repeats one (following it would never end). */
export function checkToken(guard: TokenGuard, nextToken: string | undefined): void {
  if (nextToken !== undefined && !guard.remember(nextToken)) {
    throw new LookupFailure('repeated-token', 'the service repeated a page token')
  }
}

export interface LookupPage extends Page {
  /** Undefined when this was the last page. */
  readonly nextToken: string | undefined
}

/** One page of one LookupEvents lookup, from its start or from a NextToken it gave (same attribute and window). */
export async function lookupPage(
  task: LookupTask,
  window: TimeWindow,
  nextToken: string | undefined,
  deps: LookupDeps
): Promise<LookupPage> {
  const command = new LookupEventsCommand({
    ...(task.attribute && {
      LookupAttributes: [{ AttributeKey: task.attribute.key, AttributeValue: task.attribute.value }]
    }),
    StartTime: window.start,
    EndTime: window.end,
    MaxResults: PAGE_SIZE,
    ...(nextToken !== undefined && { NextToken: nextToken })
  })
  return pageOf(await fetchPage(command, deps))
}

/** Every page of one LookupEvents scan, newest first, until the service gives no NextToken. */
export async function* lookupPages(
  task: LookupTask,
  window: TimeWindow,
  deps: LookupDeps
): AsyncGenerator<Page> {
  const guard = new TokenGuard()
  let nextToken: string | undefined
  do {
    const page = await lookupPage(task, window, nextToken, deps)
    yield { events: page.events }
    nextToken = page.nextToken
    checkToken(guard, nextToken)
  } while (nextToken !== undefined)
}
