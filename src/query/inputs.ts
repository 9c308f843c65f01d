import { InputError } from '../core/errors.js'
import { identityProblem, parseIdentity } from '../core/identity.js'
import {
  DEFAULT_DELIVERY_TIMEOUT_MINUTES,
  DEFAULT_MAX_CONCURRENT_ACCOUNTS,
  DEFAULT_TIMEOUT_MINUTES,
  LOOKUP_RATE_LIMIT
} from '../core/constants.js'
import { PATTERN_FORMS, parsePattern, splitList } from '../core/patterns.js'
import { checkQueryEvents, parseAllowUnknown, type AllowUnknownInput } from './catalog/validate.js'
import { parseAccounts, type RawAccounts } from './accounts.js'
import { athenaFromRaw, type RawAthenaQuery } from './athena.js'
import { parseSource } from './athena-settings.js'
import { ACTION_NAMES, type InputNames } from './names.js'
import { checkRegions } from './regions.js'
import { parseAllowed, parseApprovals } from './policies.js'
import { parseWindow } from './window.js'
import type { DeliverySettings, EventPattern, Query } from '../core/types.js'

/** Inputs as raw strings, whichever shell they came from (action inputs, CLI flags, a library call). */
export interface RawQuery extends RawAthenaQuery, RawAccounts {
  readonly user: string
  readonly events?: string | readonly string[] | undefined
  readonly createdAfter?: string | Date | undefined
  readonly createdBefore?: string | Date | undefined
  readonly region?: string | readonly string[] | undefined
  readonly includeGlobalEvents?: string | boolean | undefined
  readonly ignoreDenied?: string | boolean | undefined
  readonly requestsPerSecond?: string | number | undefined
  readonly timeoutMinutes?: string | number | undefined
  /** `true`, `false`, or event names the catalog does not know yet to accept as written. */
  readonly allowUnknownEvents?: AllowUnknownInput
  readonly waitForDelivery?: string | boolean | undefined
  readonly deliveryTimeoutMinutes?: string | number | undefined
  /** Events CloudTrail marks read-only never count as forbidden. */
  readonly ignoreReadOnly?: string | boolean | undefined
  /** An allow-list: every event of the identity outside it is forbidden. */
  readonly allowedEvents?: string | readonly string[] | undefined
  /** `<EventId> until <YYYY-MM-DD> # reason`, one a line. */
  readonly approvedEvents?: string | readonly string[] | undefined
  readonly maxConcurrentAccounts?: string | number | undefined
}

export interface ParseContext {
  readonly now: Date
  /** Where the Region falls back to: AWS_REGION, then AWS_DEFAULT_REGION. */
  readonly env: Readonly<Record<string, string | undefined>>
  /** What the shell calls each input, in errors and warnings (default: the action's input names). */
  readonly names?: InputNames
}

export function parseBoolean(input: string, value: string | boolean | undefined, fallback: boolean): boolean {
  if (typeof value === 'boolean') return value
  const text = (value ?? '').trim()
  if (text === '') return fallback
  if (/^true$/i.test(text)) return true
  if (/^false$/i.test(text)) return false
  throw new InputError(input, text, 'true or false')
}

export function parseNumber(
  input: string,
  value: string | number | undefined,
  fallback: number,
  range: { min: number; max: number; integer?: boolean }
): number {
  const text = typeof value === 'number' ? String(value) : (value ?? '').trim()
  if (text === '') return fallback
  const number = Number(text)
  const integerOk = !range.integer || Number.isInteger(number)
  if (!Number.isFinite(number) || number < range.min || number > range.max || !integerOk) {
    const kind = range.integer ? 'a whole number' : 'a number'
    throw new InputError(input, text, `${kind} from ${range.min} to ${range.max}`)
  }
  return number
}

function parseEvents(value: RawQuery['events'], input: string): EventPattern[] {
  const given = typeof value === 'string' ? [value] : [...(value ?? [])]
  const entries = [...new Set(given.flatMap(splitList))]
  const something = typeof value === 'string' ? value.trim() !== '' : given.length > 0
  if (entries.length === 0 && something) {
    // "," or a YAML block of blank lines: an empty forbidden list by mistake must not silently become discovery.
    throw new InputError(
      input,
      given.join(','),
      'event names separated by commas or newlines, but it holds only separators (leave it empty for discovery)'
    )
  }
  return entries.map(entry => {
    const pattern = parsePattern(entry)
    if (!pattern) throw new InputError(input, entry, PATTERN_FORMS)
    return pattern
  })
}

/** The environment's Region and the variable it came from: AWS_REGION, then AWS_DEFAULT_REGION. */
function envRegion(env: ParseContext['env']): { name: string; value: string } | undefined {
  for (const name of ['AWS_REGION', 'AWS_DEFAULT_REGION']) {
    const value = env[name]?.trim()
    if (value) return { name, value }
  }
  return undefined
}

/**
 * The Regions to scan, every one a real AWS Region (an error names the input, or the variable it came from).
 * With `anyRegion` (Athena), no Region means every Region of the table, not the environment's.
 */
