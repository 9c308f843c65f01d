// Glue (AWS JSON 1.1, target prefix `AWSGlue.`): GetTable and GetDatabase over the emulator's CloudTrail tables,
// shaped as the Glue catalog holds a table that AWS's CloudTrail DDL created; the partition calls of manual
// tables are in glue-partitions.ts.
import { AwsError } from '../http.js'
import { tableFiles, type FileView } from './files.js'
import { PARTITION_OPERATIONS, partitionCall } from './glue-partitions.js'
import type { PartitionRegistry } from './partitions.js'
import { glueColumns } from './schema.js'
import { locationOf, PARTITION_KEYS, tableParameters, type TableSpec } from './tables.js'

export interface GlueDeps {
  /** The emulator's S3 root, for the size statistics. */
  root: string
  tables: readonly TableSpec[]
  /** The Glue CatalogId (the account id); a request may leave it out. */
  catalogId: string
  /** Epoch seconds the tables claim to have been created at. */
  createdAt: number
  /** Registered partitions of manual tables. */
  partitions: PartitionRegistry
  /** What the size statistics count: the files delivered so far, the projected range, registered partitions. */
  view: () => FileView
}

function entityNotFound(message: string): AwsError {
  return new AwsError(400, 'EntityNotFoundException', message)
}

function requiredName(body: Record<string, unknown>, key: string): string {
  const value = body[key]
  if (typeof value !== 'string' || value.length === 0 || value.length > 255) {
    throw new AwsError(
      400,
      'InvalidInputException',
      `1 validation error detected: Value at '${key.charAt(0).toLowerCase()}${key.slice(1)}' failed to satisfy constraint: Member must have length between 1 and 255`
    )
  }
  return value
}

/** The Glue `Table` of a spec, as GetTable returns it. */
export function glueTable(t: TableSpec, deps: GlueDeps): Record<string, unknown> {
  return {
    Name: t.name,
    DatabaseName: t.database,
    Owner: 'hadoop',
    CreateTime: deps.createdAt,
    UpdateTime: deps.createdAt,
    LastAccessTime: 0,
    Retention: 0,
    StorageDescriptor: {
      Columns: glueColumns(),
      Location: locationOf(t),
      InputFormat: 'com.amazon.emr.cloudtrail.CloudTrailInputFormat',
      OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
      Compressed: false,
      NumberOfBuckets: -1,
      SerdeInfo: {
        SerializationLibrary: 'org.apache.hive.hcatalog.data.JsonSerDe',
        Parameters: { 'serialization.format': '1' }
      },
      BucketColumns: [],
      SortColumns: [],
      Parameters: {},
      StoredAsSubDirectories: false
    },
    PartitionKeys: PARTITION_KEYS[t.flavour].map(Name => ({ Name, Type: 'string' })),
    TableType: 'EXTERNAL_TABLE',
    Parameters: tableParameters(t),
    CreatedBy: `arn:aws:sts::${deps.catalogId}:assumed-role/admin/emulator`,
    IsRegisteredWithLakeFormation: false,
    CatalogId: deps.catalogId,
    VersionId: '0'
  }
}

export class GlueService {
  constructor(private readonly deps: GlueDeps) {}

  /** The response body of one Glue operation; throws AwsError for what Glue answers with an error. */
  async call(operation: string, body: Record<string, unknown>): Promise<unknown> {
    const catalogId = body['CatalogId']
    if (catalogId !== undefined && catalogId !== this.deps.catalogId) {
      throw new AwsError(
        400,
        'AccessDeniedException',
        `Cross account access is not allowed for catalog ${String(catalogId)}`
      )
    }
    if (operation === 'GetTable') return { Table: await this.table(body) }
    if (operation === 'GetDatabase') return { Database: this.database(requiredName(body, 'Name')) }
    if (PARTITION_OPERATIONS.has(operation)) {
      const table = this.find(requiredName(body, 'DatabaseName'), requiredName(body, 'TableName'))
      return partitionCall(operation, body, table, this.deps.partitions, this.deps.catalogId)
    }
    throw new AwsError(400, 'UnknownOperationException', `Operation AWSGlue.${operation} is not emulated`)
  }

  private database(name: string): Record<string, unknown> {
    if (!this.deps.tables.some(t => t.database === name.toLowerCase()))
      throw entityNotFound(`Database ${name} not found.`)
    return { Name: name.toLowerCase(), CreateTime: this.deps.createdAt, CatalogId: this.deps.catalogId }
  }

  /** Glue keeps names in lowercase and matches them case-insensitively. */
  private find(databaseName: string, tableName: string): TableSpec {
    const database = databaseName.toLowerCase()
    const name = tableName.toLowerCase()
    this.database(database)
    const table = this.deps.tables.find(t => t.database === database && t.name === name)
    if (table === undefined) throw entityNotFound(`Table ${name} not found.`)
    return table
  }

  private async table(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const table = this.find(requiredName(body, 'DatabaseName'), requiredName(body, 'Name'))
    const glue = glueTable(table, this.deps)
    if (table.sizeStatistics === true) {
      const files = await tableFiles(this.deps.root, table, this.deps.view())
      const bytes = files.reduce((sum, f) => sum + f.size, 0)
      glue['Parameters'] = { ...tableParameters(table), totalSize: String(bytes) }
    }
    return glue
  }
}
