import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { botocoreModels, committedIam, committedModels, OUTPUT } from '../scripts/catalog.js'
import { buildCatalog } from '../scripts/catalog/build.js'
import { DOCUMENTED_EVENTS } from '../scripts/catalog/documented.js'
import { formatModels, parseModels, type Models, type ServiceModel } from '../scripts/catalog/models.js'
import { decodeNames, encodeNames } from '../src/query/catalog/codec.js'

// The committed catalog is what the script makes from the committed model extracts (offline); the extract is what
// the pinned botocore release holds (where pip can fetch its wheel). A refresh without `npm run catalog`, or a hand
// edit of a generated file, fails here.

const service = (
  name: string,
  endpointPrefix: string,
  operations: string[],
  signingName?: string
): ServiceModel => ({
  name,
  apiVersion: '2020-01-01',
  endpointPrefix,
  signingName,
  operations
})
const models = (...services: ServiceModel[]): Models => ({ release: 'botocore 9.9.9', services })
const noIam = { release: 'iam-data 1.0.0', byPrefix: new Map<string, readonly string[]>() }

describe('scripts/catalog.ts', () => {
  it('agrees with the committed src/query/catalog/event-names.ts', () => {
    const committed = readFileSync(OUTPUT, 'utf8')
    // A stale catalog: run `npm run catalog` (see docs/catalog.md).
    expect(buildCatalog(committedModels(), committedIam()) === committed).toBe(true)
  })

  it('records the model releases it was made from and stays under 400 KB', () => {
    const text = readFileSync(OUTPUT, 'utf8')
    const { release } = committedModels()
    expect(release).toMatch(/^botocore \d+\.\d+\.\d+$/)
    expect(text).toContain(`export const MODELS = '${release}, ${committedIam().release}'`)
    expect(Buffer.byteLength(text)).toBeLessThan(400 * 1024)
  })

  it('keeps scripts/catalog/models.txt equal to what the pinned botocore release holds', () => {
    const committed = committedModels()
    const version = committed.release.replace('botocore ', '')
    const pinned = botocoreModels(version)
    // pip finds the wheel in its configured indexes (a local wheel cache on these machines); without it there is
    // nothing to compare, and the offline check above still holds.
    if (!pinned) return console.warn(`botocore ${version} is not reachable by pip: extract not re-checked`)
    expect(formatModels(pinned) === formatModels(committed)).toBe(true)
  }, 120_000)

  it('round-trips the model extract', () => {
    const sample = models(service('lambda', 'lambda', ['CreateFunction@2015', 'Invoke@2015', 'ListTags']))
    expect(parseModels(formatModels(sample))).toEqual(sample)
  })

  it('names sources by signing name or endpoint prefix, applies the overrides, and adds documented events', () => {
    const text = buildCatalog(
      models(
        service('ses', 'email', ['SendEmail'], 'ses'),
        service('widget', 'widget', ['NewCall']),
        service('connectparticipant', 'participant.connect', ['SendMessage'], 'execute-api'),
        service(
          'servicecatalog-appregistry',
          'servicecatalog-appregistry',
          ['ListApplications'],
          'servicecatalog'
        ),
        service('s3', 's3', ['PutBucketLifecycleConfiguration', 'CreateBucket'])
      ),
      { release: 'iam-data 1.0.0', byPrefix: new Map([['ssm', ['RegisterManagedInstance', 'SendCommand']]]) }
    )
    expect(text).toContain("export const MODELS = 'botocore 9.9.9, iam-data 1.0.0'")
    expect(text).toMatch(/^ses 0SendEmail$/m)
    expect(text).toMatch(/^widget 0NewCall$/m)
    expect(text).toMatch(/^participant\.connect 0SendMessage$/m)
    expect(text).toMatch(/^servicecatalog-appregistry 0ListApplications$/m)
    expect(text).not.toMatch(/^servicecatalog /m)
    // S3 records PutBucketLifecycleConfiguration as PutBucketLifecycle, and browser uploads as PostObject.
    expect(text).toMatch(/^s3 0CreateBucket 0JobCreated 3Status.* 0PostObject 1utBucketLifecycle$/m)
    expect(text).toMatch(/^signin 0CheckMfa 1onsoleLogin /m)
    expect(text).toMatch(/^cloudshell 0CreateEnvironment /m)
    expect(text).toContain('lambda UpdateFunctionCode UpdateFunctionCode20150331v2')
    // IAM actions that no source records (SendCommand is no event here: ssm has no model in this sample).
    expect(text).toMatch(/^ssm 0RegisterManagedInstance 0SendCommand$/m)
  })

  it('lists an IAM action only when no event source records the name', () => {
    const text = buildCatalog(models(service('ssm', 'ssm', ['SendCommand'])), {
      release: 'iam-data 1.0.0',
      byPrefix: new Map([['ssm', ['RegisterManagedInstance', 'SendCommand']]])
    })
    expect(text).toMatch(/^ssm 0RegisterManagedInstance$/m)
  })

  it('puts every documented event in the catalog under its source', () => {
    const text = buildCatalog(models(), noIam).split('export const EVENT_NAMES')[1] ?? ''
    for (const [source, names] of Object.entries(DOCUMENTED_EVENTS)) {
      const line = new RegExp(`^${source} (.*)$`, 'm').exec(text)?.[1] ?? ''
      expect(decodeNames(line)).toEqual(expect.arrayContaining([...names]))
    }
  })

  it('stops on a Lambda operation of a dated API that nobody classified', () => {
    const lambda = models(service('lambda', 'lambda', ['BrandNewCall@2015']))
    expect(() => buildCatalog(lambda, noIam)).toThrow(/BrandNewCall .* LAMBDA_EVENT_NAMES/)
    expect(buildCatalog(models(service('lambda', 'lambda', ['NewerCall@2021'])), noIam)).toMatch(
      /^lambda .*NewerCall/m
    )
  })
})

describe('the front coding', () => {
  it('round-trips sorted, de-duplicated names', () => {
    const names = ['CreateBucket', 'CreateBucketMetadataConfiguration', 'A1', 'CreateBucket', 'Delete']
    const encoded = encodeNames(names)
    expect(encoded).toBe('0A1 0CreateBucket cMetadataConfiguration 0Delete')
    expect(decodeNames(encoded)).toEqual([
      'A1',
      'CreateBucket',
      'CreateBucketMetadataConfiguration',
      'Delete'
    ])
  })
  it('refuses a malformed entry', () => {
    expect(() => decodeNames('0Abc zTooLong')).toThrow(/Malformed/)
    expect(() => decodeNames('0Abc 3')).toThrow(/Malformed/)
  })
})
