// The report step: renderings of a ScanResult. Builds strings and files; the action shell hands them to
// @actions/core, the CLI prints them.

export { consoleUrl, partitionOfRegion } from './console.js'
export { identityKind, identityText, isoSeconds, verdictOf, type Verdict } from './describe.js'
export { breakWorkflowCommands, escapeHtml, sanitizeForLog, truncate } from './escape.js'
export { buildReport, writeReport, type Report, type ReportMeta, type WriteReportOptions } from './file.js'
export { buildOutputs, DEFAULT_MAX_EVENTS_BYTES, OUTPUTS } from './outputs.js'
export {
  buildSummary,
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_ROWS,
  MIN_SUMMARY_BYTES,
  type SummaryOptions
} from './summary.js'
export { formatTable, queryLine, verdictLine } from './table.js'
