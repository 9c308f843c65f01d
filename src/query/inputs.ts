import { DATE_FORMS, endOfUtcDay, isoSeconds, parseDate } from '../core/dates.js'
import { InputError } from '../core/errors.js'
import { identityProblem, parseIdentity } from '../core/identity.js'
import {
  INPUTS,
  DEFAULT_DELIVERY_TIMEOUT_MINUTES,
  DEFAULT_TIMEOUT_MINUTES,
  LOOKUP_RATE_LIMIT,
  RETENTION_DAYS
} from '../core/constants.js'
import { PATTERN_FORMS, parsePattern, splitList } from '../core/patterns.js'
import { checkQueryEvents, parseAllowUnknown, type AllowUnknownInput } from './catalog/validate.js'
import { athenaFromRaw, type RawAthenaQuery } from './athena.js'
import { parseSource } from './athena-settings.js'
import type { DeliverySettings, EventPattern, Query, TimeWindow } from '../core/types.js'

/** Inputs as raw strings, whichever shell they came from (action inputs, CLI flags, a library call). */
export interface RawQuery extends RawAthenaQuery {
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
}

export interface ParseContext {
  readonly now: Date
  /** Where the Region falls back to: AWS_REGION, then AWS_DEFAULT_REGION. */
  readonly env: Readonly<Record<string, string | undefined>>
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/
const DAY_MS = 86_400_000

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

function parseEvents(value: RawQuery['events']): EventPattern[] {
  const given = typeof value === 'string' ? [value] : [...(value ?? [])]
  const entries = [...new Set(given.flatMap(splitList))]
  const something = typeof value === 'string' ? value.trim() !== '' : given.length > 0
  if (entries.length === 0 && something) {
    // "," or a YAML block of blank lines: an empty forbidden list by mistake must not silently become discovery.
    throw new InputError(
      INPUTS.events,
      given.join(','),
      'event names separated by commas or newlines, but it holds only separators (leave it empty for discovery)'
    )
  }
  return entries.map(entry => {
    const pattern = parsePattern(entry)
    if (!pattern) throw new InputError(INPUTS.events, entry, PATTERN_FORMS)
    return pattern
  })
}

/** With `anyRegion` (Athena), no Region means every Region of the table, not the environment's. */
function parseRegions(value: RawQuery['region'], env: ParseContext['env'], anyRegion: boolean): string[] {
  const given = typeof value === 'string' ? splitList(value) : [...(value ?? [])].map(r => r.trim())
  const fallback = anyRegion ? '' : env['AWS_REGION'] || env['AWS_DEFAULT_REGION'] || ''
  const regions = given.length > 0 ? given : splitList(fallback)
  if (regions.length === 0 && !anyRegion) {
    throw new InputError(
      INPUTS.region,
      '',
      'a Region such as eu-west-2: set the `region` input, or AWS_REGION ' +
        '(aws-actions/configure-aws-credentials sets it from its aws-region input)'
    )
  }
  for (const region of regions) {
    if (!REGION.test(region))
      throw new InputError(INPUTS.region, region, 'a Region such as us-east-1 or eu-west-2')
  }
  return [...new Set(regions)]
}

function parseBound(input: string, value: string | Date | undefined, isEnd: boolean): Date | undefined {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new InputError(input, String(value), DATE_FORMS)
    return value
  }
  if (value === undefined || value.trim() === '') return undefined
  const parsed = parseDate(value)
  if (!parsed) throw new InputError(input, value.trim(), DATE_FORMS)
  // A date-only end includes that whole day: "until today" must include today's events.
  return isEnd && parsed.dateOnly ? endOfUtcDay(parsed.date) : parsed.date
}

