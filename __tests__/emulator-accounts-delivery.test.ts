// Several accounts and live trail delivery together, through the real SDK clients: every account's records and
// the calls each account's sessions make (recorded in the caller's account) reach an organization trail's files
// in their own account's folder, and a trail of one account leaves the other accounts out.
import { afterAll, afterEach, describe, expect, it } from '@jest/globals'
import { AthenaClient } from '@aws-sdk/client-athena'
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail'
import { cloudTrailTables } from '../emulator/athena/index.js'
import { iamUser, makeRecord, roleSession } from '../emulator/records.js'
import { BASE_ACCOUNT, startEmulator, type Emulator, type TrailSpec } from '../emulator/server.js'
import { assumeRole, BASE_KEYS, cloudTrailClient, roleArn, type Keys } from '../__fixtures__/accounts.js'
import { BUCKET, Clock, query, removeRoots, tempRoot } from '../__fixtures__/athena-live.js'

const MEMBER = '210987654321'
const ORG_ID = 'o-exampleorg1'
const REGION = 'eu-west-2'
const ORG_TRAIL: TrailSpec = {
  name: 'org-audit',
  s3BucketName: BUCKET,
  homeRegion: REGION,
  isOrganizationTrail: true,
  organizationId: ORG_ID
}
const BASE_TRAIL: TrailSpec = { name: 'audit', s3BucketName: BUCKET, homeRegion: REGION }

const roots: string[] = []
const emulators: Emulator[] = []
afterEach(async () => {
  await Promise.all(emulators.splice(0).map(e => e.close()))
})
afterAll(() => removeRoots(roots))

async function emulator(clock: Clock, trail: TrailSpec): Promise<Emulator> {
  const root = tempRoot(roots)
  const tables = cloudTrailTables({
    bucket: BUCKET,
    account: BASE_ACCOUNT,
    regions: [REGION],
    organizationId: ORG_ID,
    accounts: [BASE_ACCOUNT, MEMBER]
  })
  const e = await startEmulator({
    requestsPerSecond: 0,
    now: clock.now,
    records: [
      makeRecord({
        principal: iamUser(BASE_ACCOUNT, 'admin'),
        eventName: 'CreateTags',
        source: 'ec2',
        region: REGION,
        time: '2026-04-01T11:00:00Z'
      })
    ],
    accounts: [
      {
        id: MEMBER,
        records: [
          makeRecord({
            principal: roleSession(MEMBER, 'deploy', 'GitHubActions'),
            eventName: 'TerminateInstances',
            source: 'ec2',
            region: REGION,
            time: '2026-04-01T11:10:00Z'
          })
        ]
      }
    ],
    athena: {
      root,
      tables,
      queuedMs: 5,
      minRunningMs: 5,
      recordCalls: true,
      delivery: { trail, dataset: 'all' }
    }
  })
  emulators.push(e)
  return e
}

function athena(e: Emulator, credentials: Keys): AthenaClient {
  return new AthenaClient({ endpoint: e.url, region: REGION, credentials, maxAttempts: 1 })
}

/** AssumeRole into the member account with the base keys, then LookupEvents there with the session's keys. */
async function memberLooksUp(e: Emulator): Promise<Keys> {
  const member = await assumeRole(e, roleArn(MEMBER))
  const page = await cloudTrailClient(e, member).send(new LookupEventsCommand({}))
  expect(page.Events?.map(ev => ev.EventName)).toEqual(['TerminateInstances'])
  return member
}

describe('live delivery with several accounts', () => {
  it("writes every account's records and calls to an organization trail, each in its account's folder", async () => {
    const clock = new Clock(Date.parse('2026-04-01T12:00:00Z'))
    const e = await emulator(clock, ORG_TRAIL)
    const member = await memberLooksUp(e)
    clock.set('2026-04-01T12:10:00Z')
    const base = athena(e, BASE_KEYS)
    const sql =
      'SELECT account, eventname, useridentity.accountid FROM org_logs ORDER BY eventtime, eventname'
    expect(await query(base, sql)).toEqual([
      [BASE_ACCOUNT, 'CreateTags', BASE_ACCOUNT],
      [MEMBER, 'TerminateInstances', MEMBER],
      // AssumeRole is recorded in the caller's account, LookupEvents in the account of the session that called.
      [BASE_ACCOUNT, 'AssumeRole', BASE_ACCOUNT],
      [MEMBER, 'LookupEvents', MEMBER]
    ])
    // Athena calls (12:10) land in their caller's account once their file is due.
    const byMember = athena(e, member)
    await query(byMember, 'SELECT 1')
    clock.set('2026-04-01T12:20:00Z')
    const callers =
      "SELECT DISTINCT account, useridentity.arn FROM org_logs WHERE eventsource = 'athena.amazonaws.com' " +
      'ORDER BY account'
    expect(await query(base, callers)).toEqual([
      [BASE_ACCOUNT, `arn:aws:iam::${BASE_ACCOUNT}:user/emulator-user`],
      [MEMBER, `arn:aws:sts::${MEMBER}:assumed-role/gate-reader/cloudtrail-gate`]
    ])
    expect(e.trail?.notWritten()).toEqual([])
    base.destroy()
    byMember.destroy()
  })

  it("leaves the other accounts' records and calls out of a trail of one account", async () => {
    const clock = new Clock(Date.parse('2026-04-01T12:00:00Z'))
    const e = await emulator(clock, BASE_TRAIL)
    await memberLooksUp(e)
    clock.set('2026-04-01T12:10:00Z')
    const base = athena(e, BASE_KEYS)
    expect(await query(base, 'SELECT eventname FROM logs_pp ORDER BY eventtime')).toEqual([
      ['CreateTags'],
      ['AssumeRole']
    ])
    const dropped = (e.trail?.notWritten() ?? []).map(r => `${r.EventName} ${r.Username ?? ''}`)
    expect(dropped).toEqual(['TerminateInstances GitHubActions', 'LookupEvents cloudtrail-gate'])
    expect(new Set(e.trail?.files().map(f => f.account))).toEqual(new Set([BASE_ACCOUNT]))
    base.destroy()
  })
})
