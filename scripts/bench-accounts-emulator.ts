// node --import tsx scripts/bench-accounts-emulator.ts --accounts N --events K [--region eu-west-2] [--rate 2]
//                                                      [--user bench-user] [--burst 1]
// The emulator for the many-accounts benchmark, in a process of its own: N member accounts beside the base
// account, 300000000001…, each holding the same busy user's K events in one Region (own event ids per account),
// every role assumable with the base keys, LookupEvents at `rate` requests/s per (account, Region). Prints
// `emulator listening on <url>` and runs until SIGTERM.
import { parseArgs } from 'node:util'
import { heavyUser } from '../emulator/data.js'
import { startEmulator } from '../emulator/server.js'
import { benchAccountId } from './bench-accounts-ids.js'

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      accounts: { type: 'string', default: '20' },
      events: { type: 'string', default: '1000' },
      region: { type: 'string', default: 'eu-west-2' },
      rate: { type: 'string', default: '2' },
      burst: { type: 'string', default: '1' },
      user: { type: 'string', default: 'bench-user' }
    }
  })
  const [n, count, rate, burst] = [values.accounts, values.events, values.rate, values.burst].map(Number) as [
    number,
    number,
    number,
    number
  ]
  if (!Number.isInteger(n) || n < 1 || n > 100)
    throw new Error(`--accounts: 1 to 100, got ${values.accounts}`)
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`--events: a whole number >= 1, got ${values.events}`)
  if (!(rate >= 0)) throw new Error(`--rate: a number >= 0, got ${values.rate}`)
  if (!(burst >= 1)) throw new Error(`--burst: a number >= 1, got ${values.burst}`)
  const now = new Date()
  const accounts = Array.from({ length: n }, (_, i) => {
    const id = benchAccountId(i + 1)
    const records = heavyUser({
      user: values.user,
      count,
      region: values.region,
      now,
      forbiddenEvery: 1000,
      account: id
    })
    return { id, records }
  })
  const emulator = await startEmulator({ port: 0, requestsPerSecond: rate, burst, accounts })
  process.stdout.write(`emulator listening on ${emulator.url}\n`)
  const stop = (): void => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1)
    )
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((error: unknown) => {
  process.stderr.write(`bench-accounts-emulator: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(2)
})
