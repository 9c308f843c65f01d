import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import path from 'node:path'
import { sampleDataset, DEPLOY_BOT } from '../../emulator/data.js'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { installConsumer, sh, typecheckConsumer, type Consumer } from '../../__fixtures__/consumer.js'

// The package a library user installs: `npm pack`, the tarball installed into a new project by npm, then the
// documented `import { discoverUserEvents } from 'cloudtrail-gate'` run against the emulator and type-checked.

jest.setTimeout(300_000)

let consumer: Consumer
let emulator: Emulator
let installed: string

beforeAll(async () => {
  consumer = installConsumer() // synchronous: before the emulator, which answers from this process
  installed = path.join(consumer.dir, 'node_modules', 'cloudtrail-gate')
  emulator = await startEmulator({ records: sampleDataset(new Date()), requestsPerSecond: 2 })
})
afterAll(async () => {
  await emulator?.close()
})

function files(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry =>
    entry.isDirectory()
      ? files(path.join(dir, entry.name), `${prefix}${entry.name}/`)
      : [`${prefix}${entry.name}`]
  )
}

/** Runs an ES module script with the consumer's Node resolution (its node_modules), with only the env given. */
function runNode(
  script: string,
  env: Record<string, string>
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: consumer.dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', code => resolve({ code, stdout, stderr }))
  })
}

describe('npm pack', () => {
  it('ships the library with its types, the CLI, the licenses, and no sources or tests', () => {
    const shipped = files(installed)
    for (const file of [
      'package.json',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      'lib/library.js',
      'lib/library.d.ts',
      'dist/cli/index.js',
      'dist/cli/licenses.txt'
    ])
      expect(shipped).toContain(file)
    const stray = shipped.filter(file =>
      /^(src|__tests__|__fixtures__|emulator|scripts|node_modules)\//.test(file)
    )
    expect(stray).toEqual([])
    expect(shipped.filter(file => file.startsWith('dist/') && !file.startsWith('dist/cli/'))).toEqual([])
  })

  it('imports nothing at run time that package.json does not declare', () => {
    const declared = new Set(Object.keys(consumer.manifest.dependencies ?? {}))
    const builtins = new Set(builtinModules)
    const undeclared = new Set<string>()
    for (const file of files(path.join(installed, 'lib')).filter(name => name.endsWith('.js'))) {
      const source = readFileSync(path.join(installed, 'lib', file), 'utf8')
      for (const [, specifier = ''] of source.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
        if (specifier.startsWith('.') || specifier.startsWith('node:') || builtins.has(specifier)) continue
        const name = specifier
          .split('/')
          .slice(0, specifier.startsWith('@') ? 2 : 1)
          .join('/')
        if (!declared.has(name)) undeclared.add(`${file}: ${specifier}`)
      }
    }
    expect([...undeclared]).toEqual([])
  })
})

describe('the installed library', () => {
  it('runs discoverUserEvents from the package name against CloudTrail (the emulator)', async () => {
    const script = `
      import { discoverUserEvents, InputError } from 'cloudtrail-gate'
      const result = await discoverUserEvents({
        user: ${JSON.stringify(DEPLOY_BOT)}, events: ['TerminateInstances'], region: 'eu-west-2',
        includeGlobalEvents: false
      })
      let input = ''
      try { await discoverUserEvents({ user: 'bob', region: 'mars' }) } catch (e) { input = e instanceof InputError ? e.input : String(e) }
      console.log(JSON.stringify({ found: result.found, count: result.count, scanned: result.scanned, input }))`
    // Asynchronous: the emulator answers from this process.
    const run = await runNode(script, {
      PATH: process.env['PATH'] ?? '',
      AWS_ENDPOINT_URL_CLOUDTRAIL: emulator.url,
      // The window ends now: the library places its delivery marker with the emulator's STS.
      AWS_ENDPOINT_URL_STS: emulator.url,
      AWS_ACCESS_KEY_ID: 'AKIDLIBRARY',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_EC2_METADATA_DISABLED: 'true'
    })
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: expect.any(String) })
    // Behind the delivery barrier, each part of the window is planned: the part before the last 30 minutes
    // probed deploy-bot's Username (50 of its events examined) and read TerminateInstances; the last 30 minutes,
    // read once the marker showed, held 3 more of its events.
    expect(JSON.parse(run.stdout)).toEqual({ found: true, count: 2, scanned: 53, input: 'region' })
  })

  it('has types that resolve from the package name and reject a misuse', () => {
    const check = typecheckConsumer(
      consumer,
      `import { discoverUserEvents, IncompleteScanError, InputError, type DiscoverResult } from 'cloudtrail-gate'

export async function audit(): Promise<number> {
  try {
    const result: DiscoverResult = await discoverUserEvents({ user: 'deploy-bot', createdAfter: new Date() })
    const first: string | undefined = result.events[0]?.EventName
    // @ts-expect-error count is a number, not a string
    const wrong: string = result.count
    return (first ?? wrong).length
  } catch (error) {
    if (error instanceof IncompleteScanError || error instanceof InputError) return -1
    throw error
  }
}

// @ts-expect-error regions is not an option (region is)
void discoverUserEvents({ user: 'deploy-bot', regions: 'eu-west-2' })
`
    )
    expect(`${check.stdout}${check.stderr}`).toBe('')
    expect(check.status).toBe(0)
  })

  it('installs the cloudtrail-gate command', () => {
    const bin = path.join(consumer.dir, 'node_modules', '.bin', 'cloudtrail-gate')
    expect(sh(bin, ['--version'], { cwd: consumer.dir }).trim()).toBe(consumer.manifest.version)
  })
})
