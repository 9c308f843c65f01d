import { describe, expect, it } from '@jest/globals'
import { consoleUrl, partitionOfRegion } from '../src/report/console.js'
import { breakWorkflowCommands, escapeHtml, sanitizeForLog, truncate } from '../src/report/escape.js'
import { workflowCommands } from '../__fixtures__/workflow-commands.js'

describe('escapeHtml', () => {
  it('escapes HTML-special characters and backtick', () => {
    expect(escapeHtml(`<a href="x">Tom & 'Jerry'</a> \`code\``)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt; &#96;code&#96;'
    )
  })

  it('turns a table-cell breakout into text', () => {
    expect(escapeHtml('</td><script>alert(1)</script>')).toBe(
      '&lt;/td&gt;&lt;script&gt;alert&#40;1&#41;&lt;/script&gt;'
    )
  })

  it('neutralises markdown: pipes, emphasis, links, images, mentions, headings, comments, math', () => {
    expect(escapeHtml('| pipes |')).toBe('&#124; pipes &#124;')
    expect(escapeHtml('**bold** _it_ ~~s~~')).toBe(
      '&#42;&#42;bold&#42;&#42; &#95;it&#95; &#126;&#126;s&#126;&#126;'
    )
    expect(escapeHtml('[link](javascript:alert(1))')).toBe(
      '&#91;link&#93;&#40;javascript:alert&#40;1&#41;&#41;'
    )
    expect(escapeHtml('![img](http://x)')).toBe('&#33;&#91;img&#93;&#40;http://x&#41;')
    expect(escapeHtml('@octocat #1')).toBe('&#64;octocat &#35;1')
    expect(escapeHtml('<!-- x')).toBe('&lt;&#33;-- x')
    expect(escapeHtml('$x$ \\*')).toBe('&#36;x&#36; &#92;&#42;')
  })

  it('keeps line breaks from ending an HTML block, and drops other controls and bidi overrides', () => {
    expect(escapeHtml('a\r\n\nb\tc')).toBe('a&#13;&#10;&#10;b&#9;c')
    expect(escapeHtml('x\u0000\u001b[31m\u202eevil')).toBe('x\uFFFD\uFFFD&#91;31m\uFFFDevil')
  })

  it('leaves ordinary names alone', () => {
    expect(escapeHtml('arn:aws:s3:::my-bucket/key.txt 10.0.0.1 ünïcode ✓')).toBe(
      'arn:aws:s3:::my-bucket/key.txt 10.0.0.1 ünïcode ✓'
    )
  })
})

describe('sanitizeForLog', () => {
  it('keeps CloudTrail data from starting a workflow command', () => {
    const out = sanitizeForLog('a\n::set-output name=found::false')
    expect(out).toBe('a\\n::set-output name=found::false')
    expect(out).not.toContain('\n')
    expect(workflowCommands(out)).toEqual([])
  })

  it('escapes, visibly, the `:` that would start a command and the `#` of every legacy `##[`', () => {
    expect(sanitizeForLog('::add-mask:::x')).toBe('\\u003a:add-mask:::x')
    expect(sanitizeForLog(' \u00a0\u3000::set-output name=x::y')).toBe(
      ' \u00a0\u3000\\u003a:set-output name=x::y'
    )
    expect(sanitizeForLog('\t::x::y')).toBe('\\t::x::y')
    expect(sanitizeForLog('##[set-output name=x;]y')).toBe('\\u0023#[set-output name=x;]y')
    expect(sanitizeForLog('ok ###[x]')).toBe('ok #\\u0023#[x]')
    for (const hostile of [
      '::add-mask::x',
      '  ::stop-commands::t',
      '##[set-output name=x;]y',
      'a ##[error]b'
    ]) {
      expect(workflowCommands(sanitizeForLog(hostile))).toEqual([])
      expect(workflowCommands(hostile)).not.toEqual([])
    }
  })

  it('makes control characters visible, backslash first so escapes stay unambiguous', () => {
    expect(sanitizeForLog('a\r\tb\\n\u001b[2J\u0085\u2028\u202e')).toBe(
      'a\\r\\tb\\\\n\\u001b[2J\\u0085\\u2028\\u202e'
    )
  })

  it('prints ARNs, event names and request IDs exactly, with nothing invisible added', () => {
    for (const value of [
      'arn:aws:iam::123456789012:role/deploy-prod',
      'arn:aws:sts::123456789012:assumed-role/deploy/GitHubActions',
      'arn:aws-us-gov:s3:::my-bucket/a::b',
      'PutBucketPolicy',
      '7a1c9f2e-0000-4000-a000-000000000001',
      'i-0abc::def ## #[x]'
    ]) {
      expect(sanitizeForLog(value)).toBe(value)
      expect(breakWorkflowCommands(`Report: ${value}`)).toBe(`Report: ${value}`)
    }
  })

  it('breakWorkflowCommands is idempotent and adds no invisible character', () => {
    for (const line of ['::y:::z', '##[x]', ' ::a::b ##[c]']) {
      const once = breakWorkflowCommands(line)
      expect(breakWorkflowCommands(once)).toBe(once)
      expect(workflowCommands(once)).toEqual([])
      expect(once).not.toMatch(/[\u200b-\u200f\u2060\ufeff]/)
    }
  })
})

describe('truncate', () => {
  it('cuts with an ellipsis and never splits a surrogate pair', () => {
    expect(truncate('abcdef', 6)).toBe('abcdef')
    expect(truncate('abcdef', 4)).toBe('abc…')
    expect(truncate('ab😀cd', 4)).toBe('ab…')
  })
})

describe('consoleUrl', () => {
  const event = { Region: 'eu-west-1', EventId: 'abc/def?x=1' }

  it('links to the event in each partition console', () => {
    expect(consoleUrl(event)).toBe(
      'https://eu-west-1.console.aws.amazon.com/cloudtrailv2/home?region=eu-west-1#/events/abc%2Fdef%3Fx%3D1'
    )
    expect(consoleUrl({ Region: 'cn-north-1', EventId: 'e1' }, 'aws-cn')).toBe(
      'https://cn-north-1.console.amazonaws.cn/cloudtrailv2/home?region=cn-north-1#/events/e1'
    )
    expect(consoleUrl({ Region: 'us-gov-west-1', EventId: 'e1' }, 'aws-us-gov')).toBe(
      'https://us-gov-west-1.console.amazonaws-us-gov.com/cloudtrailv2/home?region=us-gov-west-1#/events/e1'
    )
  })

  it('gives no link for a Region that is not one, or an unknown partition', () => {
    expect(consoleUrl({ Region: 'evil.com/x', EventId: 'e' })).toBeUndefined()
    expect(consoleUrl({ Region: 'us-east-1.evil.com#', EventId: 'e' })).toBeUndefined()
    expect(consoleUrl({ Region: 'US-EAST-1', EventId: 'e' })).toBeUndefined()
    expect(consoleUrl({ Region: 'us-east-1', EventId: 'e' }, 'aws-iso')).toBeUndefined()
  })

  it('infers the partition from the Region', () => {
    expect(partitionOfRegion('cn-northwest-1')).toBe('aws-cn')
    expect(partitionOfRegion('us-gov-east-1')).toBe('aws-us-gov')
    expect(partitionOfRegion('ap-south-2')).toBe('aws')
  })
})
