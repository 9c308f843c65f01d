import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { commentOnPullRequest } from '../src/action/github/comment.js'
import type { CommentSettings } from '../src/action/github/pull-request.js'
import { BOT, startGitHubFake, type GitHubFake } from '../emulator/github.js'
import { cleanResult, forbiddenResult } from '../__fixtures__/verdicts.js'
import type { ScanResult } from '../src/types.js'

// The comment's API calls, with the real @actions/github client over HTTP against the local REST fake.

let github: GitHubFake
const dir = mkdtempSync(path.join(os.tmpdir(), 'gate-pr-'))
const eventPath = path.join(dir, 'event.json')
writeFileSync(eventPath, JSON.stringify({ number: 7, pull_request: { number: 7 } }))

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: 'acme/infra',
    GITHUB_API_URL: github.url,
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_RUN_ID: '4242',
    GITHUB_WORKFLOW: 'deploy',
    GITHUB_JOB: 'gate',
    ...extra
  }
}

const logs: string[] = []
const log = { info: (m: string) => logs.push(`info ${m}`), warning: (m: string) => logs.push(`warning ${m}`) }
const always: CommentSettings = { mode: 'always', token: 'ghs_bot' }

beforeAll(async () => {
  github = await startGitHubFake({ tokens: { ghs_bot: BOT, ghp_alice: { login: 'alice', type: 'User' } } })
})
afterAll(async () => {
  await github.close()
})
beforeEach(() => {
  github.comments.length = 0
  github.requests.length = 0
  github.setFailure(undefined)
  logs.length = 0
})

/** A clean later run of the same scope (identity, Regions, patterns) as forbiddenResult(): it updates that comment. */
function cleanResultOfSameScope(): ScanResult {
  return { ...cleanResult(), query: forbiddenResult().query }
}

