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
