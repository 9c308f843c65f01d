import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { iamUser, makeRecord, roleSession, type EmulatorRecord } from '../../emulator/records.js'
import { startEmulator, type AccountSpec, type Emulator, type EmulatorStats } from '../../emulator/server.js'
import { type CliRun, runAction, runCli } from '../../__fixtures__/runner.js'

// The bundle over several accounts, as a runner runs it, against one emulator serving every account on one port
// at LookupEvents' real 2 requests/s per (account, Region): each account read as its own role (AssumeRole from
// the job's credentials), with its own budget and delivery barrier per Region.

jest.setTimeout(120_000)

const ROLE = 'arn:aws:iam::{account}:role/cloudtrail-audit'
const REGIONS = ['eu-west-2', 'eu-west-1']
const USER = 'deploy-bot'
const now = Date.now()
const id = (n: number): string => String(100_000_000_000 + n)

/** `count` routine calls of the principal in each Region, an hour apart, ending two hours ago. */
function routine(
  principal: ReturnType<typeof iamUser> | ReturnType<typeof roleSession>,
  count: number
): EmulatorRecord[] {
  return REGIONS.flatMap(region =>
    Array.from({ length: count }, (_, i) =>
      makeRecord({
        principal,
        eventName: 'DescribeInstances',
        source: 'ec2',
        region,
        time: now - (i + 2) * 3_600_000
      })
    )
  )
}

function terminate(principal: ReturnType<typeof iamUser> | ReturnType<typeof roleSession>, region: string) {
  return makeRecord({
    principal,
    eventName: 'TerminateInstances',
    source: 'ec2',
    region,
    time: now - 90 * 60_000,
    resources: [{ type: 'AWS::EC2::Instance', name: 'i-0abc' }]
  })
}

function account(
  n: number,
  options: { forbidden?: string; denied?: boolean; state?: AccountSpec['state'] } = {}
) {
  const principal = iamUser(id(n), USER)
  return {
    id: id(n),
    ...(options.state && { state: options.state }),
    ...(options.denied && { deniedRoles: ['cloudtrail-audit'] }),
    records: [
      ...routine(principal, 60),
      ...(options.forbidden ? [terminate(principal, options.forbidden)] : [])
    ]
  }
}

function env(e: Emulator): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_CLOUDTRAIL: e.url,
    AWS_ENDPOINT_URL_STS: e.url,
    AWS_ENDPOINT_URL_ORGANIZATIONS: e.url,
    AWS_ACCESS_KEY_ID: 'AKIDE2E',
    AWS_SECRET_ACCESS_KEY: 'secret'
  }
}

const inputs = (more: Record<string, string>): Record<string, string> => ({
  user: USER,
  events: 'TerminateInstances, DeleteTrail',
  region: REGIONS.join(','),
  'include-global-events': 'false',
  'account-role': ROLE,
  ...more
})

/** The bundled CLI (the package's bin) with the standard credential chain. */
const cli = (args: string[], e: Emulator): Promise<CliRun> => runCli(args, env(e))

interface Report {
  accounts: Array<{
    account: string
    complete: boolean
    forbidden: number
    pages: number
    reason: string | null
  }>
  delivery: { mode: string; regions: Array<{ account?: string; region: string; delivered: boolean }> }
}

const report = (path: string | undefined): Report => JSON.parse(readFileSync(path ?? '', 'utf8')) as Report
const lookups = (stats: EmulatorStats, account: string): number =>
  Object.values(stats.accounts[account] ?? {}).reduce((sum, r) => sum + r.requests, 0)

