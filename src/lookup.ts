import { LookupEventsCommand, type Event, type LookupEventsCommandOutput } from '@aws-sdk/client-cloudtrail'
import { classify, type Disposition } from './classify.js'
import type { Clock } from './clock.js'
import { PAGE_SIZE } from './constants.js'
import { backoffMs, type Pacer } from './pacer.js'
import type { IncompleteCode, LookupTask, TimeWindow } from './types.js'

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

class RequestTimeout extends Error {
  override name = 'RequestTimeout'
}

/** One attempt: paced, with its own timeout, abandoned at once if the deadline passes. */
async function attempt(command: LookupEventsCommand, deps: LookupDeps): Promise<LookupEventsCommandOutput> {
  await deps.pacer.acquire(deps.signal)
  // One abort for both causes (the attempt's timeout, the scan's deadline): it cancels the HTTP request and
  // settles `aborted`, which the send is raced against, so a client that ignores its signal cannot hang the scan.
  // No listener is left on anything that outlives the attempt: under load, retained attempts grow V8's heap.
  const controller = new AbortController()
  let fail: (reason: unknown) => void = () => undefined
  const aborted = new Promise<never>((_, reject) => (fail = reject))
  const abort = (reason: unknown): void => {
    controller.abort(reason)
    fail(reason)
  }
  const onDeadline = (): void => abort(deps.signal.reason)
  deps.signal.addEventListener('abort', onDeadline, { once: true })
  const timer = new AbortController()
  deps.clock.sleep(deps.requestTimeoutMs, timer.signal).then(
    () => abort(new RequestTimeout(`no response within ${deps.requestTimeoutMs} ms`)),
    () => undefined
  )
  try {
    return await Promise.race([deps.client.send(command, { abortSignal: controller.signal }), aborted])
  } finally {
    timer.abort()
    deps.signal.removeEventListener('abort', onDeadline)
  }
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

/** Every page of one LookupEvents scan, newest first, until the service gives no NextToken. */
export async function* lookupPages(
  task: LookupTask,
  window: TimeWindow,
  deps: LookupDeps
): AsyncGenerator<Page> {
  const seen = new Set<string>()
  let nextToken: string | undefined
  do {
    const command = new LookupEventsCommand({
      ...(task.attribute && {
        LookupAttributes: [{ AttributeKey: task.attribute.key, AttributeValue: task.attribute.value }]
      }),
      StartTime: window.start,
      EndTime: window.end,
      MaxResults: PAGE_SIZE,
      ...(nextToken !== undefined && { NextToken: nextToken })
    })
    const output = await fetchPage(command, deps)
    yield { events: output.Events ?? [] }
    nextToken = output.NextToken || undefined
    if (nextToken !== undefined) {
      // A token seen before means the service is looping: following it would never end or repeat events.
      if (seen.has(nextToken)) throw new LookupFailure('repeated-token', 'the service repeated a page token')
      seen.add(nextToken)
    }
  } while (nextToken !== undefined)
}
