import { describe, expect, it } from '@jest/globals'
import { compilePatterns, globMatch, parsePattern } from '../src/core/patterns.js'
import type { EventPattern } from '../src/types.js'

function patterns(...texts: string[]): EventPattern[] {
  return texts.map(text => {
    const p = parsePattern(text)
    if (!p) throw new Error(`bad pattern ${text}`)
    return p
  })
}

describe('patterns', () => {
  it('parses names, wildcards and service qualifiers', () => {
    expect(parsePattern('TerminateInstances')).toEqual({
      text: 'TerminateInstances',
      source: undefined,
      name: 'TerminateInstances',
      exact: true
    })
    expect(parsePattern('iam:*')).toMatchObject({ source: 'iam.amazonaws.com', name: '*', exact: false })
    expect(parsePattern('iam.amazonaws.com:CreateUser')).toMatchObject({
      source: 'iam.amazonaws.com',
      exact: true
    })
  })
  it.each(['', 'a b', 'a:b:c', ':CreateUser', 'iam:', 'IAM!:x', 'Delete.*', 'Delete(x)'])(
    'rejects %p',
    text => expect(parsePattern(text)).toBeUndefined()
  )
  it('matches exactly and case-sensitively, with * and ?', () => {
    const match = compilePatterns(patterns('Delete*', 'Put?olePolicy', 'TerminateInstances'))
    expect(match('DeleteBucket', 's3.amazonaws.com')?.text).toBe('Delete*')
    expect(match('PutRolePolicy', 'iam.amazonaws.com')?.text).toBe('Put?olePolicy')
    expect(match('terminateinstances', 'ec2.amazonaws.com')).toBeUndefined()
    expect(match('TerminateInstancesX', 'ec2.amazonaws.com')).toBeUndefined()
    expect(match('Undelete', 'x.amazonaws.com')).toBeUndefined()
  })
  it('honours the service qualifier', () => {
    const match = compilePatterns(patterns('iam:*', 's3:Delete*'))
    expect(match('CreateUser', 'iam.amazonaws.com')?.text).toBe('iam:*')
    expect(match('CreateUser', 'sso.amazonaws.com')).toBeUndefined()
    expect(match('DeleteBucket', 's3.amazonaws.com')?.text).toBe('s3:Delete*')
    expect(match('DeleteVolume', 'ec2.amazonaws.com')).toBeUndefined()
  })
})

/** The reference: the textbook dynamic programme over (pattern prefix, text prefix), obviously right. */
function reference(glob: string, text: string): boolean {
  let row = Array.from({ length: text.length + 1 }, (_, j) => j === 0)
  for (const g of glob) {
    const next = Array.from({ length: text.length + 1 }, () => false)
    next[0] = g === '*' && (row[0] ?? false)
    for (let j = 1; j <= text.length; j++) {
      next[j] =
        g === '*'
          ? (row[j] ?? false) || (next[j - 1] ?? false)
          : (row[j - 1] ?? false) && (g === '?' || g === text[j - 1])
    }
    row = next
  }
  return row[text.length] ?? false
}

/** A small seeded generator, so a failure can be replayed. */
function prng(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

function randomString(random: () => number, alphabet: string, maxLength: number): string {
  const length = Math.floor(random() * (maxLength + 1))
  return Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('')
}

describe('globMatch', () => {
  it('agrees with the reference on 20,000 random patterns and names', () => {
    const random = prng(7)
    let matches = 0
    for (let i = 0; i < 20_000; i++) {
      const glob = randomString(random, 'ab*?', 8)
      const text = randomString(random, 'ab', 10)
      const expected = reference(glob, text)
      if (globMatch(glob, text) !== expected)
        throw new Error(`${JSON.stringify(glob)} on ${JSON.stringify(text)}`)
      if (expected) matches += 1
    }
    // Both outcomes are well represented, so agreement means something.
    expect(matches).toBeGreaterThan(2_000)
    expect(matches).toBeLessThan(18_000)
  })

  it('matches the names CloudTrail uses', () => {
    expect(globMatch('Delete*', 'DeleteBucket')).toBe(true)
    expect(globMatch('Put*Policy', 'PutUserPolicy')).toBe(true)
    expect(globMatch('Put*Policy', 'PutUserPolicyVersion')).toBe(false)
    expect(globMatch('Get?', 'GetX')).toBe(true)
    expect(globMatch('Get?', 'Get')).toBe(false)
    expect(globMatch('*', '')).toBe(true)
    expect(globMatch('', '')).toBe(true)
    expect(globMatch('a', 'A')).toBe(false)
  })

  it('does a linear number of steps on the pattern that makes a backtracking regex hang', () => {
    const stepsFor = (glob: string, text: string): number => {
      const counter = { steps: 0 }
      globMatch(glob, text, counter)
      return counter.steps
    }
    const hostile = '*a*a*a*a*a*a*a*a*a*a*b'
    const scanning = '*aab*aab*aab*aab*x'
    for (const glob of [hostile, scanning]) {
      const small = stepsFor(glob, `${'a'.repeat(1_000)}x`)
      const large = stepsFor(glob, `${'a'.repeat(8_000)}x`)
      expect(large).toBeLessThanOrEqual(glob.length * 8_002)
      // Eight times the text, at most about eight times the work (a regex here grows exponentially).
      expect(large).toBeLessThanOrEqual(8 * (small + glob.length))
    }
    // The scanning pattern really walks the text: the bound above is not met by doing nothing.
    expect(stepsFor(scanning, `${'a'.repeat(8_000)}x`)).toBeGreaterThan(8_000)
    expect(stepsFor(hostile, 'a'.repeat(60))).toBeLessThan(100)
  })
})
