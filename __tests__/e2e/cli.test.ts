import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { sampleDataset, DEPLOY_BOT } from '../../emulator/data.js'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { type CliRun, runCli } from '../../__fixtures__/runner.js'

// The bundled CLI (dist/cli/index.js, the package's bin) against the emulator, with the standard credential chain.

jest.setTimeout(120_000)

let emulator: Emulator

const cli = (args: string[]): Promise<CliRun> =>
  runCli(args, {
    AWS_ENDPOINT_URL_CLOUDTRAIL: emulator.url,
    AWS_ENDPOINT_URL_STS: emulator.url,
    AWS_ACCESS_KEY_ID: 'AKIDCLI',
    AWS_SECRET_ACCESS_KEY: 'secret'
  })

beforeAll(async () => {
  emulator = await startEmulator({ records: sampleDataset(new Date()), requestsPerSecond: 2 })
})
afterAll(async () => {
  await emulator.close()
})

describe('the bundled CLI', () => {
  it('prints a table and exits 1 on forbidden events, 0 when clean, 2 on bad input', async () => {
    const found = await cli(['--user', DEPLOY_BOT, '--events', 'TerminateInstances', '--region', 'eu-west-2'])
    expect(found.code).toBe(1)
    expect(found.stdout).toMatch(/FORBIDDEN: TerminateInstances ×2/)
    expect(found.stdout).not.toMatch(/^::set-output/m)
    const clean = await cli([
      '--user',
      'alice',
      '--events',
      'TerminateInstances',
      '--region',
      'eu-west-2',
      '--output',
      'json'
    ])
    expect(clean.code).toBe(0)
    expect((JSON.parse(clean.stdout) as { verdict: string }).verdict).toBe('clean')
    const bad = await cli(['--user', 'alice', '--region', 'eu-west-2', '--created_after', '2026/02/30'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/Input '--created_after'/)
  })
})
