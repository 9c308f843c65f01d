// The runner's side of a JavaScript action: inputs from INPUT_* variables, outputs and the step summary in the
// files the runner names, and workflow commands (annotations, groups, masks) on stdout, written exactly as
// @actions/core writes them (__tests__/runner.test.ts runs both and compares). @actions/core itself loads undici
// and Node's HTTP, TLS and zlib stacks when imported, for its OIDC token request alone: more than half of the
// action's start-up. It is imported here only to request that token (role-to-assume).

import { randomUUID } from 'node:crypto'
import { appendFileSync, constants, existsSync } from 'node:fs'
import { access, appendFile } from 'node:fs/promises'
import { EOL } from 'node:os'

/** Where an annotation points; the subset of @actions/core's AnnotationProperties the action uses. */
export interface AnnotationProperties {
  readonly title?: string
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

/**
 * `::name key=value,…::message` and a newline on stdout. As in @actions/core, empty values are left out, and a
 * space follows the name whenever properties were given at all.
 */
function command(
  name: string,
  properties: Readonly<Record<string, string | undefined>>,
  message: string
): void {
  let props = ''
  if (Object.keys(properties).length > 0) {
    const pairs = Object.entries(properties).flatMap(([key, value]) =>
      value ? [`${key}=${escapeProperty(value)}`] : []
    )
    props = ` ${pairs.join(',')}`
  }
  process.stdout.write(`::${name}${props}::${escapeData(message)}${EOL}`)
}

/** An annotation's properties as @actions/core passes them: none at all, or each one, given or not. */
function annotation(properties: AnnotationProperties): Record<string, string | undefined> {
  return Object.keys(properties).length === 0 ? {} : { title: properties.title }
}

/** The input as the workflow gave it, trimmed; empty when it was not given. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '').trim()
}

/** Appends `name<<delimiter … delimiter` to GITHUB_OUTPUT (a random delimiter no value can contain). */
export function setOutput(name: string, value: string): void {
  const file = process.env['GITHUB_OUTPUT'] || ''
  if (!file) {
    process.stdout.write(EOL)
    command('set-output', { name }, value)
    return
  }
  const delimiter = `ghadelimiter_${randomUUID()}`
  if (name.includes(delimiter)) {
    throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`)
  }
  if (value.includes(delimiter)) {
    throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`)
  }
  if (!existsSync(file)) throw new Error(`Missing file at path: ${file}`)
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, { encoding: 'utf8' })
}

/** Appends HTML (and a newline) to the step summary file, which must exist and be writable. */
export async function appendSummary(html: string): Promise<void> {
  const file = process.env['GITHUB_STEP_SUMMARY']
  if (!file) {
    throw new Error(
      'Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.'
    )
  }
  try {
    await access(file, constants.R_OK | constants.W_OK)
  } catch {
    throw new Error(
      `Unable to access summary file: '${file}'. Check if the file has correct read/write permissions.`
    )
  }
  await appendFile(file, `${html}${EOL}`, { encoding: 'utf8' })
}

export function info(message: string): void {
  process.stdout.write(`${message}${EOL}`)
}

export function warning(message: string, properties: AnnotationProperties = {}): void {
  command('warning', annotation(properties), message)
}

export function error(message: string, properties: AnnotationProperties = {}): void {
  command('error', annotation(properties), message)
}

/** An error annotation, and exit code 1 when the process ends. */
export function setFailed(message: string): void {
  process.exitCode = 1
  error(message)
}

/** Masks `secret` in the rest of the job's log. */
export function setSecret(secret: string): void {
  command('add-mask', {}, secret)
}

export function startGroup(name: string): void {
  command('group', {}, name)
}

export function endGroup(): void {
  command('endgroup', {}, '')
}

/** Runs `fn` inside a collapsible group of the log. */
export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  startGroup(name)
  try {
    return await fn()
  } finally {
    endGroup()
  }
}

/** The job's OIDC token for `audience`, from the runner's token service (needs `id-token: write`). */
export async function getIDToken(audience: string): Promise<string> {
  const { getIDToken: request } = await import('@actions/core')
  return request(audience)
}
