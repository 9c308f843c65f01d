import { describe, expect, it } from '@jest/globals'
import type { Event } from '@aws-sdk/client-cloudtrail'
import { parseQuery, type RawQuery } from '../src/query/inputs.js'
import { scan, type ScanDeps } from '../src/run/run.js'
import { buildOutputs } from '../src/report/outputs.js'
import { FakeClock } from '../__fixtures__/clock.js'
import { fakeCloudTrail, fakeOrganizations, fakeSts, inAccount } from '../__fixtures__/fake-accounts.js'
import { awsError, record, series } from '../__fixtures__/records.js'

// The run over several accounts, against in-memory fakes on a virtual clock: every account read as its own role
// with its own 2 requests/s per Region, at most max-concurrent-accounts at once; one account that cannot be read
// makes the scan incomplete, naming it, while the others are still read and reported.

const [A, B, C, D, E] = ['111111111111', '222222222222', '333333333333', '444444444444', '555555555555']
const ROLE = 'arn:aws:iam::{account}:role/cloudtrail-audit'
const REGIONS = ['eu-west-2', 'eu-west-1']

function query(raw: Partial<RawQuery> = {}) {
  return parseQuery(
    {
      user: 'alice',
      events: 'Terminate*',
      region: REGIONS.join(','),
      includeGlobalEvents: false,
      waitForDelivery: false,
      accountRole: ROLE,
      ...raw
    },
    { now: new Date('2026-11-21T12:00:00Z'), env: {} }
  )
}

/** `pages` pages of alice's routine calls in each Region of each account; extra events where given. */
function data(
  accounts: readonly string[],
  pages = 3,
  extra: Record<string, Record<string, Event[]>> = {}
): Record<string, Record<string, Event[]>> {
  return Object.fromEntries(
    accounts.map(account => [
      account,
      Object.fromEntries(
        REGIONS.map(region => [
          region,
          [
            ...(extra[account]?.[region] ?? []),
            ...series(pages * 50, '2026-11-20T10:00:00Z', { name: 'DescribeInstances', region }).map(e =>
              inAccount(e, account)
            )
          ]
        ])
      )
    ])
  )
}

const forbiddenIn = (account: string, region: string): Record<string, Record<string, Event[]>> => ({
  [account]: {
    [region]: [
      inAccount(record({ name: 'TerminateInstances', time: '2026-11-20T11:00:00Z', region }), account)
    ]
  }
})

function deps(clock: FakeClock, cloudTrail: ReturnType<typeof fakeCloudTrail>, more: Partial<ScanDeps> = {}) {
  return { clock, clientFor: cloudTrail.clientFor, sessionName: 'cloudtrail-gate-4242-1', ...more }
}

