import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { botocoreModels, committedIam, committedModels, OUTPUT } from '../scripts/catalog.js'
import { buildCatalog, namesBySource } from '../scripts/catalog/build.js'
import { DOCUMENTED_EVENTS } from '../scripts/catalog/documented.js'
import { formatModels, parseModels, type Models, type ServiceModel } from '../scripts/catalog/models.js'
import { EventCatalog, loadCatalog } from '../src/query/catalog/catalog.js'
import {
  chooseWords,
  decodeNames,
  encodeNames,
  encodeWords,
  expandWords,
  MAX_WORDS
} from '../src/query/catalog/codec.js'

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
/** The catalog a generated module gives, read from its text as the bundle's import would. */
function catalogOf(text: string): EventCatalog {
  const constant = (name: string): string => {
    const match = new RegExp(`export const ${name} = (?:'([^']*)'|\`([^\`]*)\`)`).exec(text)
    if (!match) throw new Error(`no ${name} in the generated module`)
    return match[1] ?? match[2] ?? ''
  }
  return new EventCatalog(
    constant('MODELS'),
    constant('EVENT_NAMES'),
    constant('RENAMES'),
    constant('IAM_ONLY'),
    constant('WORDS')
  )
}

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

  it('decodes, word codes and all, to exactly the names the sources give', async () => {
    const catalog = await loadCatalog()
    const expected = namesBySource(committedModels(), committedIam())
    for (const [source, names] of expected) {
      expect([...catalog.namesOf(`${source}.amazonaws.com`)].sort()).toEqual([...names].sort())
    }
    expect(catalog.iamPrefixesOf('RegisterManagedInstance')).toEqual(['ssm'])
  })

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
    const catalog = catalogOf(text)
    expect(catalog.sourcesOf('SendEmail')).toEqual(['ses.amazonaws.com'])
    expect(catalog.sourcesOf('NewCall')).toEqual(['widget.amazonaws.com'])
    expect(catalog.sourcesOf('SendMessage')).toEqual(['participant.connect.amazonaws.com'])
    expect(catalog.sourcesOf('ListApplications')).toContain('servicecatalog-appregistry.amazonaws.com')
    expect(catalog.hasSource('servicecatalog.amazonaws.com')).toBe(false)
    // S3 records PutBucketLifecycleConfiguration as PutBucketLifecycle, and browser uploads as PostObject.
    expect([...catalog.namesOf('s3.amazonaws.com')]).toEqual(
      expect.arrayContaining(['CreateBucket', 'PostObject', 'PutBucketLifecycle'])
    )
    expect(catalog.namesOf('s3.amazonaws.com').has('PutBucketLifecycleConfiguration')).toBe(false)
    expect(catalog.sourcesOf('ConsoleLogin')).toEqual(['signin.amazonaws.com'])
    expect(catalog.sourcesOf('PutCredentials')).toEqual(['cloudshell.amazonaws.com'])
    expect(catalog.renamesOf('UpdateFunctionCode')).toEqual([
      { source: 'lambda.amazonaws.com', name: 'UpdateFunctionCode20150331v2' }
    ])
    // IAM actions that no source records (SendCommand is no event here: ssm has no model in this sample).
    expect(catalog.iamPrefixesOf('RegisterManagedInstance')).toEqual(['ssm'])
    expect(catalog.iamPrefixesOf('SendCommand')).toEqual(['ssm'])
  })

  it('lists an IAM action only when no event source records the name', () => {
    const catalog = catalogOf(
      buildCatalog(models(service('ssm', 'ssm', ['SendCommand'])), {
        release: 'iam-data 1.0.0',
        byPrefix: new Map([['ssm', ['RegisterManagedInstance', 'SendCommand']]])
      })
    )
    expect(catalog.iamPrefixesOf('RegisterManagedInstance')).toEqual(['ssm'])
    expect(catalog.iamPrefixesOf('SendCommand')).toEqual([])
    expect(catalog.sourcesOf('SendCommand')).toEqual(['ssm.amazonaws.com'])
  })

  it('puts every documented event in the catalog under its source', () => {
    const catalog = catalogOf(buildCatalog(models(), noIam))
    for (const [source, names] of Object.entries(DOCUMENTED_EVENTS)) {
      expect([...catalog.namesOf(`${source}.amazonaws.com`)]).toEqual(expect.arrayContaining([...names]))
    }
  })

  it('stops on a Lambda operation of a dated API that nobody classified', () => {
    const lambda = models(service('lambda', 'lambda', ['BrandNewCall@2015']))
    expect(() => buildCatalog(lambda, noIam)).toThrow(/BrandNewCall .* LAMBDA_EVENT_NAMES/)
    const later = catalogOf(buildCatalog(models(service('lambda', 'lambda', ['NewerCall@2021'])), noIam))
    expect(later.sourcesOf('NewerCall')).toEqual(['lambda.amazonaws.com'])
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
    // A word code past the word list, or an escape without its digit.
    expect(() => decodeNames(expandWords('0Get!', ['Bucket']))).not.toThrow()
    expect(() => decodeNames(expandWords('0Get"', ['Bucket']))).toThrow(/Malformed/)
    expect(() => decodeNames(expandWords('0Get~', ['Bucket']))).toThrow(/Malformed/)
  })

  it('codes the words that save most, and decodes them back, wherever the shared prefix cut a word', () => {
    const names = [
      'PutBucketLifecycle',
      'PutBucketLifecycleConfiguration',
      'PutBucketPolicy',
      'GetBucketPolicy',
      'UpdateFunctionCode20150331v2',
      'ListV2_Items',
      'X'
    ]
    const list = encodeNames(names)
    const words = chooseWords([list])
    // Configuration saves 12 characters once; Bucket and Policy 5 twice each.
    expect(words.slice(0, 3)).toEqual(['Configuration', 'Bucket', 'Policy'])
    const coded = encodeWords(list, words)
    expect(coded.length).toBeLessThan(list.length)
    expect(coded).not.toMatch(/Bucket|Policy/)
    expect(decodeNames(expandWords(coded, words))).toEqual([...names].sort())
  })

  it('has codes for as many words as the word list holds', () => {
    const names = Array.from(
      { length: MAX_WORDS + 10 },
      (_, i) => `Word${String.fromCharCode(65 + (i % 26))}${'q'.repeat(3 + Math.floor(i / 26))}Tail`
    )
    const list = encodeNames(names)
    const words = chooseWords([list, list])
    expect(words.length).toBeLessThanOrEqual(MAX_WORDS)
    expect(decodeNames(expandWords(encodeWords(list, words), words))).toEqual([...names].sort())
  })
})
