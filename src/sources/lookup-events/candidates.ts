import { GLOBAL_EVENT_SOURCES } from '../../core/constants.js'
import type { Slice } from '../../core/coverage.js'
import { slicesOf } from '../../core/scope.js'
import type { EventPattern, Identity, Query } from '../../core/types.js'
import type { Attribute, Candidate, CandidateKind, Lane } from './types.js'

// Pure: which sets of LookupEvents lookups answer a query in one Region. Every record any of them returns is
// judged against the whole query (identity, window, Region scope, patterns), so each candidate is correct by
// construction and only its cost differs: the planner picks among them, never the judge.

export type { Attribute, Candidate, CandidateKind, Lane } from './types.js'

export const CANDIDATE_KINDS: readonly CandidateKind[] = ['identity', 'events', 'region']

/** The LookupEvents `Username` that finds the identity's events, or undefined (a role ARN has none). */
export function usernameFor(identity: Identity): string | undefined {
  switch (identity.kind) {
    case 'name':
    case 'iam-user':
      return identity.name
    case 'role-session':
      return identity.session
    case 'root':
      return 'root'
    case 'federated-user':
      return identity.name
    case 'role':
      return undefined
  }
}

/** A stable text key for a lookup: `Username=alice`, `EventName=DeleteTrail`, `all events`. */
export function attributeKey(attribute: Attribute): string {
  return attribute ? `${attribute.key}=${attribute.value}` : 'all events'
}

/**
 * The patterns that can match an event in the lane: in the us-east-1 lane, those the query itself does not
 * confine to a regional service. A catalog's word that a name is regional only is not enough: the judge counts
 * any global-service event of that name there, so the lookups must find it (core/scope.ts).
 */
function patternsFor(patterns: readonly EventPattern[], globalOnly: boolean): readonly EventPattern[] {
  return globalOnly
    ? patterns.filter(p => p.source === undefined || GLOBAL_EVENT_SOURCES.has(p.source))
    : patterns
}

/**
 * `EventName` per exact name and `EventSource` per qualified wildcard, or undefined when a pattern is an
 * unqualified wildcard (no attribute finds `Delete*` in every service). A qualified exact name whose service is
 * already looked up whole needs no lookup of its own.
 */
function eventLookups(patterns: readonly EventPattern[]): Attribute[] | undefined {
  if (patterns.some(p => !p.exact && p.source === undefined)) return undefined
  const sources = new Set(patterns.flatMap(p => (!p.exact && p.source !== undefined ? [p.source] : [])))
  const names = patterns.flatMap(p =>
    p.exact && !(p.source !== undefined && sources.has(p.source)) ? [p.name] : []
  )
  return [
    ...[...new Set(names)].map<Attribute>(value => ({ key: 'EventName', value })),
    ...[...sources].map<Attribute>(value => ({ key: 'EventSource', value }))
  ]
}

function candidatesFor(query: Query, patterns: readonly EventPattern[]): Candidate[] {
  const username = usernameFor(query.identity)
  const candidates: Candidate[] = []
  if (username !== undefined) {
    candidates.push({ kind: 'identity', lookups: [{ key: 'Username', value: username }] })
  }
  // An allow-list forbids every name outside it: only a read of every event of the identity can answer.
  const events = query.patterns.length > 0 && query.allowed.length === 0 ? eventLookups(patterns) : undefined
  if (events !== undefined && events.length > 0) candidates.push({ kind: 'events', lookups: events })
  // A Username lookup returns a subset of the Region's events, so the full scan is a candidate only when
  // nothing narrower is correct (a role ARN with an unqualified wildcard, or with no events named).
  if (candidates.length === 0) candidates.push(regionScan)
  return candidates
}

const regionScan: Candidate = { kind: 'region', lookups: [undefined] }

/** The lane that reads one slice: its Region, and the candidates that answer the query there. */
export function laneFor(query: Query, slice: Slice): Lane {
  return {
    region: slice.region,
    globalOnly: slice.globalOnly,
    candidates: candidatesFor(query, patternsFor(query.patterns, slice.globalOnly))
  }
}

/** The lanes of a query in the credentials' account: one per Region, plus us-east-1's global-service events. */
export function lanesFor(query: Query): Lane[] {
  return slicesOf(query, query.window).map(slice => laneFor(query, slice))
}

/** The candidate of a kind for a lane; the full Region scan is always correct, so it can always be forced. */
export function candidateOfKind(lane: Lane, kind: CandidateKind): Candidate | undefined {
  return lane.candidates.find(c => c.kind === kind) ?? (kind === 'region' ? regionScan : undefined)
}
