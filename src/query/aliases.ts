import { InputError } from '../core/errors.js'

/** An input as one shell received it: its name there, and its value (empty or undefined when not set). */
export interface NamedInput {
  readonly name: string
  readonly value: string | undefined
}

/**
 * One value from an input and its alias (`created-after` for `created_after`): either may be set, or both to the
 * same value. Two different values are an input error rather than one silently winning.
 */
export function fromAlias(primary: NamedInput, alias: NamedInput): string | undefined {
  const main = primary.value?.trim() ?? ''
  const other = alias.value?.trim() ?? ''
  if (main === '') return other === '' ? primary.value : alias.value
  if (other !== '' && other !== main) {
    throw new InputError(
      alias.name,
      other,
      `the same value as ${primary.name} (${JSON.stringify(main)}), or to be left out: ` +
        `${alias.name} is another name for ${primary.name}`
    )
  }
  return primary.value
}
