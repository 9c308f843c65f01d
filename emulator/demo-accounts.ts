// Demo accounts for `npm run emulator -- --accounts N [--suspended-accounts M]`: N ACTIVE member accounts
// 100000000001, 100000000002… named demo-1, demo-2…, then M SUSPENDED ones. In each ACTIVE account the IAM
// user `deploy-bot` made 40 routine calls over the last 30 days; in demo-2 it also terminated an instance two
// hours before `now`, so a scan of every account finds exactly one forbidden event, in one account.
// Event ids derive from the principal, so the same series in two accounts never shares an id.
import type { AccountSpec } from './accounts.js'
import { resourcesFor, sourceOf } from './catalog.js'
import { digest, seededRandom } from './ids.js'
import { iamUser, makeRecord, type EmulatorRecord } from './records.js'

export const DEMO_USER = 'deploy-bot'
const ROUTINE = ['DescribeInstances', 'CreateTags', 'GetBucketPolicy', 'DescribeStacks', 'Decrypt'] as const
const ROUTINE_CALLS = 40
const SPAN_MS = 30 * 24 * 3_600_000
const MAX_ACCOUNTS = 100

export function demoAccountId(index: number): string {
  return String(100_000_000_000 + index)
}

function demoRecords(account: string, withForbidden: boolean, region: string, now: number): EmulatorRecord[] {
  const principal = iamUser(account, DEMO_USER)
  const random = seededRandom(parseInt(digest('demo', account).slice(0, 8), 16))
  const event = (eventName: string, time: number): EmulatorRecord =>
    makeRecord({
      principal,
      eventName,
      source: sourceOf(eventName),
      region,
      time,
      resources: resourcesFor(eventName, random)
    })
  const records = Array.from({ length: ROUTINE_CALLS }, (_, i) =>
    event(
      ROUTINE[i % ROUTINE.length] ?? 'DescribeInstances',
      now - Math.floor(((i + 0.5) * SPAN_MS) / ROUTINE_CALLS)
    )
  )
  if (withForbidden) records.push(event('TerminateInstances', now - 2 * 3_600_000))
  return records
}

/** The accounts option for the CLI's demo accounts; throws on counts out of range. */
export function demoAccounts(opts: {
  active: number
  suspended: number
  region: string
  now: Date
}): AccountSpec[] {
  const { active, suspended } = opts
  for (const [flag, count] of [
    ['--accounts', active],
    ['--suspended-accounts', suspended]
  ] as const) {
    if (!Number.isInteger(count) || count < 0 || count > MAX_ACCOUNTS) {
      throw new Error(`${flag}: expected a whole number from 0 to ${MAX_ACCOUNTS}, got ${count}`)
    }
  }
  return Array.from({ length: active + suspended }, (_, i): AccountSpec => {
    const id = demoAccountId(i + 1)
    if (i >= active) return { id, name: `demo-${i + 1}`, state: 'SUSPENDED' }
    return { id, name: `demo-${i + 1}`, records: demoRecords(id, i === 1, opts.region, opts.now.getTime()) }
  })
}
