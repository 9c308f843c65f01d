import { describe, expect, it } from '@jest/globals'
import type { Event } from '@aws-sdk/client-cloudtrail'
import type { UserIdentity } from '../src/core/identity.js'
import { judgeRecord } from '../src/core/judge.js'
import { usernameOf, type TrailRecord } from '../src/core/record.js'
import { fromLookupEvent } from '../src/sources/lookup-events/decode.js'
import { parseQuery } from '../src/query/inputs.js'

// Issue 19: the identity forms a person would type for web-identity, SAML, root and federated users, each matched
// by the judge on the record's userIdentity as CloudTrail writes it (shapes from the CloudTrail User Guide,
// "CloudTrail userIdentity element"), and IAM Identity Center's IdentityCenterUser records, which carry no
// userName since 2025-01-13, judged like any other record.

const ACCOUNT = '123456789012'
const OTHER = '210987654321'
const SUBJECT = 'repo:octo-org/octo-repo:ref:refs/heads/main'

/** Who made each call, keyed by a label; each is a real userIdentity shape. */
const WHO: Readonly<Record<string, UserIdentity & Record<string, unknown>>> = {
  github: {
    type: 'WebIdentityUser',
    principalId: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com:sts.amazonaws.com:${SUBJECT}`,
    userName: SUBJECT,
    identityProvider: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`
  },
  githubOtherBranch: {
    type: 'WebIdentityUser',
    userName: 'repo:octo-org/octo-repo:ref:refs/heads/dev',
    identityProvider: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`
  },
  saml: {
    type: 'SAMLUser',
    principalId: 'SampleUkh1i4+ExamplexL/jEvs=:DOMAIN\\alice',
    userName: 'DOMAIN\\alice',
    identityProvider: 'bdGOnTesti4+ExamplexL/jEvs='
  },
  root: { type: 'Root', arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT, principalId: ACCOUNT },
  otherRoot: { type: 'Root', arn: `arn:aws:iam::${OTHER}:root`, accountId: OTHER, principalId: OTHER },
  federated: {
    type: 'FederatedUser',
    arn: `arn:aws:sts::${ACCOUNT}:federated-user/Bob`,
    accountId: ACCOUNT,
    sessionContext: {
      sessionIssuer: { type: 'IAMUser', arn: `arn:aws:iam::${ACCOUNT}:user/Alice`, userName: 'Alice' }
    }
  },
  // A role session named like the federated user: same Username, another principal.
  session: {
    type: 'AssumedRole',
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/Bob`,
    accountId: ACCOUNT,
    sessionContext: {
      sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${ACCOUNT}:role/deploy`, userName: 'deploy' }
    }
  },
  identityCenter: {
    type: 'IdentityCenterUser',
    accountId: ACCOUNT,
    onBehalfOf: {
      userId: '544894e8-80c1-707f-60e3-3ba6510dfac1',
      identityStoreArn: 'arn:aws:identitystore::123456789012:identitystore/d-9067642ac7'
    },
    credentialId: 'EXAMPLEVHULjJdTUdPJfofVa1sufHDoj7aYcOYcxFVllWR_Whr1fEXAMPLE'
  }
}

/** A LookupEvents record of `who`, decoded as the LookupEvents source does (Username as LookupEvents gives it). */
function lookupRecord(label: string): TrailRecord {
  const who = WHO[label] ?? {}
  const username = usernameOf(who)
  const event: Event = {
    EventId: `e-${label}`,
    EventName: 'DeleteBucket',
    EventSource: 's3.amazonaws.com',
    EventTime: new Date('2026-11-20T06:00:00Z'),
    ...(username !== null && { Username: username }),
    CloudTrailEvent: JSON.stringify({
      eventID: `e-${label}`,
      eventTime: '2026-11-20T06:00:00Z',
      eventName: 'DeleteBucket',
      eventSource: 's3.amazonaws.com',
      awsRegion: 'eu-west-2',
      userIdentity: who
    })
  }
  const record = fromLookupEvent(event, 'eu-west-2')
  return record.full?.() ?? record
}

function whoseEvents(user: string): string[] {
  const query = parseQuery(
    {
      user,
      region: 'eu-west-2',
      events: 'DeleteBucket',
      createdAfter: '2026-11-20T00:00:00Z',
      createdBefore: '2026-11-20T12:00:00Z'
    },
    { now: new Date('2026-11-21T12:00:00Z'), env: {} }
  )
  return Object.keys(WHO).filter(label => judgeRecord(query, lookupRecord(label)).inScope)
}

describe('each identity form finds its principal’s events and only those', () => {
  it.each<[string, string[]]>([
    [SUBJECT, ['github']],
    ['DOMAIN\\alice', ['saml']],
    [`arn:aws:iam::${ACCOUNT}:root`, ['root']],
    ['root', ['root', 'otherRoot']],
    [`arn:aws:sts::${ACCOUNT}:federated-user/Bob`, ['federated']],
    ['Bob', ['federated', 'session']],
    [`arn:aws:sts::${OTHER}:federated-user/Bob`, []],
    [`arn:aws-cn:iam::${OTHER}:root`, ['otherRoot']]
  ])('%s', (user, labels) => {
    expect(whoseEvents(user)).toEqual(labels)
  })

  it('judges IdentityCenterUser records (no userName) for every form, matching none of them', () => {
    // They were errors nowhere and must stay judged: an audit by the permission set's role or session name
    // reads the user's AssumedRole records instead (docs/identities.md).
    for (const user of [SUBJECT, 'alice', `arn:aws:iam::${ACCOUNT}:root`, `arn:aws:iam::${ACCOUNT}:role/x`]) {
      expect(whoseEvents(user)).not.toContain('identityCenter')
    }
    expect(lookupRecord('identityCenter').username).toBeNull()
  })
})