describe('a scan of several accounts', () => {
  it('reads five accounts × two Regions at once, each at its own pace, and finds the one forbidden event', async () => {
    const clock = new FakeClock(0)
    const cloudTrail = fakeCloudTrail(data([A, B, C, D, E], 3, forbiddenIn(C, 'eu-west-1')), clock)
    const sts = fakeSts(clock)
    const result = await scan(
      query({ accounts: [A, B, C, D, E].join('\n') }),
      deps(clock, cloudTrail, { assumeRoleClient: sts })
    )
    expect(result.incomplete).toBeUndefined()
    expect(result.found).toBe(true)
    expect(result.events).toHaveLength(1)
    expect(result.events[0]).toMatchObject({
      EventName: 'TerminateInstances',
      Account: C,
      Region: 'eu-west-1'
    })
    // Each account's role, assumed once, in a session that says it is the gate.
    expect(sts.calls.map(c => c.roleArn)).toEqual(
      [A, B, C, D, E].map(a => `arn:aws:iam::${a}:role/cloudtrail-audit`)
    )
    expect(new Set(sts.calls.map(c => c.sessionName))).toEqual(new Set(['cloudtrail-gate-4242-1']))
    expect(result.accounts).toEqual(
      [A, B, C, D, E].map(account => ({
        account,
        regions: REGIONS,
        pages: account === C ? 7 : 6,
        examined: account === C ? 301 : 300,
        forbidden: account === C ? 1 : 0,
        complete: true,
        reason: null
      }))
    )
    expect(buildOutputs(result, 'r.json')['accounts']).toBe([A, B, C, D, E].join(','))
    // Each account's clients are closed once its last task is read.
    expect([...cloudTrail.released].sort()).toEqual([A, B, C, D, E])
    // Every (account, Region) read its pages at 2/s on its own budget: five accounts took one account's time.
    const single = new FakeClock(0)
    const one = await scan(
      query({ accounts: A }),
      deps(single, fakeCloudTrail(data([A]), single), { assumeRoleClient: fakeSts(single) })
    )
    expect(result.elapsedMs).toBeLessThanOrEqual(one.elapsedMs * 1.3 + 500)
    for (const account of [A, B]) {
      const times = cloudTrail.sent
        .filter(s => s.account === account && s.region === 'eu-west-2')
        .map(s => s.at)
      const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0))
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(500)
    }
  })

  it('one account whose role is refused: incomplete, naming the account; the others are read and reported', async () => {
    const clock = new FakeClock(0)
    const cloudTrail = fakeCloudTrail(data([A, B, C], 2, forbiddenIn(C, 'eu-west-2')), clock)
    const result = await scan(
      query({ accounts: `${A},${B},${C}` }),
      deps(clock, cloudTrail, { assumeRoleClient: fakeSts(clock, [B]) })
    )
    expect(result.incomplete?.region).toBe(`account ${B}`)
    expect(result.incomplete?.code).toBe('access-denied')
    expect(result.incomplete?.reason).toMatch(
      new RegExp(`could not assume arn:aws:iam::${B}:role/cloudtrail-audit \\(AccessDenied: .*trust policy`)
    )
    // Only B's failure: its slices' gaps are explained by it, and A and C are complete.
    expect(result.incomplete?.unfinished?.map(u => u.region)).toEqual([`account ${B}`])
    expect(cloudTrail.sent.some(s => s.account === B)).toBe(false)
    expect(result.violations).toEqual([{ name: 'TerminateInstances', count: 1 }])
    expect(result.accounts?.map(a => [a.account, a.complete, a.forbidden])).toEqual([
      [A, true, 0],
      [B, false, 0],
      [C, true, 1]
    ])
    expect(result.accounts?.[1]?.reason).toMatch(/^could not assume/)
    expect(buildOutputs(result, 'r.json')['found']).toBe('true')
    expect(buildOutputs(result, 'r.json')['complete']).toBe('false')
  })

  it('one account whose lookups are refused: incomplete there, naming the account and Region', async () => {
    const clock = new FakeClock(0)
    const cloudTrail = fakeCloudTrail(data([A, B]), clock, {
      failing: {
        [A]: awsError('AccessDeniedException', 400, 'not authorized to perform cloudtrail:LookupEvents')
      }
    })
    const result = await scan(
      query({ accounts: `${A},${B}` }),
      deps(clock, cloudTrail, { assumeRoleClient: fakeSts(clock) })
    )
    expect(result.incomplete?.unfinished?.map(u => u.region).sort()).toEqual([
      `account ${A} eu-west-1`,
      `account ${A} eu-west-2`
    ])
    expect(result.accounts?.map(a => [a.account, a.complete])).toEqual([
      [A, false],
      [B, true]
    ])
    expect(result.accounts?.[0]?.reason).toMatch(/^eu-west-[12]: access denied/)
    expect(result.accounts?.[1]?.pages).toBe(6)
  })

  it('reads at most max-concurrent-accounts at once, in order', async () => {
    const clock = new FakeClock(0)
    const cloudTrail = fakeCloudTrail(data([A, B, C, D], 4), clock)
    const sts = fakeSts(clock)
    const result = await scan(
      query({ accounts: [A, B, C, D].join(','), maxConcurrentAccounts: '2' }),
      deps(clock, cloudTrail, { assumeRoleClient: sts })
    )
    expect(result.incomplete).toBeUndefined()
    const span = (account: string) => {
      const times = cloudTrail.sent.filter(s => s.account === account).map(s => s.at)
      return { first: Math.min(...times), last: Math.max(...times) }
    }
    // Started spread over one request interval (500 ms for 2 accounts × 2 Regions at once): 125 ms apart.
    expect([span(A).first, span(B).first]).toEqual([0, 250])
    // C starts only when A or B has finished; D only when two accounts have.
    expect(span(C).first).toBeGreaterThanOrEqual(Math.min(span(A).last, span(B).last))
    expect(span(D).first).toBeGreaterThanOrEqual(Math.max(span(A).last, span(B).last))
    expect(sts.calls.map(c => c.roleArn.split(':')[4])).toEqual([A, B, C, D])
  })

  it('the deadline: accounts still queued fail as not read, naming the deadline', async () => {
    const clock = new FakeClock(0)
    const cloudTrail = fakeCloudTrail(data([A, B, C], 20), clock)
    const result = await scan(
      query({ accounts: `${A},${B},${C}`, maxConcurrentAccounts: '1', timeoutMinutes: '0.1' }),
      deps(clock, cloudTrail, { assumeRoleClient: fakeSts(clock) })
    )
    expect(result.incomplete?.code).toBe('deadline')
    const reasons = Object.fromEntries((result.accounts ?? []).map(a => [a.account, a.reason]))
    expect(reasons[B]).toMatch(
      /^not read: the scan ran past its 0\.1-minute deadline .* before its turn came/
    )
    expect(reasons[C]).toMatch(/before its turn came/)
    expect(result.accounts?.every(a => !a.complete)).toBe(true)
  })
})

