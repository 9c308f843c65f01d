import { INPUTS } from '../core/constants.js'

/** An input by its key in INPUTS: `createdAfter`, `region`. */
export type InputKey = keyof typeof INPUTS

/**
 * What one shell calls an input: the action's `created_after` is the CLI's `--created-after` and the library's
 * `createdAfter`. Parsing names inputs only through one of these, in errors and warnings alike, so each shell's
 * messages name what its user wrote.
 */
export type InputNames = (key: InputKey) => string

export const ACTION_NAMES: InputNames = key => INPUTS[key]

/** The library's options are the keys themselves (`createdAfter`, `athenaTable`). */
export const LIBRARY_NAMES: InputNames = key => key
