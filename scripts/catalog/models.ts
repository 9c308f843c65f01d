// The AWS API models the catalog is generated from, reduced to what the catalog needs: per service model, its API
// version, endpoint prefix, signing name and operation names. They come from botocore's data directory (the
// service-2.json(.gz) files that the AWS SDK for Python ships, Apache-2.0), pinned to one botocore release; the
// extract is committed as scripts/catalog/models.txt, so the test that the committed catalog is what the models
// give runs offline, and a refresh shows in review as the APIs AWS added.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { gunzipSync } from 'node:zlib'
import { decodeNames, encodeNames } from '../../src/query/catalog/codec.js'

export interface ServiceModel {
  /** botocore's folder name (`lambda`, `service-catalog-appregistry`). */
  readonly name: string
  readonly apiVersion: string
  readonly endpointPrefix: string
  readonly signingName: string | undefined
  /** Operation names; a Lambda operation whose URI starts with an API date carries it: `CreateFunction@2015`. */
  readonly operations: readonly string[]
}

export interface Models {
  /** `botocore 1.43.107` */
  readonly release: string
  readonly services: readonly ServiceModel[]
}

interface RawModel {
  readonly metadata?: {
    readonly endpointPrefix?: unknown
    readonly signingName?: unknown
    apiVersion?: unknown
  }
  readonly operations?: Readonly<Record<string, { readonly http?: { readonly requestUri?: unknown } }>>
}

function readModel(dir: string): RawModel | undefined {
  const plain = path.join(dir, 'service-2.json')
  const gz = `${plain}.gz`
  if (existsSync(gz)) return JSON.parse(gunzipSync(readFileSync(gz)).toString('utf8')) as RawModel
  if (existsSync(plain)) return JSON.parse(readFileSync(plain, 'utf8')) as RawModel
  return undefined
}

/** `/2015-03-31/functions` → `2015`; Lambda's URIs say which API version an operation belongs to. */
function uriYear(uri: unknown): string | undefined {
  return typeof uri === 'string' ? /^\/(\d{4})-\d{2}-\d{2}\//.exec(uri)?.[1] : undefined
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string' || !/^[a-z0-9][a-z0-9.-]*$/i.test(value))
    throw new Error(`bad ${what}: ${String(value)}`)
  return value
}

/** Every service of a botocore `data` directory, at its newest API version. */
export function readBotocore(dataDir: string, release: string): Models {
  const services: ServiceModel[] = []
  const folders = readdirSync(dataDir, { withFileTypes: true }).filter(entry => entry.isDirectory())
  for (const name of folders.map(entry => entry.name).sort()) {
    const serviceDir = path.join(dataDir, name)
    const versions = readdirSync(serviceDir, { withFileTypes: true })
    // Older API versions of a service are superseded by the newest one, as the SDKs do.
    const newest = versions
      .filter(v => v.isDirectory() && /^\d{4}-\d{2}-\d{2}$/.test(v.name))
      .map(v => v.name)
    const apiVersion = newest.sort().pop()
    if (apiVersion === undefined) continue
    const model = readModel(path.join(serviceDir, apiVersion))
    if (!model?.metadata || !model.operations) continue
    const signing = model.metadata.signingName
    const operations = Object.entries(model.operations).map(([operation, spec]) => {
      const year = name === 'lambda' ? uriYear(spec.http?.requestUri) : undefined
      return year === undefined ? operation : `${operation}@${year}`
    })
    services.push({
      name,
      apiVersion,
      endpointPrefix: text(model.metadata.endpointPrefix, `${name} endpointPrefix`),
      signingName: signing === undefined ? undefined : text(signing, `${name} signingName`),
      operations
    })
  }
  return { release, services }
}

const HEADER = [
  '# AWS API models extracted by `npm run catalog` (scripts/catalog.ts) from botocore (Apache-2.0): the first line',
  '# names the release; then one line per service model: botocore name, API version, endpoint prefix, signing name',
  '# (- when none), then its operation names, sorted and front-coded (src/query/catalog/codec.ts). A Lambda',
  '# operation whose URI starts with an API date carries its year (`CreateFunction@2015`). Do not edit by hand.'
]

export function formatModels(models: Models): string {
  const lines = models.services.map(s =>
    [s.name, s.apiVersion, s.endpointPrefix, s.signingName ?? '-', encodeNames(s.operations)].join(' ')
  )
  return [...HEADER, models.release, ...lines, ''].join('\n')
}

export function parseModels(textForm: string): Models {
  const lines = textForm.split('\n').filter(line => line !== '' && !line.startsWith('#'))
  const [release = '', ...rest] = lines
  const services = rest.map(line => {
    const [name = '', apiVersion = '', endpointPrefix = '', signing = '', ...encoded] = line.split(' ')
    return {
      name,
      apiVersion,
      endpointPrefix,
      signingName: signing === '-' ? undefined : signing,
      operations: decodeNames(encoded.join(' '))
    }
  })
  return { release, services }
}