describe('accounts: organization', () => {
  it('lists every page of ListAccounts and reads only the ACTIVE accounts', async () => {
    const clock = new FakeClock(0)
    const organizations = fakeOrganizations(
      [
        { id: A, state: 'ACTIVE' },
        { id: B, state: 'SUSPENDED' },
        { id: C, state: 'ACTIVE' },
        { id: D, state: 'PENDING_CLOSURE' },
        { id: E, state: 'ACTIVE' }
      ],
      2
    )
    const cloudTrail = fakeCloudTrail(data([A, C, E], 1), clock)
    const lines: string[] = []
    const result = await scan(
      query({ accounts: 'organization' }),
      deps(clock, cloudTrail, {
        assumeRoleClient: fakeSts(clock),
        organizations,
        progress: { info: line => lines.push(line) }
      })
    )
    expect(organizations.calls).toBe(3)
    expect(result.incomplete).toBeUndefined()
    expect(result.accounts?.map(a => a.account)).toEqual([A, C, E])
    expect([...new Set(cloudTrail.sent.map(s => s.account))].sort()).toEqual([A, C, E])
    expect(lines).toContain(
      'Organizations ListAccounts: 3 ACTIVE accounts on 3 pages; not read: 1 SUSPENDED, 1 PENDING_CLOSURE'
    )
    // Progress lines name their account.
    expect(lines.some(l => l.startsWith(`[${C} eu-west-1] `))).toBe(true)
  })

  it('a ListAccounts the credentials may not call: incomplete, nothing read', async () => {
    const clock = new FakeClock(0)
    const cloudTrail = fakeCloudTrail({}, clock)
    const result = await scan(
      query({ accounts: 'organization' }),
      deps(clock, cloudTrail, {
        assumeRoleClient: fakeSts(clock),
        organizations: {
          send: async () => {
            throw awsError(
              'AccessDeniedException',
              400,
              "You don't have permissions to access this resource."
            )
          }
        }
      })
    )
    expect(result.incomplete?.region).toBe('AWS Organizations')
    expect(result.incomplete?.reason).toMatch(/organizations:ListAccounts/)
    expect(result.found).toBe(false)
    expect(cloudTrail.sent).toHaveLength(0)
    expect(result.accounts).toEqual([])
  })
})

describe('the user ARN names its account', () => {
  const arn = `arn:aws:sts::${A}:assumed-role/deployer/alice`
  const session = (account: string): Event =>
    inAccount(
      record({
        name: 'TerminateInstances',
        time: '2026-11-20T11:00:00Z',
        principal: { type: 'AssumedRole', role: 'deployer', session: 'alice' }
      }),
      account
    )

  it("only that account's history is read: the same session name in another account does not count", async () => {
    const clock = new FakeClock(0)
    const cloudTrail = fakeCloudTrail({ [A]: { 'eu-west-2': [] }, [B]: { 'eu-west-2': [session(B)] } }, clock)
    const result = await scan(
      query({ user: arn, region: 'eu-west-2', events: 'TerminateInstances', accounts: `${A},${B}` }),
      deps(clock, cloudTrail, { assumeRoleClient: fakeSts(clock) })
    )
    expect(result.incomplete).toBeUndefined()
    expect(result.found).toBe(false)
    expect(new Set(cloudTrail.sent.map(s => s.account))).toEqual(new Set([A]))
    expect(result.accounts?.map(a => a.account)).toEqual([A])
  })

  it('counts the session in its own account', async () => {
    const clock = new FakeClock(0)
    const cloudTrail = fakeCloudTrail(
      { [A]: { 'eu-west-2': [session(A)] }, [B]: { 'eu-west-2': [session(B)] } },
      clock
    )
    const result = await scan(
      query({ user: arn, region: 'eu-west-2', events: 'TerminateInstances', accounts: `${B},${A}` }),
      deps(clock, cloudTrail, { assumeRoleClient: fakeSts(clock) })
    )
    expect(result.violations).toEqual([{ name: 'TerminateInstances', count: 1 }])
    expect(result.events[0]?.Account).toBe(A)
  })

  it('an account the organization does not hold: incomplete, never clean', async () => {
    const clock = new FakeClock(0)
    const result = await scan(
      query({ user: arn, region: 'eu-west-2', events: 'TerminateInstances', accounts: 'organization' }),
      deps(clock, fakeCloudTrail({}, clock), {
        assumeRoleClient: fakeSts(clock),
        organizations: fakeOrganizations([{ id: B, state: 'ACTIVE' }])
      })
    )
    expect(result.incomplete?.region).toBe(`account ${A}`)
    expect(result.incomplete?.reason).toMatch(/not an ACTIVE account of the organization/)
  })
})
