import type { Slice, Uncovered } from '../../core/coverage.js'
import { INPUTS } from '../../core/constants.js'
import { isoSeconds } from '../../core/dates.js'
import { formatDuration, type DeliveryPlan } from '../../core/delivery.js'
import type { RegionDelivery } from '../../core/types.js'
import type { TableHolds } from './holds.js'
import type { AthenaFreshness } from './types.js'

// What the Athena source says about a window's freshness before and after its markers: why a marker cannot show in
// the table, why a part cannot have a marker at all, and the markers as the delivery section shows a barrier's.
// Pure.

function holdsValue(list: readonly string[] | 'any', value: string | undefined): boolean {
  return list === 'any' || (value !== undefined && list.includes(value))
}

/** Why the table cannot show a marker recorded in this account and Region (undefined: it can). */
export function cannotShow(
  table: string,
  holds: TableHolds,
  marker: { readonly region: string; readonly account: string | undefined }
): string | undefined {
  if (!holdsValue(holds.accounts, marker.account)) {
    return (
      `was made in account ${marker.account ?? '(unknown)'}, whose files the table ${table} does not hold ` +
      `(${holds.why.accounts}): run the gate with credentials of an account the table holds`
    )
  }
  if (!holdsValue(holds.regions, marker.region)) {
    return `is recorded in ${marker.region}, whose files the table ${table} does not hold (${holds.why.regions})`
  }
  return undefined
}

/** The fresh part of slices of every Region (`*`) over a table whose Regions nothing says: no marker can prove it. */
export function unprovable(
  table: string,
  holds: TableHolds,
  delivery: DeliveryPlan,
  slices: readonly Slice[]
): Uncovered[] {
  const freshFrom = delivery.kind === 'barrier' ? isoSeconds(delivery.fresh.start) : '?'
  return slices.map(slice => ({
    account: slice.account,
    region: slice.region,
    reason:
      `the table ${table} holds every Region of the trail's files (${holds.why.regions}), so which Regions need a ` +
      `delivery marker cannot be told, and the window after ${freshFrom} cannot be proven delivered: name them ` +
      `with ${INPUTS.region}, or end the window ${formatDuration(delivery.horizonMs)} before the run or earlier`
  }))
}

/** The summary's freshness before any marker: what the window needs. */
export function initialFreshness(
  delivery: DeliveryPlan,
  hasFresh: boolean,
  unprovableReason: string | undefined
): AthenaFreshness {
  const mode = delivery.kind === 'barrier' ? (hasFresh ? 'marker' : 'old-window') : delivery.kind
  const freshFrom =
    delivery.kind === 'barrier'
      ? delivery.fresh.start
      : delivery.kind === 'skipped'
        ? delivery.freshFrom
        : null
  return {
    mode,
    horizonMs: delivery.horizonMs,
    freshFrom: freshFrom && isoSeconds(freshFrom),
    markers: [],
    polls: 0,
    pollBytes: 0,
    pollCostUsd: 0,
    marginMs: 0,
    unprovable: unprovableReason ?? null
  }
}

/** The markers as the delivery section shows any barrier's (found in the table rather than in LookupEvents). */
export function deliveryOutcomes(fresh: AthenaFreshness | null): RegionDelivery[] {
  return (fresh?.markers ?? []).flatMap(m =>
    m.requestId === null
      ? []
      : [
          {
            region: m.region,
            requestId: m.requestId,
            callerArn: m.callerArn ?? '',
            markerTime: m.eventTime ?? m.sentAt ?? '',
            delivered: m.problem === null,
            waitedMs: m.foundAfterMs ?? 0,
            marginMs: m.problem === null ? (fresh?.marginMs ?? 0) : 0,
            polls: fresh?.polls ?? 0,
            pages: 0
          }
        ]
  )
}

/** One log line on how the window's delivery to S3 is proven, or why it needs no proof. */
export function describeFreshness(
  delivery: DeliveryPlan,
  markerRegions: readonly string[],
  window: { readonly end: Date },
  timeoutMs: number
): string {
  const horizon = formatDuration(delivery.horizonMs)
  if (delivery.kind === 'old-window') {
    return `Delivery to S3: not in question, the window ended at ${isoSeconds(window.end)}, more than ${horizon} ago.`
  }
  if (delivery.kind === 'skipped') {
    return (
      `Delivery to S3 not proven (${INPUTS.waitForDelivery} is false): events after ${isoSeconds(delivery.freshFrom)} ` +
      'may not be delivered yet, and a clean result does not cover them.'
    )
  }
  const where = markerRegions.length > 0 ? ` in ${markerRegions.join(', ')}` : ''
  return (
    `Delivery to S3: a marker call (STS GetCallerIdentity)${where}; the window after ` +
    `${isoSeconds(delivery.fresh.start)} is read once this run's markers show in the table (waiting at most ` +
    `${formatDuration(timeoutMs)}).`
  )
}