describe('many accounts', () => {
  let e: Emulator
  // 1–5: the five accounts, a forbidden event in 3; 6–8: 7 refuses the gate's role, a forbidden event in 8;
  // 9–10: the same session name in both.
  const alice = (n: number) => roleSession(id(n), 'deployer', 'alice')
  beforeAll(async () => {
    // A burst of two: a client that spaces each account's requests at 2/s is never throttled, one that sends
    // faster is at its third request; and a machine shared with other jobs (a late timer in the emulator) cannot
    // make the count flaky, as the strict one-request-per-500-ms bucket can.
    e = await startEmulator({
      requestsPerSecond: 2,
      burst: 2,
      accounts: [
        ...[1, 2, 3, 4, 5].map(n => account(n, n === 3 ? { forbidden: 'eu-west-1' } : {})),
        account(6),
        account(7, { denied: true }),
        account(8, { forbidden: 'eu-west-2' }),
        { id: id(9), records: routine(alice(9), 20) },
        { id: id(10), records: [terminate(alice(10), 'eu-west-2')] }
      ]
    })
  })
  afterAll(async () => {
    await e.close()
  })

  it('five accounts × two Regions: one forbidden event found, every account at its own 2/s, none throttled', async () => {
    const five = [1, 2, 3, 4, 5].map(id)
    const run = await runAction(inputs({ accounts: five.join('\n') }), env(e))
    expect(run.code).toBe(1)
    expect(run.outputs['verdict']).toBe('forbidden')
    expect(run.outputs['complete']).toBe('true')
    expect(run.outputs['found']).toBe('true')
    expect(run.outputs['count']).toBe('1')
    expect(run.outputs['accounts']).toBe(five.join(','))
    const [event] = JSON.parse(run.outputs['events'] ?? '[]') as Array<{ Account: string; Region: string }>
    expect(event).toMatchObject({ Account: id(3), Region: 'eu-west-1' })
    const stats = e.stats()
    // Separate budgets: no (account, Region) was throttled, though together they far exceeded 2 requests/s.
    const total = five.reduce((sum, a) => sum + lookups(stats, a), 0)
    for (const a of five) {
      for (const region of REGIONS) expect(stats.accounts[a]?.[region]?.throttled).toBe(0)
    }
    expect(total / (run.ms / 1000)).toBeGreaterThan(2)
    // Each account's role, in a session that says it is the gate; its own delivery barrier per Region.
    // (Concurrent: in any order.)
    expect(stats.assumeRole.map(c => `${c.roleArn} ${c.roleSessionName}`).sort()).toEqual(
      five.map(a => `arn:aws:iam::${a}:role/cloudtrail-audit cloudtrail-gate-4242-1`)
    )
    const r = report(run.outputs['report'])
    expect(r.delivery.mode).toBe('barrier')
    expect(r.delivery.regions.map(d => `${d.account} ${d.region} ${d.delivered}`).sort()).toEqual(
      five.flatMap(a => REGIONS.map(region => `${a} ${region} true`)).sort()
    )
    expect(r.accounts.map(a => [a.account, a.complete, a.forbidden])).toEqual(
      five.map(a => [a, true, a === id(3) ? 1 : 0])
    )
    expect(run.summary).toContain('<b>Accounts</b> · 5 of 5 accounts complete, forbidden events in 1 account')
    expect(run.stdout).toContain(`[${id(3)} eu-west-1] plan:`)
    expect(run.stdout).toMatch(
      new RegExp(`TerminateInstances ×1 by deploy-bot.*in account ${id(3)} eu-west-1`)
    )
  })

  it('one account refuses the role: incomplete, naming it; the others are read and their forbidden event shown', async () => {
    const three = [6, 7, 8].map(id)
    const run = await runAction(inputs({ accounts: three.join(',') }), env(e))
    expect(run.code).toBe(1)
    expect(run.outputs['verdict']).toBe('incomplete')
    expect(run.outputs['complete']).toBe('false')
    expect(run.outputs['found']).toBe('true')
    expect(run.outputs['accounts']).toBe(three.join(','))
    expect(run.stdout).toMatch(
      new RegExp(
        `::error::CloudTrail scan incomplete in account ${id(7)}: could not assume arn:aws:iam::${id(7)}:role`
      )
    )
    expect(run.stdout).toContain('Forbidden events found before it stopped: TerminateInstances ×1')
    expect(lookups(e.stats(), id(7))).toBe(0)
    const r = report(run.outputs['report'])
    expect(r.accounts.map(a => [a.account, a.complete, a.forbidden])).toEqual([
      [id(6), true, 0],
      [id(7), false, 0],
      [id(8), true, 1]
    ])
    expect(r.accounts[1]?.reason).toMatch(/AccessDenied.*trust policy/)
    expect(run.summary).toContain('Scan incomplete')
    expect(run.summary).toContain(`<td><code>${id(7)}</code></td>`)
  })

  it('the CLI: --accounts and --account-role, a line per account, exit 2 for the incomplete scan', async () => {
    const run = await cli(
      [
        ...['--user', USER, '--events', 'TerminateInstances', '--region', 'eu-west-2', '--no-global-events'],
        ...['--accounts', `${id(6)},${id(7)}`, '--accounts', id(8), '--account-role', ROLE]
      ],
      e
    )
    expect(run.code).toBe(2)
    expect(run.stdout).toContain(`account ${id(6)}: complete`)
    expect(run.stdout).toContain(
      `account ${id(7)}: NOT complete: could not assume arn:aws:iam::${id(7)}:role`
    )
    expect(run.stdout).toMatch(
      new RegExp(`TerminateInstances\\s+ec2\\.amazonaws\\.com\\s+${id(8)}\\s+eu-west-2`)
    )
    expect(run.stderr).toContain(`CloudTrail scan incomplete in account ${id(7)}`)
  })

  it('a session ARN in one account: the same session name in another does not count', async () => {
    const run = await runAction(
      inputs({ user: `arn:aws:sts::${id(9)}:assumed-role/deployer/alice`, accounts: `${id(9)},${id(10)}` }),
      env(e)
    )
    expect(run.code).toBe(0)
    expect(run.outputs['complete']).toBe('true')
    expect(run.outputs['found']).toBe('false')
    expect(run.outputs['accounts']).toBe(id(9))
    expect(lookups(e.stats(), id(10))).toBe(0)
    // The plain name, in both accounts, finds the session of account 10.
    const named = await runAction(inputs({ user: 'alice', accounts: `${id(9)},${id(10)}` }), env(e))
    expect(named.outputs['found']).toBe('true')
    expect(JSON.parse(named.outputs['events'] ?? '[]')).toMatchObject([{ Account: id(10) }])
  })

  it.each([
    [
      'an ID that is not 12 digits',
      { accounts: '10000000001' },
      /Input 'accounts' has an invalid value "10000000001"/
    ],
    ['accounts without account-role', { accounts: id(1), 'account-role': '' }, /Input 'account-role'/],
    [
      'a template without {account}',
      { accounts: id(1), 'account-role': `arn:aws:iam::${id(1)}:role/cloudtrail-audit` },
      /\{account\} where the account ID goes/
    ],
    [
      'a template that is not a role ARN',
      { accounts: id(1), 'account-role': 'arn:aws:iam::{account}:user/cloudtrail-audit' },
      /Input 'account-role' has an invalid value/
    ]
  ])('bad input, %s: an error before any AWS call', async (_, more, message) => {
    const before = e.stats()
    const run = await runAction(inputs(more), env(e))
    expect(run.code).toBe(1)
    expect(run.outputs['found']).toBe('unknown')
    expect(run.stdout).toMatch(message)
    const after = e.stats()
    expect(after.assumeRole).toHaveLength(before.assumeRole.length)
    expect(after.regions).toEqual(before.regions)
    expect(after.organizations).toEqual(before.organizations)
    expect(after.recordedCalls).toBe(before.recordedCalls)
  })
})

