// The CLI's demo accounts (--accounts N --suspended-accounts M), served and read through the real SDK clients.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail'
import { paginateListAccounts } from '@aws-sdk/client-organizations'
import { demoAccountId, demoAccounts, DEMO_USER } from '../emulator/demo-accounts.js'
import { startEmulator, type Emulator } from '../emulator/server.js'
import { assumeRole, cloudTrailClient, organizationsClient, roleArn } from '../__fixtures__/accounts.js'
import { failure } from '../__fixtures__/failure.js'

const NOW = new Date('2025-06-01T12:00:00Z')
let e: Emulator

beforeAll(async () => {
  const accounts = demoAccounts({ active: 3, suspended: 1, region: 'eu-west-2', now: NOW })
  e = await startEmulator({ now: () => NOW.getTime(), requestsPerSecond: 0, recordCalls: false, accounts })
})
afterAll(async () => {
  await e.close()
})

describe('demo accounts', () => {
  it('lists the base account, three ACTIVE demo accounts and one SUSPENDED', async () => {
    const listed: string[] = []
    for await (const page of paginateListAccounts({ client: organizationsClient(e) }, {})) {
      listed.push(...(page.Accounts ?? []).map(a => `${a.Name ?? ''} ${a.State ?? ''}`))
    }
    expect(listed).toEqual([
      'base ACTIVE',
      'demo-1 ACTIVE',
      'demo-2 ACTIVE',
      'demo-3 ACTIVE',
      'demo-4 SUSPENDED'
    ])
    expect(await failure(assumeRole(e, roleArn(demoAccountId(4))))).toEqual({
      name: 'AccessDenied',
      status: 403
    })
  })

  it(`has ${DEMO_USER}'s one TerminateInstances in demo-2 only, and its routine calls in every ACTIVE account`, async () => {
    for (const index of [1, 2, 3]) {
      const client = cloudTrailClient(e, await assumeRole(e, roleArn(demoAccountId(index))))
      const byUser = await client.send(
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: DEMO_USER }]
        })
      )
      const names = (byUser.Events ?? []).map(ev => ev.EventName)
      expect(names.filter(name => name === 'TerminateInstances')).toHaveLength(index === 2 ? 1 : 0)
      expect(names).toHaveLength(index === 2 ? 41 : 40)
    }
  })

  it('refuses counts out of range', () => {
    expect(() => demoAccounts({ active: 101, suspended: 0, region: 'eu-west-2', now: NOW })).toThrow(
      '--accounts'
    )
    expect(() => demoAccounts({ active: 1, suspended: -1, region: 'eu-west-2', now: NOW })).toThrow(
      '--suspended-accounts'
    )
  })
})
