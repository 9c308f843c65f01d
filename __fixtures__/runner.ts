import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/** A runner's files for one step: the output file, the summary file and RUNNER_TEMP. */
export interface RunnerFiles {
  readonly dir: string
  readonly output: string
  readonly summary: string
  readonly temp: string
}

export function runnerFiles(): RunnerFiles {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gate-runner-'))
  const files = {
    dir,
    output: path.join(dir, 'output'),
    summary: path.join(dir, 'summary.md'),
    temp: mkdtempSync(path.join(dir, 'temp-'))
  }
  writeFileSync(files.output, '')
  writeFileSync(files.summary, '')
  return files
}

/** The variables a runner sets for a JavaScript action step: INPUT_* (as @actions/core reads them) and files. */
export function runnerEnv(inputs: Record<string, string>, files: RunnerFiles): Record<string, string> {
  const env: Record<string, string> = {
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    RUNNER_TEMP: files.temp,
    GITHUB_ACTIONS: 'true',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1'
  }
  for (const [name, value] of Object.entries(inputs))
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  return env
}

/** Parses GITHUB_OUTPUT as the runner does: `name<<DELIMITER`, value lines, `DELIMITER`. */
export function readOutputs(file: string): Record<string, string> {
  const lines = readFileSync(file, 'utf8').split('\n')
  const outputs: Record<string, string> = {}
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[i] ?? '')
    if (!match) continue
    const [, name = '', delimiter] = match
    const value: string[] = []
    for (i += 1; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '')
    outputs[name] = value.join('\n')
  }
  return outputs
}

export interface ActionRun {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
  readonly outputs: Record<string, string>
  readonly summary: string
  readonly ms: number
}

/** Environment for the bundle against one emulator serving CloudTrail and STS, with static keys. */
export function emulatorEnv(url: string, accessKeyId = 'AKIDE2E'): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_CLOUDTRAIL: url,
    AWS_ENDPOINT_URL_STS: url,
    AWS_ACCESS_KEY_ID: accessKeyId,
    AWS_SECRET_ACCESS_KEY: 'secret'
  }
}

/** The Node that runs the bundle: ACTION_NODE (CI sets a Node 24 binary, as GitHub runs actions), else this one. */
export const actionNode = process.env['ACTION_NODE'] || process.execPath

/**
 * Runs dist/index.js as a runner does: a child process with INPUT_* variables, GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files. Only the variables given (plus PATH and HOME) reach it, so no credentials leak in.
 */
export function runAction(
  inputs: Record<string, string>,
  env: Record<string, string>,
  options: { timeoutMs?: number; files?: RunnerFiles } = {}
): Promise<ActionRun> {
  const files = options.files ?? runnerFiles()
  const started = Date.now()
  return new Promise((resolve, reject) => {
    const child = spawn(actionNode, [path.resolve('dist/index.js')], {
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? '',
        AWS_EC2_METADATA_DISABLED: 'true',
        ...runnerEnv(inputs, files),
        ...env
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 60_000
    })
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk))
    child.on('error', reject)
    child.on('close', code =>
      resolve({
        code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        outputs: readOutputs(files.output),
        summary: readFileSync(files.summary, 'utf8'),
        ms: Date.now() - started
      })
    )
  })
}

export interface CliRun {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/**
 * Runs the bundled CLI (dist/cli/index.js, the package's bin) with the standard credential chain: only PATH, the
 * variables given and no instance metadata reach it.
 */
export function runCli(args: string[], env: Record<string, string>, timeoutMs = 50_000): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(actionNode, [path.resolve('dist/cli/index.js'), ...args], {
      env: { PATH: process.env['PATH'] ?? '', AWS_EC2_METADATA_DISABLED: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', code => resolve({ code, stdout, stderr }))
  })
}
