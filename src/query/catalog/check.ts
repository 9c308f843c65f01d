import { globMatch } from '../../core/patterns.js'
import type { EventPattern } from '../../core/types.js'
import type { EventCatalog } from './catalog.js'
import { maxSlips, slipDistance } from '../../core/nearness.js'

// Checks each forbidden pattern against the catalog before any AWS call. A pattern that can never match is a
// gate that never fires: a name that no event source records but that is close to one that does (other case, a
// slip, an operation CloudTrail records under another name) is an error naming the fix. Everything else the
// catalog cannot place is a warning: a name it knows under another service, an IAM action that no API model has
// (console-only calls), a name close to nothing. AWS adds APIs every week and the catalog can lag, and refusing a
// real event name would make the user gate on the wrong one.

/** Names the user accepts although the catalog does not know them (`allow-unknown-events`). */
export interface AllowUnknown {
  /** `true`: every unknown name is accepted (a close miss becomes a warning). */
  readonly all: boolean
  /** Entries accepted as written (the pattern's text or its name). */
  readonly names: ReadonlySet<string>
}

export interface PatternFindings {
  /** The patterns, exact names annotated with the sources the catalog knows for them. */
  readonly patterns: EventPattern[]
  readonly errors: string[]
  readonly warnings: string[]
}

interface Candidate {
  readonly name: string
  readonly sources: readonly string[]
  readonly distance: number
}

const MAX_SOURCES_SHOWN = 3

function sourceList(sources: readonly string[]): string {
  const shown = sources.slice(0, MAX_SOURCES_SHOWN).join(', ')
  return sources.length > MAX_SOURCES_SHOWN ? `${shown}, …` : shown
}

function didYouMean(pattern: EventPattern, candidate: Candidate): string {
  const where = pattern.source === undefined ? '' : ` of ${pattern.source}`
  return (
    `'${pattern.text}' is not a CloudTrail event name${where}; ` +
    `did you mean '${candidate.name}' (${sourceList(candidate.sources)})?`
  )
}

/** The best close name: within `scope` when given (a qualified pattern's source), else anywhere. */
function closest(
  catalog: EventCatalog,
  name: string,
  scope: ReadonlySet<string> | undefined
): Candidate | undefined {
  const renamed = catalog.renamesOf(name).filter(r => scope === undefined || scope.has(r.name))
  if (renamed[0]) return { name: renamed[0].name, sources: [renamed[0].source], distance: 0 }
  const variant = catalog.caseVariants(name).find(v => scope === undefined || scope.has(v))
  if (variant) return { name: variant, sources: catalog.sourcesOf(variant), distance: 0 }
  const slack = maxSlips(name.length)
  let best: Candidate | undefined
  for (const candidate of scope ?? catalog.names()) {
    if (Math.abs(candidate.length - name.length) > slack) continue
    const distance = slipDistance(name, candidate)
    if (distance === undefined) continue
    if (!best || distance < best.distance || (distance === best.distance && candidate < best.name)) {
      best = { name: candidate, sources: catalog.sourcesOf(candidate), distance }
    }
  }
  return best
}

function unknownWarning(pattern: EventPattern, catalog: EventCatalog, allowInput: string): string {
  return (
    `'${pattern.text}' is not in the catalog of CloudTrail event names (${catalog.models}) and is ` +
    'close to none of them: check its spelling in your CloudTrail Event history. If it is a new API, list it in ' +
    `${allowInput} to silence this warning.`
  )
}

/** A qualified name the catalog knows, but only under other event sources: a warning, never an error. */
function elsewhereWarning(
  pattern: EventPattern,
  source: string,
  elsewhere: readonly string[],
  catalog: EventCatalog,
  allowInput: string
): string {
  const renamed = catalog.renamesOf(pattern.name).find(r => r.source === source)
  const hint = renamed
    ? `${source} records its ${pattern.name} as '${renamed.name}'`
    : `check the service: a qualified pattern matches events of ${source} only`
  return (
    `'${pattern.text}': the catalog of CloudTrail event names (${catalog.models}) knows ${pattern.name} under ` +
    `${sourceList(elsewhere)}, not under ${source}; ${hint}. If ${source} records it too, list it in ` +
    `${allowInput} to silence this warning.`
  )
}

