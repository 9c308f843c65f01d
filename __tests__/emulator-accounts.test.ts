// Several accounts on one emulator, through the real STS and CloudTrail clients over HTTP: AssumeRole into each
// account, who GetCallerIdentity says the keys are, and LookupEvents reading the signing key's account only.
import { afterAll, describe, expect, it } from '@jest/globals'
import { LookupEventsCommand, type Event } from '@aws-sdk/client-cloudtrail'
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import { iamUser, makeRecord, type EmulatorRecord } from '../emulator/data.js'
import { BASE_ACCOUNT, startEmulator, type Emulator, type EmulatorOptions } from '../emulator/server.js'
import {
  assumeRole,
  BASE_KEYS,
  cloudTrailClient,
  roleArn,
  stsClient,
  type Keys
} from '../__fixtures__/accounts.js'
import { failure } from '../__fixtures__/failure.js'

const NOW = Date.parse('2025-06-01T12:00:00Z')
const [A, B, C, SUSPENDED] = ['111111111111', '222222222222', '333333333333', '444444444444'] as const
const emulators: Emulator[] = []

afterAll(async () => {
  await Promise.all(emulators.map(e => e.close()))
})

/** One event in the account, by a user named after it, so a page shows whose records it holds. */
function eventIn(account: string, eventName = 'RunInstances'): EmulatorRecord {
  return makeRecord({
    principal: iamUser(account, `dev-${account}`),
    eventName,
    source: 'ec2',
    region: 'eu-west-2',
    time: NOW - 3_600_000
  })
}

async function emulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const started = await startEmulator({
    now: () => NOW,
    requestsPerSecond: 0,
    requireKnownKeys: true,
    allowedKeys: [BASE_KEYS.accessKeyId],
    records: [eventIn(BASE_ACCOUNT)],
    accounts: [
      { id: A, name: 'workloads-a', records: [eventIn(A)] },
      { id: B, records: [eventIn(B), eventIn(B, 'TerminateInstances')], deniedRoles: ['no-trust'] },
      { id: C, records: [eventIn(C)] },
      { id: SUSPENDED, state: 'SUSPENDED', records: [eventIn(SUSPENDED)] }
    ],
    ...options
  })
  emulators.push(started)
  return started
}

async function usernames(e: Emulator, keys: Keys, eventName?: string): Promise<string[]> {
  const out = await cloudTrailClient(e, keys).send(
    new LookupEventsCommand(
      eventName === undefined
        ? {}
        : { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: eventName }] }
    )
  )
  return (out.Events ?? []).map(ev => `${ev.EventName ?? ''} by ${ev.Username ?? ''}`)
}

function cloudTrailEventOf(event: Event | undefined): Record<string, unknown> {
  return JSON.parse(event?.CloudTrailEvent ?? '{}') as Record<string, unknown>
}

describe('STS AssumeRole into several accounts', () => {
  it('issues keys of the role ARN account, and GetCallerIdentity names that account and session', async () => {
    const e = await emulator({ recordCalls: false })
    for (const account of [A, B, C]) {
      const keys = await assumeRole(e, roleArn(account), { session: 'cloudtrail-gate-42' })
      expect(keys.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/)
      const identity = await stsClient(e, keys).send(new GetCallerIdentityCommand({}))
      expect(identity).toMatchObject({
        Account: account,
        Arn: `arn:aws:sts::${account}:assumed-role/gate-reader/cloudtrail-gate-42`,
        UserId: expect.stringMatching(/^AROA[A-Z2-7]+:cloudtrail-gate-42$/)
      })
    }
    const base = await stsClient(e).send(new GetCallerIdentityCommand({}))
    expect(base.Arn).toBe(`arn:aws:iam::${BASE_ACCOUNT}:user/emulator-user`)
    expect(e.stats().assumeRole.map(call => [call.roleArn, call.callerArn, call.errorCode])).toEqual(
      [A, B, C].map(account => [roleArn(account), base.Arn, undefined])
    )
  })

  it('answers AccessDenied (403) for a denied role, a SUSPENDED account and an account it does not serve', async () => {
    const e = await emulator({ recordCalls: false })
    for (const arn of [roleArn(B, 'no-trust'), roleArn(SUSPENDED), roleArn('999999999999')]) {
      const refused = assumeRole(e, arn)
      expect(await failure(refused)).toEqual({ name: 'AccessDenied', status: 403 })
      await expect(refused).rejects.toThrow(
        `User: arn:aws:iam::${BASE_ACCOUNT}:user/emulator-user is not authorized to perform: sts:AssumeRole ` +
          `on resource: ${arn}`
      )
    }
    // Another role of the same account is still trusted.
    await expect(assumeRole(e, roleArn(B))).resolves.toHaveProperty('accessKeyId')
    expect(e.stats().assumeRole.map(call => call.errorCode ?? call.accessKeyId?.slice(0, 4))).toEqual([
      'AccessDenied',
      'AccessDenied',
      'AccessDenied',
      'ASIA'
    ])
  })

  it('needs a known signing key (requireKnownKeys) and holds role chaining to one hour', async () => {
    const e = await emulator({ recordCalls: false })
    const stranger = { accessKeyId: 'AKIDSTRANGER', secretAccessKey: 'x' }
    expect(await failure(assumeRole(e, roleArn(A), { caller: stranger }))).toEqual({
      name: 'InvalidClientTokenId',
      status: 403
    })
    const inA = await assumeRole(e, roleArn(A))
    expect(await failure(assumeRole(e, roleArn(C), { caller: inA, durationSeconds: 7200 }))).toEqual({
      name: 'ValidationError',
      status: 400
    })
    const chained = await assumeRole(e, roleArn(C), { caller: inA, session: 'chained' })
    const identity = await stsClient(e, chained).send(new GetCallerIdentityCommand({}))
    expect(identity.Arn).toBe(`arn:aws:sts::${C}:assumed-role/gate-reader/chained`)
    expect(e.stats().assumeRole.at(-1)?.callerArn).toBe(
      `arn:aws:sts::${A}:assumed-role/gate-reader/cloudtrail-gate`
    )
  })
})

