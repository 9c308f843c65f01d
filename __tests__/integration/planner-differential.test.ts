import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail'
import { sourceOf } from '../../emulator/catalog.js'
import { seededRandom, uuidFrom } from '../../emulator/ids.js'
import {
  iamUser,
  makeRecord,
  roleSession,
  root,
  type EmulatorRecord,
  type Principal
} from '../../emulator/data.js'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import type { ClientFactory } from '../../src/aws/clients.js'
import { skippingClock } from '../../__fixtures__/clock.js'
import { parseQuery } from '../../src/query/inputs.js'
import { planLookups } from '../../src/sources/lookup-events/plan.js'
import { scan } from '../../src/run/run.js'
import { CANDIDATE_KINDS, candidateOfKind } from '../../src/sources/lookup-events/candidates.js'
import type { ScanResult } from '../../src/types.js'

// A plan changes the cost, never the verdict: on random accounts (users and role sessions sharing names, root,
// global services in and out of us-east-1, Regions not asked for, events at and past the window's edges, denied
// calls), every candidate forced on its own, and the planner's own choice, give exactly the events and verdict
// of a full scan of every Region. Real SDK, real HTTP, the emulator with its rate limit lifted.

jest.setTimeout(120_000)

const ACCOUNT = '123456789012'
const NOW = Date.now()
const DAY = 86_400_000
const NAMES = [
  'DeleteTrail',
  'StopLogging',
  'CreateUser',
  'AssumeRole',
  'TerminateInstances',
  'DescribeInstances',
  'PutBucketPolicy',
  'ConsoleLogin'
]
const REGIONS = ['eu-west-2', 'us-east-1', 'eu-central-1']
const SUBJECT = 'repo:octo-org/octo-repo:ref:refs/heads/main'

/**
 * Principals the emulator has no kind for (issue 19), as the userIdentity CloudTrail writes and their LookupEvents
 * Username: a web-identity user, a SAML user, and a federated user named like the IAM user and the role session.
 */
const OTHERS: ReadonlyArray<readonly [object, string]> = [
  [{ type: 'WebIdentityUser', userName: SUBJECT }, SUBJECT],
  [{ type: 'SAMLUser', userName: 'DOMAIN\\alice' }, 'DOMAIN\\alice'],
  [
    {
      type: 'FederatedUser',
      arn: `arn:aws:sts::${ACCOUNT}:federated-user/alice`,
      accountId: ACCOUNT,
      sessionContext: {
        sessionIssuer: { type: 'IAMUser', arn: `arn:aws:iam::${ACCOUNT}:user/bob`, userName: 'bob' }
      }
    },
    'alice'
  ]
]

function dataset(seed: number, size: number): EmulatorRecord[] {
  const random = seededRandom(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
  const principals: Principal[] = [
    iamUser(ACCOUNT, 'alice'),
    iamUser(ACCOUNT, 'bob'),
    roleSession(ACCOUNT, 'deploy', 'alice'),
    roleSession(ACCOUNT, 'deploy', 'GitHubActions'),
    roleSession(ACCOUNT, 'other', 'GitHubActions'),
    root(ACCOUNT)
  ]
  return Array.from({ length: size }, () => {
    const eventName = pick(NAMES)
    const who = Math.floor(random() * (principals.length + OTHERS.length))
    const other = OTHERS[who - principals.length]
    const record = makeRecord({
      principal: principals[who] ?? iamUser(ACCOUNT, 'stand-in'),
      eventName,
      source: eventName === 'ConsoleLogin' ? 'signin' : sourceOf(eventName),
      region: pick(REGIONS),
      // Mostly inside the window (the last 40 days but the newest 2), some on either side of it.
      time: NOW - Math.floor(random() * 45 * DAY),
      eventId: uuidFrom(random),
      ...(random() < 0.1 && { errorCode: 'AccessDenied' })
    })
    if (!other) return record
    const [userIdentity, username] = other
    return { ...record, Username: username, cloudTrailEvent: { ...record.cloudTrailEvent, userIdentity } }
  })
}

const USERS = [
  'alice',
  `arn:aws:iam::${ACCOUNT}:user/alice`,
  `arn:aws:iam::${ACCOUNT}:role/deploy`,
  `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/GitHubActions`,
  SUBJECT,
  'DOMAIN\\alice',
  `arn:aws:iam::${ACCOUNT}:root`,
  `arn:aws:sts::${ACCOUNT}:federated-user/alice`
]
const EVENTS = [
  '',
  'DeleteTrail, StopLogging',
  'iam:*',
  'Delete*',
  'iam:CreateUser, TerminateInstances',
  'AssumeRole'
]

let emulator: Emulator
let clientFor: ClientFactory

beforeAll(async () => {
  emulator = await startEmulator({
    records: [...dataset(1, 700), ...dataset(2, 500)],
    requestsPerSecond: 0,
    now: () => NOW
  })
  const clients = new Map<string, CloudTrailClient>()
  clientFor = region => {
    const client =
      clients.get(region) ??
      new CloudTrailClient({
        region,
        endpoint: emulator.url,
        credentials: { accessKeyId: 'AKIDDIFF', secretAccessKey: 'secret' },
        maxAttempts: 1
      })
    clients.set(region, client)
    return client
  }
})
afterAll(async () => {
  await emulator.close()
})

/** What must not depend on the plan. */
function verdict(result: ScanResult) {
  expect(result.incomplete).toBeUndefined()
  const { events, violations, countsByName, denied, found } = result
  return { events, violations, countsByName, denied, found }
}

describe('every candidate plan gives the verdict of a full scan', () => {
  for (const user of USERS) {
    for (const events of EVENTS) {
      it(`${user} × [${events}]`, async () => {
        const query = parseQuery(
          {
            user,
            events,
            region: 'eu-west-2',
            createdAfter: new Date(NOW - 40 * DAY),
            createdBefore: new Date(NOW - 2 * DAY),
            requestsPerSecond: 1000
          },
          { now: new Date(NOW), env: {} }
        )
        const deps = { clientFor, clock: skippingClock() }
        const reference = await scan(query, deps, planLookups(query, { force: 'region' }))
        expect(reference.events.length).toBeGreaterThan(0)
        const lane = planLookups(query).lanes[0]
        const kinds = CANDIDATE_KINDS.filter(kind => lane && candidateOfKind(lane, kind) !== undefined)
        for (const kind of kinds) {
          const forced = await scan(query, deps, planLookups(query, { force: kind }))
          expect(forced.lanes.every(l => l.chosen === kind)).toBe(true)
          expect(verdict(forced)).toEqual(verdict(reference))
        }
        const chosen = await scan(query, deps)
        expect(verdict(chosen)).toEqual(verdict(reference))
      })
    }
  }
})
