import { describe, expect, it } from '@jest/globals'
import { belongsTo, parseIdentity } from '../src/core/identity.js'

const alice = {
  type: 'IAMUser',
  arn: 'arn:aws:iam::123456789012:user/alice',
  accountId: '123456789012',
  userName: 'alice'
}
const aliceSession = {
  type: 'AssumedRole',
  arn: 'arn:aws:sts::123456789012:assumed-role/admin/alice',
  accountId: '123456789012',
  sessionContext: {
    sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::123456789012:role/ops/admin', userName: 'admin' }
  }
}

describe('parseIdentity', () => {
  it('reads the three ARN forms and plain names', () => {
    expect(parseIdentity('root')).toEqual({ kind: 'name', name: 'root' })
    expect(parseIdentity('arn:aws:iam::123456789012:user/division/alice')).toMatchObject({
      kind: 'iam-user',
      name: 'alice',
      account: '123456789012'
    })
    expect(parseIdentity('arn:aws:iam::123456789012:role/admin')).toMatchObject({
      kind: 'role',
      role: 'admin'
    })
    expect(parseIdentity('arn:aws-us-gov:sts::123456789012:assumed-role/admin/GitHubActions')).toMatchObject({
      kind: 'role-session',
      partition: 'aws-us-gov',
      role: 'admin',
      session: 'GitHubActions'
    })
  })
  it.each([
    '',
    'arn:aws:iam::12:user/a',
    'arn:aws:s3:::bucket',
    'arn:aws:sts::123456789012:assumed-role/admin',
    'a\nb'
  ])('rejects %p', text => expect(parseIdentity(text)).toBeUndefined())
})

describe('belongsTo', () => {
  it('tells an IAM user from a role session that shares its name', () => {
    const user = parseIdentity('arn:aws:iam::123456789012:user/alice')!
    expect(belongsTo(user, alice)).toBe(true)
    expect(belongsTo(user, aliceSession)).toBe(false)
    expect(belongsTo(user, { ...alice, accountId: '999999999999' })).toBe(false)
  })
  it('matches every session of a role by its issuer, whatever the path or session name', () => {
    const role = parseIdentity('arn:aws:iam::123456789012:role/admin')!
    expect(belongsTo(role, aliceSession)).toBe(true)
    expect(belongsTo(role, alice)).toBe(false)
    const other = {
      ...aliceSession,
      sessionContext: {
        sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::123456789012:role/deploy', userName: 'deploy' }
      }
    }
    expect(belongsTo(role, other)).toBe(false)
  })
  it('matches one session of one role', () => {
    expect(
      belongsTo(parseIdentity('arn:aws:sts::123456789012:assumed-role/admin/alice')!, aliceSession)
    ).toBe(true)
    expect(belongsTo(parseIdentity('arn:aws:sts::123456789012:assumed-role/admin/bob')!, aliceSession)).toBe(
      false
    )
    expect(
      belongsTo(parseIdentity('arn:aws:sts::123456789012:assumed-role/other/alice')!, aliceSession)
    ).toBe(false)
  })
  it('leaves a plain name to the Username lookup, and rejects records with no identity for ARNs', () => {
    expect(belongsTo({ kind: 'name', name: 'alice' }, undefined)).toBe(true)
    expect(belongsTo(parseIdentity('arn:aws:iam::123456789012:role/admin')!, undefined)).toBe(false)
  })
})
