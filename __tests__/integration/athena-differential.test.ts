// The differential test: one data set loaded into both emulators (LookupEvents, and trail files under Athena +
// Glue on DuckDB, served on one port). For management events in the last 90 days, both sources must return
// exactly the same events, for every identity form and every pattern form.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { cloudTrailTables, writeTrailLogs } from '../../emulator/athena/index.js'
import {
  iamUser,
  makeRecord,
  roleSession,
  root,
  type EmulatorRecord,
  type Principal
} from '../../emulator/records.js'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { skippingClock } from '../../__fixtures__/clock.js'
import { parseQuery } from '../../src/query/inputs.js'
import { scan } from '../../src/run/run.js'
import type { MatchedEvent, ScanResult } from '../../src/types.js'
import { athenaClient, glueClient } from '../../__fixtures__/athena.js'

const ACCOUNT = '123456789012'
const START = Date.parse('2026-10-01T00:00:00Z')
const DAY = 86_400_000
const NOW = new Date(START + 30 * DAY)
const credentials = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' }

// Principals chosen to collide: three principals whose LookupEvents Username is GitHubActions (two roles' sessions
// and an IAM user), a second session of the same role, and root. One account: LookupEvents answers for one.
const PRINCIPALS: Principal[] = [
  roleSession(ACCOUNT, 'deploy', 'GitHubActions'),
  roleSession(ACCOUNT, 'release', 'GitHubActions'),
  iamUser(ACCOUNT, 'GitHubActions'),
  roleSession(ACCOUNT, 'deploy', 'run-7'),
  iamUser(ACCOUNT, 'alice'),
  root(ACCOUNT)
]

const SUBJECT = 'repo:octo-org/octo-repo:ref:refs/heads/main'

/**
 * Principals the emulator has no kind for (issue 19), as userIdentity objects CloudTrail writes, with the
 * LookupEvents Username of each: a web-identity user, a SAML user, a federated user whose name collides with the
 * others', and an IAM Identity Center user (no userName, so no Username).
 */
const OTHER_PRINCIPALS: ReadonlyArray<[object, string]> = [
  [
    {
      type: 'WebIdentityUser',
      principalId: `token.actions.githubusercontent.com:${SUBJECT}`,
      userName: SUBJECT
    },
    SUBJECT
  ],
  [
    {
      type: 'SAMLUser',
      principalId: 'SampleUkh1i4+ExamplexL/jEvs=:DOMAIN\\alice',
      userName: 'DOMAIN\\alice'
    },
    'DOMAIN\\alice'
  ],
  [
    {
      type: 'FederatedUser',
      principalId: `${ACCOUNT}:GitHubActions`,
      arn: `arn:aws:sts::${ACCOUNT}:federated-user/GitHubActions`,
      accountId: ACCOUNT,
      sessionContext: {
        sessionIssuer: {
          type: 'IAMUser',
          arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
          accountId: ACCOUNT,
          userName: 'alice'
        }
      }
    },
    'GitHubActions'
  ],
  [
    {
      type: 'IdentityCenterUser',
      accountId: ACCOUNT,
      onBehalfOf: { userId: 'u-1', identityStoreArn: 'arn:aws:identitystore::123456789012:identitystore/d-1' }
    },
    ''
  ]
]

/** The record as made by another kind of principal: its userIdentity and Username replaced. */
function actingAs(record: EmulatorRecord, [who, username]: readonly [object, string]): EmulatorRecord {
  return { ...record, Username: username, cloudTrailEvent: { ...record.cloudTrailEvent, userIdentity: who } }
}

const CALLS: ReadonlyArray<[string, string, string]> = [
  ['TerminateInstances', 'ec2', 'eu-west-2'],
  ['DescribeInstances', 'ec2', 'eu-west-2'],
  ['RunInstances', 'ec2', 'us-east-1'],
  ['DeleteBucket', 's3', 'eu-west-2'],
  ['DeleteObjects', 's3', 'us-east-1'],
  ['CreateUser', 'iam', 'us-east-1'],
  ['PutRolePolicy', 'iam', 'us-east-1'],
  ['PutUserPolicy', 'iam', 'us-east-1'],
  ['DescribeInstances', 'ec2', 'eu-central-1']
]

