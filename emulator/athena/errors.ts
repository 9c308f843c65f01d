// Query failures as Athena reports them: the Trino error name at the head of StateChangeReason and in
// AthenaError.ErrorMessage, with ErrorCategory 1 SYSTEM / 2 USER / 3 OTHER and an ErrorType from Athena's
// error catalog (1000 user error, 1001 data error, 200 engine internal error).

import { AwsError } from '../http.js'

/** An Athena InvalidRequestException; its body carries `AthenaErrorCode` beside the message. */
export class InvalidRequest extends AwsError {
  constructor(
    message: string,
    readonly athenaErrorCode = 'INVALID_INPUT'
  ) {
    super(400, 'InvalidRequestException', message)
  }
}

export function invalidRequest(message: string): InvalidRequest {
  return new InvalidRequest(message)
}

export interface AthenaFailure {
  category: number
  type: number
  /** e.g. `SYNTAX_ERROR: line 1:8: …` */
  message: string
  retryable: boolean
}

export class QueryFailure extends Error {
  constructor(readonly failure: AthenaFailure) {
    super(failure.message)
  }
}

export function userError(name: string, detail: string): QueryFailure {
  return new QueryFailure({ category: 2, type: 1000, message: `${name}: ${detail}`, retryable: false })
}

const FIRST_LINE = /^[^\n]*/

/** Maps a DuckDB error message to the Trino error Athena would report for the same mistake. */
export function fromDuckDb(error: unknown): QueryFailure {
  if (error instanceof QueryFailure) return error
  // Not `instanceof Error`: under jest the native binding's errors come from another realm.
  const message = typeof error === 'object' && error !== null && 'message' in error ? error.message : error
  const text = String(message).replace(/^Error: /, '')
  const detail = (FIRST_LINE.exec(text)?.[0] ?? text).replace(/^[A-Za-z ]+ Error: /, '')
  const user = (name: string): QueryFailure => userError(name, detail)
  if (text.startsWith('Parser Error')) return user('SYNTAX_ERROR')
  if (/^Catalog Error: Table with name/.test(text)) return user('TABLE_NOT_FOUND')
  if (/^Catalog Error: Schema with name/.test(text)) return user('SCHEMA_NOT_FOUND')
  if (/^Catalog Error: (Scalar|Aggregate|Table) Function/.test(text)) return user('FUNCTION_NOT_FOUND')
  if (/^Binder Error: (Referenced column|Values list|Could not find key)/.test(text))
    return user('COLUMN_NOT_FOUND')
  if (/^Binder Error: (Cannot compare|No function matches|Cannot mix)/.test(text))
    return user('TYPE_MISMATCH')
  if (text.startsWith('Binder Error')) return user('SEMANTIC_ERROR')
  if (text.startsWith('Conversion Error')) {
    return new QueryFailure({
      category: 2,
      type: 1001,
      message: `INVALID_CAST_ARGUMENT: ${detail}`,
      retryable: false
    })
  }
  if (text.startsWith('Invalid Input Error')) {
    // A log file that is not valid JSON: Athena fails the query reading it.
    return new QueryFailure({
      category: 2,
      type: 1001,
      message: `HIVE_CURSOR_ERROR: ${detail}`,
      retryable: false
    })
  }
  return new QueryFailure({
    category: 1,
    type: 200,
    message: `GENERIC_INTERNAL_ERROR: ${detail}`,
    retryable: false
  })
}
