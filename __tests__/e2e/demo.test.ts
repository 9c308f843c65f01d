import { describe, expect, it, jest } from '@jest/globals'
import { spawn } from 'node:child_process'
import path from 'node:path'

// `npm run demo`, the README's first command, as a new user runs it: the script starts its emulator and the
// bundle, and must end with a verdict, not a crash or an incomplete scan.

jest.setTimeout(150_000)

function demo(args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.resolve('node_modules/tsx/dist/cli.mjs'), 'scripts/demo.ts', ...args],
      {
        env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' },
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 140_000
      }
    )
    let stdout = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.resume()
    child.on('error', reject)
    child.on('close', code => resolve({ code, stdout }))
  })
}

describe('npm run demo', () => {
  it('finds the late DeleteBucket behind the delivery barrier (LookupEvents)', async () => {
    const run = await demo([])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/Verdict: forbidden events found/)
    expect(run.stdout).toMatch(/DeleteBucket/)
    expect(run.stdout).toMatch(/CloudTrail had caught up in every Region/)
  })

  it('with --source athena, proves the window delivered to S3 with its markers, by default', async () => {
    const run = await demo(['--source', 'athena'])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/Verdict: forbidden events found/)
    expect(run.stdout).toMatch(
      /Delivery to S3 \(Amazon Athena\) · proven: this run's markers found in the table/
    )
    expect(run.stdout).not.toMatch(/wait-for-delivery/)
    // deploy-bot's read of the secret, 200 days ago: beyond LookupEvents, a data event.
    expect(run.stdout).toMatch(/GetObject/)
  })
})
