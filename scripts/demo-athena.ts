// The Athena side of `npm run demo -- --source athena`: the sample data set written as a trail's log files (with
// S3 data events LookupEvents never returns, one of them 200 days ago), served by the Athena + Glue emulator, and
// a year-long audit of deploy-bot through the bundled action.
import { athenaSample } from '../emulator/athena/sample.js'
import { startAthenaEmulator } from '../emulator/athena/index.js'
import { sampleDataset, DEPLOY_BOT } from '../emulator/data.js'

const DAY = 86_400_000

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
  const emulator = await startAthenaEmulator(sample.options)
  const yearAgo = new Date(now.getTime() - 365 * DAY).toISOString().slice(0, 10).replace(/-/g, '/')
  return {
    describe: `Local Athena + Glue emulator: ${emulator.url} (DuckDB over the sample trail's gzipped log files; tables ${sample.describe})`,
    inputs: {
      source: 'athena',
      'athena-table': 'cloudtrail.logs_rp',
      'athena-max-bytes-scanned': '1GB',
      user: values.user ?? DEPLOY_BOT,
      events: values.events ?? 's3:GetObject, TerminateInstances, DeleteBucket, iam:Delete*',
      created_after: yearAgo,
      // The window ends now, and a LookupEvents marker cannot prove what S3 holds (README: Fresh windows).
      'wait-for-delivery': 'false'
    },
    env: {
      AWS_ENDPOINT_URL_ATHENA: emulator.url,
      AWS_ENDPOINT_URL_GLUE: emulator.url,
      AWS_REGION: 'eu-west-2'
    },
    costLine: () => {
      const run = emulator.executions().at(-1)
      return run
        ? `One Athena query (${run.state}), ${run.dataScannedInBytes.toLocaleString('en-US')} bytes scanned.`
        : 'No Athena query ran.'
    },
    close: () => emulator.close()
  }
}
