import { isoSeconds } from '../../core/dates.js'
import { judge } from '../../core/tally.js'
import { INPUTS } from '../../core/constants.js'
import type { AthenaSettings } from '../../query/athena-settings.js'
import type { Query, ScanResult } from '../../core/types.js'
import { formatDuration, type DeliveryPlan } from '../../core/delivery.js'

// The Athena source reads the trail's files in S3, which CloudTrail delivers on its own schedule; the delivery
// barrier proves delivery through LookupEvents, which says nothing about those files. So a window too fresh to
// take as delivered is not read through Athena at all: the result is incomplete, with the ways out, and costs
// nothing. (Reading the fresh part through LookupEvents behind the barrier would be the way to lift this.)

type BarrierPlan = Extract<DeliveryPlan, { kind: 'barrier' }>

export function athenaNotProven(query: Query, plan: BarrierPlan, settings: AthenaSettings): ScanResult {
  const freshFrom = isoSeconds(plan.fresh.start)
  const reason =
    `the ${INPUTS.source} athena cannot prove that CloudTrail has delivered the window's events after ${freshFrom} ` +
    `to S3 (the delivery barrier works through LookupEvents): end the window ${formatDuration(plan.horizonMs)} ago ` +
    `or earlier (${INPUTS.createdBefore}), use ${INPUTS.source} lookup-events, or set ${INPUTS.waitForDelivery} ` +
    'to false to accept the risk'
  return {
    query,
    plan: { lanes: [], strategy: 'Athena: not run; the window is too fresh to prove delivered to S3.' },
    lanes: [],
    events: [],
    scanned: 0,
    pages: 0,
    regions: [],
    ...judge(query, []),
    elapsedMs: 0,
    incomplete: {
      code: 'delivery',
      reason,
      region: `Athena (${settings.database}.${settings.table})`,
      pages: 0,
      scanned: 0,
      oldestReached: null
    },
    delivery: { mode: 'barrier', horizonMs: plan.horizonMs, freshFrom, regions: [] }
  }
}
