import type { Delivered } from '../../../core/coverage.js'
import { quote } from '../../../core/bounded.js'
import { errorMessage, SourceFailure } from '../../../core/errors.js'
import type { RegionDelivery, TimeWindow } from '../../../core/types.js'
import type { LookupDeps } from '../call.js'
import { awaitMarker, notDeliveredReason } from './await.js'
import { placeMarker, type StsFactory } from '../../../aws/marker.js'
import type { DeliveryPlan } from '../../../core/delivery.js'

export {
  deliveryReport,
  describeDeliveryPlan,
  planDelivery,
  type DeliveryPlan
} from '../../../core/delivery.js'
export type { StsFactory, StsLike } from '../../../aws/marker.js'

export interface BarrierOptions {
  readonly stsFor: StsFactory
  readonly timeoutMs: number
  readonly progress?: (line: string) => void
  /** Told the Region's outcome, delivered or not, before a failure is thrown. */
  readonly onOutcome: (delivery: RegionDelivery) => void
  /** The marker is the gate's own call: its record must never count as the audited identity's. */
  readonly own?: { add(id: string): void }
}

/**
 * The delivery barrier of one Region: a marker call made now, then LookupEvents polled (through the Region's
 * pacer) until CloudTrail shows it. Resolves once the Region's events up to the marker are taken as delivered;
 * throws a SourceFailure ('delivery') when the marker cannot be placed or never shows: never a clean verdict.
 */
export async function holdBarrier(
  region: string,
  lookup: LookupDeps,
  options: BarrierOptions
): Promise<void> {
  const sts = await options.stsFor(region).catch((error: unknown) => {
    throw new SourceFailure(
      'delivery',
      `no STS client to place the delivery marker with in ${region} (${quote(errorMessage(error))})`
    )
  })
  const marker = await placeMarker(region, sts, lookup)
  options.own?.add(marker.requestId)
  options.progress?.(
    `[${region}] delivery marker placed: GetCallerIdentity as ${marker.callerArn}, request ${marker.requestId}`
  )
  const delivery = await awaitMarker(marker, lookup, {
    timeoutMs: options.timeoutMs,
    ...(options.progress && { progress: options.progress })
  })
  options.onOutcome(delivery)
  if (!delivery.delivered)
    throw new SourceFailure('delivery', notDeliveredReason(delivery, options.timeoutMs))
}

/** One part of a window as it is read, and what reading it proves about delivery. */
export interface WindowPart {
  readonly window: TimeWindow
  /** Read only once the Region's barrier holds. */
  readonly afterBarrier: boolean
  readonly claims: ReadonlyArray<{ readonly window: TimeWindow; readonly delivered: Delivered }>
}

/**
 * The parts a window is read in: the whole (taken as delivered when it ended before the horizon; with the
 * barrier off, its fresh end read unproven), or behind a barrier the older part, then the fresh one once the
 * barrier holds. Separate parts because a NextToken is bound to its window.
 */
export function partsOf(plan: DeliveryPlan, window: TimeWindow): WindowPart[] {
  switch (plan.kind) {
    case 'old-window':
      return [{ window, afterBarrier: false, claims: [{ window, delivered: 'old-window' }] }]
    case 'skipped': {
      const fresh = { start: plan.freshFrom, end: window.end }
      const older = { start: window.start, end: plan.freshFrom }
      const claims: WindowPart['claims'] = [
        ...(window.start.getTime() < plan.freshFrom.getTime()
          ? [{ window: older, delivered: 'old-window' as const }]
          : []),
        { window: fresh, delivered: 'unproven' }
      ]
      return [{ window, afterBarrier: false, claims }]
    }
    case 'barrier':
      return [
        ...(plan.older
          ? [
              {
                window: plan.older,
                afterBarrier: false,
                claims: [{ window: plan.older, delivered: 'old-window' as const }]
              }
            ]
          : []),
        { window: plan.fresh, afterBarrier: true, claims: [{ window: plan.fresh, delivered: 'proven' }] }
      ]
  }
}
