// The Athena side of `npm run demo -- --source athena`: the sample data set written as a trail's log files (with
// S3 data events LookupEvents never returns, one of them 200 days ago), served by the Athena + Glue emulator
// beside STS and CloudTrail, and a year-long audit of deploy-bot through the bundled action with its default end
// (now): the trail delivers new files every few seconds, so the action's markers reach the table and prove the
// window's last minutes delivered, as they would on AWS in about five minutes.
import { rm } from 'node:fs/promises'
import { athenaSample, SAMPLE_TRAIL } from '../emulator/athena/sample.js'
import { sampleDataset, DEPLOY_BOT } from '../emulator/data.js'
import { startEmulator } from '../emulator/server.js'

const DAY = 86_400_000
const SECOND = 1000
/** The demo trail's delivery: each call in a file of its own 5-second batch, 5 s after it was made. */
const DELIVERY = { delayMs: 5 * SECOND, fileIntervalMs: 5 * SECOND }

export interface DemoSetup {
  readonly describe: string
  readonly inputs: Record<string, string>
  readonly env: Record<string, string>
  /** A line on what the run cost, from the report file. */
  readonly costLine: (report: string | undefined) => string
  close(): Promise<void>
}

export async function athenaDemo(values: {
  user?: string | undefined
  events?: string | undefined
}): Promise<DemoSetup> {
  const now = new Date()
  const sample = await athenaSample(sampleDataset(now), now)
  const emulator = await startEmulator({
    records: sampleDataset(now),
    requestsPerSecond: 0,
    athena: { ...sample.options, delivery: { trail: SAMPLE_TRAIL, dataset: 'none', ...DELIVERY } }
  })
  const yearAgo = new Date(now.getTime() - 365 * DAY).toISOString().slice(0, 10).replace(/-/g, '/')
  return {
    describe:
      `Local Athena + Glue emulator, with STS and CloudTrail: ${emulator.url} (DuckDB over the sample trail's ` +
      `gzipped log files; tables ${sample.describe})\n` +
      `Delivery to S3: the trail writes a new file every ${DELIVERY.fileIntervalMs / SECOND} s, ` +
      `${DELIVERY.delayMs / SECOND} s after the calls in it (on AWS: about five minutes).`,
    inputs: {
      source: 'athena',
      'athena-table': 'cloudtrail.logs_rp',
      'athena-max-bytes-scanned': '1GB',
      user: values.user ?? DEPLOY_BOT,
      events: values.events ?? 's3:GetObject, TerminateInstances, DeleteBucket, iam:Delete*',
      created_after: yearAgo
    },
    env: {
      AWS_ENDPOINT_URL_ATHENA: emulator.url,
      AWS_ENDPOINT_URL_GLUE: emulator.url,
      AWS_ENDPOINT_URL_STS: emulator.url,
      AWS_ENDPOINT_URL_CLOUDTRAIL: emulator.url,
      AWS_REGION: 'eu-west-2'
    },
    costLine: () => {
      const runs = emulator.athenaExecutions()
      const bytes = runs.reduce((sum, run) => sum + run.dataScannedInBytes, 0)
      return runs.length > 0
        ? `${runs.length} Athena ${runs.length === 1 ? 'query' : 'queries'} (${runs.map(r => r.state).join(', ')}), ` +
            `${bytes.toLocaleString('en-US')} bytes scanned.`
        : 'No Athena query ran.'
    },
    close: async () => {
      await emulator.close()
      await rm(sample.options.root, { recursive: true, force: true })
    }
  }
}
