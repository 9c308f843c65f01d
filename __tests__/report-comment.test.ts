import { describe, expect, it } from '@jest/globals'
import { buildComment, inert, MAX_COMMENT_CHARS } from '../src/report/comment.js'
import { makeEvent, makeResult, manyEvents } from '../__fixtures__/scan-result.js'
import { cleanResult, forbiddenResult, incompleteResult } from '../__fixtures__/verdicts.js'
import { renderedText } from '../__fixtures__/workflow-commands.js'

/** The text GitHub would scan for mentions and references: outside <a>, <code> and <pre>, entities decoded. */
function linkableText(html: string): string {
  let depth = 0
  let text = ''
  for (const [, tag, close, name, plain] of html.matchAll(/(<(\/?)([a-z]*)[^>]*>)|([^<]+)/gi)) {
    if (tag !== undefined && ['a', 'code', 'pre'].includes((name ?? '').toLowerCase()))
      depth += close ? -1 : 1
    else if (plain !== undefined && depth === 0) text += renderedText(plain)
    text += ' '
  }
  return text
}

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
    const resource = 'GH-34, @octocat #12 @org/team owner/repo#7 <b>x</b>'
    const event = makeEvent({ EventName: 'DeleteBucket', Forbidden: true, Resources: [resource] })
    const body = buildComment(makeResult([event]), { marker })
    expect(linkableText(body)).not.toMatch(/[@#][a-z0-9]|GH-\d/i)
    expect(renderedText(body)).toContain(resource)
    expect(body).not.toContain('<b>x</b>')
    expect(body).toMatch(/<a href="https:\/\/[^"]*&#35;\/events\/[^"]*">view<\/a>/)
  })

  it('shows ARNs and event names exactly as they are, with nothing invisible in them', () => {
    const arn = 'arn:aws:s3:::deploy-artifacts/releases/v1.2.3@build#7'
    const event = makeEvent({ EventName: 'PutBucketPolicy', Forbidden: true, Resources: [arn] })
    const body = buildComment(makeResult([event]), { marker })
    const text = renderedText(body)
    expect(text).toContain(arn)
    expect(text).toContain('PutBucketPolicy')
    expect(text).not.toMatch(/[\u200b-\u200f\u2060\ufeff]/)
    expect(body).not.toMatch(/&#(8203|8204|8205|8288|65279);/)
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
  it('puts mentions and references of text in code spans, never inside a tag, a link or a code span', () => {
    expect(inert('<a href="x&#35;y" title="&#64;z">&#64;me &#35;1</a>')).toBe(
      '<a href="x&#35;y" title="&#64;z">&#64;me &#35;1</a>'
    )
    expect(inert('<p>by &#64;me, see &#35;12 and GH-3 in <code>&#64;you</code></p>')).toBe(
      '<p>by <code>&#64;me</code>, see <code>&#35;12</code> and <code>GH-3</code> in <code>&#64;you</code></p>'
    )
    expect(inert('<td>&#64;org/team-a</td><td>&#64;<wbr>x</td>')).toBe(
      '<td><code>&#64;org/team-a</code></td><td><code>&#64;</code><wbr>x</td>'
    )
  })

  it('tracks nesting, and a stray closing tag does not end an open code span', () => {
    expect(inert('<code>a</b>&#64;x</code> &#64;y')).toBe('<code>a</b>&#64;x</code> <code>&#64;y</code>')
    expect(inert('</code>&#64;z')).toBe('</code><code>&#64;z</code>')
  })
})
