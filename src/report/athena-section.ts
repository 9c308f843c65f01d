// The summary's section on the Athena source, in place of the LookupEvents cost section: which query answered,
// the partitions it read, the bytes scanned, the engine time and the cost at the list price. Pure; every value
// from AWS is escaped (`$` too: two of them in one block would read as GitHub math).

import { formatBytes, formatUsd, PRICE_PER_TB_USD } from '../sources/athena/cost.js'
import type { AthenaRun } from '../types.js'
import { cell, details, plural } from './html.js'
import type { SummarySection } from './summary-sections.js'

/** One line for a heading or a log: `1.21 GB scanned, 4.2 s of engine time, about $0.0059`. */
export function athenaCostLine(run: AthenaRun): string {
  if (run.queryExecutionId === null) return 'no query was started, nothing billed'
  return (
    `${formatBytes(run.dataScannedBytes)} scanned, ${(run.engineMs / 1000).toFixed(1)} s of engine time, ` +
    `about ${formatUsd(run.estimatedCostUsd)}`
  )
}

function items(run: AthenaRun): string[] {
  const query =
    run.queryExecutionId === null
      ? 'not started'
      : `<code>${cell(run.queryExecutionId, 100)}</code> ${cell(run.state ?? 'unknown', 40)}`
  const bounds = run.bounds.length === 0 ? 'all (no bounds)' : run.bounds.map(b => cell(b, 300)).join('; ')
  const cost = `${formatUsd(run.estimatedCostUsd)} at $${PRICE_PER_TB_USD} per TB scanned, 10 MB minimum`
  return [
    `<li><b>Source:</b> Amazon Athena, table <code>${cell(run.table, 300)}</code>, workgroup <code>${cell(run.workgroup, 200)}</code></li>`,
    `<li><b>Query:</b> ${query}</li>`,
    `<li><b>Partitions read:</b> ${bounds}</li>`,
    `<li><b>Data scanned:</b> ${formatBytes(run.dataScannedBytes)} (${run.dataScannedBytes.toLocaleString('en-US')} bytes)</li>`,
    `<li><b>Engine time:</b> ${(run.engineMs / 1000).toFixed(1)} s (${(run.totalMs / 1000).toFixed(1)} s in all)</li>`,
    `<li><b>Estimated cost:</b> ${cell(cost)}</li>`,
    `<li><b>Rows:</b> ${run.rows.toLocaleString('en-US')} in ${plural(run.pages, 'result page')}, every one judged</li>`,
    ...run.warnings.slice(0, 10).map(w => `<li>⚠️ ${cell(w, 300)}</li>`)
  ]
}

/** `<details>` on the Athena query, or '' when LookupEvents answered. */
export const athenaSection: SummarySection = {
  name: 'Athena cost',
  render: result => {
    const run = result.athena
    if (!run) return ''
    return details('Cost (Amazon Athena)', cell(athenaCostLine(run), 300), ['<ul>', ...items(run), '</ul>'])
  }
}
