import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { iamUser, makeRecord, roleSession, type EmulatorRecord } from '../../emulator/records.js'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { emulatorEnv, runAction } from '../../__fixtures__/runner.js'

// Issue 19, end to end through the bundle: each identity form a person would type for a web-identity, SAML,
// root or federated user finds that principal's events and only those, among principals that share a Username
// or an account; an IAM Identity Center user's records (no userName) are judged without making the scan fail.

jest.setTimeout(60_000)

const ACCOUNT = '123456789012'
const OTHER = '210987654321'
const SUBJECT = 'repo:octo-org/octo-repo:ref:refs/heads/main'

/** userIdentity as CloudTrail writes it, and the LookupEvents Username, of principals the emulator has no kind for. */
const PRINCIPALS: Readonly<Record<string, readonly [object, string]>> = {
  github: [{ type: 'WebIdentityUser', principalId: `github:${SUBJECT}`, userName: SUBJECT }, SUBJECT],
  githubDev: [
    { type: 'WebIdentityUser', userName: 'repo:octo-org/octo-repo:ref:refs/heads/dev' },
    'repo:octo-org/octo-repo:ref:refs/heads/dev'
  ],
  saml: [{ type: 'SAMLUser', principalId: 'idp:DOMAIN\\alice', userName: 'DOMAIN\\alice' }, 'DOMAIN\\alice'],
  root: [
    { type: 'Root', principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT },
    'root'
  ],
  otherRoot: [
    { type: 'Root', principalId: OTHER, arn: `arn:aws:iam::${OTHER}:root`, accountId: OTHER },
    'root'
  ],
  federated: [
    {
      type: 'FederatedUser',
      principalId: `${ACCOUNT}:Bob`,
      arn: `arn:aws:sts::${ACCOUNT}:federated-user/Bob`,
      accountId: ACCOUNT,
      sessionContext: {
        sessionIssuer: { type: 'IAMUser', arn: `arn:aws:iam::${ACCOUNT}:user/alice`, userName: 'alice' }
      }
    },
    'Bob'
  ],
  identityCenter: [
    {
      type: 'IdentityCenterUser',
      accountId: ACCOUNT,
      onBehalfOf: { userId: 'u-1', identityStoreArn: 'arn:x' }
    },
    ''
  ]
}

let emulator: Emulator

function records(now: number): EmulatorRecord[] {
  const time = now - 2 * 3_600_000
  const base = { eventName: 'DeleteBucket', source: 's3', region: 'eu-west-2', time }
  const stand = iamUser(ACCOUNT, 'stand-in')
  const others = Object.entries(PRINCIPALS).map(([label, [who, username]]) => {
    const record = makeRecord({ ...base, principal: stand, eventId: `e-${label}` })
    return {
      ...record,
      Username: username,
      cloudTrailEvent: { ...record.cloudTrailEvent, userIdentity: who }
    }
  })
  return [
    ...others,
    // A role session and an IAM user named like the federated user and the SAML user.
    makeRecord({ ...base, principal: roleSession(ACCOUNT, 'deploy', 'Bob'), eventId: 'e-session' }),
    makeRecord({ ...base, principal: iamUser(ACCOUNT, 'alice'), eventId: 'e-alice' })
  ]
}

beforeAll(async () => {
  emulator = await startEmulator({ records: records(Date.now()), requestsPerSecond: 0 })
})
afterAll(async () => {
  await emulator.close()
})

const env = (): Record<string, string> => emulatorEnv(emulator.url)

describe('identity forms of issue 19, through the bundle', () => {
  it.each<[string, string[]]>([
    [SUBJECT, ['e-github']],
    ['DOMAIN\\alice', ['e-saml']],
    [`arn:aws:iam::${ACCOUNT}:root`, ['e-root']],
    ['root', ['e-otherRoot', 'e-root']],
    [`arn:aws:sts::${ACCOUNT}:federated-user/Bob`, ['e-federated']],
    ['Bob', ['e-federated', 'e-session']]
  ])('%s finds its events and only those', async (user, ids) => {
    const run = await runAction({ user, events: 'DeleteBucket', region: 'eu-west-2' }, env())
    expect(run.outputs['complete']).toBe('true')
    expect(run.outputs['found']).toBe('true')
    const events = JSON.parse(run.outputs['events'] ?? '[]') as Array<{ EventId: string }>
    expect(events.map(e => e.EventId).sort()).toEqual(ids)
  })

  it('judges IdentityCenterUser records (no userName) by a full scan without failing the run', async () => {
    // A role ARN reads every event of the Region: the Identity Center user's record is judged, and is not the role's.
    const run = await runAction(
      { user: `arn:aws:iam::${ACCOUNT}:role/deploy`, events: 'DeleteBucket', region: 'eu-west-2' },
      env()
    )
    expect(run.outputs['complete']).toBe('true')
    const events = JSON.parse(run.outputs['events'] ?? '[]') as Array<{ EventId: string }>
    expect(events.map(e => e.EventId)).toEqual(['e-session'])
  })
})
