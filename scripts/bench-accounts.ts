// The many-accounts scenarios of `npm run bench` (issue 17): the bundled action over N accounts of equal size
// (N = 1, 5, 20), each account read as its own role with its own 2 requests/s per Region, against one emulator
// (in its own process) at LookupEvents' real limit. Targets: wall time ≤ 1.3× one account's at N = 5 and ≤ 2× at
// N = 20, and no request throttled in any account. N = 20 runs with max-concurrent-accounts 20 (every account at
// once), then again at the default 10 (two waves), which is reported but has no target.
import type { EmulatorStats } from '../emulator/server.js'
import { benchAccountId } from './bench-accounts-ids.js'
import { startServerProcess, type EmulatorProcess } from './bench-proc.js'
import type { Row, Target } from './bench-report.js'
import * as runs from './bench-runs.js'

export interface AccountsBenchOptions {
  readonly node: string
  readonly dir: string
  /** The busy user's events in each account (default 1,000: 20 pages, 10 s at the limit). */
  readonly events: number
  /** The emulator's token-bucket capacity per (account, Region), as for the paced runs (default 1: strict). */
  readonly burst: number
}

export interface AccountsBenchResult {
  readonly rows: Row[]
  readonly targets: Target[]
  readonly problems: string[]
  readonly notes: string[]
}

const ROLE = 'arn:aws:iam::{account}:role/cloudtrail-audit'
const PAGE = 50
const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

interface Served {
  readonly pages: number
  readonly throttled: number
  /** Accounts that saw at least one throttled request. */
  readonly throttledAccounts: number
}

async function stats(url: string): Promise<EmulatorStats> {
  const response = await fetch(`${url}/__emulator/stats`, { signal: AbortSignal.timeout(10_000) })
  return (await response.json()) as EmulatorStats
}

/** LookupEvents served between two snapshots, over the given accounts. */
function served(before: EmulatorStats, after: EmulatorStats, accounts: readonly string[]): Served {
  let pages = 0
  let throttled = 0
  let throttledAccounts = 0
  for (const account of accounts) {
    const region = (s: EmulatorStats) => s.accounts[account]?.[runs.REGION]
    const accepted = (region(after)?.accepted ?? 0) - (region(before)?.accepted ?? 0)
    const refused = (region(after)?.throttled ?? 0) - (region(before)?.throttled ?? 0)
    pages += accepted
    throttled += refused
    if (refused > 0) throttledAccounts += 1
  }
  return { pages, throttled, throttledAccounts }
}

interface Measured {
  readonly row: Row
  readonly seconds: number | null
  readonly served: Served
}

async function measure(
  o: AccountsBenchOptions,
  emulator: EmulatorProcess,
  n: number,
  concurrent: number,
  out: AccountsBenchResult
): Promise<Measured> {
  const accounts = Array.from({ length: n }, (_, i) => benchAccountId(i + 1))
  const label = `${n} account${n === 1 ? '' : 's'}${concurrent < n ? `, ${concurrent} at once` : ''}`
  await sleep(1_500) // let the emulator's token buckets refill
  const before = await stats(emulator.url)
  const pagesEach = Math.ceil(o.events / PAGE)
  const run = await runs.runAction({
    node: o.node,
    emulator,
    window: runs.windowNow(),
    requestsPerSecond: 2,
    dir: o.dir,
    name: `accounts-${n}-${concurrent}`,
    timeoutMs: Math.ceil(n / concurrent) * pagesEach * 1_500 + 90_000,
    inputs: {
      accounts: accounts.join(','),
      'account-role': ROLE,
      'max-concurrent-accounts': String(concurrent)
    }
  })
  const s = served(before, await stats(emulator.url), accounts)
  const expected = n * o.events
  const scanned = Number(run.outputs['scanned'])
  if (run.timedOut) out.problems.push(`accounts (${label}): timed out after ${run.seconds.toFixed(1)} s`)
  else if (run.code !== 0) out.problems.push(`accounts (${label}): exit ${run.code}: ${run.errorTail}`)
  if (run.outputs['complete'] !== 'true')
    out.problems.push(`accounts (${label}): complete=${run.outputs['complete']}`)
  if (scanned !== expected) out.problems.push(`accounts (${label}): scanned ${scanned}, expected ${expected}`)
  if (run.outputs['accounts'] !== accounts.join(','))
    out.problems.push(`accounts (${label}): accounts output differs`)
  const seconds = run.timedOut ? null : run.seconds
  return {
    seconds,
    served: s,
    row: {
      run: `action (${label}, ${o.events.toLocaleString('en')} events each)`,
      pages: s.pages,
      events: Number.isFinite(scanned) ? scanned : null,
      seconds,
      // Per account the limit is 2 requests/s: the ideal is one account's pages at 2/s, times the waves.
      efficiency: seconds === null ? null : ((s.pages / n) * Math.ceil(n / concurrent)) / 2 / seconds,
      throttled: s.throttled,
      rssKiB: run.rssKiB
    }
  }
}

