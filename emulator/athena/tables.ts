// CloudTrail tables in the emulated Glue catalog, in the flavours AWS documents (or users commonly create):
//   projection           PARTITIONED BY (timestamp); LOCATION …/AWSLogs/<acct>/CloudTrail/<region>; one Region
//   region-projection    PARTITIONED BY (region, timestamp); LOCATION …/AWSLogs/<acct>/CloudTrail; enum Regions
//   manual               PARTITIONED BY (region, year, month, day); LOCATION …/AWSLogs/<acct>/CloudTrail
//   organization         PARTITIONED BY (account, region, timestamp); LOCATION …/AWSLogs/<org-id>; enums
//   none                 no partition keys (the CloudTrail console's table); every file under LOCATION
// Each table knows its storage template relative to LOCATION, which the emulator uses to read a file's
// partition values from its path (as partition projection does) and to leave out files it would not see: a
// projected day after NOW (the query's clock), or a manual partition nobody registered (partitions.ts).

export type TableFlavour = 'projection' | 'region-projection' | 'manual' | 'organization' | 'none'

export interface TableSpec {
  database: string
  name: string
  flavour: TableFlavour
  bucket: string
  /** The trail's account (all flavours but organization) or the organization id (`o-…`) for organization. */
  owner: string
  /** projection: the table's one Region; region-projection/organization: the enum values. */
  regions?: readonly string[]
  /** organization: the enum values of `account`. */
  accounts?: readonly string[]
  /** The trail's S3KeyPrefix: LOCATION is s3://<bucket>/<prefix>/AWSLogs/…; default none. */
  keyPrefix?: string
  /** projection.timestamp.range start, yyyy/MM/dd; default 2020/01/01 (the end is NOW). */
  rangeStart?: string
  /** Glue keeps size statistics: `totalSize` (Hive's name) = the compressed bytes under LOCATION. */
  sizeStatistics?: boolean
}

export const PARTITION_KEYS: Readonly<Record<TableFlavour, readonly string[]>> = {
  projection: ['timestamp'],
  'region-projection': ['region', 'timestamp'],
  manual: ['region', 'year', 'month', 'day'],
  organization: ['account', 'region', 'timestamp'],
  none: []
}

export function locationOf(t: TableSpec): string {
  const prefix = t.keyPrefix === undefined ? '' : `${t.keyPrefix}/`
  const base = `s3://${t.bucket}/${prefix}AWSLogs/${t.owner}`
  if (t.flavour === 'organization') return `${base}/`
  if (t.flavour === 'projection') return `${base}/CloudTrail/${t.regions?.[0] ?? 'us-east-1'}`
  return `${base}/CloudTrail/`
}

/** The partition part of a file's key, relative to LOCATION, with `${key}` placeholders. */
export function templateOf(t: TableSpec): string | undefined {
  switch (t.flavour) {
    case 'projection':
      return '${timestamp}'
    case 'region-projection':
      return '${region}/${timestamp}'
    case 'manual':
      return '${region}/${year}/${month}/${day}'
    case 'organization':
      return '${account}/CloudTrail/${region}/${timestamp}'
    case 'none':
      return undefined
  }
}

const VALUE_PATTERN: Readonly<Record<string, string>> = {
  timestamp: '(\\d{4}/\\d{2}/\\d{2})',
  region: '([a-z0-9-]+)',
  account: '(\\d{12})',
  year: '(\\d{4})',
  month: '(\\d{2})',
  day: '(\\d{2})'
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** What decides, beyond the path, whether a table sees a file. */
export interface TableView {
  /** NOW's UTC day, yyyy/MM/dd: the end of a projected `timestamp` range; none: no end. */
  readonly today?: string
  /** Manual tables: whether the partition with these values is registered; none: every one is. */
  readonly registered?: (table: TableSpec, values: Record<string, string>) => boolean
}

/**
 * The partition values of a file from its key relative to LOCATION, or undefined when the table does not see
 * the file (outside the template, an enum, the projected range, or an unregistered partition).
 */
export function partitionValuesOf(
  t: TableSpec,
  relativeKey: string,
  view: TableView = {}
): Record<string, string> | undefined {
  const template = templateOf(t)
  if (!relativeKey.endsWith('.json.gz')) return undefined
  if (template === undefined) return {}
  const keys: string[] = []
  const pattern = template
    .split(/(\$\{[a-z]+\})/)
    .map(part => {
      const key = /^\$\{([a-z]+)\}$/.exec(part)?.[1]
      if (key === undefined) return escapeRegExp(part)
      keys.push(key)
      return VALUE_PATTERN[key] ?? '([^/]+)'
    })
    .join('')
  const match = new RegExp(`^${pattern}/[^/]+$`).exec(relativeKey)
  if (match === null) return undefined
  const values: Record<string, string> = {}
  keys.forEach((key, i) => (values[key] = match[i + 1] ?? ''))
  return visible(t, values, view) ? values : undefined
}

function visible(t: TableSpec, values: Record<string, string>, view: TableView): boolean {
  if (t.flavour === 'manual') return view.registered?.(t, values) ?? true
  const regions = t.flavour === 'projection' ? undefined : t.regions
  if (regions !== undefined && values['region'] !== undefined && !regions.includes(values['region']))
    return false
  if (t.accounts !== undefined && values['account'] !== undefined && !t.accounts.includes(values['account']))
    return false
  const day = values['timestamp']
  if (day === undefined) return true
  return day >= (t.rangeStart ?? '2020/01/01') && (view.today === undefined || day <= view.today)
}

function projectionParameters(t: TableSpec): Record<string, string> {
  const params: Record<string, string> = {
    'projection.enabled': 'true',
    'projection.timestamp.format': 'yyyy/MM/dd',
    'projection.timestamp.interval': '1',
    'projection.timestamp.interval.unit': 'DAYS',
    'projection.timestamp.range': `${t.rangeStart ?? '2020/01/01'},NOW`,
    'projection.timestamp.type': 'date'
  }
  if (t.flavour !== 'projection') {
    params['projection.region.type'] = 'enum'
    params['projection.region.values'] = (t.regions ?? []).join(',')
  }
  if (t.flavour === 'organization') {
    params['projection.account.type'] = 'enum'
    params['projection.account.values'] = (t.accounts ?? []).join(',')
  }
  const location = locationOf(t).replace(/\/$/, '')
  params['storage.location.template'] = `${location}/${templateOf(t) ?? ''}`
  return params
}

export function tableParameters(t: TableSpec): Record<string, string> {
  const base = { EXTERNAL: 'TRUE', classification: 'cloudtrail' }
  if (t.flavour === 'manual' || t.flavour === 'none') return base
  return { ...base, ...projectionParameters(t) }
}
