// Organizations ListAccounts over the emulator's accounts, through the real @aws-sdk/client-organizations.
import { afterAll, afterEach, describe, expect, it } from '@jest/globals'
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail'
import {
  ListAccountsCommand,
  OrganizationsClient,
  paginateListAccounts,
  type Account
} from '@aws-sdk/client-organizations'
import { BASE_ACCOUNT, startEmulator, type Emulator, type EmulatorOptions } from '../emulator/server.js'
import {
  assumeRole,
  BASE_KEYS,
  cloudTrailClient,
  organizationsClient,
  roleArn
} from '../__fixtures__/accounts.js'
import { failure } from '../__fixtures__/failure.js'

const NOW = Date.parse('2025-06-01T12:00:00Z')
const [A, B, C, D] = ['111111111111', '222222222222', '333333333333', '444444444444'] as const
const emulators: Emulator[] = []

afterAll(async () => {
  await Promise.all(emulators.map(e => e.close()))
})

async function emulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const started = await startEmulator({
    now: () => NOW,
    requestsPerSecond: 0,
    accounts: [
      { id: A, name: 'workloads-a', email: 'a@example.com' },
      { id: B, state: 'SUSPENDED' },
      { id: C },
      { id: D, state: 'PENDING_CLOSURE' }
    ],
    organization: { pageSize: 2 },
    ...options
  })
  emulators.push(started)
  return started
}

/** Every page, as the SDK's paginator reads them: the accounts of each page. */
async function pages(client: OrganizationsClient, pageSize?: number): Promise<Account[][]> {
  const out: Account[][] = []
  const config = { client, ...(pageSize !== undefined && { pageSize }) }
  for await (const page of paginateListAccounts(config, {})) out.push(page.Accounts ?? [])
  return out
}

describe('Organizations ListAccounts', () => {
  it('pages the base account and every configured one, at most pageSize a page, with Status and State', async () => {
    const e = await emulator()
    const all = await pages(organizationsClient(e))
    expect(all.map(page => page.map(a => a.Id))).toEqual([[BASE_ACCOUNT, A], [B, C], [D]])
    const accounts = all.flat()
    expect(accounts.map(a => [a.Id, a.Status, a.State])).toEqual([
      [BASE_ACCOUNT, 'ACTIVE', 'ACTIVE'],
      [A, 'ACTIVE', 'ACTIVE'],
      [B, 'SUSPENDED', 'SUSPENDED'],
      [C, 'ACTIVE', 'ACTIVE'],
      [D, 'PENDING_CLOSURE', 'PENDING_CLOSURE']
    ])
    expect(accounts[1]).toEqual({
      Id: A,
      Arn: expect.stringMatching(
        new RegExp(`^arn:aws:organizations::${BASE_ACCOUNT}:account/o-[a-z0-9]{10}/${A}$`)
      ),
      Email: 'a@example.com',
      Name: 'workloads-a',
      Status: 'ACTIVE',
      State: 'ACTIVE',
      JoinedMethod: 'CREATED',
      JoinedTimestamp: new Date('2021-03-02T00:00:00Z')
    })
    expect(e.stats().organizations).toEqual({ listAccounts: 3, refused: 0 })
  })

  it('holds a page to MaxResults when it asks for fewer than pageSize', async () => {
    const e = await emulator({ organization: { pageSize: 3 } })
    expect((await pages(organizationsClient(e), 1)).map(page => page.length)).toEqual([1, 1, 1, 1, 1])
    expect((await pages(organizationsClient(e))).map(page => page.length)).toEqual([3, 2])
  })

  it('sends only State, or only Status, when told to', async () => {
    const state = await emulator({ organization: { statusMembers: 'State' } })
    const [first] = (await pages(organizationsClient(state))).flat()
    expect([first?.State, first?.Status]).toEqual(['ACTIVE', undefined])
    const status = await emulator({ organization: { statusMembers: 'Status' } })
    const [other] = (await pages(organizationsClient(status))).flat()
    expect([other?.State, other?.Status]).toEqual([undefined, 'ACTIVE'])
  })

  it('refuses a member account, allows a delegated administrator, and refuses a garbled NextToken', async () => {
    const e = await emulator({ organization: { pageSize: 2, delegatedAdministrators: [C] } })
    const inA = await assumeRole(e, roleArn(A))
    expect(await failure(organizationsClient(e, inA).send(new ListAccountsCommand({})))).toEqual({
      name: 'AccessDeniedException',
      status: 403
    })
    const inC = await assumeRole(e, roleArn(C))
    expect((await pages(organizationsClient(e, inC))).flat()).toHaveLength(5)
    const garbled = organizationsClient(e).send(new ListAccountsCommand({ NextToken: '2.forged' }))
    expect(await failure(garbled)).toEqual({ name: 'InvalidInputException', status: 400 })
    await expect(garbled).rejects.toMatchObject({ Reason: 'INVALID_PAGINATION_TOKEN' })
    expect(await failure(organizationsClient(e).send(new ListAccountsCommand({ MaxResults: 21 })))).toEqual({
      name: 'InvalidInputException',
      status: 400
    })
  })

  it('is in no organization without accounts or organization options', async () => {
    const e = await startEmulator({ now: () => NOW })
    emulators.push(e)
    expect(await failure(organizationsClient(e).send(new ListAccountsCommand({})))).toEqual({
      name: 'AWSOrganizationsNotInUseException',
      status: 404
    })
  })

  it.each([
    [{ pageSize: 0 }, 'organization.pageSize must be an integer from 1 to 20, got 0'],
    [{ pageSize: 21 }, 'organization.pageSize must be an integer from 1 to 20, got 21'],
    [{ managementAccount: '1234' }, 'organization: "1234" is not a 12-digit account id'],
    [{ delegatedAdministrators: ['x'] }, 'organization: "x" is not a 12-digit account id']
  ])('refuses the organization option %j', async (organization, message) => {
    await expect(startEmulator({ organization })).rejects.toThrow(message)
  })

  it('records ListAccounts as an event of the caller in its account (us-east-1)', async () => {
    const e = await emulator()
    await organizationsClient(e).send(new ListAccountsCommand({}))
    const out = await cloudTrailClient(e, BASE_KEYS, 'us-east-1').send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'ListAccounts' }]
      })
    )
    expect(out.Events?.map(ev => [ev.EventSource, ev.Username])).toEqual([
      ['organizations.amazonaws.com', 'emulator-user']
    ])
  })
})

describe('AWS_ENDPOINT_URL_ORGANIZATIONS', () => {
  afterEach(() => {
    delete process.env['AWS_ENDPOINT_URL_ORGANIZATIONS']
  })

  it('points a client built without an endpoint at the emulator', async () => {
    const e = await emulator()
    process.env['AWS_ENDPOINT_URL_ORGANIZATIONS'] = e.url
    const client = new OrganizationsClient({ region: 'us-east-1', credentials: BASE_KEYS, maxAttempts: 1 })
    const out = await client.send(new ListAccountsCommand({}))
    expect(out.Accounts?.map(a => a.Id)).toEqual([BASE_ACCOUNT, A])
  })
})
