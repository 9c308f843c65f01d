import type { CandidateKind, Lane } from './candidates.js'

// The LookupEvents source's own shapes: one lookup, and the lanes it reads.

export type LookupAttributeKey = 'Username' | 'EventName' | 'EventSource'

/** One paged LookupEvents scan the plan asks for. */
export interface LookupTask {
  readonly region: string
  /** Undefined: no lookup attribute (every management event in the Region and window). */
  readonly attribute: { readonly key: LookupAttributeKey; readonly value: string } | undefined
  /** Keep only events from global services (the us-east-1 extra scan). */
  readonly globalOnly: boolean
}

export interface Plan {
  /** One lane per Region (plus us-east-1 for global-service events), each with its correct candidates. */
  readonly lanes: readonly Lane[]
  /** A few sentences for the summary and the log: how the identity is looked up and why. */
  readonly strategy: string
  /** Read this candidate in every lane, with no probe (tests and the differential check). */
  readonly force?: CandidateKind
}
