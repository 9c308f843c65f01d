import { LookupEventsCommand, type Event, type LookupEventsCommandOutput } from '@aws-sdk/client-cloudtrail'
import { paginate, TokenGuard } from '../../aws/pages.js'
import type { Pacer } from '../../aws/pacer.js'
import { retrying, type RetryPolicy } from '../../aws/retry.js'
import type { Clock } from '../../core/clock.js'
import { PAGE_SIZE } from '../../core/constants.js'
import { SourceFailure } from '../../core/errors.js'
import type { TimeWindow } from '../../core/types.js'
import type { LookupTask } from './types.js'
import type { CloudTrailLike } from '../../aws/clients.js'

export { DEFAULT_RETRY, type RetryPolicy } from '../../aws/retry.js'
export { TokenGuard } from '../../aws/pages.js'
export type { CloudTrailLike } from '../../aws/clients.js'

// The only code that talks to CloudTrail LookupEvents. It pages one lookup to the end and either yields every
// page or throws a SourceFailure: nothing in between, so a read that stopped early can never pass for a whole one.

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

/**
 * The events and the next token of an answer, or a SourceFailure. The raw answer has been checked already
 * (page-check.ts) when it came over HTTP; this catches the same from any client (mocks, other transports).
 */
function pageOf(output: LookupEventsCommandOutput): {
  events: readonly Event[]
  nextToken: string | undefined
} {
  const events: unknown = output.Events
  if (!Array.isArray(events)) {
    throw new SourceFailure(
      'bad-response',
      'LookupEvents answered with no Events array — is AWS_ENDPOINT_URL_CLOUDTRAIL pointing at CloudTrail?'
    )
  }
  const token: unknown = output.NextToken
  if (token === undefined || token === null) return { events, nextToken: undefined }
  if (typeof token !== 'string' || token === '') {
    throw new SourceFailure(
      'bad-response',
      'LookupEvents answered with a NextToken that is not a non-empty string: the rest of the window cannot be read'
    )
  }
  return { events, nextToken: token }
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
  const output = await retrying(signal => deps.client.send(command, { abortSignal: signal }), {
    ...deps,
    policy: deps.retry
  })
  return pageOf(output)
}

/** Every page of one LookupEvents lookup, newest first, until the service gives no NextToken. */
export async function* lookupPages(
  task: LookupTask,
  window: TimeWindow,
  deps: LookupDeps
): AsyncGenerator<Page> {
  const pages = paginate(
    token => lookupPage(task, window, token, deps),
    page => page.nextToken,
    new TokenGuard('LookupEvents')
  )
  for await (const page of pages) yield { events: page.events }
}