export async function accountsBench(o: AccountsBenchOptions): Promise<AccountsBenchResult> {
  const out: AccountsBenchResult = { rows: [], targets: [], problems: [], notes: [] }
  const server = await startServerProcess(
    [
      'scripts/bench-accounts-emulator.ts',
      '--accounts',
      '20',
      '--events',
      String(o.events),
      '--region',
      runs.REGION
    ],
    15 * 60_000
  )
  const emulator: EmulatorProcess = {
    ...server,
    stats: async region =>
      (await stats(server.url)).regions[region] ?? { requests: 0, accepted: 0, throttled: 0, faults: 0 }
  }
  try {
    // A first run, not reported: the emulator's first pages (JIT, first connections) must not slow the baseline.
    await measure(o, emulator, 1, 1, { rows: [], targets: [], problems: out.problems, notes: [] })
    const one = await measure(o, emulator, 1, 1, out)
    const lines = [
      '',
      `Many accounts (each ${o.events.toLocaleString('en')} events of one user in ${runs.REGION}, read as its own role at its ` +
        `own 2 req/s, burst ${o.burst}; wall time from process start to exit):`,
      '',
      '| accounts | at once | pages | seconds | ÷ one account | throttled (accounts) |',
      '| ---: | ---: | ---: | ---: | ---: | ---: |'
    ]
    const line = (n: number, concurrent: number, m: Measured): string => {
      const ratio = m.seconds !== null && one.seconds ? m.seconds / one.seconds : null
      return (
        `| ${n} | ${concurrent} | ${m.served.pages} | ${m.seconds?.toFixed(2) ?? '–'} | ` +
        `${ratio === null ? '–' : `${ratio.toFixed(2)}×`} | ${m.served.throttled} (${m.served.throttledAccounts}) |`
      )
    }
    out.rows.push(one.row)
    lines.push(line(1, 1, one))
    for (const [n, concurrent, limit] of [
      [5, 5, 1.3],
      [20, 20, 2],
      [20, 10, undefined]
    ] as const) {
      const m = await measure(o, emulator, n, concurrent, out)
      out.rows.push(m.row)
      lines.push(line(n, concurrent, m))
      const ratio = m.seconds !== null && one.seconds ? m.seconds / one.seconds : Infinity
      if (limit !== undefined) {
        out.targets.push({
          name: `${n} accounts in <= ${limit}× one account's wall time, 0 throttled`,
          pass: ratio <= limit && m.served.throttled === 0,
          detail: `${ratio.toFixed(2)}× (${m.seconds?.toFixed(2) ?? '–'} s ÷ ${one.seconds?.toFixed(2) ?? '–'} s), ${m.served.throttled} throttled`
        })
      }
    }
    out.notes.push(...lines)
  } finally {
    await server.close()
  }
  return out
}
