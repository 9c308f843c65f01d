// `npm run catalog`: regenerates src/query/catalog/event-names.ts, the catalog of CloudTrail event names per event
// source, from the AWS SDK for JavaScript v2's service models (the `aws-sdk` devDependency, Apache-2.0: every
// service's operations, endpoint prefix and signing name) and the documented exceptions below, where CloudTrail
// records an event under another name or source than the API operation. The output is deterministic: the same
// models give the same bytes, and __tests__/catalog-script.test.ts fails when the committed file differs.
//
// Refresh (AWS adds APIs every week):
//   npm install --save-dev --save-exact aws-sdk@latest && npm run catalog && npm test
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { encodeNames } from '../src/query/catalog/codec.js'

export const OUTPUT = 'src/query/catalog/event-names.ts'
export const REFRESH = 'npm install --save-dev --save-exact aws-sdk@latest && npm run catalog && npm test'

interface Model {
  readonly metadata: { readonly endpointPrefix: string; readonly signingName?: string }
  readonly operations: Readonly<Record<string, { readonly http?: { readonly requestUri?: string } }>>
}

/**
 * Event sources that differ from the signing name (or, without one, the endpoint prefix), by model file name
 * (without its API version). CloudTrail names an event source after the service's signing name in almost every
 * case: `ses` for the `email` endpoint, `s3` for S3 Control, `dynamodb` for DynamoDB Streams.
 */
const SOURCE_OVERRIDES: Readonly<Record<string, string>> = {
  // The IAM Identity Center access portal (GetRoleCredentials, ListAccounts…) logs as sso.amazonaws.com.
  sso: 'sso'
}

/**
 * Lambda records most operations of its 2015–2018 API versions under a versioned event name. From the Lambda
 * Developer Guide, "Logging AWS Lambda API calls using AWS CloudTrail" (which lists e.g.
 * `UpdateFunctionCode20150331v2`, `CreateFunction20150331`, `PublishLayerVersion20181031`,
 * `TagResource20170331v2`), completed with the versioned operation names of Lambda's own API model for the
 * operations that page leaves out. Operations of later API versions keep their plain names. A Lambda operation
 * of a 2015–2018 URI that is not in this table stops the script, so a new one is classified by hand.
 */
export const LAMBDA_EVENT_NAMES: Readonly<Record<string, string>> = {
  AddLayerVersionPermission: 'AddLayerVersionPermission20181031',
  AddPermission: 'AddPermission20150331v2',
  CreateAlias: 'CreateAlias20150331',
  CreateEventSourceMapping: 'CreateEventSourceMapping20150331',
  CreateFunction: 'CreateFunction20150331',
  DeleteAlias: 'DeleteAlias20150331',
  DeleteEventSourceMapping: 'DeleteEventSourceMapping20150331',
  DeleteFunction: 'DeleteFunction20150331',
  DeleteFunctionConcurrency: 'DeleteFunctionConcurrency20171031',
  DeleteLayerVersion: 'DeleteLayerVersion20181031',
  GetAccountSettings: 'GetAccountSettings20160819',
  GetAlias: 'GetAlias20150331',
  GetEventSourceMapping: 'GetEventSourceMapping20150331',
  GetFunction: 'GetFunction20150331v2',
  GetFunctionConfiguration: 'GetFunctionConfiguration20150331v2',
  GetLayerVersion: 'GetLayerVersion20181031',
  GetLayerVersionByArn: 'GetLayerVersionByArn20181031',
  GetLayerVersionPolicy: 'GetLayerVersionPolicy20181031',
  GetPolicy: 'GetPolicy20150331v2',
  ListAliases: 'ListAliases20150331',
  ListEventSourceMappings: 'ListEventSourceMappings20150331',
  ListFunctions: 'ListFunctions20150331',
  ListLayerVersions: 'ListLayerVersions20181031',
  ListLayers: 'ListLayers20181031',
  ListTags: 'ListTags20170331',
  ListVersionsByFunction: 'ListVersionsByFunction20150331',
  PublishLayerVersion: 'PublishLayerVersion20181031',
  PublishVersion: 'PublishVersion20150331',
  PutFunctionConcurrency: 'PutFunctionConcurrency20171031',
  RemoveLayerVersionPermission: 'RemoveLayerVersionPermission20181031',
  RemovePermission: 'RemovePermission20150331v2',
  TagResource: 'TagResource20170331v2',
  UntagResource: 'UntagResource20170331v2',
  UpdateAlias: 'UpdateAlias20150331',
  UpdateEventSourceMapping: 'UpdateEventSourceMapping20150331',
  UpdateFunctionCode: 'UpdateFunctionCode20150331v2',
  UpdateFunctionConfiguration: 'UpdateFunctionConfiguration20150331v2'
}
/** Data events that keep their plain names (`Invoke` is the data event CloudTrail documents). */
const LAMBDA_PLAIN = new Set(['Invoke', 'InvokeAsync'])

