// Which pull request a run belongs to, and the settings of the PR comment. Pure: the environment and the event
// file's text come in, so the runner's variables are tested without a runner.

import { createHash } from 'node:crypto'
import { INPUTS } from '../../core/constants.js'
import { InputError } from '../../core/errors.js'
import type { Query } from '../../core/types.js'

export type CommentMode = 'never' | 'always' | 'on-failure'

export interface CommentSettings {
  readonly mode: CommentMode
  /** The token for the GitHub API (`github-token`, default `${{ github.token }}`). */
  readonly token: string
}

const MODES: readonly CommentMode[] = ['never', 'always', 'on-failure']

export function parseCommentSettings(getInput: (name: string) => string): CommentSettings {
  const text = getInput(INPUTS.commentSummaryInPr).trim()
  const mode = text === '' ? 'never' : MODES.find(m => m === text.toLowerCase())
  if (mode === undefined) throw new InputError(INPUTS.commentSummaryInPr, text, MODES.join(', '))
  const token = getInput(INPUTS.githubToken).trim()
  if (mode !== 'never' && token === '') {
    throw new InputError(
      INPUTS.githubToken,
      '',
      `a token that may write pull-request comments when ${INPUTS.commentSummaryInPr} is ${mode}`
    )
  }
  return { mode, token }
}

/** The pull request a run is about, with what names this gate's comment apart from others on it. */
export interface PullRequestRef {
  readonly owner: string
  readonly repo: string
  readonly number: number
  readonly workflow: string
  readonly job: string
}

export const PULL_REQUEST_EVENTS: ReadonlySet<string> = new Set(['pull_request', 'pull_request_target'])

/**
 * The pull request of a `pull_request` or `pull_request_target` run, from GITHUB_EVENT_NAME, GITHUB_REPOSITORY
 * and the event payload; undefined for any other event, or a payload without a pull-request number.
 */
export function pullRequestOf(
  env: Readonly<Record<string, string | undefined>>,
  readEvent: (path: string) => string
): PullRequestRef | undefined {
  if (!PULL_REQUEST_EVENTS.has(env['GITHUB_EVENT_NAME'] ?? '')) return undefined
  const [owner, repo, ...rest] = (env['GITHUB_REPOSITORY'] ?? '').split('/')
  const eventPath = env['GITHUB_EVENT_PATH']
  if (!owner || !repo || rest.length > 0 || !eventPath) return undefined
  const number = numberOf(readEvent(eventPath))
  if (number === undefined) return undefined
  return { owner, repo, number, workflow: env['GITHUB_WORKFLOW'] ?? '', job: env['GITHUB_JOB'] ?? '' }
}

function numberOf(payload: string): number | undefined {
  let event: unknown
  try {
    event = JSON.parse(payload)
  } catch {
    return undefined
  }
  if (typeof event !== 'object' || event === null) return undefined
  const pr = (event as { pull_request?: { number?: unknown } }).pull_request
  const number = pr?.number ?? (event as { number?: unknown }).number
  return typeof number === 'number' && Number.isSafeInteger(number) && number > 0 ? number : undefined
}

/**
 * What makes a run's question distinct beyond its workflow and job: the identity, the source (and its table),
 * the Regions and the patterns. Matrix legs of one job differ in these, so each keeps its own comment, and a
 * scope's ❌ is only ever replaced by the same scope's later run.
 */
export function scopeOf(query: Query): string {
  const table = query.athena ? `${query.athena.database}.${query.athena.table}` : ''
  const identity = query.identity.kind === 'name' ? query.identity.name : query.identity.arn
  return JSON.stringify([
    identity,
    query.source,
    table,
    [...query.regions].sort(),
    query.includeGlobalEvents,
    query.patterns.map(p => p.text).sort()
  ])
}

/**
 * The hidden first line of this gate's comment: one comment per workflow, job and scope, so two gates in one
 * pull request (another job, another role, another matrix leg) keep their own. A hash, so no name can end the
 * HTML comment.
 */
export function commentMarker(pr: PullRequestRef, scope: string): string {
  const key = createHash('sha256').update(`${pr.workflow}\n${pr.job}\n${scope}`).digest('hex').slice(0, 20)
  return `<!-- cloudtrail-gate pr-comment ${key} -->`
}
