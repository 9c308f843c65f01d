// Posts the verdict on the pull request, as one comment per workflow, job and identity that later runs update
// in place. Best effort by design: a comment that cannot be written (a fork's read-only token, a missing
// permission, an API outage) is a warning, and never changes the verdict or the step's result.

import type { getOctokit } from '@actions/github'
import { readFileSync } from 'node:fs'
import { errorMessage } from '../../core/errors.js'
import { buildComment } from '../../report/comment.js'
import { sanitizeForLog, truncate } from '../../report/escape.js'
import type { ScanResult } from '../../types.js'
import {
  commentMarker,
  pullRequestOf,
  scopeOf,
  type CommentSettings,
  type PullRequestRef
} from './pull-request.js'

type Octokit = ReturnType<typeof getOctokit>

export interface CommentLog {
  info(message: string): void
  warning(message: string): void
}

/** How long the whole comment may take (find, then create or update). */
const COMMENT_TIMEOUT_MS = 30_000
/** Pages of 100 comments read while looking for ours: 5,000 comments, more than any pull request has. */
const MAX_PAGES = 50

export type CommentOutcome = 'created' | 'updated' | 'skipped'

/**
 * Comments on the run's pull request per `settings.mode`: `always`, or `on-failure` when the step fails. When
 * the step passes under `on-failure`, an earlier comment is still updated, so it never shows a stale failure.
 */
export async function commentOnPullRequest(args: {
  readonly settings: CommentSettings
  readonly result: ScanResult
  readonly stepFails: boolean
  readonly env: Readonly<Record<string, string | undefined>>
  readonly log: CommentLog
}): Promise<CommentOutcome> {
  const { settings, result, env, log } = args
  if (settings.mode === 'never') return 'skipped'
  try {
    const pr = pullRequestOf(env, path => readFileSync(path, 'utf8'))
    if (pr === undefined) {
      log.info('Not a pull_request or pull_request_target event: no pull-request comment.')
      return 'skipped'
    }
    const marker = commentMarker(pr, scopeOf(result.query))
    const body = buildComment(result, { marker, runUrl: runUrl(env), workflow: pr.workflow, job: pr.job })
    const { getOctokit } = await import('@actions/github')
    const octokit = getOctokit(settings.token, {
      baseUrl: env['GITHUB_API_URL'] || 'https://api.github.com',
      request: { signal: AbortSignal.timeout(COMMENT_TIMEOUT_MS) }
    })
    const create = settings.mode === 'always' || args.stepFails
    const outcome = await upsertComment(octokit, pr, marker, body, create)
    log.info(`Pull-request comment on #${pr.number}: ${outcome}.`)
    return outcome
  } catch (error) {
    log.warning(commentFailure(error))
    return 'skipped'
  }
}

export async function upsertComment(
  octokit: Octokit,
  pr: PullRequestRef,
  marker: string,
  body: string,
  create: boolean
): Promise<CommentOutcome> {
  const existing = await findComment(octokit, pr, marker)
  const where = { owner: pr.owner, repo: pr.repo }
  if (existing !== undefined) {
    await octokit.rest.issues.updateComment({ ...where, comment_id: existing, body })
    return 'updated'
  }
  if (!create) return 'skipped'
  await octokit.rest.issues.createComment({ ...where, issue_number: pr.number, body })
  return 'created'
}

/**
 * Our earlier comment: it starts with the marker and was written by a bot (the default `github.token`, or a
 * GitHub App's token) or by the token's own user. Anyone can paste the marker into a comment of their own;
 * that one is not ours to overwrite.
 */
async function findComment(
  octokit: Octokit,
  pr: PullRequestRef,
  marker: string
): Promise<number | undefined> {
  let me: string | null | undefined
  let pages = 0
  const params = { owner: pr.owner, repo: pr.repo, issue_number: pr.number, per_page: 100 }
  for await (const page of octokit.paginate.iterator(octokit.rest.issues.listComments, params)) {
    for (const comment of page.data) {
      if (!comment.body?.startsWith(marker)) continue
      if (comment.user?.type === 'Bot') return comment.id
      me = me === undefined ? await login(octokit) : me
      if (me !== null && comment.user?.login === me) return comment.id
    }
    pages += 1
    if (pages >= MAX_PAGES) return undefined
  }
  return undefined
}

/** The token's own login, or null for an app token (GitHub answers /user with 403 for those). */
async function login(octokit: Octokit): Promise<string | null> {
  try {
    return (await octokit.rest.users.getAuthenticated()).data.login
  } catch {
    return null
  }
}

function runUrl(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const server = env['GITHUB_SERVER_URL']
  const repo = env['GITHUB_REPOSITORY']
  const id = env['GITHUB_RUN_ID']
  if (!server || !repo || !id || !/^\d+$/.test(id)) return undefined
  return `${server}/${repo}/actions/runs/${id}`
}

function commentFailure(error: unknown): string {
  const status =
    typeof error === 'object' && error !== null ? (error as { status?: unknown }).status : undefined
  const hint =
    status === 403 || status === 404
      ? ' Give the job `permissions: pull-requests: write`; a pull request from a fork gets a read-only token ' +
        'under `pull_request` events.'
      : ''
  const what = sanitizeForLog(truncate(errorMessage(error), 300))
  return `Could not comment on the pull request (${status ?? 'no answer'}: ${what}). The verdict is unchanged.${hint}`
}