/**
 * S3 operations CloudTrail records under another name, from the S3 User Guide, "Amazon S3 CloudTrail events"
 * (bucket-level and account-level actions). Bucket-level public access block calls are `…BucketPublicAccessBlock`;
 * the account-level ones (S3 Control) are `…AccountPublicAccessBlock`.
 */
const S3_EVENT_NAMES: Readonly<Record<string, readonly string[]>> = {
  GetBucketLifecycleConfiguration: ['GetBucketLifecycle'],
  PutBucketLifecycleConfiguration: ['PutBucketLifecycle'],
  GetBucketNotificationConfiguration: ['GetBucketNotification'],
  PutBucketNotificationConfiguration: ['PutBucketNotification'],
  DeletePublicAccessBlock: ['DeleteBucketPublicAccessBlock', 'DeleteAccountPublicAccessBlock'],
  GetPublicAccessBlock: ['GetBucketPublicAccessBlock', 'GetAccountPublicAccessBlock'],
  PutPublicAccessBlock: ['PutBucketPublicAccessBlock', 'PutAccountPublicAccessBlock']
}
/** S3 events that are no SDK operation: browser uploads (POST Object). */
const S3_EXTRA = ['PostObject']

/**
 * Events that are no API operation of any SDK model: console sign-in (CloudTrail User Guide, "AWS Management
 * Console sign-in events": `ConsoleLogin`, `CheckMfa`; role switching `SwitchRole`, `ExitRole`, `RenewRole`; the
 * federation endpoint's `GetSigninToken`; password recovery; and the credential challenge events of the
 * WorkSpaces/sign-in guide: `CredentialChallenge`, `CredentialVerification`, `UserAuthentication`).
 */
const EXTRA_SOURCES: Readonly<Record<string, readonly string[]>> = {
  signin: [
    'CheckMfa',
    'ConsoleLogin',
    'CredentialChallenge',
    'CredentialVerification',
    'ExitRole',
    'GetSigninToken',
    'PasswordRecoveryCompleted',
    'PasswordRecoveryRequested',
    'RenewRole',
    'SwitchRole',
    'UserAuthentication'
  ]
}

/** `lambda-2015-03-31.min.json` → name `lambda`, version `2015-03-31`. */
function modelFiles(apisDir: string): Array<{ name: string; version: string; file: string }> {
  const latest = new Map<string, { name: string; version: string; file: string }>()
  for (const file of readdirSync(apisDir)) {
    const match = /^(.+)-(\d{4}-\d{2}-\d{2})\.min\.json$/.exec(file)
    if (!match) continue
    const [, name = '', version = ''] = match
    const seen = latest.get(name)
    // Older API versions of a service (lambda-2014-11-11) are superseded by the newest one.
    if (!seen || seen.version < version) latest.set(name, { name, version, file: path.join(apisDir, file) })
  }
  return [...latest.values()].sort((a, b) => (a.name < b.name ? -1 : 1))
}

function sourceOf(name: string, model: Model): string {
  const override = SOURCE_OVERRIDES[name]
  if (override) return override
  const { signingName, endpointPrefix } = model.metadata
  // `execute-api` signs several unrelated data planes: their endpoint prefix tells them apart.
  const source = signingName && signingName !== 'execute-api' ? signingName : endpointPrefix
  return source.toLowerCase()
}

