import { describe, expect, it } from '@jest/globals'
import { partition } from '@aws-sdk/core/client'
import { readFileSync } from 'node:fs'
import { buildRegions, installedPartitions, OUTPUT, regionsOf } from '../scripts/regions.js'
import { InputError } from '../src/core/errors.js'
import { parseQuery, type RawQuery } from '../src/query/inputs.js'
import { closestRegions, isRegion, regionProblem } from '../src/query/regions.js'
import { PARTITIONS } from '../src/query/regions-data.js'

// Real Regions only, from the SDK's own partitions data: a Region nobody can call is an input error before any AWS
// call, naming the nearest real one.

const now = new Date('2026-11-21T12:00:00Z')
// partition() returns the Region's own entry (with its description) only for a Region its data lists.
const described = (name: string): unknown => (partition(name) as { description?: string }).description
const listed = PARTITIONS.split('\n').flatMap(line => line.split(' ').slice(1))

function inputError(raw: Partial<RawQuery>, env: Record<string, string> = {}): InputError {
  try {
    parseQuery({ user: 'alice', ...raw }, { now, env })
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error('expected an InputError')
}

describe('the committed list', () => {
  it('is what scripts/regions.ts makes from the installed @aws-sdk/core', () => {
    const { version, info } = installedPartitions()
    // A stale list: run `npm run regions` (see scripts/regions.ts).
    expect(buildRegions(info, version) === readFileSync(OUTPUT, 'utf8')).toBe(true)
  })

  it("lists only Regions the SDK's own partition() describes, and none of its pseudo-Regions", () => {
    expect(listed.length).toBeGreaterThanOrEqual(40)
    for (const region of listed) expect(described(region)).toEqual(expect.any(String))
    for (const name of ['eu-west-22', 'us-east-9', 'cn-south-1']) {
      expect(described(name)).toBeUndefined()
      expect(isRegion(name)).toBe(false)
    }
    expect(described('aws-global')).toBeDefined()
    expect(isRegion('aws-global')).toBe(false)
  })

  it('leaves out what does not match its partition’s own pattern', () => {
    const info = {
      partitions: [
        { id: 'aws', regionRegex: '^(us|eu)\\-\\w+\\-\\d+$', regions: { 'aws-global': {}, 'us-east-1': {} } },
        { id: 'aws-empty', regionRegex: '^xx\\-\\w+\\-\\d+$', regions: { 'aws-empty-global': {} } }
      ]
    }
    expect(regionsOf(info)).toEqual([{ partition: 'aws', regions: ['us-east-1'] }])
  })
})

describe('Region inputs', () => {
  it.each([
    'us-east-1',
    'eu-west-2',
    'ap-southeast-5',
    'ap-southeast-7',
    'mx-central-1',
    'ca-west-1',
    'il-central-1',
    'me-central-1',
    'af-south-1',
    'cn-north-1',
    'cn-northwest-1',
    'us-gov-west-1',
    'us-gov-east-1'
  ])('accepts %s, opt-in and other partitions included', region => {
    expect(parseQuery({ user: 'alice', region }, { now, env: {} }).regions).toEqual([region])
  })

  it('names the nearest real Region for one that is not', () => {
    const error = inputError({ region: 'eu-west-22' })
    expect(error.input).toBe('region')
    expect(error.message).toBe("Input 'region': eu-west-22: not an AWS Region; did you mean eu-west-2?")
  })

  it.each([
    ['EU-WEST-2', 'did you mean eu-west-2?'],
    ['euwest2', 'did you mean eu-west-2?'],
    ['us-east-3', 'did you mean us-east-1 or us-east-2?'],
    ['ap-southeast-8', 'did you mean ap-southeast-1 or ap-southeast-2 or ap-southeast-3?'],
    ['Europe', 'AWS Regions look like us-east-1 or eu-west-2.'],
    ['moon-1', 'AWS Regions look like us-east-1 or eu-west-2.'],
    ['aws-global', 'AWS Regions look like us-east-1 or eu-west-2.']
  ])('%s: %s', (name, hint) => {
    expect(regionProblem(name)).toBe(`${name}: not an AWS Region; ${hint}`)
  })

  it('quotes a value that is not plain, bounded and visible', () => {
    const problem = regionProblem(`eu-west-2\n::set-output name=x::y${'z'.repeat(500)}`) ?? ''
    expect(problem).toMatch(/^"eu-west-2\\n::set-output name=x::yzz/)
    expect(problem).not.toContain('\n')
    expect(problem.length).toBeLessThan(200)
    expect(closestRegions('z'.repeat(100_000))).toEqual([])
  })

  it('lists every bad Region of a list at once', () => {
    const error = inputError({ region: 'eu-west-2, eu-west-22, us-esat-1' })
    expect(error.message).toBe(
      "Input 'region' has 2 problems:\n" +
        '- eu-west-22: not an AWS Region; did you mean eu-west-2?\n' +
        '- us-esat-1: not an AWS Region; did you mean us-east-1?'
    )
  })

  it('names the variable a bad Region came from', () => {
    expect(inputError({}, { AWS_REGION: 'eu-west-22' }).message).toMatch(/^Input 'AWS_REGION': eu-west-22: /)
    expect(inputError({}, { AWS_DEFAULT_REGION: 'us-east-3' }).input).toBe('AWS_DEFAULT_REGION')
  })

  it("checks the Athena source's Region, where its clients are called", () => {
    const athena = { source: 'athena', athenaTable: 'db.t' } as const
    expect(inputError(athena, { AWS_REGION: 'eu-west-22' }).input).toBe('AWS_REGION')
    expect(inputError({ ...athena, region: 'eu-west-22' }).input).toBe('region')
    const query = parseQuery(
      { user: 'a', ...athena, region: 'us-west-2' },
      { now, env: { AWS_REGION: 'eu-west-1' } }
    )
    expect(query.athena?.region).toBe('eu-west-1')
    // LookupEvents calls only the Regions asked for: the environment's Region does not matter then.
    expect(parseQuery({ user: 'a', region: 'eu-west-2' }, { now, env: { AWS_REGION: 'x' } }).regions).toEqual(
      ['eu-west-2']
    )
  })
})
