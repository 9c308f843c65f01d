import { PartitionRegistry } from '../emulator/athena/partitions.js'
import { glueTable } from '../emulator/athena/glue.js'
import { locationOf, type TableSpec } from '../emulator/athena/tables.js'
import { makeRecord, roleSession, type RecordSpec } from '../emulator/records.js'
import { COLUMNS, type ColumnName } from '../src/sources/athena/sql.js'
import { isTrailChange } from '../src/sources/athena/trail-events.js'

// What Athena and Glue put on the wire, built from the same sources of truth as the emulator: the Glue table of
// AWS's documented CloudTrail DDL (emulator/athena/schema.ts, tables.ts) in each layout, and result rows whose cells
// follow the gate's own COLUMNS, so a fixture never re-implements the query's select list by hand.

export const ACCOUNT = '123456789012'
export const OTHER_ACCOUNT = '210987654321'
export const ORG = 'o-exampleorg1'
export const BUCKET = 'trail-bucket'
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/deploy`
export const deployer = roleSession(ACCOUNT, 'deploy', 'GitHubActions')

export type GlueTable = Record<string, unknown>

/** The table layouts AWS documents (or users commonly create); see emulator/athena/tables.ts. */
export type TableLayout =
  | { kind: 'projection'; account: string; region: string; rangeStart?: string }
  | { kind: 'region-projection'; account: string; regions: readonly string[]; rangeStart?: string }
  | { kind: 'manual'; account: string }
  | { kind: 'organization'; org: string; accounts: readonly string[]; regions: readonly string[] }
  | { kind: 'none'; account: string }

function specOf(layout: TableLayout): TableSpec {
  const base = { database: 'cloudtrail', name: 'logs', bucket: BUCKET }
  const range = 'rangeStart' in layout && layout.rangeStart ? { rangeStart: layout.rangeStart } : {}
  switch (layout.kind) {
    case 'projection':
      return { ...base, ...range, flavour: 'projection', owner: layout.account, regions: [layout.region] }
    case 'region-projection':
      return {
        ...base,
        ...range,
        flavour: 'region-projection',
        owner: layout.account,
        regions: layout.regions
      }
    case 'manual':
      return { ...base, flavour: 'manual', owner: layout.account }
    case 'none':
      return { ...base, flavour: 'none', owner: layout.account }
    case 'organization':
      return {
        ...base,
        flavour: 'organization',
        owner: layout.org,
        regions: layout.regions,
        accounts: layout.accounts
      }
  }
}

/** The Glue `Table` GetTable returns for a CloudTrail table of this layout (LOCATION ending in `/`). */
export function cloudTrailTable(layout: TableLayout): GlueTable {
  const spec = specOf(layout)
  const table = glueTable(spec, {
    root: '',
    tables: [],
    catalogId: ACCOUNT,
    createdAt: 1_735_689_600,
    partitions: new PartitionRegistry('', [], true, () => 0),
    view: () => ({})
  })
  const storage = table['StorageDescriptor'] as Record<string, unknown>
  storage['Location'] = `${locationOf(spec).replace(/\/$/, '')}/`
  return table
}

/** A copy of `table` with `change` applied to its StorageDescriptor, PartitionKeys or Parameters. */
export function withTable(table: GlueTable, change: (copy: GlueTable) => void): GlueTable {
  const copy = structuredClone(table)
  change(copy)
  return copy
}

/** A Glue Partition of a manual table (`region/year/month/day`), foldered as CloudTrail writes it. */
export function gluePartition(account: string, region: string, day: string): Record<string, unknown> {
  const [year = '', month = '', date = ''] = day.split('/')
  return {
    Values: [region, year, month, date],
    DatabaseName: 'cloudtrail',
    TableName: 'logs',
    CreationTime: 1_735_689_600,
    StorageDescriptor: {
      Location: `s3://${BUCKET}/AWSLogs/${account}/CloudTrail/${region}/${day}/`,
      InputFormat: 'com.amazon.emr.cloudtrail.CloudTrailInputFormat',
      SerdeInfo: { SerializationLibrary: 'org.apache.hive.hcatalog.data.JsonSerDe' }
    }
  }
}

/** `yyyy/MM/dd` for each UTC day from `first` to `last` (both `yyyy/MM/dd`), inclusive. */
export function daysBetween(first: string, last: string): string[] {
  const days: string[] = []
  const end = Date.parse(`${last.replace(/\//g, '-')}T00:00:00Z`)
  for (let t = Date.parse(`${first.replace(/\//g, '-')}T00:00:00Z`); t <= end; t += 86_400_000)
    days.push(new Date(t).toISOString().slice(0, 10).replace(/-/g, '/'))
  return days
}

