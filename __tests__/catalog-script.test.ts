import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { buildCatalog, installedSdk, OUTPUT } from '../scripts/catalog.js'
import { decodeNames, encodeNames } from '../src/query/catalog/codec.js'

// The committed catalog is what the script makes from the installed aws-sdk models: a model refresh without
// `npm run catalog`, or a hand edit of the generated file, fails here.

function fakeApis(models: Record<string, object>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'catalog-apis-'))
  for (const [file, model] of Object.entries(models))
    writeFileSync(path.join(dir, file), JSON.stringify(model))
  return dir
}

const model = (endpointPrefix: string, operations: string[], signingName?: string): object => ({
  metadata: { endpointPrefix, ...(signingName && { signingName }) },
  operations: Object.fromEntries(operations.map(op => [op, { http: { requestUri: '/' } }]))
})

describe('scripts/catalog.ts', () => {
  it('agrees with the committed src/query/catalog/event-names.ts', () => {
    const { apisDir, version } = installedSdk()
    const committed = readFileSync(OUTPUT, 'utf8')
    // A stale catalog: run `npm run catalog` (see the README's "Event-name catalog").
    expect(buildCatalog(apisDir, version) === committed).toBe(true)
  })

  it('is deterministic and stays a few hundred KB', () => {
    const { apisDir, version } = installedSdk()
    const first = buildCatalog(apisDir, version)
    expect(buildCatalog(apisDir, version)).toBe(first)
    expect(Buffer.byteLength(first)).toBeLessThan(300 * 1024)
  })

  it('names sources by signing name, keeps the newest model, and folds in the documented exceptions', () => {
    const dir = fakeApis({
      'email-2010-12-01.min.json': model('email', ['SendEmail'], 'ses'),
      'widget-2014-01-01.min.json': model('widget', ['OldCall']),
      'widget-2020-01-01.min.json': model('widget', ['NewCall']),
      's3-2006-03-01.min.json': model('s3', ['PutBucketLifecycleConfiguration', 'CreateBucket']),
      'connectparticipant-2018-09-07.min.json': model('participant.connect', ['SendMessage'], 'execute-api'),
      'not-a-model.json': { metadata: {} }
    })
    const text = buildCatalog(dir, '9.9.9')
    expect(text).toContain("export const SDK_VERSION = '9.9.9'")
    expect(text).toMatch(/^ses 0SendEmail$/m)
    expect(text).toMatch(/^widget 0NewCall$/m)
    expect(text).toMatch(/^participant\.connect 0SendMessage$/m)
    // S3 records PutBucketLifecycleConfiguration as PutBucketLifecycle, and browser uploads as PostObject.
    expect(text).toMatch(/^s3 0CreateBucket 0PostObject 1utBucketLifecycle$/m)
    expect(text).toMatch(/^signin 0CheckMfa 1onsoleLogin /m)
    expect(text).toContain('lambda UpdateFunctionCode UpdateFunctionCode20150331v2')
  })

  it('stops on a Lambda operation of a versioned API that nobody classified', () => {
    const dir = fakeApis({
      'lambda-2015-03-31.min.json': {
        metadata: { endpointPrefix: 'lambda' },
        operations: { BrandNewCall: { http: { requestUri: '/2015-03-31/functions/x' } } }
      }
    })
    expect(() => buildCatalog(dir, '1')).toThrow(/BrandNewCall .* LAMBDA_EVENT_NAMES/)
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
