import os from 'node:os'
import { clip, listSome, MESSAGE_MAX } from '../core/bounded.js'
import { systemClock, type Clock } from '../core/clock.js'
import { INPUTS, TOOL_NAME, TOOL_VERSION } from '../core/constants.js'
import {
  CredentialsError,
  defaultSessionName,
  webIdentityCredentials,
  type CredentialsProvider
} from '../aws/credentials.js'
import { OwnRequests } from '../aws/own-requests.js'
import { isoSeconds } from '../core/dates.js'
import { describeIdentity } from '../core/identity.js'
import { describeIncomplete, errorMessage, InputError } from '../core/errors.js'
import { commentOnPullRequest } from './github/comment.js'
import { sanitizeForLog } from '../report/escape.js'
import { writeReport } from '../report/file.js'
import { forbiddenAnnotations } from '../report/annotations.js'
import { buildOutputs, notStartedOutputs } from '../report/outputs.js'
import { noEventsLine } from '../report/no-events.js'
import { buildSummary } from '../report/summary.js'
import { notStartedSummary } from '../report/summary-verdict.js'
import { verdictLine } from '../report/table.js'
import type { ScanDeps } from '../run/run.js'
import * as core from './runner.js'
import { readSettings, type ActionSettings } from './settings.js'
import type { ScanResult } from '../types.js'

// The action shell: inputs → plan → lookup → evaluate → report, with the runner (runner.ts) only here at the edge.

export interface RunOptions {
  readonly clock?: Clock
  readonly env?: Readonly<Record<string, string | undefined>>
  /** Override the CloudTrail client factory (tests). */
  readonly clientFor?: ScanDeps['clientFor']
  /** Override the STS client factory of the delivery barrier (tests). */
  readonly stsFor?: ScanDeps['stsFor']
}

async function credentialsFor(
  settings: ActionSettings,
  env: Readonly<Record<string, string | undefined>>,
  own: OwnRequests
): Promise<CredentialsProvider | undefined> {
  const role = settings.role
  if (!role) return undefined
  if (!env['ACTIONS_ID_TOKEN_REQUEST_URL']) {
    throw new CredentialsError(
      `role-to-assume is set, but this job cannot request an OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL is not set). ` +
        'Add `permissions: id-token: write` to the workflow or the job.'
    )
  }
  const provider = webIdentityCredentials({
    role,
    region: settings.query.regions[0] ?? 'us-east-1',
    getIdToken: audience => core.getIDToken(audience),
    onSecret: secret => core.setSecret(secret),
    own
  })
  // Exchange once before scanning, so a broken trust policy fails the step before any lookup.
  const first = await provider()
  core.info(`Assumed ${role.roleArn} as session ${role.sessionName} (access key ${first.accessKeyId}).`)
  return provider
}

async function report(result: ScanResult, settings: ActionSettings): Promise<void> {
  const dir = process.env['RUNNER_TEMP'] || os.tmpdir()
  const reportPath = await writeReport(dir, result, {
    tool: TOOL_NAME,
    version: TOOL_VERSION,
    generatedAt: new Date()
  })
  for (const [name, value] of Object.entries(buildOutputs(result, reportPath))) core.setOutput(name, value)
  if (process.env['GITHUB_STEP_SUMMARY']) {
    await core.appendSummary(buildSummary(result, { reportPath }))
  }
  // Already one inert line, so its values are not escaped twice (a copied name must match).
  core.info(verdictLine(result))
  core.info(`Report: ${reportPath}`)
  // Errors when they fail the step; warnings when fail-on-forbidden lets it pass.
  const annotate = settings.failOnForbidden ? core.error : core.warning
  for (const { title, message } of forbiddenAnnotations(result)) annotate(message, { title })
}

/** A run that ended before it had a result: short summary, and outputs that say nothing is known. */
async function reportNotStarted(message: string, kind: 'input' | 'setup'): Promise<void> {
  for (const [name, value] of Object.entries(notStartedOutputs(kind))) core.setOutput(name, value)
  if (process.env['GITHUB_STEP_SUMMARY']) {
    await core.appendSummary(notStartedSummary(message, kind))
  }
}

