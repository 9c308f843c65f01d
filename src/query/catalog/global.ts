import { GLOBAL_EVENT_SOURCES } from '../../core/constants.js'
import type { EventPattern } from '../../core/types.js'

// Which patterns can match a global-service event (IAM, STS, sign-in…: recorded in us-east-1 only). Pure: it
// reads what the catalog check wrote on the pattern (`sources`), so the planner needs no catalog of its own.

/**
 * False only when the pattern can never match a global-service event: it names a regional service, or it is
 * an exact name that the catalog knows under regional services only (`TerminateInstances`: EC2). A name the
 * catalog does not know, and every unqualified wildcard, may be global.
 */
export function patternMayBeGlobal(pattern: EventPattern): boolean {
  if (pattern.source !== undefined) return GLOBAL_EVENT_SOURCES.has(pattern.source)
  const sources = pattern.sources ?? []
  if (!pattern.exact || sources.length === 0) return true
  return sources.some(source => GLOBAL_EVENT_SOURCES.has(source))
}

/**
 * The global sources a pattern is confined to, when it can match only global-service events (`iam:*`,
 * `DeleteRole`); undefined when it can match a regional event too.
 */
export function globalOnlySources(pattern: EventPattern): readonly string[] | undefined {
  const sources =
    pattern.source !== undefined ? [pattern.source] : pattern.exact ? (pattern.sources ?? []) : []
  if (sources.length === 0) return undefined
  return sources.every(source => GLOBAL_EVENT_SOURCES.has(source)) ? sources : undefined
}
