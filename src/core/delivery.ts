import { DELIVERY_HORIZON_MINUTES, INPUTS } from './constants.js'
import { isoSeconds } from './dates.js'
import type { DeliveryReport, Query, RegionDelivery, TimeWindow } from './types.js'

// Pure: whether a window needs the delivery barrier, and how it is split around it. CloudTrail shows an event
// minutes after the call, so a window that ends "now" may be missing its newest events. The part of the window
// older than the horizon is read at once (while the barrier waits); the fresh part only once the barrier holds.

export type DeliveryPlan =
  /** The window ended before the horizon: taken as delivered, no marker, no wait. */
  | { readonly kind: 'old-window'; readonly horizonMs: number }
  /** wait-for-delivery is false: the whole window is read at once, unproven. */
  | { readonly kind: 'skipped'; readonly horizonMs: number; readonly freshFrom: Date }
  | {
      readonly kind: 'barrier'
      readonly horizonMs: number
      /** Read while the barrier waits; undefined when the whole window is fresh. */
      readonly older: TimeWindow | undefined
      /** Read once the barrier holds. Overlaps `older` by its first second; the evaluator drops repeats. */
      readonly fresh: TimeWindow
    }

/** Events older than this are taken as delivered: the horizon, or the delivery timeout when that is longer. */
export function deliveryHorizonMs(query: Query): number {
  return Math.max(DELIVERY_HORIZON_MINUTES * 60_000, query.delivery.timeoutMs)
}

export function planDelivery(query: Query, nowMs: number): DeliveryPlan {
  const horizonMs = deliveryHorizonMs(query)
  // Whole seconds, as LookupEvents reads them.
  const freshFromMs = Math.floor((nowMs - horizonMs) / 1000) * 1000
  const { start, end } = query.window
  if (end.getTime() < freshFromMs) return { kind: 'old-window', horizonMs }
  const freshFrom = new Date(Math.max(start.getTime(), freshFromMs))
  if (!query.delivery.wait) return { kind: 'skipped', horizonMs, freshFrom }
  const older = start.getTime() < freshFrom.getTime() ? { start, end: freshFrom } : undefined
  return { kind: 'barrier', horizonMs, older, fresh: { start: freshFrom, end } }
}

/** "15 minutes", "1 minute", "6 seconds", "3 min 4 s". */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000)
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`
  const minutes = Math.floor(seconds / 60)
  if (seconds % 60 === 0) return `${minutes} minute${minutes === 1 ? '' : 's'}`
  return `${minutes} min ${seconds % 60} s`
}

/** One log line saying what the barrier will do, or why it does nothing. */
export function describeDeliveryPlan(plan: DeliveryPlan, query: Query): string {
  const horizon = formatDuration(plan.horizonMs)
  switch (plan.kind) {
    case 'old-window':
      return `Delivery barrier not needed: the window ended at ${isoSeconds(query.window.end)}, more than ${horizon} ago.`
    case 'skipped':
      return (
        `Delivery barrier skipped (${INPUTS.waitForDelivery} is false): events after ${isoSeconds(plan.freshFrom)} ` +
        'may not be delivered by CloudTrail yet, and a clean result does not cover them.'
      )
    case 'barrier':
      return (
        `Delivery barrier: a marker call (STS GetCallerIdentity) in each Region; events after ` +
        `${isoSeconds(plan.fresh.start)} are read once CloudTrail shows the marker ` +
        `(waiting at most ${formatDuration(query.delivery.timeoutMs)}).`
      )
  }
}

/**
 * The lookup that finds the marker: by the caller's LookupEvents `Username` (an IAM user's name, an assumed
 * role's session name, `root`), or by EventName for a caller whose Username we cannot derive from its ARN.
 */
export function markerAttribute(callerArn: string): {
  readonly key: 'Username' | 'EventName'
  readonly value: string
} {
  const match = /^arn:aws[a-z-]*:(iam|sts)::\d{12}:(.+)$/.exec(callerArn)
  const resource = match?.[2] ?? ''
  if (match?.[1] === 'iam' && resource === 'root') return { key: 'Username', value: 'root' }
  const user = /^user\/(?:.*\/)?([^/]+)$/.exec(resource)
  if (match?.[1] === 'iam' && user?.[1]) return { key: 'Username', value: user[1] }
  const session = /^assumed-role\/[^/]+\/([^/]+)$/.exec(resource)
  if (match?.[1] === 'sts' && session?.[1]) return { key: 'Username', value: session[1] }
  return { key: 'EventName', value: 'GetCallerIdentity' }
}

/** What the barrier did, for the result: the plan's kind and each Region's outcome. */
export function deliveryReport(plan: DeliveryPlan, outcomes: readonly RegionDelivery[]): DeliveryReport {
  const freshFrom = plan.kind === 'barrier' ? isoSeconds(plan.fresh.start) : null
  const regions = [...outcomes].sort((a, b) => a.region.localeCompare(b.region))
  return { mode: plan.kind, horizonMs: plan.horizonMs, freshFrom, regions }
}