describe('LookupEvents per account', () => {
  it("answers from the signing key's account only; static keys read the base account", async () => {
    const e = await emulator({ recordCalls: false })
    expect(await usernames(e, BASE_KEYS)).toEqual([`RunInstances by dev-${BASE_ACCOUNT}`])
    expect(await usernames(e, await assumeRole(e, roleArn(A)))).toEqual([`RunInstances by dev-${A}`])
    expect((await usernames(e, await assumeRole(e, roleArn(B)))).sort()).toEqual([
      `RunInstances by dev-${B}`,
      `TerminateInstances by dev-${B}`
    ])
    expect(await usernames(e, await assumeRole(e, roleArn(C)))).toEqual([`RunInstances by dev-${C}`])
    expect(Object.keys(e.stats().accounts).sort()).toEqual([A, B, BASE_ACCOUNT, C].sort())
    expect(e.stats().accounts[A]?.['eu-west-2']).toEqual({
      requests: 1,
      accepted: 1,
      throttled: 0,
      faults: 0
    })
  })

  it('merges an accounts entry for the base account with the records option', async () => {
    const e = await emulator({
      recordCalls: false,
      accounts: [{ id: BASE_ACCOUNT, records: [eventIn(A, 'StopInstances')] }]
    })
    expect((await usernames(e, BASE_KEYS)).sort()).toEqual([
      `RunInstances by dev-${BASE_ACCOUNT}`,
      `StopInstances by dev-${A}`
    ])
  })

  it('applies a fault that names an account to that account only', async () => {
    const e = await emulator({ recordCalls: false })
    const [inA, inB] = [await assumeRole(e, roleArn(A)), await assumeRole(e, roleArn(B))]
    e.setFaults([{ kind: 'access-denied', account: A }])
    const denied = cloudTrailClient(e, inA).send(new LookupEventsCommand({}))
    expect(await failure(denied)).toEqual({ name: 'AccessDeniedException', status: 400 })
    await expect(denied).rejects.toThrow(
      `User: arn:aws:sts::${A}:assumed-role/gate-reader/cloudtrail-gate is not`
    )
    expect(await usernames(e, inB, 'RunInstances')).toEqual([`RunInstances by dev-${B}`])
  })
})

describe('calls recorded as CloudTrail events in the caller account', () => {
  it('records AssumeRole (granted and refused) in the base account, and LookupEvents in the session account', async () => {
    const e = await emulator()
    const inA = await assumeRole(e, roleArn(A))
    expect(await failure(assumeRole(e, roleArn(B, 'no-trust')))).toEqual({
      name: 'AccessDenied',
      status: 403
    })

    const base = await cloudTrailClient(e, BASE_KEYS).send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'AssumeRole' }]
      })
    )
    const events = (base.Events ?? []).map(cloudTrailEventOf)
    expect(events).toHaveLength(2)
    const granted = events.find(ev => ev['errorCode'] === undefined)
    expect(granted).toMatchObject({
      eventSource: 'sts.amazonaws.com',
      recipientAccountId: BASE_ACCOUNT,
      userIdentity: { type: 'IAMUser', userName: 'emulator-user', accessKeyId: BASE_KEYS.accessKeyId },
      requestParameters: { roleArn: roleArn(A), roleSessionName: 'cloudtrail-gate', durationSeconds: 3600 }
    })
    const refused = events.find(ev => ev['errorCode'] === 'AccessDenied')
    expect(refused?.['errorMessage']).toContain(roleArn(B, 'no-trust'))
    expect(base.Events?.every(ev => ev.Resources?.some(r => r.ResourceType === 'AWS::IAM::Role'))).toBe(true)

    // The session's first LookupEvents is recorded in account A, where its second one finds it.
    expect(await usernames(e, inA, 'LookupEvents')).toEqual([])
    expect(await usernames(e, inA, 'LookupEvents')).toEqual(['LookupEvents by cloudtrail-gate'])
    expect(await usernames(e, inA, 'AssumeRole')).toEqual([])
    const inC = await assumeRole(e, roleArn(C))
    expect(await usernames(e, inC, 'LookupEvents')).toEqual([])
    expect(await usernames(e, BASE_KEYS, 'LookupEvents')).toEqual([`LookupEvents by emulator-user`])
  })
})

describe('account specs', () => {
  it.each([
    [{ id: '12345' }, 'accounts[0].id must be 12 digits'],
    [{ id: A, state: 'CLOSED' as 'ACTIVE' }, 'accounts[0].state must be one of'],
    [{ id: A, deniedRoles: ['bad role'] }, 'is not a role name'],
    [{ id: A, name: '' }, 'accounts[0].name must be 1 to 50 characters']
  ])('refuses %j', async (spec, message) => {
    await expect(startEmulator({ accounts: [spec] })).rejects.toThrow(message)
  })

  it('refuses an id given twice', async () => {
    await expect(startEmulator({ accounts: [{ id: A }, { id: A }] })).rejects.toThrow(
      'accounts[1].id 111111111111 is given twice'
    )
  })
})