function lambdaNames(model: Model): string[] {
  return Object.entries(model.operations).map(([operation, spec]) => {
    const mapped = LAMBDA_EVENT_NAMES[operation]
    if (mapped) return mapped
    const date = /^\/(\d{4})-\d{2}-\d{2}\//.exec(spec.http?.requestUri ?? '')?.[1]
    if (date !== undefined && Number(date) <= 2018 && !LAMBDA_PLAIN.has(operation)) {
      throw new Error(
        `Lambda operation ${operation} (${spec.http?.requestUri ?? ''}) is not in LAMBDA_EVENT_NAMES: ` +
          'find its CloudTrail event name (versioned or not) and add it to scripts/catalog.ts.'
      )
    }
    return operation
  })
}

function eventNames(source: string, model: Model): string[] {
  if (source === 'lambda') return lambdaNames(model)
  const operations = Object.keys(model.operations)
  if (source !== 's3') return operations
  return operations.flatMap(operation => S3_EVENT_NAMES[operation] ?? [operation])
}

/** Operation names CloudTrail records under another name, for suggestions: `source operation event…` lines. */
function renamesText(): string {
  const lines = Object.entries(LAMBDA_EVENT_NAMES).map(([op, event]) => `lambda ${op} ${event}`)
  for (const [op, events] of Object.entries(S3_EVENT_NAMES)) lines.push(`s3 ${op} ${events.join(' ')}`)
  return lines.sort().join('\n')
}

/** The generated module, from the models in `apisDir` (node_modules/aws-sdk/apis) and the SDK's version. */
export function buildCatalog(apisDir: string, sdkVersion: string): string {
  const bySource = new Map<string, Set<string>>()
  const add = (source: string, names: readonly string[]): void => {
    const set = bySource.get(source) ?? new Set<string>()
    for (const name of names) set.add(name)
    bySource.set(source, set)
  }
  for (const { name, file } of modelFiles(apisDir)) {
    const model = JSON.parse(readFileSync(file, 'utf8')) as Model
    const source = sourceOf(name, model)
    add(source, eventNames(source, model))
  }
  add('s3', S3_EXTRA)
  for (const [source, names] of Object.entries(EXTRA_SOURCES)) add(source, names)
  const sources = [...bySource.keys()].sort()
  const lines = sources.map(source => `${source} ${encodeNames([...(bySource.get(source) ?? [])])}`)
  const count = [...bySource.values()].reduce((sum, set) => sum + set.size, 0)
  return [
    `// Generated by \`npm run catalog\` (scripts/catalog.ts) from the service models of aws-sdk ${sdkVersion}`,
    '// (Apache-2.0) and the CloudTrail exceptions documented in that script. Do not edit by hand. Refresh:',
    `//   ${REFRESH}`,
    `// ${sources.length} event sources (without ".amazonaws.com"), ${count} event names. One line per source: the`,
    '// source, then its names sorted and front-coded (see src/query/catalog/codec.ts).',
    `export const SDK_VERSION = '${sdkVersion}'`,
    '',
    '/** Operations CloudTrail records under another name: `source operation eventName…` per line. */',
    `export const RENAMES = \`
${renamesText()}
\``,
    '',
    `export const EVENT_NAMES = \`
${lines.join('\n')}
\``,
    ''
  ].join('\n')
}

/** Where the installed aws-sdk keeps its models, and its version. */
export function installedSdk(): { apisDir: string; version: string } {
  const require = createRequire(import.meta.url)
  const manifest = require.resolve('aws-sdk/package.json')
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }
  return { apisDir: path.join(path.dirname(manifest), 'apis'), version }
}

function main(): void {
  const { apisDir, version } = installedSdk()
  const text = buildCatalog(apisDir, version)
  writeFileSync(OUTPUT, text)
  console.log(`Wrote ${OUTPUT}: ${Buffer.byteLength(text)} bytes from aws-sdk ${version}.`)
  console.log(`To refresh it later: ${REFRESH}`)
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main()
