// tsx emulator/cli.ts [--port N] [--rate 2] [--burst 1] [--dataset sample|heavy:<count>[:<user>]|file:<path.json>]
//                     [--region eu-west-2] [--athena] [--crowd <EventName>:<count>]…
//                     [--delivery-delay SECONDS|never] [--record-calls true|false]
//                     [--accounts N] [--suspended-accounts M]
// --crowd adds <count> events of one name by 20 other IAM users (repeatable): the planner benchmark's foil.
// Starts the emulator, prints `emulator listening on http://127.0.0.1:PORT`, runs until SIGINT/SIGTERM.
// --athena also serves Athena + Glue on the same port: the data set (plus an S3 data event) is written as trail
// log files to a temporary directory, with one CloudTrail table of each flavour in database `cloudtrail`; the
// emulator's own calls reach new files after their delay (POST /__emulator/trail/flush writes them at once), and
// DescribeTrails/GetTrail/GetTrailStatus answer for the sample trail.
// --delivery-delay (or EMULATOR_DELIVERY_DELAY): the default delay before LookupEvents shows a record, 0 unless
// set; records from a file may override it with deliveryDelaySeconds. --record-calls (default true): record the
// emulator's own STS and LookupEvents calls as CloudTrail events of the caller.
// --accounts N (and --suspended-accounts M) add demo member accounts beside the base account, each with its own
// records (see demo-accounts.ts): AssumeRole into arn:aws:iam::<id>:role/<any name> with the base keys, and
// Organizations ListAccounts lists them all.
import { rm } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { crowd, heavyUser, loadRecords, sampleDataset, type EmulatorRecord } from './data.js'
import { DEFAULT_OIDC_REQUEST_TOKEN, startEmulator } from './server.js'
import { athenaSample } from './athena/sample.js'
import { demoAccounts } from './demo-accounts.js'

interface CliOptions {
  port: number
  rate: number
  burst: number
  dataset: string
  region: string
  athena: boolean
  crowd: Array<{ eventName: string; count: number }>
  deliveryDelayMs: number
  recordCalls: boolean
  accounts: number
  suspendedAccounts: number
}

function parseDelay(text: string): number {
  if (text === 'never') return Infinity
  const seconds = Number(text)
  if (text.trim() === '' || !(seconds >= 0) || seconds === Infinity) {
    throw new Error(`--delivery-delay: expected seconds >= 0 or never, got ${text}`)
  }
  return seconds * 1000
}

function parseCli(argv: string[]): CliOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '0' },
      rate: { type: 'string', default: '2' },
      burst: { type: 'string', default: '1' },
      dataset: { type: 'string', default: 'sample' },
      region: { type: 'string', default: 'eu-west-2' },
      athena: { type: 'boolean', default: false },
      crowd: { type: 'string', multiple: true, default: [] },
      'delivery-delay': { type: 'string', default: process.env['EMULATOR_DELIVERY_DELAY'] ?? '0' },
      'record-calls': { type: 'string', default: 'true' },
      accounts: { type: 'string', default: '0' },
      'suspended-accounts': { type: 'string', default: '0' }
    }
  })
  const port = Number(values.port)
  const rate = Number(values.rate)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port: invalid port ${values.port}`)
  if (!(rate >= 0)) throw new Error(`--rate: expected a number >= 0 (0 = unlimited), got ${values.rate}`)
  const burst = Number(values.burst)
  if (!(burst >= 1)) throw new Error(`--burst: expected a number >= 1, got ${values.burst}`)
  const crowds = values.crowd.map(spec => {
    const [eventName = '', text = ''] = spec.split(':')
    const count = Number(text)
    if (!/^[A-Za-z0-9]+$/.test(eventName) || !Number.isInteger(count) || count < 1) {
      throw new Error(`--crowd: expected <EventName>:<count>, got ${spec}`)
    }
    return { eventName, count }
  })
  for (const flag of ['accounts', 'suspended-accounts'] as const) {
    if (!/^\d{1,3}$/.test(values[flag]))
      throw new Error(`--${flag}: expected a whole number, got ${values[flag]}`)
  }
  const recordCalls = values['record-calls']
  if (recordCalls !== 'true' && recordCalls !== 'false') {
    throw new Error(`--record-calls: expected true or false, got ${recordCalls}`)
  }
  const { dataset, region, athena } = values
  const deliveryDelayMs = parseDelay(values['delivery-delay'])
  return {
    port,
    rate,
    burst,
    dataset,
    region,
    athena,
    crowd: crowds,
    deliveryDelayMs,
    recordCalls: recordCalls === 'true',
    accounts: Number(values.accounts),
    suspendedAccounts: Number(values['suspended-accounts'])
  }
}

async function records(options: CliOptions, now: Date): Promise<EmulatorRecord[]> {
  const [kind, arg, user] = options.dataset.split(':')
  if (kind === 'sample') return sampleDataset(now)
  if (kind === 'file' && arg) return loadRecords(options.dataset.slice('file:'.length))
  const count = Number(arg)
  if (kind === 'heavy' && Number.isInteger(count) && count > 0) {
    return heavyUser({ user: user || 'bench-user', count, region: options.region, now, forbiddenEvery: 1000 })
  }
  throw new Error(`--dataset: expected sample, heavy:<count>[:<user>] or file:<path>, got ${options.dataset}`)
}

async function main(): Promise<void> {
  const options = parseCli(process.argv.slice(2))
  const now = new Date()
  const data = await records(options, now)
  for (const { eventName, count } of options.crowd) {
    data.push(...crowd({ eventName, count, region: options.region, now }))
  }
  const athena = options.athena ? await athenaSample(data) : undefined
  const { accounts: active, suspendedAccounts: suspended, region } = options
  const accounts = demoAccounts({ active, suspended, region, now })
  const emulator = await startEmulator({
    port: options.port,
    requestsPerSecond: options.rate,
    burst: options.burst,
    records: data,
    deliveryDelayMs: options.deliveryDelayMs,
    recordCalls: options.recordCalls,
    ...(accounts.length > 0 && { accounts }),
    ...(athena === undefined ? {} : { athena: athena.options })
  })
  process.stdout.write(`emulator listening on ${emulator.url}\n`)
  // Details go to stderr: callers wait for, and parse, the single stdout line.
  process.stderr.write(
    `${data.length} records; OIDC: ${emulator.oidcUrl} (token ${DEFAULT_OIDC_REQUEST_TOKEN}); ` +
      `delivery delay ${options.deliveryDelayMs / 1000} s; own calls ${options.recordCalls ? '' : 'not '}recorded\n`
  )
  if (accounts.length > 0) {
    const ids = accounts.map(a => `${a.id}${a.state === 'SUSPENDED' ? ' (SUSPENDED)' : ''}`).join(', ')
    process.stderr.write(`Accounts beside the base account 123456789012: ${ids}\n`)
  }
  if (athena !== undefined) {
    process.stderr.write(`Athena + Glue: trail files in ${athena.options.root}; tables ${athena.describe}\n`)
  }
  const stop = (): void => {
    const cleanup =
      athena === undefined ? Promise.resolve() : rm(athena.options.root, { recursive: true, force: true })
    Promise.all([emulator.close(), cleanup]).then(
      () => process.exit(0),
      () => process.exit(1)
    )
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((error: unknown) => {
  process.stderr.write(`emulator: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(2)
})
