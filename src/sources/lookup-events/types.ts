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

export type Attribute = LookupTask['attribute']

/**
 * `identity`: one `Username` lookup (the identity's events, whatever their name);
 * `events`: one `EventName` lookup per exact forbidden name and one `EventSource` lookup per service-qualified
 * wildcard (everyone's events of those names, the identity's kept by the judge);
 * `region`: no lookup attribute, every management event of the Region.
 */
export type CandidateKind = 'identity' | 'events' | 'region'

export interface Candidate {
  readonly kind: CandidateKind
  /** Together they cover the query in this lane; each is paged to its end when the candidate is chosen. */
  readonly lookups: readonly Attribute[]
}

/** One Region's lookups, which share its rate limit. */
export interface Lane {
  readonly region: string
  /** The us-east-1 extra lane: only global-service events answer the query there (the judge decides). */
  readonly globalOnly: boolean
  /** The correct candidates, cheapest-looking first; never empty. */
  readonly candidates: readonly Candidate[]
}
