// `source: athena` over an organization trail's table with the accounts input: the list bounds the `account`
// partitions the one query reads (no account-role: one query reads every account), each listed account is a part
// of the coverage, and an account the table cannot hold is not covered. Without a list (or with organization),
// every account of the table is read.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {
  cloudTrailTables,
  startAthenaEmulator,
  writeTrailLogs,
  type AthenaEmulator
} from '../../emulator/athena/index.js'
import { makeRecord, roleSession } from '../../emulator/records.js'
import { skippingClock } from '../../__fixtures__/clock.js'
import { athenaClient, glueClient, BUCKET, DAY, ORG, REGIONS, START } from '../../__fixtures__/athena.js'
import { parseQuery, type RawQuery } from '../../src/query/inputs.js'
import { scan } from '../../src/run/run.js'

const [A, B] = ['123456789012', '210000000002']
let root: string
let emulator: AthenaEmulator

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'athena-accounts-'))
  // The same session name in both accounts, one TerminateInstances in each.
  const records = [A, B].flatMap((account, i) =>
    ['DescribeInstances', 'TerminateInstances'].map((eventName, j) =>
      makeRecord({
        principal: roleSession(account, 'deploy', 'GitHubActions'),
        eventName,
        source: 'ec2',
        region: 'eu-west-2',
        time: START + 2 * DAY + (i * 2 + j) * 3_600_000
      })
    )
  )
  await writeTrailLogs(records, { root, bucket: BUCKET, organizationId: ORG })
  const tables = cloudTrailTables({
    bucket: BUCKET,
    account: A,
    regions: REGIONS,
    organizationId: ORG,
    accounts: [A, B]
  })
  emulator = await startAthenaEmulator({ root, tables, queuedMs: 5, minRunningMs: 5 })
})

afterAll(async () => {
  await emulator.close()
  rmSync(root, { recursive: true, force: true })
})

function run(raw: Partial<RawQuery>) {
  const query = parseQuery(
    {
      user: 'GitHubActions',
      events: 'TerminateInstances',
      source: 'athena',
      athenaTable: 'cloudtrail.org_logs',
      region: 'eu-west-2',
      includeGlobalEvents: false,
      createdAfter: new Date(START + DAY).toISOString(),
      createdBefore: new Date(START + 4 * DAY).toISOString(),
      ...raw
    },
    { now: new Date(START + 20 * DAY), env: { AWS_REGION: 'eu-west-2' } }
  )
  return scan(query, {
    athenaFor: () => ({ athena: athenaClient(emulator.url), glue: glueClient(emulator.url) }),
    clock: skippingClock()
  })
}

describe('the accounts input with source athena', () => {
  it('bounds the account partitions to the list: one query, no role, the other account not read', async () => {
    const before = emulator.executions().length
    const result = await run({ accounts: B })
    expect(result.incomplete).toBeUndefined()
    expect(result.violations).toEqual([{ name: 'TerminateInstances', count: 1 }])
    expect(result.events[0]?.UserArn).toContain(`::${B}:`)
    const executions = emulator.executions().slice(before)
    expect(executions).toHaveLength(1)
    expect(executions[0]?.query).toContain('"account" = ?')
    expect(executions[0]?.parameters).toContain(`'${B}'`)
    expect(result.athena?.bounds).toContain(`account in ${B}`)
    expect(result.coverage.map(c => [c.slice.account, c.complete])).toEqual([[B, true]])
    expect(result.accounts).toEqual([
      {
        account: B,
        regions: ['eu-west-2'],
        pages: null,
        examined: null,
        forbidden: null,
        complete: true,
        reason: null
      }
    ])
  })

  it('organization (or no list): every account of the table, in one query', async () => {
    for (const accounts of ['organization', '']) {
      const result = await run({ accounts })
      expect(result.incomplete).toBeUndefined()
      expect(result.violations).toEqual([{ name: 'TerminateInstances', count: 2 }])
      expect(result.athena?.bounds.some(b => b.startsWith('account'))).toBe(false)
      expect(result.accounts).toBeUndefined()
    }
  })

  it('an account the table cannot hold: not covered, never clean', async () => {
    const result = await run({ accounts: `${A},999999999999` })
    expect(result.incomplete?.region).toBe('account 999999999999 eu-west-2')
    expect(result.incomplete?.reason).toMatch(/cannot hold account 999999999999/)
    expect(result.accounts?.map(a => [a.account, a.complete])).toEqual([
      [A, true],
      ['999999999999', false]
    ])
  })
})
