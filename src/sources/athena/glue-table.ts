import type { Table } from '@aws-sdk/client-glue'
import { kindOf } from '../../aws/answer-check.js'
import { SourceFailure } from '../../core/errors.js'

// A Glue table as GetTable sent it, checked where the source reads it: the SDK passes any JSON through, and a
// `Columns` that is not a list, or a view whose SQL may leave out any event, must not become a clean verdict.

function bad(name: string, what: string, value: unknown, expected: string): SourceFailure {
  return new SourceFailure(
    'bad-response',
    `Glue GetTable returned ${name} with ${what} that is ${kindOf(value)}, not ${expected}`
  )
}

function checkColumns(name: string, what: string, value: unknown, required: boolean): void {
  if (value === undefined || value === null) {
    if (required) throw bad(name, what, value, 'a list of columns')
    return
  }
  if (!Array.isArray(value)) throw bad(name, what, value, 'a list of columns')
  for (const column of value as unknown[]) {
    const columnName =
      typeof column === 'object' && column !== null ? (column as { Name?: unknown }).Name : column
    if (typeof columnName !== 'string') throw bad(name, `a column in ${what}`, column, 'a named column')
  }
}

/** The table, checked; a view or a malformed definition throws a SourceFailure before any query. */
export function checkTable(table: unknown, name: string): Table {
  if (typeof table !== 'object' || table === null || Array.isArray(table)) {
    throw new SourceFailure('other', `Glue GetTable returned no table for ${name}`)
  }
  const t = table as Record<string, unknown>
  if (t['TableType'] === 'VIRTUAL_VIEW' || t['ViewOriginalText'] !== undefined) {
    throw new SourceFailure(
      'not-covered',
      `${name} is a view: its SQL may leave out any event, so an empty answer proves nothing. Set athena-table ` +
        'to the CloudTrail table the view reads'
    )
  }
  const storage = t['StorageDescriptor']
  if (typeof storage !== 'object' || storage === null || Array.isArray(storage)) {
    throw bad(name, 'a StorageDescriptor', storage, 'an object')
  }
  const sd = storage as Record<string, unknown>
  checkColumns(name, 'StorageDescriptor.Columns', sd['Columns'], true)
  checkColumns(name, 'PartitionKeys', t['PartitionKeys'], false)
  const location = sd['Location']
  if (location !== undefined && typeof location !== 'string')
    throw bad(name, 'a Location', location, 'a string')
  const parameters = t['Parameters']
  if (parameters !== undefined) {
    if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) {
      throw bad(name, 'Parameters', parameters, 'a map of strings')
    }
    for (const value of Object.values(parameters)) {
      if (typeof value !== 'string') throw bad(name, 'a parameter', value, 'a string')
    }
  }
  return table as Table
}
