import type { ScanResult } from '../types.js'

// The shapes of the summary's parts, apart from the list of them (summary-sections.ts) so that each section's
// own file can name them without importing that list.

export interface SummarySection {
  /** Named in the "left out to stay under the size limit" note. */
  readonly name: string
  /** One `<details>` block, or '' to show nothing. Pure, escaped, no blank line inside. */
  readonly render: (result: ScanResult) => string
}

/** A short line right under the verdict (a `<p>`), or ''. Pure and escaped, like a section. */
export type SummaryNotice = (result: ScanResult) => string
