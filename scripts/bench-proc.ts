// Child processes for the benchmark: bounded runs (every child has a timeout), and the emulator in a process of
// its own so that its memory and CPU never count against the action.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { closeSync, openSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { EmulatorStats, RegionStats } from '../emulator/server.js'

export const ROOT = fileURLToPath(new URL('..', import.meta.url))

export interface ChildResult {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  /** Wall time from spawn to exit. */
  readonly seconds: number
  readonly stdout: string
  readonly stderr: string
  readonly timedOut: boolean
}

export interface ChildOptions {
  readonly env: NodeJS.ProcessEnv
  readonly timeoutMs: number
  /** Send stdout to this file instead of keeping it. */
  readonly stdoutFile?: string
}

const live = new Set<ChildProcess>()
// Whatever happens to the benchmark, no child outlives it.
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL')
})
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const child of live) child.kill('SIGKILL')
    process.exit(130)
  })
}

/** Keeps the last `limit` characters of a stream. */
function tail(limit = 64_000): { add(chunk: Buffer): void; text(): string } {
  let text = ''
  return {
    add: chunk => {
      text = (text + chunk.toString('utf8')).slice(-limit)
    },
    text: () => text
  }
}

/** Runs a command to its end (or its timeout, then SIGKILL) and times it. */
export function runChild(
  command: string,
  args: readonly string[],
  options: ChildOptions
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const fd = options.stdoutFile === undefined ? undefined : openSync(options.stdoutFile, 'w')
    const started = performance.now()
    const child = spawn(command, args, {
      cwd: ROOT,
      env: options.env,
      stdio: ['ignore', fd ?? 'pipe', 'pipe']
    })
    live.add(child)
    const out = tail()
    const err = tail()
    child.stdout?.on('data', (chunk: Buffer) => out.add(chunk))
    child.stderr?.on('data', (chunk: Buffer) => err.add(chunk))
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, options.timeoutMs)
    let seconds = 0
    child.once('exit', () => {
      seconds = (performance.now() - started) / 1000
    })
    child.once('error', error => {
      clearTimeout(timer)
      live.delete(child)
      if (fd !== undefined) closeSync(fd)
      reject(error)
    })
    child.once('close', (code, signal) => {
      clearTimeout(timer)
      live.delete(child)
      if (fd !== undefined) closeSync(fd)
      resolve({ code, signal, seconds, stdout: out.text(), stderr: err.text(), timedOut })
    })
  })
}

/** A command's first output line, or undefined when it cannot run (for `aws --version`, `node --version`). */
export function probe(command: string, args: readonly string[]): string | undefined {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 })
  if (result.error || result.status !== 0) return undefined
  return `${result.stdout}${result.stderr}`.trim().split('\n')[0]
}

export interface EmulatorProcess {
  readonly url: string
  readonly pid: number
  /** Counters of one Region (zeros before its first request). */
  stats(region: string): Promise<RegionStats>
  close(): Promise<void>
}

export interface EmulatorProcessOptions {
  readonly rate: number
  /** The emulator's token-bucket capacity: 1 = strictly one request per 1/rate, 2 = bursts of two. */
  readonly burst: number
  readonly count: number
  readonly user: string
  readonly region: string
  /** Hard limit on the emulator's whole life. */
  readonly lifetimeMs: number
  /** Events of one name by other users: `DeleteTrail:3` (the planner benchmark). */
  readonly crowd?: readonly string[]
}

export interface ServerProcess {
  readonly url: string
  readonly pid: number
  close(): Promise<void>
}

/**
 * `node --import tsx <script> …` in its own process, killed after `lifetimeMs` whatever happens; resolves once
 * it prints `… listening on <url>` (within `readyMs`, which covers a data set generated at start).
 */
export function startServerProcess(
  args: readonly string[],
  lifetimeMs: number,
  readyMs = 60_000
): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  live.add(child)
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()))
  const lifetime = setTimeout(() => child.kill('SIGKILL'), lifetimeMs)
  lifetime.unref()
  const close = async (): Promise<void> => {
    clearTimeout(lifetime)
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      const killer = setTimeout(() => child.kill('SIGKILL'), 3_000)
      await exited
      clearTimeout(killer)
    }
    live.delete(child)
  }
  const err = tail(4_000)
  child.stderr.on('data', (chunk: Buffer) => err.add(chunk))
  return new Promise((resolve, reject) => {
    let stdout = ''
    const fail = (why: string): void => {
      void close()
      reject(new Error(`${args[0] ?? 'server'} did not start (${why}): ${err.text().trim()}`))
    }
    const ready = setTimeout(() => fail(`no URL within ${readyMs / 1000} s`), readyMs)
    const early = (code: number | null): void => {
      clearTimeout(ready)
      fail(`exit ${code}`)
    }
    child.once('exit', early)
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8')
      const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1]
      if (url === undefined) return
      clearTimeout(ready)
      child.removeListener('exit', early)
      child.stdout.removeAllListeners('data')
      child.stdout.resume()
      resolve({ url, pid: child.pid ?? -1, close })
    })
  })
}

/** `node --import tsx emulator/cli.ts …` in its own process; resolves once it prints its URL. */
export async function startEmulatorProcess(options: EmulatorProcessOptions): Promise<EmulatorProcess> {
  const args = ['emulator/cli.ts', '--port', '0', '--rate', String(options.rate)]
  args.push('--burst', String(options.burst))
  args.push('--dataset', `heavy:${options.count}:${options.user}`, '--region', options.region)
  for (const spec of options.crowd ?? []) args.push('--crowd', spec)
  const server = await startServerProcess(args, options.lifetimeMs)
  return {
    ...server,
    stats: async region => {
      const response = await fetch(`${server.url}/__emulator/stats`, { signal: AbortSignal.timeout(10_000) })
      const body = (await response.json()) as EmulatorStats
      return body.regions[region] ?? { requests: 0, accepted: 0, throttled: 0, faults: 0 }
    }
  }
}

/** What happened between two snapshots of a Region's counters. */
export function delta(before: RegionStats, after: RegionStats): RegionStats {
  return {
    requests: after.requests - before.requests,
    accepted: after.accepted - before.accepted,
    throttled: after.throttled - before.throttled,
    faults: after.faults - before.faults
  }
}
