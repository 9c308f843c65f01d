import type { Clock } from '../core/clock.js'

// One request to AWS, bounded twice: by its own timeout and by the scan's deadline (or another lane's failure).
// Shared by every source, so a client that ignores its abort signal can never hang a scan past its deadline.

export interface AttemptBounds {
  /** Aborts when the overall deadline passes (or another Region failed). */
  readonly signal: AbortSignal
  readonly clock: Clock
  readonly requestTimeoutMs: number
}

export class RequestTimeout extends Error {
  override name = 'RequestTimeout'
}

/**
 * Runs `send` with a signal that aborts on the attempt's timeout or the deadline, and settles as soon as either
 * fires even if `send` never does. One abort for both causes: it cancels the HTTP request and settles `aborted`,
 * which the send is raced against. No listener is left on anything that outlives the attempt: under load,
 * retained attempts grow V8's heap.
 */
export async function boundedAttempt<T>(
  send: (signal: AbortSignal) => Promise<T>,
  bounds: AttemptBounds
): Promise<T> {
  const controller = new AbortController()
  let fail: (reason: unknown) => void = () => undefined
  const aborted = new Promise<never>((_, reject) => (fail = reject))
  const abort = (reason: unknown): void => {
    controller.abort(reason)
    fail(reason)
  }
  const onDeadline = (): void => abort(bounds.signal.reason)
  bounds.signal.addEventListener('abort', onDeadline, { once: true })
  const timer = new AbortController()
  bounds.clock.sleep(bounds.requestTimeoutMs, timer.signal).then(
    () => abort(new RequestTimeout(`no response within ${bounds.requestTimeoutMs} ms`)),
    () => undefined
  )
  try {
    return await Promise.race([send(controller.signal), aborted])
  } finally {
    timer.abort()
    bounds.signal.removeEventListener('abort', onDeadline)
  }
}

/**
 * Aborts `scan` with the source's own failure when `timeout-minutes` passes. Abort the returned controller when
 * the scan ends, so the timer does not outlive it.
 */
export function startDeadline(
  clock: Clock,
  timeoutMs: number,
  scan: AbortController,
  failure: (reason: string) => Error
): AbortController {
  const deadline = new AbortController()
  clock
    .sleep(timeoutMs, deadline.signal)
    .then(() => {
      const minutes = +(timeoutMs / 60_000).toFixed(2)
      scan.abort(failure(`the scan ran past its ${minutes}-minute deadline (timeout-minutes)`))
    })
    .catch(() => undefined)
  return deadline
}
