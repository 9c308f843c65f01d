import type { Table } from '@aws-sdk/client-glue'
import { clip, listSome } from '../../core/bounded.js'
import { ANY, type Slice, type Uncovered } from '../../core/coverage.js'
import { GLOBAL_REGION } from '../../core/constants.js'
import type { TimeWindow } from '../../core/types.js'
import type { Partitioning } from './table.js'

// What a CloudTrail table can hold, read from its Glue definition before any query (and so before any cost):
// the accounts and Regions its files can come from (its LOCATION or projection storage template, and the enum
// values of its `account` and `region` keys) and the days its projection range allows. A slice the table
// cannot hold is not "read and empty": it is not covered, and the scan says which part and how to fix the table.
// Pure.

export interface TableHolds {
  /** Accounts whose files the table reads, or `any`. */
  readonly accounts: readonly string[] | 'any'
  /** Regions whose files the table reads, or `any`. */
  readonly regions: readonly string[] | 'any'
  /** The first instant whose events the table can hold (its projection range's first day), if bounded. */
  readonly from: Date | undefined
  /** The last instant, when the range ends on a fixed day rather than NOW. */
  readonly to: Date | undefined
  /** Where each bound comes from, for messages: `LOCATION …/CloudTrail/us-east-1/`. */
  readonly why: { readonly accounts: string; readonly regions: string; readonly days: string }
  readonly warnings: readonly string[]
}

const DAY_MS = 86_400_000
/** Events of a range's last day may be delivered into the next day's folder: this close to midnight they count as not held. */
const LAST_DAY_MARGIN_MS = 60 * 60_000

type Segment = { kind: 'value'; value: string } | { kind: 'key'; key: string } | { kind: 'none' }

function segmentOf(part: string | undefined): Segment {
  if (part === undefined || part === '') return { kind: 'none' }
  const key = /^\$\{([a-z_]+)\}$/.exec(part)
  return key?.[1] !== undefined ? { kind: 'key', key: key[1] } : { kind: 'value', value: part }
}