/** Fails the step when the result says so; returns whether it did. */
function gate(settings: ActionSettings, result: ScanResult): boolean {
  // Bounded: thousands of names matching `Delete*` must not make one multi-megabyte annotation.
  const list = listSome(result.violations.map(v => `${v.name} ×${v.count}`))
  if (result.incomplete) {
    const seen = result.found ? ` Forbidden events found before it stopped: ${list}.` : ''
    core.setFailed(sanitizeForLog(describeIncomplete(result.incomplete) + seen))
    return true
  }
  if (!result.found) return noEventsGate(settings, result)
  const who = describeIdentity(settings.query.identity)
  const message = sanitizeForLog(`Forbidden CloudTrail events found for ${who}: ${list}.`)
  if (settings.failOnForbidden) core.setFailed(message)
  else core.warning(`${message} (fail-on-forbidden is false: the step passes)`)
  return settings.failOnForbidden
}

/** Zero events for the identity: a warning, or with fail-on-no-events a failure. Returns whether it failed. */
function noEventsGate(settings: ActionSettings, result: ScanResult): boolean {
  const line = noEventsLine(result)
  if (line === undefined) return false
  const message = sanitizeForLog(line)
  if (settings.failOnNoEvents) core.setFailed(`${message} (${INPUTS.failOnNoEvents} is true)`)
  else core.warning(message)
  return settings.failOnNoEvents
}

/**
 * The Plan group (credentials, the strategy), then the reading: each Region's probes and choice, the pages, the
 * delivery barrier (LookupEvents); or one query over the trail's S3 files (Athena).
 */
async function planAndScan(
  settings: ActionSettings,
  options: RunOptions,
  clock: Clock,
  onStart: () => void
): Promise<ScanResult> {
  const env = options.env ?? process.env
  const progress = { info: (line: string) => core.info(sanitizeForLog(line)) }
  const { query } = settings
  const reading = query.athena ? 'Athena query' : 'Lookup'
  // Two groups around one scan: the plan (credentials, the strategy once it is made), then the reading.
  core.startGroup('Plan')
  let planning = true
  const endPlan = (): void => {
    if (!planning) return
    planning = false
    core.endGroup()
    core.startGroup(reading)
  }
  try {
    // Every request this run makes, the OIDC exchange included, is set aside from the identity's events.
    const own = new OwnRequests()
    const credentials = await credentialsFor(settings, env, own)
    onStart()
    const deps = {
      own,
      clientOptions: { credentials, own },
      ...(options.clientFor && { clientFor: options.clientFor }),
      ...(options.stsFor && { stsFor: options.stsFor }),
      clock,
      progress,
      // Each named account is read as its role, in a session that says it is this gate's run.
      sessionName: defaultSessionName(env),
      onSecret: (secret: string) => core.setSecret(secret),
      onPlanned: (strategy: string) => {
        core.info(sanitizeForLog(`Plan: ${strategy}`))
        endPlan()
      }
    }
    // The run and the AWS SDK are loaded only now, once the inputs are known good: an input error fails fast.
    const { scan } = await import('../run/run.js')
    const result = await scan(query, deps)
    for (const warning of result.athena?.warnings ?? []) core.warning(sanitizeForLog(warning))
    return result
  } finally {
    endPlan()
    core.endGroup()
  }
}

/** The action's entry point. Never throws: every failure ends in one setFailed. */
export async function run(options: RunOptions = {}): Promise<void> {
  const clock = options.clock ?? systemClock
  let started = false
  try {
    const settings = await core.group('Inputs', async () => {
      const parsed = await readSettings(
        name => core.getInput(name),
        options.env ?? process.env,
        new Date(clock.now())
      )
      const { window, regions } = parsed.query
      core.info(`Window ${isoSeconds(window.start)} → ${isoSeconds(window.end)} in ${regions.join(', ')}`)
      for (const warning of parsed.query.warnings) core.warning(warning)
      return parsed
    })
    const result = await planAndScan(settings, options, clock, () => (started = true))
    await core.group('Report', () => report(result, settings))
    const stepFails = gate(settings, result)
    if (settings.comment.mode !== 'never') {
      const env = options.env ?? process.env
      const log = { info: core.info, warning: core.warning }
      await core.group('Pull-request comment', () =>
        commentOnPullRequest({ settings: settings.comment, result, stepFails, env, log })
      )
    }
  } catch (error) {
    const message = clip(errorMessage(error), MESSAGE_MAX)
    if (!started) {
      const kind = error instanceof InputError ? 'input' : 'setup'
      await reportNotStarted(message, kind).catch(e => core.warning(`No summary: ${errorMessage(e)}`))
    }
    core.setFailed(message)
  }
}
