import { GLOBAL_REGION, REGIONAL_ENDPOINT_SOURCES } from '../../core/constants.js'
import { InputProblem } from '../../core/errors.js'
import { splitList } from '../../core/patterns.js'
import type { EventPattern, Query } from '../../core/types.js'
import { loadCatalog } from './catalog.js'
import { checkPatterns, type AllowUnknown } from './check.js'
import { globalOnlySources } from './global.js'
import type { InputNames } from '../names.js'

// The query's forbidden patterns, checked against the catalog and against where the scan looks, before any
// AWS call. The catalog is loaded only when there are patterns to check.

export type AllowUnknownInput = string | boolean | readonly string[] | undefined

/** `allow-unknown-events`: `true`, `false` (default), or the event names (or patterns) to accept as written. */
export function parseAllowUnknown(value: AllowUnknownInput): AllowUnknown {
  if (typeof value === 'boolean') return { all: value, names: new Set() }
  const entries = typeof value === 'string' ? splitList(value) : [...(value ?? [])].map(v => v.trim())
  if (entries.length === 1 && /^(true|false)$/i.test(entries[0] ?? '')) {
    return { all: /^true$/i.test(entries[0] ?? ''), names: new Set() }
  }
  return { all: false, names: new Set(entries.filter(e => e !== '')) }
}

/** Patterns that can match only global-service events, when the scan never reads us-east-1. */
function unreachable(query: Query, patterns: readonly EventPattern[], names: InputNames): string[] {
  // No Regions (the Athena source's default) reads every Region of the table, us-east-1 included.
  if (query.regions.length === 0 || query.regions.includes(GLOBAL_REGION) || query.includeGlobalEvents)
    return []
  return patterns.flatMap(pattern => {
    const sources = globalOnlySources(pattern)
    // STS records a call to a Regional endpoint in that Region: such a name can match anywhere.
    if (!sources || sources.some(source => REGIONAL_ENDPOINT_SOURCES.has(source))) return []
    return [
      `'${pattern.text}' can only match events of ${sources.join(', ')}, a global service that CloudTrail ` +
        `records in ${GLOBAL_REGION} only, and this scan reads ${query.regions.join(', ')} with global events ` +
        `turned off (${names('includeGlobalEvents')}): it can never match. Add ${GLOBAL_REGION} to ` +
        `${names('region')}, or turn global events back on.`
    ]
  })
}

/**
 * The query with its patterns checked: throws InputProblem naming every close miss (with its suggestion) and
 * every pattern that can never match where the scan looks; adds a warning for names the catalog does not know.
 */
export async function checkQueryEvents(query: Query, allow: AllowUnknown, names: InputNames): Promise<Query> {
  if (query.patterns.length === 0) return query
  const catalog = await loadCatalog()
  const findings = checkPatterns(query.patterns, catalog, allow, names('allowUnknownEvents'))
  const errors = [...findings.errors, ...unreachable(query, findings.patterns, names)]
  if (errors.length > 0) {
    throw new InputProblem(names('events'), query.patterns.map(p => p.text).join(', '), errors)
  }
  return Object.freeze({
    ...query,
    patterns: findings.patterns,
    warnings: [...query.warnings, ...findings.warnings]
  })
}
