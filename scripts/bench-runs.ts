// The three kinds of measured run: the bundled action as a runner starts it, the AWS CLI on the same data, and
// start-up (the bundle failing fast on a missing input against bare `node -e 0`).
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { readOutputs } from '../__fixtures__/runner.js'
import { ROOT, runChild, type ChildResult, type EmulatorProcess } from './bench-proc.js'

export const REGION = 'eu-west-2'
export const USER = 'bench-user'
export const PROBE = './scripts/rss-probe.mjs'
const TIME = '/usr/bin/time'

/** The same window for the action and the CLI, in seconds precision: the emulator's whole data set. */
export interface Window {
  readonly start: string
  readonly end: string
}

export function windowNow(): Window {
  const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
  const end = Date.now() + 1_000
  return { start: iso(end - 89.5 * 86_400_000), end: iso(end) }
}

/** The environment minus anything that could steer a run: inputs, runner files, AWS settings. */
export function cleanEnv(dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(INPUT_|GITHUB_|RUNNER_|AWS_|ACTIONS_|NODE_OPTIONS$)/.test(name)) env[name] = value
  }
  return {
    ...env,
    AWS_ACCESS_KEY_ID: 'AKIDBENCH',
    AWS_SECRET_ACCESS_KEY: 'x',
    AWS_CONFIG_FILE: path.join(dir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true'
  }
}

export function readRss(file: string): number | null {
  if (!existsSync(file)) return null
  const kib = Number(readFileSync(file, 'utf8').trim().split('\n').pop())
  return Number.isFinite(kib) && kib > 0 ? kib : null
}

export interface Measured {
  readonly seconds: number
  readonly code: number | null
  readonly timedOut: boolean
  /** Peak RSS in KiB, or null when it could not be measured. */
  readonly rssKiB: number | null
  readonly errorTail: string
}

export interface ActionRun extends Measured {
  readonly outputs: Record<string, string>
}

export interface ActionRunOptions {
  readonly node: string
  readonly emulator: EmulatorProcess
  readonly window: Window
  readonly requestsPerSecond: number
  readonly dir: string
  readonly name: string
  readonly timeoutMs: number
  /** The `events` input; default TerminateInstances. */
  readonly events?: string
  /** More inputs, by name (`accounts`, `account-role`…). */
  readonly inputs?: Readonly<Record<string, string>>
}

export const actionArgs = ['--import', PROBE, 'dist/index.js']

/** `node --import ./scripts/rss-probe.mjs dist/index.js` with a runner's INPUT_* variables and files. */
export async function runAction(o: ActionRunOptions): Promise<ActionRun> {
  const file = (suffix: string): string => path.join(o.dir, `${o.name}-${suffix}`)
  for (const name of ['output', 'summary']) writeFileSync(file(name), '')
  const env = {
    ...cleanEnv(o.dir),
    INPUT_USER: USER,
    // A wildcard, so the planner reads every event of the user by Username: these runs measure a full read at
    // the pace (an exact name would be read by EventName in a page or two; bench-planner measures that).
    INPUT_EVENTS: o.events ?? 'Terminate*',
    INPUT_REGION: REGION,
    'INPUT_REQUESTS-PER-SECOND': String(o.requestsPerSecond),
    'INPUT_INCLUDE-GLOBAL-EVENTS': 'false',
    'INPUT_FAIL-ON-FORBIDDEN': 'false',
    INPUT_CREATED_AFTER: o.window.start,
    INPUT_CREATED_BEFORE: o.window.end,
    'INPUT_TIMEOUT-MINUTES': String(Math.ceil(o.timeoutMs / 60_000)),
    // The bench measures the scan; the delivery barrier's wait (a marker, a margin) would only add noise.
    'INPUT_WAIT-FOR-DELIVERY': 'false',
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: file('output'),
    GITHUB_STEP_SUMMARY: file('summary'),
    RUNNER_TEMP: o.dir,
    AWS_ENDPOINT_URL_CLOUDTRAIL: o.emulator.url,
    AWS_ENDPOINT_URL_STS: o.emulator.url,
    BENCH_RSS_FILE: file('rss'),
    ...Object.fromEntries(
      Object.entries(o.inputs ?? {}).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])
    )
  }
  const result = await runChild(o.node, actionArgs, { env, timeoutMs: o.timeoutMs })
  return { ...measured(result, readRss(file('rss'))), outputs: readOutputs(file('output')) }
}

function measured(result: ChildResult, rssKiB: number | null): Measured {
  const errorTail = `${result.stderr}\n${result.stdout}`.trim().split('\n').slice(-3).join(' / ')
  return { seconds: result.seconds, code: result.code, timedOut: result.timedOut, rssKiB, errorTail }
}

export interface CliRun extends Measured {
  /** Events in the CLI's JSON output, or null when it printed none (it prints only at the end). */
  readonly events: number | null
}

export function cliArgs(url: string, window: Window): string[] {
  return [
    'cloudtrail',
    'lookup-events',
    ...['--region', REGION, '--endpoint-url', url],
    ...['--lookup-attributes', `AttributeKey=Username,AttributeValue=${USER}`],
    ...['--start-time', window.start, '--end-time', window.end, '--output', 'json']
  ]
}

/** `aws cloudtrail lookup-events …` to the last page (the CLI pages itself), at its default retry settings. */
export async function runCli(url: string, window: Window, dir: string, timeoutMs: number): Promise<CliRun> {
  const json = path.join(dir, 'aws-cli.json')
  const rss = path.join(dir, 'aws-cli-rss')
  const timed = existsSync(TIME)
  const [command, args] = timed
    ? [TIME, ['-f', '%M', '-o', rss, 'aws', ...cliArgs(url, window)]]
    : ['aws', cliArgs(url, window)]
  const env = { ...cleanEnv(dir), AWS_PAGER: '' }
  const result = await runChild(command, args, { env, timeoutMs, stdoutFile: json })
  let events: number | null = null
  try {
    const body = JSON.parse(readFileSync(json, 'utf8')) as { Events?: unknown[] }
    events = body.Events?.length ?? null
  } catch {
    events = null
  }
  return { ...measured(result, timed ? readRss(rss) : null), events }
}

export interface Startup {
  readonly node: string
  readonly version: string
  readonly bareMs: number
  readonly bundleMs: number
  readonly diffMs: number
  /** Exit codes of the bundle runs other than the expected 1 (missing `user`). */
  readonly unexpected: number[]
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}

function timedRun(node: string, args: string[], env: NodeJS.ProcessEnv): { ms: number; code: number | null } {
  const started = performance.now()
  const result = spawnSync(node, args, { cwd: ROOT, env, stdio: 'ignore', timeout: 20_000 })
  return { ms: performance.now() - started, code: result.status }
}

/** Medians of `runs` alternating runs of `node -e 0` and `node dist/index.js` with no inputs at all. */
export function startup(node: string, version: string, runs: number, dir: string): Startup {
  const env = cleanEnv(dir)
  const bare: number[] = []
  const bundle: number[] = []
  const unexpected: number[] = []
  timedRun(node, ['dist/index.js'], env) // warm the file cache
  for (let i = 0; i < runs; i++) {
    bare.push(timedRun(node, ['-e', '0'], env).ms)
    const run = timedRun(node, ['dist/index.js'], env)
    bundle.push(run.ms)
    if (run.code !== 1) unexpected.push(run.code ?? -1)
  }
  const bareMs = median(bare)
  const bundleMs = median(bundle)
  return { node, version, bareMs, bundleMs, diffMs: bundleMs - bareMs, unexpected }
}
