// Values reach Athena as ExecutionParameters, which are SQL literals: a string keeps its quotes and doubles every
// quote inside ("O'Brien" → 'O''Brien'), so no input can end the literal and add SQL of its own.

/** Athena takes at most 1,024 characters a parameter. */
export const MAX_PARAMETER_LENGTH = 1024

export function stringLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`
}

export function integerLiteral(value: number): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not an integer: ${value}`)
  return String(value)
}

/** Collects literals in the order of their `?` placeholders. */
export class Parameters {
  private readonly values: string[] = []

  /** A `?` for a string value. */
  string(value: string): string {
    const literal = stringLiteral(value)
    if (literal.length > MAX_PARAMETER_LENGTH) {
      throw new RangeError(
        `a value of ${value.length} characters is longer than Athena allows in a query parameter`
      )
    }
    this.values.push(literal)
    return '?'
  }

  integer(value: number): string {
    this.values.push(integerLiteral(value))
    return '?'
  }

  /** `?, ?, ?` for a list of strings. */
  strings(values: readonly string[]): string {
    return values.map(v => this.string(v)).join(', ')
  }

  list(): readonly string[] {
    return [...this.values]
  }
}
