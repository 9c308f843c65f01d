import { describeError, retrying, type RetryDeps, type RetryPolicy } from '../../aws/retry.js'

// One Athena or Glue call through the shared retry helper, in Athena's words: the message names the call, and a
// denied call says which permissions the source needs.

export type CallPolicy = RetryPolicy

export type CallDeps = Omit<RetryDeps, 'words' | 'pacer'>

export const DEFAULT_CALL_POLICY: CallPolicy = { maxThrottleRetries: 8, maxErrorRetries: 4 }

export { deadlineFailure } from '../../aws/retry.js'

const PERMISSIONS =
  'The credentials need athena:StartQueryExecution, GetQueryExecution, GetQueryResults, StopQueryExecution, ' +
  'glue:GetTable, read on the trail bucket and write on the query result location.'

/** Calls `send` until it answers, or throws a SourceFailure naming `what` failed and why. */
export function call<T>(what: string, send: (signal: AbortSignal) => Promise<T>, deps: CallDeps): Promise<T> {
  return retrying(send, {
    ...deps,
    words: {
      throttled: (count, error) => `${what} was throttled ${count} times in a row (${describeError(error)})`,
      transient: (reason, count) => `${what}: ${reason}, ${count} attempts`,
      fatal: (disposition, error) =>
        disposition.code === 'access-denied'
          ? `${what} was denied (${describeError(error)}). ${PERMISSIONS}`
          : disposition.code === 'credentials'
            ? disposition.reason
            : `${what} failed (${describeError(error)})`
    }
  })
}
