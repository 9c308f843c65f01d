import type { Column, Table } from '@aws-sdk/client-glue'

// Reads a CloudTrail table's partitioning from its Glue definition. Only keys we know how to bound are used:
// `timestamp` (partition projection, `yyyy/MM/dd`), `year`/`month`/`day`, `region` and `account`. Pure.

/** How the day of delivery is partitioned, if it is. */
export type DayKeys =
  { readonly kind: 'timestamp'; readonly format: string } | { readonly kind: 'year-month-day' } | undefined

export interface Partitioning {
  readonly keys: readonly string[]
  readonly day: DayKeys
  /** The table has a `region` key. */
  readonly region: boolean
  /** The table has an `account` key (organization trails). */
  readonly account: boolean
  /** Keys whose projection type is `injected`: Athena refuses a query that does not fix them with `=`. */
  readonly injected: ReadonlySet<string>
  /** Partition keys we cannot bound: the query reads every value of them. */
  readonly unbounded: readonly string[]
  /** The table's size in bytes when Glue keeps that statistic (`totalSize`, `sizeKey`). */
  readonly sizeBytes: number | undefined
  /** Columns of the table (partition keys included), lowercase. */
  readonly columns: ReadonlySet<string>
}

/** A `projection.timestamp.format` whose string order is time order: yyyy, then MM, then dd, with separators. */
const ORDERED_DAY_FORMAT = /^yyyy([^a-zA-Z0-9']?)MM\1dd$/

function names(columns: readonly Column[] | undefined): string[] {
  return (columns ?? []).map(c => (c.Name ?? '').toLowerCase())
}

function sizeOf(parameters: Record<string, string>): number | undefined {
  for (const key of ['totalSize', 'sizeKey']) {
    const value = Number(parameters[key])
    if (parameters[key] !== undefined && Number.isSafeInteger(value) && value >= 0) return value
  }
  return undefined
}

function dayKeys(keys: readonly string[], parameters: Record<string, string>): DayKeys {
  if (keys.includes('timestamp')) {
    const format = parameters['projection.timestamp.format'] ?? 'yyyy/MM/dd'
    return ORDERED_DAY_FORMAT.test(format) ? { kind: 'timestamp', format } : undefined
  }
  if (keys.includes('year') && keys.includes('month') && keys.includes('day'))
    return { kind: 'year-month-day' }
  return undefined
}

export function readPartitioning(table: Table): Partitioning {
  const parameters = table.Parameters ?? {}
  const keys = names(table.PartitionKeys)
  const day = dayKeys(keys, parameters)
  const bounded = new Set<string>(['region', 'account'])
  if (day?.kind === 'timestamp') bounded.add('timestamp')
  if (day?.kind === 'year-month-day') for (const key of ['year', 'month', 'day']) bounded.add(key)
  const projected = /^true$/i.test(parameters['projection.enabled'] ?? '')
  const injected = new Set(
    keys.filter(key => projected && (parameters[`projection.${key}.type`] ?? '').toLowerCase() === 'injected')
  )
  return {
    keys,
    day,
    region: keys.includes('region'),
    account: keys.includes('account'),
    injected,
    unbounded: keys.filter(key => !bounded.has(key)),
    sizeBytes: sizeOf(parameters),
    columns: new Set([...names(table.StorageDescriptor?.Columns), ...keys])
  }
}

/** `yyyy/MM/dd` (or the table's own ordered format) for a UTC day. */
export function formatDay(date: Date, format: string): string {
  const yyyy = String(date.getUTCFullYear()).padStart(4, '0')
  const MM = String(date.getUTCMonth() + 1).padStart(2, '0')
  const dd = String(date.getUTCDate()).padStart(2, '0')
  return format.replace('yyyy', yyyy).replace('MM', MM).replace('dd', dd)
}
