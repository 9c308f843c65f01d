// Dates are parsed by hand, in UTC: `new Date('2024/01/05')` is local time and would shift the window by the
// runner's offset, and `Date.parse` accepts impossible dates such as 2024-02-30 by rolling them over.

const DATE_ONLY = /^(\d{4})[/-](\d{2})[/-](\d{2})$/
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i

// `7d`: a whole number of minutes, hours, days or weeks. No months or years: their length varies, and `1m` must
// never be read as a month.
const AGO = /^(\d{1,9})([mhdw])$/
const UNIT_MS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }

/** The furthest back a relative time reaches: ten years, beyond any trail a scheduled audit reads. */
export const AGO_MAX_DAYS = 3650

export const AGO_FORMS =
  'a time before now: <n>m, <n>h, <n>d or <n>w (minutes, hours, days, weeks), such as 7d'

export const DATE_FORMS = `YYYY/MM/DD, YYYY-MM-DD, ISO 8601 such as 2024-01-05T10:00:00Z (UTC), or ${AGO_FORMS}`

/** A parsed date: `dateOnly` tells whether a whole day was named, so an end date can include that day. */
export interface ParsedDate {
  readonly date: Date
  readonly dateOnly: boolean
}

function utc(year: number, month: number, day: number, h = 0, m = 0, s = 0, ms = 0): Date | undefined {
  if (month < 1 || month > 12 || day < 1 || h > 23 || m > 59 || s > 59) return undefined
  const date = new Date(Date.UTC(year, month - 1, day, h, m, s, ms))
  // Reject rolled-over dates (2024-02-30 would become March 1st).
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return undefined
  }
  return date
}

function offsetMinutes(zone: string | undefined): number | undefined {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0
  const match = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)
  if (!match) return undefined
  const hours = Number(match[2])
  const minutes = Number(match[3])
  if (hours > 23 || minutes > 59) return undefined
  return (match[1] === '-' ? -1 : 1) * (hours * 60 + minutes)
}

/** Parses `YYYY/MM/DD`, `YYYY-MM-DD` or ISO 8601 date-time (no zone means UTC). Undefined when invalid. */
export function parseDate(text: string): ParsedDate | undefined {
  const value = text.trim()
  const day = DATE_ONLY.exec(value)
  if (day) {
    const date = utc(Number(day[1]), Number(day[2]), Number(day[3]))
    return date && { date, dateOnly: true }
  }
  const full = DATE_TIME.exec(value)
  if (!full) return undefined
  const [, y, mo, d, h, mi, s, frac, zone] = full
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0
  const local = utc(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s ?? 0), ms)
  const offset = offsetMinutes(zone)
  if (!local || offset === undefined) return undefined
  return { date: new Date(local.getTime() - offset * 60_000), dateOnly: false }
}

/**
 * `7d`, `12h`, `30m`, `2w`: how long before now, in milliseconds (`7d` is exactly 7 × 24 hours). Undefined when
 * the text is not of that form; 0 for `0d`, which the caller rejects.
 */
export function parseAgo(text: string): number | undefined {
  const match = AGO.exec(text.trim())
  if (!match) return undefined
  return Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? Number.NaN)
}

/** The last second of the UTC day that `date` starts: LookupEvents' EndTime is inclusive, in whole seconds. */
export function endOfUtcDay(date: Date): Date {
  return new Date(date.getTime() + 86_400_000 - 1000)
}

/** `2024-01-05T10:00:00Z`: ISO 8601 UTC at second precision, as CloudTrail shows event times. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}