/** One result row: a cell per column of COLUMNS, undefined for NULL. */
export type ResultRow = ReadonlyArray<string | undefined>

interface TrailJson {
  eventID: string
  eventTime: string
  eventName: string
  eventSource: string
  awsRegion: string
  errorCode?: string
  readOnly: boolean
  sourceIPAddress?: string
  requestID?: string
  requestParameters?: unknown
  userIdentity: {
    type?: string
    arn?: string
    accountId?: string
    userName?: string
    principalId?: string
    sessionContext?: { sessionIssuer?: { type?: string; arn?: string; userName?: string } }
  }
}

export interface EventSpec extends Omit<RecordSpec, 'principal' | 'source' | 'region'> {
  principal?: RecordSpec['principal']
  source?: string
  region?: string
  /** ARNs for the `resources` column. */
  arns?: readonly string[]
}

/**
 * A CloudTrail event (as the emulator writes it) as one row of the gate's query: each cell what Athena shows for
 * that column of the documented DDL; `resources` as Athena renders an array of rows. `cells` overrides some.
 */
export function eventRow(
  spec: EventSpec,
  cells: Partial<Record<ColumnName, string | undefined>> = {}
): ResultRow {
  const record = makeRecord({
    principal: deployer,
    source: 'ec2',
    region: 'eu-west-1',
    ...spec
  })
  const event = record.cloudTrailEvent as TrailJson
  const who = event.userIdentity
  const issuer = who.sessionContext?.sessionIssuer
  const account = who.accountId ?? 'null'
  const values: Record<ColumnName, string | undefined> = {
    eventid: event.eventID,
    eventtime: event.eventTime,
    eventname: event.eventName,
    eventsource: event.eventSource,
    awsregion: event.awsRegion,
    errorcode: event.errorCode,
    readonly: String(event.readOnly),
    sourceipaddress: event.sourceIPAddress,
    requestid: event.requestID,
    useridentity_type: who.type,
    useridentity_arn: who.arn,
    useridentity_accountid: who.accountId,
    useridentity_username: who.userName,
    useridentity_principalid: who.principalId,
    sessionissuer_type: issuer?.type,
    sessionissuer_arn: issuer?.arn,
    sessionissuer_username: issuer?.userName,
    resources: `[${(spec.arns ?? []).map(arn => `{arn=${arn}, accountid=${account}, type=null}`).join(', ')}]`,
    // requestParameters, for the trail changes the query reads beside the identity's events (NULL otherwise).
    trailparameters: isTrailChange(event.eventSource, event.eventName)
      ? JSON.stringify(event.requestParameters ?? null)
      : undefined
  }
  return COLUMNS.map(column => (Object.hasOwn(cells, column) ? cells[column] : values[column]))
}

/** The datum of one cell: every value a VarCharValue string, NULL a Datum without one. */
export const datum = (cell: string | undefined): Record<string, string> =>
  cell === undefined ? {} : { VarCharValue: cell }

export const HEADER: ResultRow = COLUMNS

/** A GetQueryResults body; the header row goes first on page 1 only (pass it in `rows`). */
export function resultPage(rows: readonly ResultRow[], nextToken?: unknown): string {
  return JSON.stringify({
    UpdateCount: 0,
    ResultSet: {
      Rows: rows.map(row => ({ Data: row.map(datum) })),
      ResultSetMetadata: {
        ColumnInfo: COLUMNS.map(name => ({ CatalogName: 'hive', Name: name, Label: name, Type: 'varchar' }))
      }
    },
    ...(nextToken !== undefined && { NextToken: nextToken })
  })
}

/**
 * `rows` split as Athena pages them: MaxResults rows a page, the header counted on page 1. Tokens are opaque,
 * distinct and short, as Athena's are.
 */
export function resultPages(
  rows: readonly ResultRow[],
  pageSize = 1000
): Array<{ rows: ResultRow[]; token?: string }> {
  const all = [HEADER, ...rows]
  const pages: Array<{ rows: ResultRow[]; token?: string }> = []
  for (let at = 0; at === 0 || at < all.length; at += pageSize) {
    const more = at + pageSize < all.length
    pages.push({ rows: all.slice(at, at + pageSize), ...(more && { token: pageToken(pages.length + 2) }) })
  }
  return pages
}

/** The token of page `n` (2 for the second page). */
export const pageToken = (n: number): string => `AQABAP${String(n).padStart(6, '0')}${'x'.repeat(40)}`
