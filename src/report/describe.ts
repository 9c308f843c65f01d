// Words shared by every rendering of a result (summary, CLI table, log line, report file).

import type { Identity, ScanResult } from '../types.js'

import { isDiscovery } from '../core/judge.js'

export { isoSeconds } from '../core/dates.js'

export type Verdict = 'forbidden' | 'clean' | 'discovery' | 'no-events' | 'incomplete'

/**
 * Incomplete wins over everything: a partial scan never reads as clean, nor as a plain `forbidden`. A complete
 * scan that read every event of the identity and found none is `no-events`: a gate whose subject never appears is
 * almost always misconfigured, so it is not a clean.
 */
export function verdictOf(result: ScanResult): Verdict {
  if (result.incomplete !== undefined) return 'incomplete'
  if (result.found) return 'forbidden'
  if (result.identityEvents === 'none') return 'no-events'
  return isDiscovery(result.query) ? 'discovery' : 'clean'
}

/** The `verdict` output: discovery that found events is clean; a run that never started is `invalid-input`. */
export type VerdictOutput = 'forbidden' | 'clean' | 'no-events' | 'incomplete' | 'invalid-input'

export function verdictOutput(result: ScanResult): VerdictOutput {
  const verdict = verdictOf(result)
  return verdict === 'discovery' ? 'clean' : verdict
}

/** The `user` input as it was understood: the plain name, or the ARN. */
export function identityText(identity: Identity): string {
  return identity.kind === 'name' ? identity.name : identity.arn
}

/** What kind of principal the identity is, in words. */
export function identityKind(identity: Identity): string {
  switch (identity.kind) {
    case 'name':
      return 'Username'
    case 'iam-user':
      return 'IAM user'
    case 'role':
      return 'role, every session'
    case 'role-session':
      return 'role session'
    case 'root':
      return 'root user'
    case 'federated-user':
      return 'federated user'
  }
}

/** The sum of the violation counts: how many events fail the gate. */
export function violationTotal(result: ScanResult): number {
  return result.violations.reduce((sum, v) => sum + v.count, 0)
}

/** True when the scan adds a us-east-1 lookup for global-service events the listed Regions would miss. */
export function addsGlobalLookup(result: ScanResult): boolean {
  // The plan decides (it also skips us-east-1 when no pattern can match a global service): read it, don't re-derive it.
  return result.plan.lanes.some(lane => lane.globalOnly)
}

/** The Regions of the query in words: with none named (the Athena source), every Region of the table. */
export function regionNames(regions: readonly string[]): readonly string[] {
  return regions.length === 0 ? ['every Region of the table'] : regions
}