function records(): EmulatorRecord[] {
  const out: EmulatorRecord[] = []
  // The other principals act on the same days and calls as the emulator's, each through a principal's record.
  const acting = [...PRINCIPALS, ...OTHER_PRINCIPALS.map(() => iamUser(ACCOUNT, 'stand-in'))]
  acting.forEach((principal, p) => {
    for (let day = 0; day < 8; day++) {
      CALLS.forEach(([eventName, source, region], c) => {
        if ((p + day + c) % 3 === 0) return // not every principal makes every call every day
        const other = OTHER_PRINCIPALS[p - PRINCIPALS.length]
        const record = makeRecord({
          principal,
          eventName,
          source,
          region,
          // Some calls at 23:59 (delivered the next day), some exactly on the window's edges.
          time: START + day * DAY + ((p * 7 + c * 5) % 24) * 3_600_000 + (c === 4 ? 59 * 60_000 : 0),
          ...((p + c) % 5 === 0 ? { errorCode: 'AccessDenied', errorMessage: 'not authorized' } : {})
        })
        out.push(other ? actingAs(record, other) : record)
      })
    }
  })
  return out
}

let emulator: Emulator
let rootDir: string

beforeAll(async () => {
  rootDir = mkdtempSync(path.join(os.tmpdir(), 'differential-'))
  const data = records()
  await writeTrailLogs(data, { root: rootDir, bucket: 'trail' })
  await writeTrailLogs(data, { root: rootDir, bucket: 'trail', organizationId: 'o-exampleorg1' })
  const tables = cloudTrailTables({
    bucket: 'trail',
    account: ACCOUNT,
    regions: ['eu-west-2', 'us-east-1', 'eu-central-1'],
    organizationId: 'o-exampleorg1'
  })
  emulator = await startEmulator({
    records: data,
    requestsPerSecond: 0,
    now: () => NOW.getTime(),
    athena: { root: rootDir, tables, queuedMs: 5, minRunningMs: 10 }
  })
})

afterAll(async () => {
  await emulator.close()
  rmSync(rootDir, { recursive: true, force: true })
})

const WINDOW = {
  createdAfter: new Date(START + DAY).toISOString(),
  createdBefore: new Date(START + 6 * DAY).toISOString()
}

async function both(user: string, events: string, table: string): Promise<[ScanResult, ScanResult]> {
  const raw = { user, events, region: 'eu-west-2', ...WINDOW }
  const context = { now: NOW, env: { AWS_REGION: 'eu-west-2' } }
  const lookup = await scan(parseQuery(raw, context), {
    clientFor: region =>
      new CloudTrailClient({ endpoint: emulator.url, region, credentials, maxAttempts: 1 }),
    clock: skippingClock()
  })
  const athena = await scan(
    parseQuery({ ...raw, source: 'athena', athenaTable: `cloudtrail.${table}` }, context),
    {
      clientFor: () => {
        throw new Error('LookupEvents must not be called')
      },
      athenaFor: () => ({ athena: athenaClient(emulator.url), glue: glueClient(emulator.url) }),
      clock: skippingClock()
    }
  )
  return [lookup, athena]
}

/** Everything a reader sees of an event, but its resources (LookupEvents names them, the trail gives ARNs). */
function comparable(events: readonly MatchedEvent[]): Array<Omit<MatchedEvent, 'Resources'>> {
  return events.map(({ Resources: _, ...rest }) => rest)
}

const IDENTITIES = [
  'GitHubActions',
  'run-7',
  'alice',
  'root',
  `arn:aws:iam::${ACCOUNT}:user/GitHubActions`,
  `arn:aws:iam::${ACCOUNT}:role/deploy`,
  `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/GitHubActions`,
  SUBJECT,
  'DOMAIN\\alice',
  `arn:aws:iam::${ACCOUNT}:root`,
  `arn:aws:sts::${ACCOUNT}:federated-user/GitHubActions`
]
const PATTERNS = [
  '',
  'TerminateInstances',
  'Delete*',
  'iam:*',
  'Put?olePolicy',
  'ec2:TerminateInstances, s3.amazonaws.com:DeleteBucket'
]

describe('LookupEvents and Athena give the same answer', () => {
  it.each(IDENTITIES)('for %s, with every pattern form', async user => {
    let compared = 0
    for (const events of PATTERNS) {
      const [lookup, athena] = await both(user, events, 'logs_rp')
      expect(lookup.incomplete).toBeUndefined()
      expect(athena.incomplete).toBeUndefined()
      expect({ events, found: athena.found, matched: comparable(athena.events) }).toEqual({
        events,
        found: lookup.found,
        matched: comparable(lookup.events)
      })
      expect(athena.violations).toEqual(lookup.violations)
      compared += lookup.events.length
    }
    // The comparison is not vacuous: every identity has events under some pattern.
    expect(compared).toBeGreaterThan(0)
  })

  it.each(['logs_manual', 'org_logs'])('from the %s table too', async table => {
    for (const user of ['GitHubActions', `arn:aws:iam::${ACCOUNT}:role/deploy`]) {
      const [lookup, athena] = await both(user, 'Delete*, iam:*', table)
      expect(athena.incomplete).toBeUndefined()
      expect(comparable(athena.events)).toEqual(comparable(lookup.events))
      expect(lookup.events.length).toBeGreaterThan(0)
    }
  })
})