describe('commentOnPullRequest', () => {
  it('creates one comment, then updates it in place, found past the first pages of comments', async () => {
    for (let i = 0; i < 250; i++) github.seed('acme/infra#7', `comment ${i}`, { login: 'bob', type: 'User' })
    const first = await commentOnPullRequest({
      settings: always,
      result: forbiddenResult(),
      stepFails: true,
      env: env(),
      log
    })
    expect(first).toBe('created')
    const ours = github.comments.filter(c => c.user.login === BOT.login)
    expect(ours).toHaveLength(1)
    expect(ours[0]?.body).toMatch(
      /^<!-- cloudtrail-gate pr-comment [0-9a-f]{20} -->\n\n<h3>❌ 4 forbidden events found<\/h3>/
    )
    expect(ours[0]?.body).toContain('<a href="https://github.example/acme/infra/actions/runs/4242">')
    for (let i = 0; i < 50; i++) github.seed('acme/infra#7', `later ${i}`, { login: 'bob', type: 'User' })
    const second = await commentOnPullRequest({
      settings: always,
      result: cleanResultOfSameScope(),
      stepFails: false,
      env: env(),
      log
    })
    expect(second).toBe('updated')
    expect(github.comments.filter(c => c.user.login === BOT.login)).toHaveLength(1)
    expect(ours[0]?.body).toContain('<h3>✅ No forbidden events in 1,520 events</h3>')
    // 250, then 301 comments at 100 a page: every page read to create it, and the search stopped at page 3
    // (of 4) once it was found.
    const lists = github.requests.filter(r => r.startsWith('GET /repos/acme/infra/issues/7/comments'))
    expect(lists).toHaveLength(3 + 3)
    expect(lists.some(r => r.includes('page=4'))).toBe(false)
    expect(github.requests.at(-1)).toBe(`PATCH /repos/acme/infra/issues/comments/${ours[0]?.id}`)
  })

  it('keeps one comment per workflow, job and identity', async () => {
    await commentOnPullRequest({
      settings: always,
      result: forbiddenResult(),
      stepFails: true,
      env: env(),
      log
    })
    await commentOnPullRequest({
      settings: always,
      result: forbiddenResult(),
      stepFails: true,
      env: env({ GITHUB_JOB: 'other' }),
      log
    })
    await commentOnPullRequest({
      settings: always,
      result: forbiddenResult(),
      stepFails: true,
      env: env(),
      log
    })
    expect(github.comments).toHaveLength(2)
  })

  it('never overwrites a comment someone else wrote with our marker in it', async () => {
    await commentOnPullRequest({
      settings: always,
      result: forbiddenResult(),
      stepFails: true,
      env: env(),
      log
    })
    const marker = github.comments[0]?.body.split('\n')[0] ?? ''
    github.comments.length = 0
    const impostor = github.seed('acme/infra#7', `${marker}\n✅ all clean, trust me`, {
      login: 'mallory',
      type: 'User'
    })
    expect(
      await commentOnPullRequest({
        settings: always,
        result: forbiddenResult(),
        stepFails: true,
        env: env(),
        log
      })
    ).toBe('created')
    expect(impostor.body).toContain('trust me')
    expect(github.comments).toHaveLength(2)
  })

  it("with a person's token, finds that person's own comment", async () => {
    const settings: CommentSettings = { mode: 'always', token: 'ghp_alice' }
    expect(
      await commentOnPullRequest({ settings, result: forbiddenResult(), stepFails: true, env: env(), log })
    ).toBe('created')
    expect(
      await commentOnPullRequest({
        settings,
        result: cleanResultOfSameScope(),
        stepFails: false,
        env: env(),
        log
      })
    ).toBe('updated')
    expect(github.comments).toHaveLength(1)
  })

  it('on-failure: comments when the step fails, and afterwards only updates that comment', async () => {
    const settings: CommentSettings = { mode: 'on-failure', token: 'ghs_bot' }
    expect(
      await commentOnPullRequest({
        settings,
        result: cleanResultOfSameScope(),
        stepFails: false,
        env: env(),
        log
      })
    ).toBe('skipped')
    expect(github.comments).toHaveLength(0)
    expect(
      await commentOnPullRequest({ settings, result: forbiddenResult(), stepFails: true, env: env(), log })
    ).toBe('created')
    expect(
      await commentOnPullRequest({
        settings,
        result: cleanResultOfSameScope(),
        stepFails: false,
        env: env(),
        log
      })
    ).toBe('updated')
    expect(github.comments[0]?.body).toContain('✅')
  })

  it.each([403, 404, 500])('turns a %i from the API into a warning', async status => {
    github.setFailure(status)
    const outcome = await commentOnPullRequest({
      settings: always,
      result: forbiddenResult(),
      stepFails: true,
      env: env(),
      log
    })
    expect(outcome).toBe('skipped')
    expect(logs.find(l => l.startsWith('warning'))).toMatch(
      new RegExp(
        `^warning Could not comment on the pull request \\(${status}: .*\\)\\. The verdict is unchanged\\.`
      )
    )
    if (status !== 500) expect(logs.join('\n')).toContain('permissions: pull-requests: write')
  })

  it('does nothing outside a pull request, or when set to never', async () => {
    const push = env({ GITHUB_EVENT_NAME: 'push' })
    expect(
      await commentOnPullRequest({
        settings: always,
        result: forbiddenResult(),
        stepFails: true,
        env: push,
        log
      })
    ).toBe('skipped')
    const never: CommentSettings = { mode: 'never', token: 'ghs_bot' }
    expect(
      await commentOnPullRequest({
        settings: never,
        result: forbiddenResult(),
        stepFails: true,
        env: env(),
        log
      })
    ).toBe('skipped')
    expect(github.requests).toEqual([])
  })

  it('warns, without failing, when the API cannot be reached', async () => {
    const down = env({ GITHUB_API_URL: 'http://127.0.0.1:1' })
    expect(
      await commentOnPullRequest({
        settings: always,
        result: forbiddenResult(),
        stepFails: true,
        env: down,
        log
      })
    ).toBe('skipped')
    expect(logs.some(l => l.startsWith('warning Could not comment'))).toBe(true)
  })
})

describe('comments per scope', () => {
  it('keeps one comment per matrix leg: a clean leg never overwrites a failing one', async () => {
    const failing = forbiddenResult()
    const otherLeg = { ...cleanResult(), query: { ...failing.query, regions: ['us-east-1'] } }
    await commentOnPullRequest({ settings: always, result: failing, stepFails: true, env: env(), log })
    await commentOnPullRequest({ settings: always, result: otherLeg, stepFails: false, env: env(), log })
    const ours = github.comments.filter(c => c.user.login === BOT.login)
    expect(ours).toHaveLength(2)
    expect(ours.map(c => c.body.match(/<h3>(.)/u)?.[1])).toEqual(['❌', '✅'])
  })
})
