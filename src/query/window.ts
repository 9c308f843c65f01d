import { RETENTION_DAYS } from '../core/constants.js'
import {
  AGO_FORMS,
  AGO_MAX_DAYS,
  DATE_FORMS,
  endOfUtcDay,
  isoSeconds,
  parseAgo,
  parseDate
} from '../core/dates.js'
import { InputError } from '../core/errors.js'
import type { TimeWindow } from '../core/types.js'
import type { InputNames } from './names.js'

const DAY_MS = 86_400_000

/** A bound of the window: absolute (`2026/11/05`, ISO 8601), relative to now (`7d`), or a Date. */
function parseBound(
  input: string,
  value: string | Date | undefined,
  now: Date,
  isEnd: boolean
): Date | undefined {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new InputError(input, String(value), DATE_FORMS)
    return value
  }
  if (value === undefined || value.trim() === '') return undefined
  const text = value.trim()
  const ago = parseAgo(text)
  if (ago !== undefined) {
    if (ago < 60_000 || ago > AGO_MAX_DAYS * DAY_MS) {
      throw new InputError(
        input,
        text,
        `${AGO_FORMS}, with n a whole number from 1 and at most ${AGO_MAX_DAYS} days in all ` +
          `(${AGO_MAX_DAYS}d, ${Math.floor(AGO_MAX_DAYS / 7)}w); give a date for an older start`
      )
    }
    return new Date(now.getTime() - ago)
  }
  const parsed = parseDate(text)
  if (!parsed) throw new InputError(input, text, DATE_FORMS)
  // A date-only end includes that whole day: "until today" must include today's events.
  return isEnd && parsed.dateOnly ? endOfUtcDay(parsed.date) : parsed.date
}

export interface RawWindow {
  readonly createdAfter?: string | Date | undefined
  readonly createdBefore?: string | Date | undefined
}

/**
 * The time window. `retention`: false for sources that keep more than LookupEvents' 90 days (Athena reads the
 * trail's S3 files); true adds LookupEvents' limits, an error for a window it no longer holds and a warning for
 * one that reaches past it.
 */
export function parseWindow(
  raw: RawWindow,
  context: { readonly now: Date; readonly names: InputNames; readonly retention: boolean },
  warnings: string[]
): TimeWindow {
  const { now, names } = context
  const after = names('createdAfter')
  const before = names('createdBefore')
  const retentionStart = new Date(now.getTime() - RETENTION_DAYS * DAY_MS)
  const start = parseBound(after, raw.createdAfter, now, false) ?? retentionStart
  const end = parseBound(before, raw.createdBefore, now, true) ?? now
  if (start.getTime() > end.getTime()) {
    throw new InputError(after, isoSeconds(start), `a time before ${before} (${isoSeconds(end)})`)
  }
  if (!context.retention) return { start, end }
  if (end.getTime() < retentionStart.getTime()) {
    // No verdict is possible on a window CloudTrail no longer holds: "clean" would be a lie.
    throw new InputError(
      before,
      isoSeconds(end),
      `a time within the last ${RETENTION_DAYS} days (after ${isoSeconds(retentionStart)}): ` +
        'LookupEvents keeps 90 days of events, so nothing older can be checked'
    )
  }
  if (start.getTime() < retentionStart.getTime() - 60_000) {
    warnings.push(
      `${after} ${isoSeconds(start)} is more than ${RETENTION_DAYS} days ago: ` +
        `CloudTrail LookupEvents keeps ${RETENTION_DAYS} days, so only events since ` +
        `${isoSeconds(retentionStart)} can be checked.`
    )
  }
  return { start, end }
}
