// Fixtures for the Athena source: queries parsed by the real parser, and Glue tables in the flavours AWS documents.
import type { Table } from '@aws-sdk/client-glue'
import { parseQuery, type RawQuery } from '../src/query/inputs.js'
import type { Query } from '../src/types.js'

export const NOW = new Date('2026-11-21T12:00:00Z')

export function athenaQuery(raw: Partial<RawQuery> = {}): Query {
  return parseQuery(
    {
      user: 'deploy-bot',
      source: 'athena',
      athenaTable: 'security.cloudtrail_logs',
      createdAfter: '2026-01-05T10:00:00Z',
      createdBefore: '2026-01-12T09:30:00Z',
      ...raw
    },
    { now: NOW, env: { AWS_REGION: 'eu-west-2' } }
  )
}

const COLUMNS = [
  'eventversion',
  'useridentity',
  'eventtime',
  'eventsource',
  'eventname',
  'awsregion',
  'sourceipaddress',
  'useragent',
  'errorcode',
  'errormessage',
  'requestparameters',
  'responseelements',
  'additionaleventdata',
  'requestid',
  'eventid',
  'readonly',
  'resources',
  'eventtype',
  'apiversion',
  'recipientaccountid',
  'eventcategory'
].map(Name => ({ Name, Type: 'string' }))

/** A Glue table with the documented CloudTrail columns and the given partition keys and parameters. */
export function glueTable(keys: readonly string[], parameters: Record<string, string> = {}): Table {
  return {
    Name: 'cloudtrail_logs',
    DatabaseName: 'security',
    StorageDescriptor: { Columns: COLUMNS, Location: 's3://trail-bucket/AWSLogs/111122223333/CloudTrail/' },
    PartitionKeys: keys.map(Name => ({ Name, Type: 'string' })),
    Parameters: { EXTERNAL: 'TRUE', ...parameters }
  }
}

export const PROJECTION = {
  'projection.enabled': 'true',
  'projection.timestamp.type': 'date',
  'projection.timestamp.format': 'yyyy/MM/dd',
  'projection.timestamp.range': '2020/01/01,NOW',
  'projection.timestamp.interval': '1',
  'projection.timestamp.interval.unit': 'DAYS'
}

export const FLAVOURS = {
  /** AWS's partition-projection table: one account, one Region, `timestamp` only. */
  projection: glueTable(['timestamp'], PROJECTION),
  /** Manual partitions added with ALTER TABLE ADD PARTITION. */
  manual: glueTable(['region', 'year', 'month', 'day']),
  /** An organization trail: account, Region and day projected. */
  organization: glueTable(['account', 'region', 'timestamp'], {
    ...PROJECTION,
    'projection.account.type': 'enum',
    'projection.account.values': '111122223333,444455556666',
    'projection.region.type': 'enum',
    'projection.region.values': 'us-east-1,eu-west-2'
  }),
  none: glueTable([])
} as const
