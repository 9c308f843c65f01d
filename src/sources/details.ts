import type { DeliveryReport } from '../core/types.js'
import type { AthenaRun } from './athena/types.js'
import type { LanePlanReport } from './lookup-events/planner.js'
import type { Plan } from './lookup-events/types.js'

/**
 * What each source tells the reports, each part read only by its own section: the LookupEvents plan and lanes,
 * the Athena query and its cost, the delivery barrier's markers.
 */
export interface SourceDetails {
  /** The LookupEvents plan (no lanes for other sources); `strategy` is the source's plan in words. */
  readonly plan: Plan
  readonly lanes: readonly LanePlanReport[]
  readonly athena?: AthenaRun
  readonly delivery?: DeliveryReport
}
