import { describe, expect, it } from '@jest/globals'
import { compilePatterns, parsePattern } from '../src/patterns.js'
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
