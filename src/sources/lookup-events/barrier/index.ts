import { isoSeconds } from '../../../core/dates.js'
import type { LookupDeps } from '../call.js'
import { LookupFailure } from '../call.js'
import type { DeliveryReport, RegionDelivery, TimeWindow } from '../../../core/types.js'
import { awaitMarker, notDeliveredReason } from './await.js'
import { placeMarker, type StsFactory } from '../../../aws/marker.js'
import type { DeliveryPlan } from '../../../core/delivery.js'

export { describeDeliveryPlan, planDelivery, type DeliveryPlan } from '../../../core/delivery.js'
export type { StsFactory, StsLike } from '../../../aws/marker.js'

export interface BarrierOptions {
  readonly stsFor: StsFactory
  readonly timeoutMs: number
  readonly progress?: (line: string) => void
  /** Told the Region's outcome, delivered or not, before a failure is thrown. */
  readonly onOutcome: (delivery: RegionDelivery) => void
}

/**
 * The delivery barrier of one Region: a marker call made now, then LookupEvents polled (through the Region's
 * pacer) until CloudTrail shows it. Resolves once the Region's events up to the marker are taken as delivered;
 * throws a LookupFailure ('delivery') when the marker cannot be placed or never shows: never a clean verdict.
 */
export async function holdBarrier(
  region: string,
  lookup: LookupDeps,
  options: BarrierOptions
): Promise<void> {
  const sts = await options.stsFor(region)
  const marker = await placeMarker(region, sts, lookup)
  options.progress?.(
    `[${region}] delivery marker placed: GetCallerIdentity as ${marker.callerArn}, request ${marker.requestId}`
  )
  const delivery = await awaitMarker(marker, lookup, {
    timeoutMs: options.timeoutMs,
    ...(options.progress && { progress: options.progress })
  })
  options.onOutcome(delivery)
  if (!delivery.delivered)
    throw new LookupFailure('delivery', notDeliveredReason(delivery, options.timeoutMs))
}

/** The parts a window is read in: the whole, or (behind a barrier) the older part if any, then the fresh one. */
export function phasesOf(plan: DeliveryPlan, window: TimeWindow): TimeWindow[] {
  if (plan.kind !== 'barrier') return [window]
  return plan.older ? [plan.older, plan.fresh] : [plan.fresh]
}

/**
 * Reads one Region's window: at once when there is no barrier; else the older part while the barrier waits
 * (its polls share the Region's pacer with those pages), and the fresh part only once the barrier holds.
 */
export async function readBehindBarrier(
  region: string,
  plan: DeliveryPlan,
  read: (window: TimeWindow) => Promise<void>,
  options: Omit<BarrierOptions, 'stsFor'> & {
    readonly window: TimeWindow
    readonly lookup: LookupDeps
    readonly stsFor: StsFactory | undefined
  }
): Promise<void> {
  if (plan.kind !== 'barrier') return read(options.window)
  const { stsFor } = options
  if (stsFor === undefined)
    throw new LookupFailure('delivery', 'no STS client to place the delivery marker with')
  const barrier = holdBarrier(region, options.lookup, { ...options, stsFor })
  await Promise.all([barrier, plan.older && read(plan.older)])
  options.progress?.(`[${region}] LookupEvents of the fresh part, from ${isoSeconds(plan.fresh.start)}`)
  await read(plan.fresh)
}

/** What the barrier did, for the result: the plan's kind and each Region's outcome. */
export function deliveryReport(plan: DeliveryPlan, outcomes: readonly RegionDelivery[]): DeliveryReport {
  const freshFrom = plan.kind === 'barrier' ? isoSeconds(plan.fresh.start) : null
  const regions = [...outcomes].sort((a, b) => a.region.localeCompare(b.region))
  return { mode: plan.kind, horizonMs: plan.horizonMs, freshFrom, regions }
}
