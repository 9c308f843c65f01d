import { describe, expect, it } from '@jest/globals'
import type { ListAccountsCommandOutput } from '@aws-sdk/client-organizations'
import { AccountRoles } from '../src/aws/accounts.js'
import { listActiveAccounts, type ListAccountsLike } from '../src/aws/organizations.js'
import { OwnRequests } from '../src/aws/own-requests.js'
import { SourceFailure } from '../src/core/errors.js'
import { FakeClock } from '../__fixtures__/clock.js'
import { fakeSts } from '../__fixtures__/fake-accounts.js'
import { awsError } from '../__fixtures__/records.js'

// The two AWS calls of the account scope, against hostile and failing answers: Organizations ListAccounts (every
// page, ACTIVE only, every account checked) and STS AssumeRole (keys checked, renewed before they lapse).

const ROLE = 'arn:aws:iam::{account}:role/cloudtrail-audit'

function deps(clock: FakeClock) {
  return { clock, random: () => 0.5, signal: new AbortController().signal, own: new OwnRequests() }
}

/** Answers as a hostile server may send them: any shape. */
function pages(...answers: Array<Record<string, unknown> | Error>): ListAccountsLike {
  let call = 0
  return {
    send: async () => {
      const answer = answers[call++]
      if (answer === undefined) throw new Error('asked for a page too many')
      if (answer instanceof Error) throw answer
      return { $metadata: { requestId: `req-${call}` }, ...answer } as unknown as ListAccountsCommandOutput
    }
  }
}

async function failure(run: () => Promise<unknown>): Promise<SourceFailure> {
  try {
    await run()
  } catch (e) {
    if (e instanceof SourceFailure) return e
    throw e
  }
  throw new Error('no SourceFailure')
}

describe('listActiveAccounts', () => {
  it('follows every page, keeps ACTIVE accounts (State, else Status), and keeps the request IDs as its own', async () => {
    const d = deps(new FakeClock(0))
    const listed = await listActiveAccounts(
      pages(
        { Accounts: [{ Id: '111111111111', State: 'ACTIVE' }], NextToken: 't1' },
        { Accounts: [{ Id: '222222222222', Status: 'SUSPENDED' }], NextToken: 't2' },
        {
          Accounts: [
            { Id: '333333333333', Status: 'ACTIVE' },
            { Id: '111111111111', State: 'ACTIVE' },
            { Id: '444444444444', State: '<b>whatever</b>' }
          ]
        }
      ),
      d
    )
    expect(listed.active).toEqual(['111111111111', '333333333333'])
    // A state Organizations does not document is counted, never echoed.
    expect([...listed.skipped]).toEqual([
      ['SUSPENDED', 1],
      ['other state', 1]
    ])
    expect(listed.pages).toBe(3)
    expect(['req-1', 'req-2', 'req-3'].every(id => d.own.has(id))).toBe(true)
  })

  it('retries a throttled page', async () => {
    const listed = await listActiveAccounts(
      pages(awsError('TooManyRequestsException', 400), {
        Accounts: [{ Id: '111111111111', State: 'ACTIVE' }]
      }),
      deps(new FakeClock(0))
    )
    expect(listed.active).toEqual(['111111111111'])
  })

  it.each([
    ['no Accounts list', {}, /with no Accounts list/],
    [
      'an Id that is not an account',
      { Accounts: [{ Id: '../../etc', State: 'ACTIVE' }] },
      /Id is not 12 digits/
    ],
    [
      'an account with no state',
      { Accounts: [{ Id: '111111111111' }] },
      /account 111111111111 with no State/
    ],
    ['a token that is not a string', { Accounts: [], NextToken: 42 }, /NextToken/]
  ])('refuses %s', async (_, answer, reason) => {
    const f = await failure(() => listActiveAccounts(pages(answer), deps(new FakeClock(0))))
    expect(f.code).toBe('bad-response')
    expect(f.reason).toMatch(reason)
  })

  it('stops on a repeated token', async () => {
    const again = { Accounts: [], NextToken: 'same' }
    const f = await failure(() => listActiveAccounts(pages(again, again, again), deps(new FakeClock(0))))
    expect(f.code).toBe('repeated-token')
  })

  it('access denied names the permission the base credentials need', async () => {
    const f = await failure(() =>
      listActiveAccounts(pages(awsError('AccessDeniedException', 400, 'no')), deps(new FakeClock(0)))
    )
    expect(f.code).toBe('access-denied')
    expect(f.reason).toMatch(/needs organizations:ListAccounts for the base credentials/)
  })
})

describe('AccountRoles', () => {
  function roles(clock: FakeClock, sts = fakeSts(clock), own = new OwnRequests()) {
    return {
      sts,
      own,
      roles: new AccountRoles({
        template: ROLE,
        sessionName: 'cloudtrail-gate-1-1',
        sts: async () => sts,
        clock,
        random: () => 0.5,
        signal: new AbortController().signal,
        own
      })
    }
  }

  it("assumes an account's role once, shared by concurrent callers, and renews it before it lapses", async () => {
    const clock = new FakeClock(0)
    const { sts, own, roles: r } = roles(clock)
    const provider = r.provider('111111111111')
    const [a, b] = await Promise.all([provider(), provider()])
    expect(a).toBe(b)
    expect(a.accessKeyId).toBe('ASIA111111111111')
    expect(sts.calls).toEqual([
      {
        roleArn: 'arn:aws:iam::111111111111:role/cloudtrail-audit',
        sessionName: 'cloudtrail-gate-1-1',
        at: 0
      }
    ])
    expect(own.has('assume-111111111111-1')).toBe(true)
    await clock.sleep(54 * 60_000)
    await provider()
    expect(sts.calls).toHaveLength(1)
    await clock.sleep(2 * 60_000)
    await provider()
    expect(sts.calls).toHaveLength(2)
  })

  it('a refused role is a SourceFailure naming the role and the trust policy', async () => {
    const clock = new FakeClock(0)
    const { roles: r } = roles(clock, fakeSts(clock, ['222222222222']))
    const f = await failure(() => r.assume('222222222222'))
    expect(f.code).toBe('access-denied')
    expect(f.reason).toMatch(
      /^could not assume arn:aws:iam::222222222222:role\/cloudtrail-audit \(AccessDenied: User: .*\): the role's trust policy/
    )
    // The other accounts are untouched.
    expect((await r.assume('111111111111')).accessKeyId).toBe('ASIA111111111111')
  })

  it('an answer without keys is not an answer', async () => {
    const clock = new FakeClock(0)
    const r = new AccountRoles({
      template: ROLE,
      sessionName: 's1',
      sts: async () => ({
        send: async () => ({ $metadata: {}, Credentials: { AccessKeyId: 'A' } as never })
      }),
      clock,
      random: () => 0.5,
      signal: new AbortController().signal
    })
    const f = await failure(() => r.assume('111111111111'))
    expect(f.code).toBe('bad-response')
    expect(f.reason).toMatch(/answered without usable credentials/)
  })
})
