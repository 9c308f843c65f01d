// Athena's ExecutionParameters: positional `?` placeholders, each given a SQL *literal* (a string keeps its
// quotes and '' escaping). Athena hands the values to Trino's EXECUTE … USING, so a value is one expression,
// never SQL text; the emulator accepts only single literals and splices them in, which is equivalent and
// cannot be escaped from. Anything else fails the query the way Athena does (INVALID_INPUT).

export class ParameterError extends Error {}

/** Offsets of the `?` placeholders outside string literals, quoted identifiers and comments. */
export function placeholderOffsets(sql: string): number[] {
  const offsets: number[] = []
  let i = 0
  while (i < sql.length) {
    const c = sql[i]
    if (c === "'" || c === '"') {
      i = closingQuote(sql, i, c) + 1
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i)
      i = end < 0 ? sql.length : end + 1
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2)
      i = end < 0 ? sql.length : end + 2
    } else {
      if (c === '?') offsets.push(i)
      i += 1
    }
  }
  return offsets
}

/** The index of the quote that closes the literal opened at `start` (a doubled quote is an escape). */
function closingQuote(sql: string, start: number, quote: string): number {
  let i = start + 1
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] !== quote) return i
      i += 2
    } else i += 1
  }
  return sql.length
}

const STRING = "'(?:[^']|'')*'"
const LITERALS: readonly RegExp[] = [
  new RegExp(`^${STRING}$`),
  /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/,
  /^(?:true|false|null)$/i,
  new RegExp(
    `^(?:timestamp|date|time|decimal|varchar|char|double|real|bigint|integer|smallint|tinyint)\\s+${STRING}$`,
    'i'
  ),
  /^X'(?:[0-9a-fA-F]{2})*'$/
]

export function isSqlLiteral(value: string): boolean {
  const text = value.trim()
  return LITERALS.some(pattern => pattern.test(text))
}

/** The query with each `?` replaced by its parameter; throws ParameterError as Athena would fail it. */
export function substituteParameters(sql: string, parameters: readonly string[] | undefined): string {
  const offsets = placeholderOffsets(sql)
  const values = parameters ?? []
  if (offsets.length !== values.length) {
    throw new ParameterError(
      `INVALID_INPUT: Incorrect number of parameters: expected ${offsets.length} but found ${values.length}`
    )
  }
  values.forEach((value, i) => {
    if (!isSqlLiteral(value)) {
      throw new ParameterError(
        `INVALID_INPUT: ExecutionParameters[${i}] is not a SQL literal (a string needs its single quotes, ` +
          `with ' doubled inside): ${value.slice(0, 100)}`
      )
    }
  })
  let out = ''
  let last = 0
  offsets.forEach((offset, i) => {
    out += `${sql.slice(last, offset)}${(values[i] ?? '').trim()}`
    last = offset + 1
  })
  return out + sql.slice(last)
}
