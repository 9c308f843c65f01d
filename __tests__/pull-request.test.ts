import { describe, expect, it } from '@jest/globals'
import {
  commentMarker,
  parseCommentSettings,
  pullRequestOf,
  scopeOf,
  type PullRequestRef
} from '../src/action/github/pull-request.js'
import { ATHENA_SETTINGS, makeQuery, pattern } from '../__fixtures__/scan-result.js'

const inputs =
  (values: Record<string, string>) =>
  (name: string): string =>
    values[name] ?? ''

describe('parseCommentSettings', () => {
  it('defaults to never, and takes the three modes in any case', () => {
    expect(parseCommentSettings(inputs({}))).toEqual({ mode: 'never', token: '' })
    for (const mode of ['always', 'on-failure', 'never', 'ON-FAILURE']) {
      const settings = parseCommentSettings(inputs({ 'comment-summary-in-pr': mode, 'github-token': 't' }))
      expect(settings.mode).toBe(mode.toLowerCase())
    }
  })

  it('rejects another mode, and a mode that would comment without a token, naming the input', () => {
    expect(() =>
      parseCommentSettings(inputs({ 'comment-summary-in-pr': 'yes', 'github-token': 't' }))
    ).toThrow(`Input 'comment-summary-in-pr' has an invalid value "yes": expected never, always, on-failure.`)
    expect(() => parseCommentSettings(inputs({ 'comment-summary-in-pr': 'always' }))).toThrow(
      /Input 'github-token'/
    )
  })
})

describe('pullRequestOf', () => {
  const env = {
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: '/event.json',
    GITHUB_REPOSITORY: 'acme/infra',
    GITHUB_WORKFLOW: 'deploy',
    GITHUB_JOB: 'gate'
  }

  it('reads the pull request of pull_request and pull_request_target events', () => {
    for (const name of ['pull_request', 'pull_request_target']) {
      const pr = pullRequestOf({ ...env, GITHUB_EVENT_NAME: name }, () => '{"pull_request":{"number":42}}')
      expect(pr).toEqual({ owner: 'acme', repo: 'infra', number: 42, workflow: 'deploy', job: 'gate' })
    }
  })

  it('gives nothing for other events or a payload without a usable number', () => {
    expect(pullRequestOf({ ...env, GITHUB_EVENT_NAME: 'push' }, () => '{"number":1}')).toBeUndefined()
    for (const payload of [
      '',
      'not json',
      'null',
      '{}',
      '{"number":"7"}',
      '{"number":-1}',
      '{"number":1.5}'
    ]) {
      expect(pullRequestOf(env, () => payload)).toBeUndefined()
    }
    expect(pullRequestOf({ ...env, GITHUB_REPOSITORY: 'acme' }, () => '{"number":1}')).toBeUndefined()
  })
})

describe('commentMarker', () => {
  const pr: PullRequestRef = { owner: 'acme', repo: 'infra', number: 1, workflow: 'deploy', job: 'gate' }

  it('is one hidden line, the same for the same workflow, job and identity', () => {
    const marker = commentMarker(pr, 'deploy-bot')
    expect(marker).toMatch(/^<!-- cloudtrail-gate pr-comment [0-9a-f]{20} -->$/)
    expect(commentMarker({ ...pr, number: 2 }, 'deploy-bot')).toBe(marker)
    expect(commentMarker({ ...pr, job: 'other' }, 'deploy-bot')).not.toBe(marker)
    expect(commentMarker({ ...pr, workflow: 'other' }, 'deploy-bot')).not.toBe(marker)
    expect(commentMarker(pr, 'arn:aws:iam::123456789012:role/x')).not.toBe(marker)
  })

  it('cannot be ended early by a name', () => {
    expect(commentMarker({ ...pr, job: '--> <b>x</b>' }, '-->')).toMatch(/^<!-- [a-z0-9 -]+ -->$/)
  })
})

describe('scopeOf', () => {
  const base = makeQuery({ regions: ['eu-west-2'], patterns: [pattern('Delete*'), pattern('StopLogging')] })

  it('tells matrix legs apart: Regions, patterns, source, table, identity', () => {
    const key = scopeOf(base)
    expect(scopeOf(makeQuery({ ...base, regions: ['us-east-1'] }))).not.toBe(key)
    expect(scopeOf(makeQuery({ ...base, patterns: [pattern('Delete*')] }))).not.toBe(key)
    expect(scopeOf(makeQuery({ ...base, includeGlobalEvents: false }))).not.toBe(key)
    expect(scopeOf(makeQuery({ ...base, identity: { kind: 'name', name: 'other' } }))).not.toBe(key)
    const athena = makeQuery({ ...base, source: 'athena', athena: ATHENA_SETTINGS })
    expect(scopeOf(athena)).not.toBe(key)
    const other = makeQuery({ ...base, source: 'athena', athena: { ...ATHENA_SETTINGS, table: 'other' } })
    expect(scopeOf(other)).not.toBe(scopeOf(athena))
  })

  it('is the same scope whatever the order the lists were written in', () => {
    const reordered = makeQuery({
      ...base,
      patterns: [pattern('StopLogging'), pattern('Delete*')]
    })
    expect(scopeOf(reordered)).toBe(scopeOf(base))
  })
})