/** `retention`: false for sources that keep more than LookupEvents' 90 days (Athena reads the trail's S3 files). */
function parseWindow(raw: RawQuery, now: Date, warnings: string[], retention: boolean): TimeWindow {
  const retentionStart = new Date(now.getTime() - RETENTION_DAYS * DAY_MS)
  const start = parseBound(INPUTS.createdAfter, raw.createdAfter, false) ?? retentionStart
  const end = parseBound(INPUTS.createdBefore, raw.createdBefore, true) ?? now
  if (start.getTime() > end.getTime()) {
    throw new InputError(
      INPUTS.createdAfter,
      isoSeconds(start),
      `a time before ${INPUTS.createdBefore} (${isoSeconds(end)})`
    )
  }
  if (!retention) return { start, end }
  if (end.getTime() < retentionStart.getTime()) {
    // No verdict is possible on a window CloudTrail no longer holds: "clean" would be a lie.
    throw new InputError(
      INPUTS.createdBefore,
      isoSeconds(end),
      `a time within the last ${RETENTION_DAYS} days (after ${isoSeconds(retentionStart)}): ` +
        'LookupEvents keeps 90 days of events, so nothing older can be checked'
    )
  }
  if (start.getTime() < retentionStart.getTime() - 60_000) {
    warnings.push(
      `${INPUTS.createdAfter} ${isoSeconds(start)} is more than ${RETENTION_DAYS} days ago: ` +
        `CloudTrail LookupEvents keeps ${RETENTION_DAYS} days, so only events since ` +
        `${isoSeconds(retentionStart)} can be checked.`
    )
  }
  return { start, end }
}

/** The barrier's settings; its wait must end inside the scan's own deadline. */
function parseDelivery(raw: RawQuery, timeoutMinutes: number): DeliverySettings {
  const given = raw.deliveryTimeoutMinutes
  const fallback = Math.min(DEFAULT_DELIVERY_TIMEOUT_MINUTES, timeoutMinutes / 2)
  const minutes = parseNumber(INPUTS.deliveryTimeoutMinutes, given, fallback, { min: 0.05, max: 360 })
  if (minutes >= timeoutMinutes) {
    throw new InputError(
      INPUTS.deliveryTimeoutMinutes,
      String(given),
      `fewer minutes than ${INPUTS.timeoutMinutes} (${timeoutMinutes}): the wait for delivery is part of the scan`
    )
  }
  return {
    wait: parseBoolean(INPUTS.waitForDelivery, raw.waitForDelivery, true),
    timeoutMs: Math.round(minutes * 60_000)
  }
}

/** Turns raw inputs into a validated, frozen query. Every input error is raised here, before any AWS call. */
export function parseQuery(raw: RawQuery, context: ParseContext): Query {
  const warnings: string[] = []
  const identity = parseIdentity(raw.user ?? '')
  if (!identity) throw new InputError(INPUTS.user, (raw.user ?? '').trim(), identityProblem(raw.user ?? ''))
  const patterns = parseEvents(raw.events)
  const source = parseSource(raw.source)
  const window = parseWindow(raw, context.now, warnings, source === 'lookup-events')
  const regions = parseRegions(raw.region, context.env, source === 'athena')
  const home = context.env['AWS_REGION'] || context.env['AWS_DEFAULT_REGION'] || regions[0]
  const athena = athenaFromRaw(raw, source, home, warnings)
  const requestsPerSecond = parseNumber(INPUTS.requestsPerSecond, raw.requestsPerSecond, LOOKUP_RATE_LIMIT, {
    min: 0.1,
    max: 1000
  })
  if (requestsPerSecond > LOOKUP_RATE_LIMIT) {
    warnings.push(
      `${INPUTS.requestsPerSecond} is ${requestsPerSecond}, above the ${LOOKUP_RATE_LIMIT}/s LookupEvents allows: ` +
        'expect throttling against AWS.'
    )
  }
  const timeoutMinutes = parseNumber(INPUTS.timeoutMinutes, raw.timeoutMinutes, DEFAULT_TIMEOUT_MINUTES, {
    min: 0.05,
    max: 360
  })
  return Object.freeze({
    identity,
    patterns,
    window,
    regions,
    includeGlobalEvents: parseBoolean(INPUTS.includeGlobalEvents, raw.includeGlobalEvents, true),
    ignoreDenied: parseBoolean(INPUTS.ignoreDenied, raw.ignoreDenied, false),
    requestsPerSecond,
    timeoutMs: Math.round(timeoutMinutes * 60_000),
    warnings,
    delivery: parseDelivery(raw, timeoutMinutes),
    source,
    athena
  })
}

/**
 * parseQuery, then the forbidden patterns checked against the catalog of CloudTrail event names and against
 * the Regions scanned: a misspelled name or a pattern that can never match fails here, before any AWS call.
 */
export async function validateQuery(raw: RawQuery, context: ParseContext): Promise<Query> {
  const query = parseQuery(raw, context)
  return checkQueryEvents(query, parseAllowUnknown(raw.allowUnknownEvents))
}
