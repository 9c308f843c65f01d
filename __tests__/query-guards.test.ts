import { describe, expect, it } from '@jest/globals'
import { InputError } from '../src/core/errors.js'
import { identityProblem, parseIdentity } from '../src/core/identity.js'
import { parseQuery, type RawQuery } from '../src/query/inputs.js'

// Identities that can never be a LookupEvents Username or one of the three ARN forms, and an `events` input
// that is only separators, are input errors: each used to end green on 0 events, or as discovery.

const now = new Date('2026-11-21T12:00:00Z')

function inputError(raw: Partial<RawQuery>): InputError {
  try {
    parseQuery({ user: 'deploy-bot', region: 'eu-west-2', ...raw }, { now, env: {} })
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error(`expected an InputError for ${JSON.stringify(raw)}`)
}

describe('the user input', () => {
  it.each<[string, RegExp]>([
    ['deploy-*', /one identity, without wildcards/],
    ['*', /one identity, without wildcards/],
    ['deploy?bot', /one identity, without wildcards/],
    ['ARN:aws:iam::123456789012:user/deploy-bot', /starting with lowercase 'arn:'/],
    ['Arn:aws:iam::123456789012:user/deploy-bot', /starting with lowercase 'arn:'/],
    [
      'arn:AWS:iam::123456789012:user/deploy-bot',
      /partition aws, aws-cn, aws-us-gov \('AWS' is none of them\)/
    ],
    ['arn:aws-iso:iam::123456789012:role/x', /partition aws, aws-cn, aws-us-gov \('aws-iso' is none/],
    ['arn:aws:s3:::bucket', /an iam or sts ARN/],
    ['arn:aws:iam:eu-west-2:123456789012:user/x', /empty Region part/],
    ['arn:aws:iam::12345678901:user/x', /account is 12 digits/],
    ['arn:aws:iam::123456789012:group/admins', /one of an IAM user name/],
    ['arn:aws:sts::123456789012:assumed-role/admin/x', /session names 2–64/],
    ['deploy\u202ebot', /only letters, digits and \+ = , \. @ _ -/],
    ['deploy\u0007bot', /only letters, digits/],
    ['deploy bot', /only letters, digits/],
    ['équipe', /only letters, digits/],
    ['a'.repeat(256), /at most 255 characters/]
  ])('%j is an input error', (user, expected) => {
    expect(parseIdentity(user)).toBeUndefined()
    const error = inputError({ user })
    expect(error.input).toBe('user')
    expect(error.message).toMatch(expected)
    // Invisible characters show as escapes, never raw, in the message.
    // eslint-disable-next-line no-control-regex -- looking for control characters is the point
    expect(error.message).not.toMatch(/[\u0000-\u001f\u202a-\u202e]/)
  })

  it.each([
    'root',
    'deploy-bot',
    'x',
    'alice@example.com',
    'GitHubActions',
    'a'.repeat(64),
    'arn:aws-cn:iam::123456789012:user/alice',
    'arn:aws-us-gov:sts::123456789012:assumed-role/admin/ci',
    'arn:aws:iam::123456789012:role/service-role/deploy',
    // What CloudTrail records for web-identity and SAML users, and the root and federated-user ARNs (issue 19).
    'repo:octo-org/octo-repo:ref:refs/heads/main',
    'system:serviceaccount:kube-system:ebs-csi',
    'DOMAIN\\alice',
    'a'.repeat(255),
    'arn:aws:iam::123456789012:root',
    'arn:aws-cn:sts::123456789012:federated-user/Bob'
  ])('%j is a valid identity', user => {
    expect(parseIdentity(user)).toBeDefined()
  })

  it('explains an empty user with the forms', () => {
    expect(identityProblem('  ')).toMatch(/IAM user name/)
  })
})

describe('the events input', () => {
  it.each([' , ,\n', ',', ' ,\r\n, '])('%j (only separators) is an input error, not discovery', events => {
    const error = inputError({ events })
    expect(error.input).toBe('events')
    expect(error.message).toMatch(/holds only separators \(leave it empty for discovery\)/)
  })

  it('is an error as a list of blank entries too, and discovery when empty', () => {
    expect(inputError({ events: [' ', ''] }).message).toMatch(/only separators/)
    const discovery = parseQuery({ user: 'deploy-bot', region: 'eu-west-2', events: '  ' }, { now, env: {} })
    expect(discovery.patterns).toEqual([])
    const list = parseQuery({ user: 'deploy-bot', region: 'eu-west-2', events: [] }, { now, env: {} })
    expect(list.patterns).toEqual([])
  })
})
