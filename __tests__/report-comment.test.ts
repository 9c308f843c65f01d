import { describe, expect, it } from '@jest/globals'
import { buildComment, inert, MAX_COMMENT_CHARS } from '../src/report/comment.js'
import { makeEvent, makeResult, manyEvents } from '../__fixtures__/scan-result.js'
import { cleanResult, forbiddenResult, incompleteResult } from '../__fixtures__/verdicts.js'

const marker = '<!-- cloudtrail-gate pr-comment 0123456789abcdef0123 -->'

describe('buildComment', () => {
  it('starts with the hidden marker, then the verdict as a smaller heading', () => {
    const body = buildComment(forbiddenResult(), { marker, runUrl: 'https://github.com/a/b/actions/runs/1' })
    expect(body.split('\n\n')[0]).toBe(marker)
    expect(body.split('\n\n')[1]?.split('\n')[0]).toBe('<h3>❌ 4 forbidden events found</h3>')
    expect(body).toContain('<a href="https://github.com/a/b/actions/runs/1">the workflow run</a>')
    expect(buildComment(cleanResult(), { marker })).toContain(
      '<h3>✅ No forbidden events in 1,520 events</h3>'
    )
    expect(buildComment(incompleteResult(), { marker })).toContain('<h3>🛑 Scan incomplete')
  })

  it('shows the newest 10 events and says how many there are', () => {
    const events = manyEvents(25, () => ({ EventName: 'DeleteBucket', Forbidden: true }))
    const body = buildComment(makeResult(events), { marker })
    expect(body.match(/^<tr><td>/gm)).toHaveLength(10)
    expect(body).toContain('<p>The newest 10 of 25 events.</p>')
  })

  it('lets no CloudTrail string mention anyone or reference an issue, and keeps the console link whole', () => {
    const event = makeEvent({
      EventName: 'DeleteBucket',
      Forbidden: true,
      Resources: ['GH-34, @octocat #12 <b>x</b>']
    })
    const body = buildComment(makeResult([event]), { marker })
    const text = body
      .replace(/<[^>]*>/g, '')
      .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    expect(text).toContain('@\u200boctocat')
    expect(text).toContain('#\u200b12')
    expect(text).toContain('GH-\u200b34')
    expect(text).not.toMatch(/[@#][a-z0-9]|GH-\d/i)
    expect(body).not.toContain('<b>x</b>')
    expect(body).toMatch(/<a href="https:\/\/[^"]*&#35;\/events\/[^"]*">view<\/a>/)
  })

  it('stays under GitHub’s limit for a comment with the longest values', () => {
    const events = manyEvents(50, i => ({
      EventName: '|'.repeat(300) + i,
      Forbidden: true,
      Resources: ['|'.repeat(5000)],
      ErrorCode: '|'.repeat(500),
      UserName: `${'|'.repeat(500)}${i}`
    }))
    const body = buildComment(makeResult(events), { marker, rows: 50 })
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS)
    expect(body.startsWith(marker)).toBe(true)
  })
})

describe('inert', () => {
  it('breaks escaped @ and # in text only, never inside a tag', () => {
    expect(inert('<a href="x&#35;y" title="&#64;z">&#64;me &#35;1</a>')).toBe(
      '<a href="x&#35;y" title="&#64;z">&#64;&#8203;me &#35;&#8203;1</a>'
    )
  })
})
