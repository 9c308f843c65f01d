// GetQueryResults: pages of at most MaxResults (≤ 1000) rows; the first page starts with the header row (the
// column names) and counts it in MaxResults; every value a VarCharValue string, NULL a Datum without one.
import { invalidRequest } from './errors.js'
import type { Execution } from './execution.js'
import type { AthenaFaultPlan } from './faults.js'
import { datum } from './render.js'

type Body = Record<string, unknown>

interface Token {
  id: string
  offset: number
}

export function encodeToken(token: Token): string {
  return Buffer.from(JSON.stringify([token.id, token.offset])).toString('base64url')
}

function decodeToken(text: string, id: string): number {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
    if (Array.isArray(parsed) && parsed[0] === id && Number.isInteger(parsed[1]) && parsed[1] >= 0) {
      return Number(parsed[1])
    }
  } catch {
    // falls through to the error below
  }
  throw invalidRequest('The NextToken is invalid')
}

function maxResults(body: Body): number {
  const value = body['MaxResults']
  if (value === undefined || value === null) return 1000
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 1000) {
    throw invalidRequest(
      `1 validation error detected: Value '${String(value)}' at 'maxResults' failed to satisfy constraint: ` +
        'Member must have value less than or equal to 1000'
    )
  }
  return value
}

function columnInfo(name: string, type: string): Record<string, unknown> {
  return {
    CatalogName: 'hive',
    SchemaName: '',
    TableName: '',
    Name: name,
    Label: name,
    Type: type,
    Precision: type === 'varchar' ? 2147483647 : type === 'bigint' ? 19 : 0,
    Scale: 0,
    Nullable: 'UNKNOWN',
    CaseSensitive: type === 'varchar'
  }
}

export async function resultsPage(e: Execution, body: Body, faults: AthenaFaultPlan): Promise<unknown> {
  if (e.state === 'FAILED') throw invalidRequest(e.reason ?? 'Query failed')
  if (e.state !== 'SUCCEEDED' || e.engine === undefined) {
    throw invalidRequest(`Query has not yet finished. Current state: ${e.state}`)
  }
  const limit = maxResults(body)
  const token = body['NextToken']
  if (token !== undefined && typeof token !== 'string') throw invalidRequest('The NextToken is invalid')
  const offset = token === undefined ? 0 : decodeToken(token, e.id)
  const engine = e.engine
  const header = offset === 0 ? 1 : 0
  const rows = await engine.page(offset, limit - header)
  const end = offset + rows.length
  const columns = engine.columns
  const pageRows = rows.map(row => ({ Data: row.map(datum) }))
  if (header === 1) pageRows.unshift({ Data: columns.map(c => ({ VarCharValue: c.name })) })
  const page: Record<string, unknown> = {
    UpdateCount: 0,
    ResultSet: {
      Rows: pageRows,
      ResultSetMetadata: { ColumnInfo: columns.map(c => columnInfo(c.name, c.type)) }
    }
  }
  if (end < engine.rowCount) page['NextToken'] = encodeToken({ id: e.id, offset: end })
  applyPageFault(page, token, faults)
  faults.pageServed()
  return page
}

function applyPageFault(
  page: Record<string, unknown>,
  token: string | undefined,
  faults: AthenaFaultPlan
): void {
  const fault = faults.take('GetQueryResults', ['repeat-token', 'malformed-page'], token !== undefined)
  if (fault === undefined) return
  if (fault.kind === 'repeat-token') {
    page['NextToken'] = token
    return
  }
  const resultSet = page['ResultSet'] as { Rows: Array<{ Data: unknown[] }> }
  const last = resultSet.Rows[resultSet.Rows.length - 1]
  if (fault.variant === 'no-rows-key') {
    delete (resultSet as Partial<typeof resultSet>).Rows
  } else if (fault.variant === 'not-string') {
    if (last !== undefined) last.Data = last.Data.map(() => ({ VarCharValue: 42 }))
  } else if (last !== undefined) {
    last.Data = last.Data.slice(0, Math.max(0, last.Data.length - 1))
  }
}
