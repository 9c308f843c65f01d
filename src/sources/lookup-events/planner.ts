import {
  attributeKey,
  candidateOfKind,
  type Attribute,
  type Candidate,
  type CandidateKind
} from './candidates.js'
import type { Lane } from './candidates.js'
import { afterPage, candidateCost, type LookupState, type PageSeen, type Span } from './estimate.js'

// Pure: the plan of one lane, page by page. Probe (first pages, cheapest-looking candidate first, until no
// unprobed candidate could beat the best known one), choose the cheapest, run it to its end resuming from the
// probes' NextTokens, and re-plan when its estimate turns out far worse than another's. The driver fetches the
// page `next()` names and reports it with `record()`; every page, probe or not, is judged by the driver's
// evaluator, so switching loses nothing and the plan never changes the verdict.

/** Re-plan when the chosen candidate needs at least this many times the pages of another… */
export const SWITCH_FACTOR = 2
/** …and at least this many pages more (a few pages of misjudgement are cheaper than probing again). */
export const SWITCH_MIN_PAGES = 10
/** Re-plans per lane at most, so estimates that keep swinging cannot make the plan flip-flop. */
export const MAX_REPLANS = 3

export interface PlannerOptions {
  /** Run this candidate and nothing else, with no probe (tests and the differential check). */
  readonly force?: CandidateKind
}

/** The page to fetch next: a lookup and the token to resume it from (undefined: its first page). */
export interface NextLookup {
  readonly lookup: Attribute
  readonly nextToken: string | undefined
  /** A first page fetched to estimate a candidate that has not been chosen (yet). */
  readonly probe: boolean
}

export interface CandidateReport {
  readonly kind: CandidateKind
  /** `EventName=DeleteTrail`, `Username=alice`, `all events`. */
  readonly lookups: readonly string[]
  /** Pages the candidate needs in all: read so far plus the estimate of the rest. */
  readonly estimatedPages: number
  /** Some lookup was never probed, so the estimate is a lower bound. */
  readonly atLeast: boolean
  /** Pages its lookups really read (probes included). */
  readonly pagesRead: number
}

export interface Replan {
  /** Pages the lane had read when the plan changed. */
  readonly afterPages: number
  readonly from: CandidateKind
  readonly to: CandidateKind
  /** Remaining pages the abandoned candidate was estimated to need, and the alternative's bound. */
  readonly fromRemaining: number
  readonly toRemaining: number
}

export interface LanePlanReport {
  readonly region: string
  /** The account the lane read, when the scan names accounts. */
  readonly account?: string
  readonly globalOnly: boolean
  /** The candidate read to its end; undefined when the scan stopped before anything was chosen. */
  readonly chosen: CandidateKind | undefined
  /** `only`: the one correct candidate; `forced`: by option; `probed`: the cheapest after probing. */
  readonly how: 'only' | 'forced' | 'probed'
  /** Every candidate, the chosen one first, with its estimate as the lane ended. */
  readonly candidates: readonly CandidateReport[]
  readonly replans: readonly Replan[]
  /** Pages really read in the lane, probes and abandoned lookups included. */
  readonly pages: number
  readonly lookups: ReadonlyArray<{
    readonly lookup: string
    readonly pages: number
    readonly events: number
    readonly complete: boolean
  }>
}

type Step = { readonly probe: Attribute } | { readonly chosen: Candidate }

export class LanePlanner {
  private readonly states = new Map<string, LookupState>()
  private readonly candidates: readonly Candidate[]
  private current: Candidate | undefined
  private readonly how: LanePlanReport['how']
  private readonly replans: Replan[] = []
  /** Set while re-planning: the choice it leaves, recorded once the new one is made. */
  private leaving: Omit<Replan, 'to'> | undefined
  private pages = 0
  /** The last choice made, kept while a re-plan probes. */
  private chosen: Candidate | undefined

  constructor(
    readonly lane: Lane,
    private readonly span: Span,
    options: PlannerOptions = {}
  ) {
    const forced = options.force && candidateOfKind(lane, options.force)
    if (options.force && !forced) {
      throw new RangeError(`no ${options.force} candidate for ${lane.region}: it would not answer the query`)
    }
    this.candidates = forced ? [forced] : lane.candidates
    if (this.candidates.length === 0) throw new RangeError(`lane ${lane.region} has no candidate`)
    this.how = forced ? 'forced' : this.candidates.length === 1 ? 'only' : 'probed'
    if (this.candidates.length === 1) this.current = this.chosen = this.candidates[0]
  }

