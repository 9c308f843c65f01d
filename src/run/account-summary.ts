import type { SliceCoverage } from '../core/coverage.js'
import type { MatchedEvent, Query, UnfinishedRegion } from '../core/types.js'

// Pure: one row per account the scan named, for the summary's and the report's accounts section — what was read
// there, what was found, and whether it is complete or why not. The verdict stays the scan's, over every account.

/** What the run counted in one account (LookupEvents reads account by account; Athena reads all at once). */
export interface AccountCounts {
  pages: number
  examined: number
}

export interface AccountSummary {
  readonly account: string
  /** The Regions asked there (us-east-1 too when only its global-service events are read). */
  readonly regions: readonly string[]
  /** LookupEvents pages read in the account; null when one query read every account (Athena). */
  readonly pages: number | null
  /** Events of the identity examined there; null when one query read every account (Athena). */
  readonly examined: number | null
  /** Forbidden events recorded there that fail the gate; null when the source does not say which account. */
  readonly forbidden: number | null
  readonly complete: boolean
  /** Why not complete (the first cause), or null. */
  readonly reason: string | null
}

/** The reason an account is not complete, from the places the run names (`account 1111… eu-west-2`). */
function reasonOf(account: string, unfinished: readonly UnfinishedRegion[]): string | null {
  const whole = `account ${account}`
  for (const u of unfinished) {
    if (u.region === whole) return u.reason
    if (u.region.startsWith(`${whole} `)) return `${u.region.slice(whole.length + 1)}: ${u.reason}`
  }
  return null
}

export function accountSummaries(
  query: Query,
  accounts: readonly string[],
  input: {
    readonly coverage: readonly SliceCoverage[]
    readonly unfinished: readonly UnfinishedRegion[]
    readonly counts: ReadonlyMap<string, AccountCounts>
    readonly events: readonly MatchedEvent[]
  }
): AccountSummary[] {
  const perAccount = query.source === 'lookup-events'
  return accounts.map(account => {
    const slices = input.coverage.filter(c => c.slice.account === account)
    const reason = reasonOf(account, input.unfinished)
    const counts = input.counts.get(account)
    const forbidden = input.events.filter(
      e => e.Account === account && e.Forbidden && !(query.ignoreDenied && e.ErrorCode !== null)
    ).length
    return {
      account,
      regions: [...new Set(slices.map(c => c.slice.region))],
      pages: perAccount ? (counts?.pages ?? 0) : null,
      examined: perAccount ? (counts?.examined ?? 0) : null,
      forbidden: perAccount ? forbidden : null,
      complete: reason === null && slices.length > 0 && slices.every(c => c.complete),
      reason: reason ?? (slices.length === 0 ? 'nothing was read' : null)
    }
  })
}
