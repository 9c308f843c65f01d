import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DEPLOY_BOT, sampleDataset } from '../../emulator/data.js'
import { BOT, startGitHubFake, type GitHubFake } from '../../emulator/github.js'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { runAction } from '../../__fixtures__/runner.js'

// The bundled action on a pull_request event, as a runner runs it, against the CloudTrail emulator and the
// GitHub REST fake: one comment, updated in place by the next run; an API that refuses is a warning only.

jest.setTimeout(120_000)

let emulator: Emulator
let github: GitHubFake
const dir = mkdtempSync(path.join(os.tmpdir(), 'gate-pr-e2e-'))
const eventPath = path.join(dir, 'event.json')
writeFileSync(eventPath, JSON.stringify({ action: 'synchronize', number: 12, pull_request: { number: 12 } }))

function env(): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_CLOUDTRAIL: emulator.url,
    AWS_ENDPOINT_URL_STS: emulator.url,
    AWS_ACCESS_KEY_ID: 'AKIDE2E',
    AWS_SECRET_ACCESS_KEY: 'secret',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_API_URL: github.url,
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_REPOSITORY: 'acme/infra',
    GITHUB_WORKFLOW: 'deploy',
    GITHUB_JOB: 'gate'
  }
}

const inputs = (events: string): Record<string, string> => ({
  user: DEPLOY_BOT,
  events,
  region: 'eu-west-2',
  'comment-summary-in-pr': 'always',
  'github-token': 'ghs_bot'
})

beforeAll(async () => {
  emulator = await startEmulator({ records: sampleDataset(new Date()), requestsPerSecond: 2 })
  github = await startGitHubFake()
})
afterAll(async () => {
  await Promise.all([emulator.close(), github.close()])
})
beforeEach(() => {
  github.comments.length = 0
  github.setFailure(undefined)
})

describe('the pull-request comment, end to end', () => {
  it('is created once, then updated in place by the next run', async () => {
    github.seed('acme/infra#12', 'LGTM', { login: 'reviewer', type: 'User' })
    const first = await runAction(inputs('TerminateInstances, DeleteBucket'), env())
    expect(first.code).toBe(1)
    const ours = github.comments.filter(c => c.user.login === BOT.login)
    expect(ours).toHaveLength(1)
    const id = ours[0]?.id
    expect(ours[0]?.body).toMatch(
      /^<!-- cloudtrail-gate pr-comment [0-9a-f]{20} -->\n\n<h3>❌ 3 forbidden events found<\/h3>/
    )
    expect(ours[0]?.body.match(/^<tr><td>/gm)).toHaveLength(3)
    expect(first.stdout).toContain('Pull-request comment on #12: created.')

    // The same scope (identity, Regions, patterns) later, its window after the forbidden events: clean.
    const since = new Date(Date.now() - 10 * 60_000).toISOString()
    const second = await runAction(
      { ...inputs('TerminateInstances, DeleteBucket'), created_after: since },
      env()
    )
    expect(second.code).toBe(0)
    expect(github.comments).toHaveLength(2)
    const updated = github.comments.find(c => c.user.login === BOT.login)
    expect(updated?.id).toBe(id)
    expect(updated?.body).toMatch(/<h3>✅ No forbidden events in [\d,]+ events?<\/h3>/)
    expect(second.stdout).toContain('Pull-request comment on #12: updated.')
  })

  it.each([403, 404])('warns on %i and leaves the verdict as it was', async status => {
    github.setFailure(status)
    const failing = await runAction(inputs('TerminateInstances'), env())
    expect(failing.code).toBe(1)
    expect(failing.outputs['found']).toBe('true')
    expect(failing.outputs['complete']).toBe('true')
    expect(failing.stdout).toMatch(
      new RegExp(`^::warning::Could not comment on the pull request \\(${status}: `, 'm')
    )
    expect(failing.stdout).toMatch(/^::error::Forbidden CloudTrail events found/m)
    const clean = await runAction(inputs('DeleteTrail'), env())
    expect(clean.code).toBe(0)
    expect(clean.outputs['found']).toBe('false')
    expect(clean.stdout).toMatch(/^::warning::Could not comment on the pull request/m)
    expect(github.comments).toHaveLength(0)
  })

  it('keeps one comment per matrix leg: a clean leg never overwrites a failing one', async () => {
    const failing = await runAction(inputs('TerminateInstances, DeleteBucket'), env())
    expect(failing.code).toBe(1)
    // Another leg of the same job: another Region, where deploy-bot did nothing forbidden.
    const clean = await runAction(
      { ...inputs('TerminateInstances, DeleteBucket'), region: 'us-west-2' },
      env()
    )
    expect(clean.code).toBe(0)
    const ours = github.comments.filter(c => c.user.login === BOT.login)
    expect(ours).toHaveLength(2)
    expect(ours.map(c => /<h3>(❌|✅)/u.exec(c.body)?.[1])).toEqual(['❌', '✅'])
    // Each leg finds its own comment again on its next run.
    await runAction(inputs('TerminateInstances, DeleteBucket'), env())
    expect(github.comments.filter(c => c.user.login === BOT.login)).toHaveLength(2)
  })
})