  /** The re-plans so far. */
  get replanned(): readonly Replan[] {
    return this.replans
  }

  /** The page to fetch next, or undefined when the chosen candidate has read every page. */
  next(): NextLookup | undefined {
    let current = this.current
    if (current === undefined) {
      const step = this.probeOrChoose()
      if ('probe' in step) return { lookup: step.probe, nextToken: undefined, probe: true }
      current = step.chosen
    }
    for (const lookup of current.lookups) {
      const state = this.states.get(attributeKey(lookup))
      if (!state?.done) return { lookup, nextToken: state?.nextToken, probe: false }
    }
    return undefined
  }

  /** A page of `lookup` arrived (and was judged). */
  record(lookup: Attribute, page: PageSeen): void {
    const key = attributeKey(lookup)
    this.states.set(key, afterPage(this.states.get(key), page))
    this.pages += 1
    if (this.current) this.maybeReplan(this.current)
  }

  /** Probe while an unprobed candidate could still beat the best known one; otherwise choose the cheapest. */
  private probeOrChoose(): Step {
    const costs = this.candidates.map(candidate => ({
      candidate,
      ...candidateCost(candidate, this.states, this.span)
    }))
    const bestKnown = Math.min(...costs.filter(c => !c.atLeast).map(c => c.remaining))
    // Cheapest-looking first; a candidate whose lower bound already loses to a known one is never probed.
    const open = costs
      .filter(c => c.atLeast && c.remaining < bestKnown)
      .sort((a, b) => a.remaining - b.remaining)
    const lookups = open[0]?.candidate.lookups ?? []
    const unprobed = lookups.findIndex(lookup => !this.states.has(attributeKey(lookup)))
    // `lookups[unprobed]` may be undefined on purpose: the full scan's lookup has no attribute.
    if (unprobed >= 0) return { probe: lookups[unprobed] }
    // Ties keep the candidates' order (identity, events, region).
    const known = costs.filter(c => !c.atLeast).sort((a, b) => a.remaining - b.remaining)
    const chosen = known[0]?.candidate ?? (this.candidates[0] as Candidate)
    this.current = chosen
    this.chosen = chosen
    if (this.leaving) this.replans.push({ ...this.leaving, to: chosen.kind })
    this.leaving = undefined
    return { chosen }
  }

  /** Re-plan when the chosen candidate looks far worse than another; what was read stays read and judged. */
  private maybeReplan(current: Candidate): void {
    if (this.candidates.length === 1 || this.replans.length >= MAX_REPLANS) return
    const mine = candidateCost(current, this.states, this.span).remaining
    const best = Math.min(
      ...this.candidates
        .filter(c => c !== current)
        .map(c => candidateCost(c, this.states, this.span).remaining)
    )
    if (mine < SWITCH_FACTOR * best || mine - best < SWITCH_MIN_PAGES) return
    this.current = undefined
    this.leaving = { afterPages: this.pages, from: current.kind, fromRemaining: mine, toRemaining: best }
  }

  report(): LanePlanReport {
    const chosen = this.chosen
    const ordered = chosen
      ? [chosen, ...this.lane.candidates.filter(c => c.kind !== chosen.kind)]
      : this.lane.candidates
    return {
      region: this.lane.region,
      globalOnly: this.lane.globalOnly,
      chosen: chosen?.kind,
      how: this.how,
      candidates: ordered.map(candidate => {
        const cost = candidateCost(candidate, this.states, this.span)
        return {
          kind: candidate.kind,
          lookups: candidate.lookups.map(attributeKey),
          estimatedPages: cost.read + cost.remaining,
          atLeast: cost.atLeast,
          pagesRead: cost.read
        }
      }),
      replans: [...this.replans],
      pages: this.pages,
      lookups: [...this.states].map(([lookup, s]) => ({
        lookup,
        pages: s.pages,
        events: s.events,
        complete: s.done
      }))
    }
  }
}
