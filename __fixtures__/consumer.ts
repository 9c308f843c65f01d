import { spawnSync, type SpawnSyncReturns } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

// A project of a library user, in a temporary directory: `npm pack` of this repository, installed from the
// tarball with npm itself. Its dependencies come from the npm cache that `npm ci` filled (the registry only for
// what the cache lacks): the consumer's lockfile pins the packed package's dependency tree to the versions of
// this project's lockfile, so nothing is resolved afresh and the install takes seconds.

interface LockEntry {
  readonly dev?: boolean
  readonly devOptional?: boolean
  readonly [key: string]: unknown
}

interface Manifest {
  readonly name: string
  readonly version: string
  readonly license?: string
  readonly dependencies?: Record<string, string>
  readonly bin?: Record<string, string>
  readonly engines?: Record<string, string>
}

export interface Consumer {
  readonly dir: string
  readonly tarball: string
  readonly manifest: Manifest
}

const ROOT = path.resolve('.')

/** Runs a command and throws with its output when it fails, so a broken install explains itself. */
export function sh(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv }
): string {
  const run: SpawnSyncReturns<string> = spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    encoding: 'utf8',
    timeout: 150_000
  })
  if (run.status !== 0) {
    const output = `${run.stdout ?? ''}\n${run.stderr ?? ''}`.trim()
    throw new Error(
      `${command} ${args.join(' ')} failed (${run.status ?? run.signal}): ${run.error ?? output}`
    )
  }
  return run.stdout
}

/** `npm pack` (its prepare script builds lib/) into a fresh directory; returns the tarball's path. */
export function pack(): string {
  const destination = mkdtempSync(path.join(os.tmpdir(), 'gate-pack-'))
  sh('npm', ['pack', '--pack-destination', destination, '--loglevel', 'error'], { cwd: ROOT })
  const tarballs = readdirSync(destination).filter(name => name.endsWith('.tgz'))
  if (tarballs.length !== 1) throw new Error(`npm pack wrote ${tarballs.join(', ') || 'nothing'}`)
  return path.join(destination, tarballs[0] ?? '')
}

/** The lockfile of a project depending on the tarball only: this project's non-dev packages, as locked. */
export function consumerLock(manifest: Manifest, tarballSpec: string): object {
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>
  }
  const packages: Record<string, unknown> = {
    '': { name: 'consumer', dependencies: { [manifest.name]: tarballSpec } },
    [`node_modules/${manifest.name}`]: {
      version: manifest.version,
      resolved: tarballSpec,
      license: manifest.license,
      dependencies: manifest.dependencies ?? {},
      bin: manifest.bin ?? {},
      engines: manifest.engines ?? {}
    }
  }
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (key !== '' && !entry.dev && !entry.devOptional) packages[key] = entry
  }
  return { name: 'consumer', lockfileVersion: 3, requires: true, packages }
}

/** Packs this repository and installs the tarball into a new consumer project (`npm ci`, scripts off). */
export function installConsumer(): Consumer {
  const tarball = pack()
  const listing = sh('tar', ['-xOzf', tarball, 'package/package.json'], { cwd: ROOT })
  const manifest = JSON.parse(listing) as Manifest
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gate-consumer-'))
  const spec = `file:${path.relative(dir, tarball)}`
  const project = { name: 'consumer', private: true, type: 'module', dependencies: { [manifest.name]: spec } }
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(project, null, 2))
  writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify(consumerLock(manifest, spec), null, 2))
  sh(
    'npm',
    ['ci', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel', 'error'],
    {
      cwd: dir
    }
  )
  return { dir, tarball, manifest }
}

/** Writes a TypeScript file and a strict NodeNext tsconfig into the consumer; tsc from this project checks it. */
export function typecheckConsumer(consumer: Consumer, source: string): SpawnSyncReturns<string> {
  const dir = path.join(consumer.dir, 'typed')
  mkdirSync(dir, { recursive: true })
  writeFileSync(path.join(dir, 'consumer.ts'), source)
  const compilerOptions = {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    exactOptionalPropertyTypes: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
    typeRoots: [path.join(ROOT, 'node_modules/@types')]
  }
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['consumer.ts'] }))
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }))
  const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc')
  return spawnSync(process.execPath, [tsc, '-p', dir], { cwd: dir, encoding: 'utf8', timeout: 120_000 })
}
