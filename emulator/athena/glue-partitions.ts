// Glue partition calls over the PartitionRegistry: GetPartitions (with an Expression of `key = 'value'` terms
// joined by AND — anything richer is refused rather than misread), GetPartition, CreatePartition and
// BatchCreatePartition. A gate can ask whether the newest day of a manual table is registered; a test can
// register it.
import { AwsError } from '../http.js'
import type { Partition, PartitionRegistry } from './partitions.js'
import { PARTITION_KEYS, type TableSpec } from './tables.js'

type Body = Record<string, unknown>

function invalidInput(message: string): AwsError {
  return new AwsError(400, 'InvalidInputException', message)
}

function stringList(value: unknown, what: string, max: number): string[] {
  if (
    !Array.isArray(value) ||
    value.length > max ||
    value.some(v => typeof v !== 'string' || v.length > 1024)
  )
    throw invalidInput(`${what} must be a list of at most ${max} strings`)
  return value as string[]
}

function partitionJson(table: TableSpec, p: Partition, catalogId: string): Record<string, unknown> {
  return {
    Values: p.values,
    DatabaseName: table.database,
    TableName: table.name,
    CreationTime: Math.floor(p.createdMs / 1000),
    LastAccessTime: 0,
    StorageDescriptor: {
      Location: p.location,
      InputFormat: 'com.amazon.emr.cloudtrail.CloudTrailInputFormat',
      OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
      SerdeInfo: { SerializationLibrary: 'org.apache.hive.hcatalog.data.JsonSerDe' }
    },
    Parameters: {},
    CatalogId: catalogId
  }
}

const TERM = /^\s*`?([a-z]+)`?\s*=\s*(?:'([^']*)'|(\d+))\s*$/i

/** `region='eu-west-2' AND year='2026'` as key → value; undefined: every partition. */
export function parseExpression(
  expression: unknown,
  keys: readonly string[]
): Map<string, string> | undefined {
  if (expression === undefined || expression === null || expression === '') return undefined
  if (typeof expression !== 'string' || expression.length > 2048) throw invalidInput('Expression is invalid')
  const terms = new Map<string, string>()
  for (const part of expression.split(/\s+AND\s+/i)) {
    const match = TERM.exec(part)
    const key = match?.[1]?.toLowerCase()
    if (match === null || key === undefined || !keys.includes(key)) {
      throw invalidInput(
        `Unsupported expression (the emulator reads key = 'value' terms joined by AND on ${keys.join(', ')})`
      )
    }
    terms.set(key, match[2] ?? match[3] ?? '')
  }
  return terms
}

function offsetOf(token: unknown, id: string): number {
  if (token === undefined || token === null) return 0
  if (typeof token === 'string') {
    const [tokenId, offset] = Buffer.from(token, 'base64url').toString('utf8').split('\n')
    const n = Number(offset)
    if (tokenId === id && Number.isInteger(n) && n >= 0) return n
  }
  throw invalidInput('Invalid NextToken')
}

function partitionInput(body: unknown): { values: string[]; location: string | undefined } {
  if (typeof body !== 'object' || body === null) throw invalidInput('PartitionInput is required')
  const input = body as Body
  const sd = input['StorageDescriptor']
  const location = typeof sd === 'object' && sd !== null ? (sd as Body)['Location'] : undefined
  if (location !== undefined && (typeof location !== 'string' || location.length > 2056))
    throw invalidInput('StorageDescriptor.Location must be a string')
  return { values: stringList(input['Values'], 'Values', 10), location }
}

/** One Glue partition operation on a resolved table; undefined when the operation is not a partition call. */
export async function partitionCall(
  operation: string,
  body: Body,
  table: TableSpec,
  registry: PartitionRegistry,
  catalogId: string
): Promise<unknown> {
  const keys = PARTITION_KEYS[table.flavour]
  switch (operation) {
    case 'GetPartitions': {
      const max = body['MaxResults'] ?? 1000
      if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 1000)
        throw invalidInput('MaxResults must be between 1 and 1000')
      const terms = parseExpression(body['Expression'], keys)
      const all = (await registry.list(table)).filter(p =>
        keys.every((k, i) => terms?.get(k) === undefined || terms.get(k) === p.values[i])
      )
      const id = `${table.database}.${table.name}`
      const offset = offsetOf(body['NextToken'], id)
      const page = all.slice(offset, offset + max)
      const next = offset + page.length < all.length
      return {
        Partitions: page.map(p => partitionJson(table, p, catalogId)),
        ...(next && { NextToken: Buffer.from(`${id}\n${offset + page.length}`).toString('base64url') })
      }
    }
    case 'GetPartition': {
      const values = stringList(body['PartitionValues'], 'PartitionValues', 10)
      const found = registry.get(table, values)
      if (found === undefined) throw new AwsError(400, 'EntityNotFoundException', 'Cannot find partition.')
      return { Partition: partitionJson(table, found, catalogId) }
    }
    case 'CreatePartition': {
      const { values, location } = partitionInput(body['PartitionInput'])
      registry.register(table, values, location)
      return {}
    }
    case 'BatchCreatePartition': {
      const list = body['PartitionInputList']
      if (!Array.isArray(list) || list.length > 100)
        throw invalidInput('PartitionInputList: 1 to 100 partitions')
      const errors: unknown[] = []
      for (const item of list) {
        const { values, location } = partitionInput(item)
        try {
          registry.register(table, values, location)
        } catch (error) {
          if (!(error instanceof AwsError)) throw error
          errors.push({
            PartitionValues: values,
            ErrorDetail: { ErrorCode: error.code, ErrorMessage: error.message }
          })
        }
      }
      return { Errors: errors }
    }
    default:
      return undefined
  }
}

export const PARTITION_OPERATIONS = new Set([
  'GetPartitions',
  'GetPartition',
  'CreatePartition',
  'BatchCreatePartition'
])