function parseRegions(
  value: RawQuery['region'],
  env: ParseContext['env'],
  anyRegion: boolean,
  input: string
): string[] {
  const given = typeof value === 'string' ? splitList(value) : [...(value ?? [])].map(r => r.trim())
  if (given.length > 0) {
    checkRegions(input, given)
    return [...new Set(given)]
  }
  const fallback = anyRegion ? undefined : envRegion(env)
  if (fallback === undefined) {
    if (anyRegion) return []
    throw new InputError(
      input,
      '',
      `a Region such as eu-west-2: set ${input}, or AWS_REGION ` +
        '(aws-actions/configure-aws-credentials sets it from its aws-region input)'
    )
  }
  const regions = splitList(fallback.value)
  checkRegions(fallback.name, regions)
  return [...new Set(regions)]
}

/** The barrier's settings; its wait must end inside the scan's own deadline. */
function parseDelivery(raw: RawQuery, timeoutMinutes: number, names: InputNames): DeliverySettings {
  const given = raw.deliveryTimeoutMinutes
  const fallback = Math.min(DEFAULT_DELIVERY_TIMEOUT_MINUTES, timeoutMinutes / 2)
  const input = names('deliveryTimeoutMinutes')
  const minutes = parseNumber(input, given, fallback, { min: 0.05, max: 360 })
  if (minutes >= timeoutMinutes) {
    throw new InputError(
      input,
      String(given),
      `fewer minutes than ${names('timeoutMinutes')} (${timeoutMinutes}): the wait for delivery is part of the scan`
    )
  }
  return {
    wait: parseBoolean(names('waitForDelivery'), raw.waitForDelivery, true),
    timeoutMs: Math.round(minutes * 60_000)
  }
}

/** Turns raw inputs into a validated, frozen query. Every input error is raised here, before any AWS call. */
export function parseQuery(raw: RawQuery, context: ParseContext): Query {
  const names = context.names ?? ACTION_NAMES
  const warnings: string[] = []
  const identity = parseIdentity(raw.user ?? '')
  if (!identity) throw new InputError(names('user'), (raw.user ?? '').trim(), identityProblem(raw.user ?? ''))
  const patterns = parseEvents(raw.events, names('events'))
  const source = parseSource(raw.source, names)
  const retention = source === 'lookup-events'
  const window = parseWindow(raw, { now: context.now, names, retention }, warnings)
  const regions = parseRegions(raw.region, context.env, source === 'athena', names('region'))
  // Athena and Glue are called in the environment's Region when there is one.
  const home = envRegion(context.env)
  if (home && source === 'athena') checkRegions(home.name, [home.value])
  const athena = athenaFromRaw(raw, source, home?.value ?? regions[0], { names, warnings })
  const accounts = parseAccounts(raw, { source, identity, names, warnings })
  const maxConcurrentAccounts = parseNumber(
    names('maxConcurrentAccounts'),
    raw.maxConcurrentAccounts,
    DEFAULT_MAX_CONCURRENT_ACCOUNTS,
    { min: 1, max: 100, integer: true }
  )
  const requestsPerSecond = parseNumber(
    names('requestsPerSecond'),
    raw.requestsPerSecond,
    LOOKUP_RATE_LIMIT,
    {
      min: 0.1,
      max: 1000
    }
  )
  if (requestsPerSecond > LOOKUP_RATE_LIMIT) {
    warnings.push(
      `${names('requestsPerSecond')} is ${requestsPerSecond}, above the ${LOOKUP_RATE_LIMIT}/s LookupEvents ` +
        'allows: expect throttling against AWS.'
    )
  }
  const timeoutMinutes = parseNumber(names('timeoutMinutes'), raw.timeoutMinutes, DEFAULT_TIMEOUT_MINUTES, {
    min: 0.05,
    max: 360
  })
  const base = {
    identity,
    patterns,
    window,
    regions,
    includeGlobalEvents: parseBoolean(names('includeGlobalEvents'), raw.includeGlobalEvents, true),
    ignoreDenied: parseBoolean(names('ignoreDenied'), raw.ignoreDenied, false),
    ignoreReadOnly: parseBoolean(names('ignoreReadOnly'), raw.ignoreReadOnly, false),
    allowed: parseAllowed(raw.allowedEvents, names),
    approvals: parseApprovals(raw.approvedEvents, names, context.now),
    requestsPerSecond,
    timeoutMs: Math.round(timeoutMinutes * 60_000),
    warnings,
    delivery: parseDelivery(raw, timeoutMinutes, names),
    accounts,
    maxConcurrentAccounts
  }
  // The source and its settings travel together: a query can never name Athena without its table.
  return Object.freeze(
    athena === undefined
      ? { ...base, source: 'lookup-events' as const }
      : { ...base, source: 'athena' as const, athena }
  )
}

/**
 * parseQuery, then the forbidden patterns checked against the catalog of CloudTrail event names and against
 * the Regions scanned: a misspelled name or a pattern that can never match fails here, before any AWS call.
 */
export async function validateQuery(raw: RawQuery, context: ParseContext): Promise<Query> {
  const query = parseQuery(raw, context)
  return checkQueryEvents(query, parseAllowUnknown(raw.allowUnknownEvents), context.names ?? ACTION_NAMES)
}
