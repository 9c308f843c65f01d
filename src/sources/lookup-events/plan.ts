import { GLOBAL_REGION } from '../../core/constants.js'
import { describeIdentity } from '../../core/identity.js'
import {
  attributeKey,
  candidateOfKind,
  lanesFor,
  type Candidate,
  type CandidateKind,
  type Lane
} from './candidates.js'
import type { CandidateReport, LanePlanReport, Replan } from './planner.js'
import type { Query } from '../../core/types.js'
import type { Plan } from './types.js'

export interface PlanOptions {
  /** Read this candidate in every lane, with no probe (tests and the differential check). */
  readonly force?: CandidateKind
}

/** A candidate in words: `Username lookup for "alice"`, `EventName lookups DeleteTrail, StopLogging`. */
export function describeCandidate(candidate: Candidate): string {
  const values = candidate.lookups.map(l => l?.value ?? '')
  switch (candidate.kind) {
    case 'identity':
      return `Username lookup for "${values.join('')}"`
    case 'events':
      return `${candidate.lookups.length} EventName/EventSource lookup${values.length > 1 ? 's' : ''} (${candidate.lookups.map(attributeKey).join(', ')})`
    case 'region':
      return 'full scan of every management event in the Region'
  }
}

/** Why the identity is looked up the way it is: LookupEvents' Username is not an ARN. */
function identityNote(query: Query): string {
  const { identity } = query
  switch (identity.kind) {
    case 'name':
      return ''
    case 'iam-user':
      return ` Only events made by the IAM user ${identity.arn} count (role sessions that share the name do not).`
    case 'role-session':
      return ` Only sessions of role ${identity.role} in account ${identity.account} count.`
    case 'root':
      return ` Only the root user of account ${identity.account} counts.`
    case 'federated-user':
      return ` Only federated user ${identity.name} of account ${identity.account} counts.`
    case 'role':
      return (
        ` LookupEvents cannot filter by role: events whose session issuer is role ${identity.role} count.` +
        (query.patterns.every(p => p.exact || p.source !== undefined)
          ? ''
          : ' Name exact events (or service-qualified patterns) to avoid scanning every event of the Region.')
      )
  }
}

function laneSentence(lane: Lane, force: CandidateKind | undefined): string {
  const where = lane.globalOnly ? `${lane.region} (global-service events only)` : lane.region
  const forced = force && candidateOfKind(lane, force)
  if (forced) return `${where}: ${describeCandidate(forced)}, forced.`
  if (lane.candidates.length === 1) return `${where}: ${describeCandidate(lane.candidates[0] as Candidate)}.`
  return `${where}: the cheaper of ${lane.candidates.map(describeCandidate).join(' or ')}, by probing.`
}

/** What the plan will do in words: the identity, then each lane's candidates. */
export function planSentences(query: Query, lanes: readonly Lane[], force?: CandidateKind): string {
  const sentences = lanes.map(lane => laneSentence(lane, force))
  if (lanes.some(lane => lane.candidates.length > 1) && !force) {
    sentences.push(
      'Probing reads the first page of each candidate to estimate its pages, and the cheapest is read to the end; ' +
        'every record is judged against the whole query, so the choice changes the cost, never the verdict.'
    )
  }
  if (query.includeGlobalEvents && query.regions.length > 0 && !query.regions.includes(GLOBAL_REGION)) {
    if (!lanes.some(lane => lane.globalOnly)) {
      sentences.push(
        `Every pattern names a regional service, so ${GLOBAL_REGION} is not looked up for global-service events.`
      )
    }
  }
  return `${describeIdentity(query.identity)}:${identityNote(query)} ${sentences.join(' ')}`
}

/**
 * The lanes (one per Region, plus us-east-1 for global-service events) and their correct candidates, and what
 * the plan will do in words. Which candidate each lane reads is decided while scanning, from probes.
 */
export function planLookups(query: Query, options: PlanOptions = {}): Plan {
  const lanes = lanesFor(query)
  return {
    lanes,
    strategy: planSentences(query, lanes, options.force),
    ...(options.force && { force: options.force })
  }
}

const KIND_WORDS: Readonly<Record<CandidateKind, string>> = {
  identity: 'Username lookup',
  events: 'EventName/EventSource lookups',
  region: 'full Region scan'
}

/** A candidate of a lane's report in words: `EventName=DeleteTrail, EventName=StopLogging`. */
export function candidateLabel(candidate: Pick<CandidateReport, 'kind' | 'lookups'>): string {
  return candidate.kind === 'region' ? 'all events (full Region scan)' : candidate.lookups.join(', ')
}

/** `3 pages`, `~400 pages`, `≥ 3 pages` (a lower bound: some lookup was never probed). */
export function estimateText(candidate: CandidateReport): string {
  const n = candidate.estimatedPages
  const prefix = candidate.atLeast ? '≥ ' : candidate.estimatedPages === candidate.pagesRead ? '' : '~'
  return `${prefix}${n} page${n === 1 ? '' : 's'}`
}

const HOW: Readonly<Record<LanePlanReport['how'], string>> = {
  only: 'the only correct plan',
  forced: 'forced',
  probed: 'the cheapest after probing'
}

/** One line for the log: the choice, its estimate, and the rejected candidates with theirs. */
export function describeLaneChoice(report: LanePlanReport): string {
  const [chosen, ...rejected] = report.candidates
  if (!report.chosen || !chosen) return 'no plan chosen: the scan stopped while probing'
  const others = rejected.map(c => {
    const probed = c.pagesRead > 0 ? `, ${c.pagesRead} read` : ''
    return `${KIND_WORDS[c.kind]} ${candidateLabel(c)} (${estimateText(c)}${probed})`
  })
  return (
    `plan: ${KIND_WORDS[chosen.kind]} ${candidateLabel(chosen)}, ${HOW[report.how]} (${estimateText(chosen)})` +
    (others.length > 0 ? `; rejected: ${others.join('; ')}` : '')
  )
}

/** One line for the log when a lane changes its mind. */
export function describeReplan(replan: Replan): string {
  const kept = replan.from === replan.to
  return (
    `re-planned after ${replan.afterPages} pages: the ${KIND_WORDS[replan.from]} needed ~${replan.fromRemaining} more, ` +
    `another candidate perhaps ${replan.toRemaining}; ` +
    (kept ? `probes showed otherwise, so it carries on` : `switched to the ${KIND_WORDS[replan.to]}`) +
    ' (what was read stays judged)'
  )
}
