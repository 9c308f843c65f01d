import type { Event } from '@aws-sdk/client-cloudtrail'
import { isoSeconds } from '../../../core/dates.js'
import { lookupPages, type LookupDeps } from '../call.js'
import type { RegionDelivery } from '../../../core/types.js'
import type { Marker } from '../../../aws/marker.js'
import { formatDuration } from '../../../core/delivery.js'

// Waits until a Region's marker shows in LookupEvents: proof that CloudTrail has delivered that Region's events
// up to the marker's time, then a margin for events delivered out of order. Polls are paced by the Region's
// pacer: the 2 requests/s are shared with the scan of the window's older part, which runs meanwhile.

/** The marker is looked for from this long before the call to this long after its answer (clock skew). */
export const MARKER_SKEW_MS = 60_000
/** A poll reads at most this many pages (the caller's own calls around the marker); the rest waits a poll. */
export const MAX_PAGES_PER_POLL = 5
const FIRST_INTERVAL_MS = 2_000
const MAX_INTERVAL_MS = 15_000

/**
 * Delivery is not strictly ordered, so once the marker shows, events made just before it may still be on
 * their way: wait a quarter of the time the marker took, from 1 s to 60 s.
 */
export function safetyMarginMs(lagMs: number): number {
  return Math.min(60_000, Math.max(1_000, Math.round(lagMs / 4)))
}

export interface AwaitOptions {
  readonly timeoutMs: number
  readonly progress?: (line: string) => void
}

function requestIdOf(event: Event): string | undefined {
  try {
    const detail: unknown = JSON.parse(event.CloudTrailEvent ?? '')
    const id =
      typeof detail === 'object' && detail !== null
        ? (detail as { requestID?: unknown }).requestID
        : undefined
    return typeof id === 'string' ? id : undefined
  } catch {
    return undefined
  }
}

/** One poll: the marker's event if a page of this lookup shows it. Throws SourceFailure like any lookup. */
async function poll(marker: Marker, deps: LookupDeps): Promise<{ event: Event | undefined; pages: number }> {
  const task = { region: marker.region, attribute: marker.attribute, globalOnly: false }
  const window = {
    start: new Date(marker.sentAt - MARKER_SKEW_MS),
    end: new Date(marker.answeredAt + MARKER_SKEW_MS)
  }
  let pages = 0
  for await (const page of lookupPages(task, window, deps)) {
    pages += 1
    const event = page.events.find(
      e => e.EventName === 'GetCallerIdentity' && requestIdOf(e) === marker.requestId
    )
    if (event !== undefined || pages >= MAX_PAGES_PER_POLL) return { event, pages }
  }
  return { event: undefined, pages }
}

/** Polls until the marker shows (then waits the margin) or the delivery timeout passes. */
export async function awaitMarker(
  marker: Marker,
  deps: LookupDeps,
  options: AwaitOptions
): Promise<RegionDelivery> {
  const { clock } = deps
  const upTo = isoSeconds(new Date(marker.sentAt))
  let interval = FIRST_INTERVAL_MS
  let polls = 0
  let pages = 0
  const outcome = (delivered: boolean, markerTime: string, marginMs: number): RegionDelivery => ({
    region: marker.region,
    requestId: marker.requestId,
    callerArn: marker.callerArn,
    markerTime,
    delivered,
    waitedMs: clock.now() - marker.sentAt - marginMs,
    marginMs,
    polls,
    pages
  })
  for (;;) {
    const found = await poll(marker, deps)
    polls += 1
    pages += found.pages
    const elapsed = clock.now() - marker.sentAt
    if (found.event !== undefined) {
      const marginMs = safetyMarginMs(elapsed)
      options.progress?.(
        `[${marker.region}] CloudTrail shows the marker after ${formatDuration(elapsed)}; ` +
          `waiting ${formatDuration(marginMs)} more for events delivered out of order`
      )
      await clock.sleep(marginMs, deps.signal)
      const time = found.event.EventTime
      return outcome(true, time ? isoSeconds(time) : upTo, marginMs)
    }
    if (elapsed >= options.timeoutMs) return outcome(false, upTo, 0)
    options.progress?.(
      `[${marker.region}] waiting for CloudTrail to deliver events up to ${upTo}: ` +
        `marker not visible yet, ${Math.round(elapsed / 1000)} s`
    )
    await clock.sleep(Math.min(interval, options.timeoutMs - elapsed), deps.signal)
    interval = Math.min(MAX_INTERVAL_MS, interval * 1.5)
  }
}

/** The incomplete scan's reason when a marker never showed. */
export function notDeliveredReason(delivery: RegionDelivery, timeoutMs: number): string {
  return (
    `CloudTrail had not delivered events up to ${delivery.markerTime} in ${delivery.region} after ` +
    `${formatDuration(timeoutMs)} (delivery-timeout-minutes): the marker call, STS GetCallerIdentity with request ID ` +
    `${delivery.requestId}, never showed in LookupEvents. Raise delivery-timeout-minutes, or check this runner's clock`
  )
}
