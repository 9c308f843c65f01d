// The benchmark's result: one markdown table (to paste into the README), the targets, and how it was run.
import type { Startup } from './bench-runs.js'

export interface Row {
  readonly run: string
  readonly pages: number | null
  readonly events: number | null
  readonly seconds: number | null
  /** Ideal time at the limit (pages ÷ 2 requests/s) ÷ time taken; null when there is no limit. */
  readonly efficiency: number | null
  readonly throttled: number | null
  readonly rssKiB: number | null
  /** Why the run did not finish normally. */
  readonly note?: string
}

export interface Target {
  readonly name: string
  readonly pass: boolean
  readonly detail: string
}

export interface BenchReport {
  readonly date: string
  readonly command: string
  readonly node: { readonly path: string; readonly version: string }
  /** The paced emulator's token-bucket capacity (1: strictly one request per 500 ms). */
  readonly burst: number
  readonly actionCommand: string
  readonly awsVersion: string
  readonly cliCommand: string | null
  readonly rows: readonly Row[]
  /** AWS CLI seconds ÷ action seconds (paced), when both finished. */
  readonly speedup: number | null
  readonly startups: readonly Startup[]
  readonly targets: readonly Target[]
  readonly problems: readonly string[]
}

const dash = '–'

function cell(value: number | null, digits: number): string {
  if (value === null || !Number.isFinite(value)) return dash
  return digits === 0 ? Math.round(value).toLocaleString('en') : value.toFixed(digits)
}

function row(r: Row): string {
  const rate = r.events !== null && r.seconds ? r.events / r.seconds : null
  const rss = r.rssKiB === null ? dash : `${(r.rssKiB / 1024).toFixed(1)} MiB`
  const efficiency = r.efficiency === null ? 'n/a (no limit)' : cell(r.efficiency, 3)
  const name = r.note === undefined ? r.run : `${r.run} ⚠`
  const cells = [name, cell(r.pages, 0), cell(r.events, 0), cell(r.seconds, 2), cell(rate, 0)]
  return `| ${[...cells, efficiency, cell(r.throttled, 0), rss].join(' | ')} |`
}

export function renderReport(report: BenchReport): string {
  const lines = [
    '| run | pages | events | seconds | events/s | efficiency | throttled | peak RSS |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...report.rows.map(row),
    '',
    'efficiency = (pages ÷ 2 req/s) ÷ wall seconds, process start to exit; pages and throttled are the ' +
      "emulator's own counts; peak RSS is the process's getrusage maxRSS. The paced emulator allows 2 " +
      `requests/s per Region with a burst of ${report.burst} (${report.burst === 1 ? 'no two requests closer than 500 ms' : `up to ${report.burst} back to back`}).`
  ]
  for (const r of report.rows) if (r.note !== undefined) lines.push(`⚠ ${r.run}: ${r.note}`)
  const cli = report.rows.find(r => r.run.startsWith('aws cli'))
  const action = report.rows[0]
  if (report.speedup !== null && cli && action) {
    const [a, c] = [cell(action.seconds, 2), cell(cli.seconds, 2)]
    lines.push(`speed-up vs AWS CLI: ${report.speedup.toFixed(2)}× (${c} s ÷ ${a} s)`)
  } else {
    lines.push(`speed-up vs AWS CLI: n/a (${cli ? 'the CLI did not finish' : report.awsVersion})`)
  }
  for (const s of report.startups) {
    lines.push(
      `start-up (node ${s.version}, median of 15): \`node -e 0\` ${s.bareMs.toFixed(0)} ms, ` +
        `\`node dist/index.js\` (no inputs, exit 1) ${s.bundleMs.toFixed(0)} ms → +${s.diffMs.toFixed(0)} ms`
    )
  }
  lines.push('', 'Targets:')
  for (const t of report.targets) lines.push(`- ${t.pass ? 'PASS' : 'FAIL'} ${t.name}: ${t.detail}`)
  lines.push(
    '',
    `node: ${report.node.version} (${report.node.path})`,
    `action: ${report.actionCommand}`,
    `aws cli: ${report.awsVersion}${report.cliCommand ? ` — ${report.cliCommand}` : ''}`,
    `command: ${report.command}`
  )
  if (report.problems.length > 0) {
    lines.push('', 'Problems (runs that did not work):', ...report.problems.map(p => `- ${p}`))
  }
  return lines.join('\n')
}
