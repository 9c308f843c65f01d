import type { Table } from '@aws-sdk/client-glue'
import { listSome } from '../../core/bounded.js'
import type { Query } from '../../core/types.js'
import { formatBytes } from './cost.js'
import { SourceFailure } from '../../core/errors.js'
import { unboundInjected } from './partitions.js'
import type { AthenaSettings } from '../../query/athena-settings.js'
import { buildStatement, REQUIRED_COLUMNS, type AthenaStatement } from './sql.js'
import { readPartitioning } from './table.js'

// Everything decided before a query starts (and so before Athena bills anything): is this a CloudTrail table, can
// the query bind what Athena will require, would it scan more than the cap allows, and the statement itself.

/** `table` has been checked (glue-table.ts). */
export function prepare(query: Query, settings: AthenaSettings, table: Table): AthenaStatement {
  const name = `${settings.database}.${settings.table}`
  const partitioning = readPartitioning(table)
  const missing = REQUIRED_COLUMNS.filter(column => !partitioning.columns.has(column))
  if (missing.length > 0) {
    throw new SourceFailure(
      'other',
      `${name} has no column ${missing.join(', ')}: it is not a CloudTrail table as AWS documents it ` +
        '(docs/athena.md has the CREATE TABLE statement)'
    )
  }
  const injected = unboundInjected(query, partitioning)
  if (injected.length > 0) {
    throw new SourceFailure(
      'other',
      `${name} projects ${listSome(injected, 5)} as injected, so Athena needs a value for it: ` +
        (injected.includes('region')
          ? 'set the region input'
          : 'name the accounts to read (the accounts input)')
    )
  }
  const cap = settings.maxBytesScanned
  // Only a table read whole has a known size: Glue keeps no sizes for projected partitions.
  if (
    cap !== undefined &&
    partitioning.keys.length === 0 &&
    partitioning.sizeBytes !== undefined &&
    partitioning.sizeBytes > cap
  ) {
    throw new SourceFailure(
      'bytes-limit',
      `${name} has no partition keys and Glue puts it at ${formatBytes(partitioning.sizeBytes)}, more than ` +
        `athena-max-bytes-scanned (${formatBytes(cap)}): the query was not started`
    )
  }
  try {
    return buildStatement(query, settings, partitioning)
  } catch (error) {
    throw new SourceFailure('other', error instanceof Error ? error.message : String(error))
  }
}