/** The account and Region parts of a trail path: `…/AWSLogs/[o-…/]<account>/CloudTrail/<region>/…`. */
function layout(path: string): { account: Segment; region: Segment } | undefined {
  const parts = path.replace(/^s3:\/\/[^/]*\//, '').split('/')
  const at = parts.indexOf('AWSLogs')
  if (at < 0) return undefined
  let i = at + 1
  if (/^o-[a-z0-9]{10,32}$/.test(parts[i] ?? '')) i += 1
  const account = segmentOf(parts[i])
  const region = parts[i + 1] === 'CloudTrail' ? segmentOf(parts[i + 2]) : { kind: 'none' as const }
  return { account, region }
}

function parseDay(text: string | undefined, format: string): Date | undefined {
  if (text === undefined) return undefined
  const at = (token: string): number => format.indexOf(token)
  const [y, m, d] = [at('yyyy'), at('MM'), at('dd')]
  if (y < 0 || m < 0 || d < 0) return undefined
  const ms = Date.UTC(
    Number(text.slice(y, y + 4)),
    Number(text.slice(m, m + 2)) - 1,
    Number(text.slice(d, d + 2))
  )
  return Number.isFinite(ms) ? new Date(ms) : undefined
}

/** The values one dimension can take: a literal path segment, a key's projected enum, or any. */
function values(
  segment: Segment | undefined,
  key: string,
  partitioning: Partitioning,
  parameters: Readonly<Record<string, string>>
): { values: readonly string[] | 'any'; why: string } {
  if (segment?.kind === 'value') return { values: [segment.value], why: `its location's ${key} folder` }
  if (!partitioning.keys.includes(key)) return { values: 'any', why: `no ${key} key` }
  const type = (parameters[`projection.${key}.type`] ?? '').toLowerCase()
  if (/^true$/i.test(parameters['projection.enabled'] ?? '') && type === 'enum') {
    const list = (parameters[`projection.${key}.values`] ?? '').split(',').map(v => v.trim())
    return { values: list.filter(v => v !== ''), why: `projection.${key}.values` }
  }
  return { values: 'any', why: `its ${key} key` }
}

export function tableHolds(table: Table, partitioning: Partitioning): TableHolds {
  const parameters = table.Parameters ?? {}
  const projected = /^true$/i.test(parameters['projection.enabled'] ?? '')
  const template = projected ? parameters['storage.location.template'] : undefined
  const location = table.StorageDescriptor?.Location ?? ''
  const warnings: string[] = []
  const path = layout(template ?? location)
  if (path === undefined && location !== '') {
    warnings.push(
      `The table's location ${clip(location, 200)} is not a trail's AWSLogs/ layout: which accounts and ` +
        'Regions it holds cannot be told from it.'
    )
  }
  const accounts = values(path?.account, 'account', partitioning, parameters)
  const regions = values(path?.region, 'region', partitioning, parameters)
  const format = parameters['projection.timestamp.format'] ?? 'yyyy/MM/dd'
  const [first, last] = (parameters['projection.timestamp.range'] ?? '').split(',').map(p => p.trim())
  const dayKey = projected && partitioning.day?.kind === 'timestamp'
  const from = dayKey ? parseDay(first, format) : undefined
  const lastDay = dayKey && last !== undefined && !/^NOW/i.test(last) ? parseDay(last, format) : undefined
  if (!projected && partitioning.keys.length > 0) {
    warnings.push(
      'The table registers its partitions by hand (no partition projection): a day or Region whose partition ' +
        'was not added is not read. Partition projection avoids this.'
    )
  }
  return {
    accounts: accounts.values,
    regions: regions.values,
    from,
    to: lastDay && new Date(lastDay.getTime() + DAY_MS - LAST_DAY_MARGIN_MS),
    why: {
      accounts: accounts.why,
      regions: regions.why,
      days: `projection.timestamp.range ${clip(parameters['projection.timestamp.range'] ?? '', 60)}`
    },
    warnings
  }
}

function holds(list: readonly string[] | 'any', value: string): boolean {
  return list === 'any' || value === ANY || list.includes(value)
}

/** The part of a slice's window the table can hold (undefined: none of it). */
export function heldWindow(h: TableHolds, window: TimeWindow): TimeWindow | undefined {
  const start = h.from && h.from > window.start ? h.from : window.start
  const end = h.to && h.to < window.end ? h.to : window.end
  return start <= end ? { start, end } : undefined
}

/** Why the table cannot hold (part of) a slice, with the fix; undefined when it holds all of it. */
export function cannotHold(h: TableHolds, slice: Slice, table: string): Uncovered | undefined {
  const where = { account: slice.account, region: slice.region }
  if (!holds(h.accounts, slice.account)) {
    return {
      ...where,
      reason:
        `the Athena table ${table} cannot hold account ${slice.account} (${h.why.accounts}: ` +
        `${listSome(h.accounts === 'any' ? [] : h.accounts)}): add it, or use a table over the account's files`
    }
  }
  if (!holds(h.regions, slice.region)) {
    const what = slice.globalOnly
      ? `${GLOBAL_REGION}, where global-service events (IAM, STS…) are recorded`
      : slice.region
    return {
      ...where,
      reason:
        `the Athena table ${table} cannot hold ${what} (${h.why.regions}: ` +
        `${listSome(h.regions === 'any' ? [] : h.regions)}): add the Region to the table, or use a table over ` +
        "every Region of the trail's files"
    }
  }
  const held = heldWindow(h, slice.window)
  if (held === undefined || held.start > slice.window.start || held.end < slice.window.end) {
    return {
      ...where,
      reason:
        `the Athena table ${table} cannot hold the whole window (${h.why.days}): widen the table's ` +
        'projection range to cover it'
    }
  }
  return undefined
}
