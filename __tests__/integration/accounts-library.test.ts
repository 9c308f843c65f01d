// The library's accounts options against the emulator's several accounts, through the default clients: the
// standard credential chain as the base credentials, STS AssumeRole into each account, CloudTrail signed with
// each account's keys (the emulator answers from the signing key's account).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { discoverUserEvents, IncompleteScanError, InputError } from '../../src/library.js'
import { iamUser, makeRecord } from '../../emulator/records.js'
import { startEmulator, type Emulator } from '../../emulator/server.js'

const [A, B, C] = ['210000000001', '210000000002', '210000000003']
const ROLE = 'arn:aws:iam::{account}:role/cloudtrail-audit'
const NOW = Date.now()
const VARIABLES = [
  'AWS_ENDPOINT_URL_CLOUDTRAIL',
  'AWS_ENDPOINT_URL_STS',
  'AWS_ENDPOINT_URL_ORGANIZATIONS',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE'
]
const saved = Object.fromEntries(VARIABLES.map(name => [name, process.env[name]]))
let e: Emulator

function records(account: string, forbidden: boolean) {
  const principal = iamUser(account, 'deploy-bot')
  const at = (hours: number) => NOW - hours * 3_600_000
  return [
    makeRecord({
      principal,
      eventName: 'DescribeInstances',
      source: 'ec2',
      region: 'eu-west-2',
      time: at(3)
    }),
    ...(forbidden
      ? [
          makeRecord({
            principal,
            eventName: 'DeleteTrail',
            source: 'cloudtrail',
            region: 'eu-west-2',
            time: at(2)
          })
        ]
      : [])
  ]
}

beforeAll(async () => {
  e = await startEmulator({
    requestsPerSecond: 0,
    accounts: [
      { id: A, records: records(A, false) },
      { id: B, records: records(B, true) },
      { id: C, records: records(C, false), deniedRoles: ['cloudtrail-audit'] }
    ]
  })
  for (const name of VARIABLES) delete process.env[name]
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_CLOUDTRAIL: e.url,
    AWS_ENDPOINT_URL_STS: e.url,
    AWS_ENDPOINT_URL_ORGANIZATIONS: e.url,
    AWS_ACCESS_KEY_ID: 'AKIDLIBRARY',
    AWS_SECRET_ACCESS_KEY: 'secret'
  })
})
afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
  await e.close()
})

const options = {
  user: 'deploy-bot',
  events: 'DeleteTrail',
  region: 'eu-west-2',
  includeGlobalEvents: false,
  waitForDelivery: false,
  accountRole: ROLE
}

describe('discoverUserEvents over several accounts', () => {
  it('reads each account as its role and says in which account the forbidden event was', async () => {
    const found = await discoverUserEvents({ ...options, accounts: [A, B] })
    expect(found.found).toBe(true)
    expect(found.events.map(ev => [ev.EventName, ev.Account])).toEqual([['DeleteTrail', B]])
    expect(found.result.accounts?.map(a => [a.account, a.complete, a.forbidden])).toEqual([
      [A, true, 0],
      [B, true, 1]
    ])
    expect(e.stats().assumeRole.map(c => c.roleSessionName)).toEqual(['cloudtrail-gate', 'cloudtrail-gate'])
  })

  it('an account whose role is refused: IncompleteScanError naming it', async () => {
    const error = await discoverUserEvents({ ...options, accounts: `${A}\n${C}` }).catch(
      (err: unknown) => err
    )
    expect(error).toBeInstanceOf(IncompleteScanError)
    expect((error as IncompleteScanError).info.region).toBe(`account ${C}`)
    expect((error as IncompleteScanError).message).toMatch(/could not assume arn:aws:iam::210000000003:role/)
  })

  it('refuses one client for several accounts, before any call', async () => {
    const before = e.stats().assumeRole.length
    const client = { send: async () => ({ $metadata: {}, Events: [] }) }
    await expect(discoverUserEvents({ ...options, accounts: [A], client })).rejects.toBeInstanceOf(InputError)
    expect(e.stats().assumeRole).toHaveLength(before)
  })
})