describe('accounts: organization', () => {
  let e: Emulator
  beforeAll(async () => {
    // The base account (the management account, listed first), then 21, 22 (SUSPENDED), 23: two pages of two.
    e = await startEmulator({
      requestsPerSecond: 2,
      accounts: [account(21), account(22, { state: 'SUSPENDED' }), account(23, { forbidden: 'eu-west-2' })],
      organization: { pageSize: 2 }
    })
  })
  afterAll(async () => {
    await e.close()
  })

  it('lists both pages of ListAccounts and reads every ACTIVE account, skipping the suspended one', async () => {
    const run = await runAction(inputs({ accounts: 'organization' }), env(e))
    expect(run.outputs['complete']).toBe('true')
    expect(run.outputs['accounts']).toBe(['123456789012', id(21), id(23)].join(','))
    expect(run.outputs['found']).toBe('true')
    const stats = e.stats()
    expect(stats.organizations.listAccounts).toBe(2)
    expect(stats.assumeRole.map(c => c.roleArn.split(':')[4]).sort()).toEqual([
      id(21),
      id(23),
      '123456789012'
    ])
    expect(lookups(stats, id(22))).toBe(0)
    expect(run.stdout).toContain(
      'Organizations ListAccounts: 3 ACTIVE accounts on 2 pages; not read: 1 SUSPENDED'
    )
  })
})
