import type { RateBudgets } from '../aws/budgets.js'
import type { Query } from '../core/types.js'
import type { AthenaSourceDeps } from './athena/source.js'
import { LookupEventsSource, type LookupSourceDeps } from './lookup-events/source.js'
import type { SourceDetails } from './details.js'
import type { TrailSource } from './source.js'

export type { SourceDetails } from './details.js'

// The registry: which source answers a query. The run asks it for one and from then on speaks only the
// TrailSource interface; each source's details travel to the report sections that read them.

/** Everything any source needs, from the shell that builds the clients. */
export type SourceDeps = LookupSourceDeps & AthenaSourceDeps

export type AnySource = TrailSource<unknown, SourceDetails>

/**
 * The source that answers `query`; `budgets` are the run's, shared by every reader of an account and Region.
 * Athena's code (and its SDK clients) is loaded only when a query asks for it: most runs never need it.
 */
export async function sourceFor(query: Query, deps: SourceDeps, budgets: RateBudgets): Promise<AnySource> {
  if (query.source === 'athena') {
    const { AthenaSource } = await import('./athena/source.js')
    return new AthenaSource(query.athena, deps) as AnySource
  }
  return new LookupEventsSource(deps, budgets) as AnySource
}
