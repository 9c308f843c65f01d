// tsx emulator/athena/cli.ts [--port 0] [--year 1000000] [--end YYYY-MM-DD] [--queued-ms 50] [--running-ms 100]
//                            [--threads 2]
// The Athena + Glue emulator alone, over the benchmark's year of a busy role (generated once, then reused from the
// OS temp dir). Prints `athena emulator listening on http://127.0.0.1:PORT` on stdout, the manifest's path on
// stderr, and runs until SIGINT/SIGTERM. Tables: cloudtrail.logs_pp, logs_rp, logs_manual, logs_plain.
import path from 'node:path'
import { parseArgs } from 'node:util'
import { generateYear } from './bench-data.js'
import { cloudTrailTables, startAthenaEmulator } from './index.js'

function whole(name: string, text: string, min: number): number {
  const n = Number(text)
  if (!Number.isInteger(n) || n < min)
    throw new Error(`--${name}: expected a whole number >= ${min}, got ${text}`)
  return n
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      year: { type: 'string', default: '1000000' },
      end: { type: 'string' },
      'queued-ms': { type: 'string', default: '50' },
      'running-ms': { type: 'string', default: '100' },
      threads: { type: 'string', default: '2' }
    }
  })
  const end = values.end === undefined ? undefined : new Date(`${values.end}T00:00:00Z`)
  if (end !== undefined && Number.isNaN(end.getTime()))
    throw new Error(`--end: expected YYYY-MM-DD, got ${values.end}`)
  const manifest = await generateYear({ records: whole('year', values.year, 1), ...(end && { end }) })
  const emulator = await startAthenaEmulator(
    {
      root: manifest.root,
      tables: cloudTrailTables({
        bucket: manifest.bucket,
        account: manifest.account,
        regions: manifest.regions
      }),
      queuedMs: whole('queued-ms', values['queued-ms'], 0),
      minRunningMs: whole('running-ms', values['running-ms'], 0),
      threads: whole('threads', values.threads, 1)
    },
    whole('port', values.port, 0)
  )
  process.stdout.write(`athena emulator listening on ${emulator.url}\n`)
  process.stderr.write(
    `${manifest.records} records in ${manifest.files.length} files (${manifest.firstDay} to ${manifest.lastDay}); ` +
      `manifest ${path.join(manifest.root, 'manifest.json')}\n`
  )
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
  process.stderr.write(`athena emulator: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(2)
})
