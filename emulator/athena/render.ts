// Values and types as Athena's GetQueryResults shows them: every value a string (VarCharValue), NULL as a
// Datum without one, rows as `{name=value, …}`, arrays as `[a, b]`, maps as `{k=v}` (Trino's rendering), and
// the column types by their Trino names.
import {
  DuckDBListValue,
  DuckDBMapValue,
  DuckDBStructValue,
  type DuckDBType,
  type DuckDBValue
} from '@duckdb/node-api'

function nested(value: DuckDBValue): string {
  return value === null ? 'null' : render(value)
}

/** A non-null value as Athena's VarCharValue. */
export function render(value: Exclude<DuckDBValue, null>): string {
  if (typeof value === 'string') return value
  if (typeof value === 'boolean' || typeof value === 'number' || typeof value === 'bigint')
    return String(value)
  if (value instanceof DuckDBStructValue) {
    return `{${Object.entries(value.entries)
      .map(([k, v]) => `${k}=${nested(v)}`)
      .join(', ')}}`
  }
  if (value instanceof DuckDBListValue) return `[${value.items.map(nested).join(', ')}]`
  if (value instanceof DuckDBMapValue) {
    return `{${value.entries.map(e => `${nested(e.key)}=${nested(e.value)}`).join(', ')}}`
  }
  return value.toString()
}

export function datum(value: DuckDBValue): { VarCharValue?: string } {
  return value === null ? {} : { VarCharValue: render(value) }
}

const TRINO_TYPES: Readonly<Record<string, string>> = {
  VARCHAR: 'varchar',
  BIGINT: 'bigint',
  HUGEINT: 'decimal',
  INTEGER: 'integer',
  SMALLINT: 'smallint',
  TINYINT: 'tinyint',
  DOUBLE: 'double',
  FLOAT: 'real',
  BOOLEAN: 'boolean',
  DATE: 'date',
  TIMESTAMP: 'timestamp',
  'TIMESTAMP WITH TIME ZONE': 'timestamp with time zone',
  DECIMAL: 'decimal',
  STRUCT: 'row',
  LIST: 'array',
  MAP: 'map',
  BLOB: 'varbinary',
  UUID: 'uuid',
  INTERVAL: 'interval day to second'
}

/** The Trino type name Athena reports in ColumnInfo.Type. */
export function trinoType(type: DuckDBType): string {
  const text = type.toString()
  const head = /^[A-Z ]+/.exec(text)?.[0].trim() ?? text
  if (text.endsWith('[]')) return 'array'
  return TRINO_TYPES[head] ?? head.toLowerCase()
}