/** A name AWS documents as an IAM action only (console-only calls): real, so a warning, never an error. */
function iamWarning(
  pattern: EventPattern,
  prefixes: readonly string[],
  catalog: EventCatalog,
  allowInput: string
): string {
  return (
    `'${pattern.text}' is no API operation in the catalog of CloudTrail event names (${catalog.models}), but ` +
    `an IAM action of ${prefixes.slice(0, MAX_SOURCES_SHOWN).join(', ')}: CloudTrail records most such actions ` +
    'under that name (console-only calls), some under another one: check it in your CloudTrail Event history. ' +
    `List it in ${allowInput} to silence this warning.`
  )
}

/**
 * An exact name: known, a close miss (error), or unknown (warning). Only a name that no source in the catalog
 * records can be a typo: a name some source records is a real event, so at worst it is a warning.
 */
function checkExact(
  pattern: EventPattern,
  catalog: EventCatalog,
  allow: AllowUnknown,
  out: PatternFindings,
  allowInput: string
): void {
  const { name, source } = pattern
  const everywhere = catalog.sourcesOf(name)
  const known = source === undefined ? everywhere : everywhere.includes(source) ? [source] : []
  if (known.length > 0) {
    out.patterns.push({ ...pattern, sources: known })
    // `GetFunction` is CloudFront's; Lambda records its own GetFunction as GetFunction20150331v2.
    const renamed = catalog.renamesOf(name).filter(r => source === undefined || r.source === source)
    for (const r of renamed.filter(r => !known.includes(r.source))) {
      out.warnings.push(
        `'${pattern.text}' matches events of ${sourceList(known)} only: ${r.source} records its ${name} ` +
          `as '${r.name}'.`
      )
    }
    return
  }
  out.patterns.push(pattern)
  if (allow.names.has(pattern.text) || allow.names.has(name)) return
  if (source !== undefined && everywhere.length > 0) {
    return void out.warnings.push(elsewhereWarning(pattern, source, everywhere, catalog, allowInput))
  }
  const iam = catalog.iamPrefixesOf(name)
  if (iam.length > 0 && catalog.renamesOf(name).length === 0) {
    return void out.warnings.push(iamWarning(pattern, iam, catalog, allowInput))
  }
  const scope = source !== undefined && catalog.hasSource(source) ? catalog.namesOf(source) : undefined
  const candidate = (scope && closest(catalog, name, scope)) ?? closest(catalog, name, undefined)
  if (!candidate) return void out.warnings.push(unknownWarning(pattern, catalog, allowInput))
  const message = didYouMean(pattern, candidate)
  if (allow.all) out.warnings.push(`${message} (accepted: ${allowInput} is true)`)
  else out.errors.push(message)
}

/** A wildcard pattern that matches no catalog name can never fire: a warning. */
function checkWildcard(
  pattern: EventPattern,
  catalog: EventCatalog,
  allow: AllowUnknown,
  out: PatternFindings
): void {
  out.patterns.push(pattern)
  if (allow.all || allow.names.has(pattern.text)) return
  if (pattern.source !== undefined && !catalog.hasSource(pattern.source)) {
    out.warnings.push(
      `'${pattern.text}': ${pattern.source} is not an event source in the catalog of CloudTrail event names ` +
        `(${catalog.models}), so this pattern may never match: check the service name.`
    )
    return
  }
  const names = pattern.source === undefined ? catalog.names() : catalog.namesOf(pattern.source).values()
  // Linear-time matching: a regex `.*a.*a.*…b` backtracks for minutes on a long name (issue 7).
  for (const name of names) if (globMatch(pattern.name, name)) return
  out.warnings.push(
    `'${pattern.text}' matches no event name in the catalog of CloudTrail event names ` +
      `(${catalog.models}): check the pattern.`
  )
}

/**
 * Checks every pattern; the caller turns errors into one input error and warnings into query warnings.
 * `allowInput`: what the shell calls `allow-unknown-events`, named in the messages.
 */
export function checkPatterns(
  patterns: readonly EventPattern[],
  catalog: EventCatalog,
  allow: AllowUnknown,
  allowInput = 'allow-unknown-events'
): PatternFindings {
  const out: PatternFindings = { patterns: [], errors: [], warnings: [] }
  for (const pattern of patterns) {
    if (pattern.exact) checkExact(pattern, catalog, allow, out, allowInput)
    else checkWildcard(pattern, catalog, allow, out)
  }
  return out
}
