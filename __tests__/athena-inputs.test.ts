import { describe, expect, it } from '@jest/globals'
import { InputError } from '../src/core/errors.js'
import { parseQuery } from '../src/query/inputs.js'
import { readSettings } from '../src/action/settings.js'
import { athenaQuery, NOW } from '../__fixtures__/athena-query.js'

describe('source and the athena-* inputs', () => {
  it('defaults to LookupEvents, with no Athena settings', () => {
    const query = parseQuery({ user: 'a', region: 'eu-west-2' }, { now: NOW, env: {} })
    expect(query.source).toBe('lookup-events')
    expect(query.athena).toBeUndefined()
  })

  it('reads every Athena input with its default', () => {
    expect(athenaQuery().athena).toEqual({
      region: 'eu-west-2',
      database: 'security',
      table: 'cloudtrail_logs',
      workgroup: 'primary',
      outputLocation: undefined,
      catalog: 'AwsDataCatalog',
      maxBytesScanned: undefined,
      acceptTrailGaps: false
    })
    expect(
      athenaQuery({
        athenaTable: 'Security.CloudTrail_Logs',
        athenaWorkgroup: 'audits',
        athenaOutputLocation: 's3://results-bucket/cg/',
        athenaCatalog: 'my_catalog',
        athenaMaxBytesScanned: '10GB',
        athenaAcceptTrailGaps: 'TRUE'
      }).athena
    ).toMatchObject({
      database: 'security',
      table: 'cloudtrail_logs',
      workgroup: 'audits',
      outputLocation: 's3://results-bucket/cg/',
      catalog: 'my_catalog',
      maxBytesScanned: 10e9,
      acceptTrailGaps: true
    })
    expect(() => athenaQuery({ athenaAcceptTrailGaps: 'yes' })).toThrow(
      /Input 'athena-accept-trail-gaps' .*true or false/
    )
  })

  it('lifts the 90-day limit and reads every Region when none is named', () => {
    const query = athenaQuery({ createdAfter: '2024/01/01', createdBefore: '2024/12/31' })
    expect(query.window.start.toISOString()).toBe('2024-01-01T00:00:00.000Z')
    expect(query.regions).toEqual([])
    expect(query.warnings).toEqual([])
    expect(() =>
      parseQuery(
        { user: 'a', region: 'eu-west-2', createdAfter: '2024/01/01', createdBefore: '2024/12/31' },
        { now: NOW, env: {} }
      )
    ).toThrow(/within the last 90 days/)
  })

  it('needs a Region to call Athena in, from the environment or the region input', () => {
    const raw = { user: 'a', source: 'athena', athenaTable: 'db.t' }
    expect(() => parseQuery(raw, { now: NOW, env: {} })).toThrow(InputError)
    expect(parseQuery({ ...raw, region: 'us-west-2' }, { now: NOW, env: {} }).athena?.region).toBe(
      'us-west-2'
    )
    expect(parseQuery(raw, { now: NOW, env: { AWS_DEFAULT_REGION: 'ap-south-1' } }).athena?.region).toBe(
      'ap-south-1'
    )
  })

  it('rejects an unknown source and a missing table, naming the input', () => {
    expect(() => athenaQuery({ source: 'cloudtrail-lake' })).toThrow(
      /Input 'source' .*lookup-events or athena/
    )
    expect(() => athenaQuery({ athenaTable: '' })).toThrow(/Input 'athena-table'/)
  })

  it('warns when Athena inputs are set but the source is LookupEvents', () => {
    const query = parseQuery({ user: 'a', region: 'eu-west-2', athenaTable: 'db.t' }, { now: NOW, env: {} })
    expect(query.warnings.join(' ')).toMatch(/athena-table is set but source is lookup-events/)
    const accepted = parseQuery(
      { user: 'a', region: 'eu-west-2', athenaAcceptTrailGaps: 'true' },
      { now: NOW, env: {} }
    )
    expect(accepted.warnings.join(' ')).toMatch(/athena-accept-trail-gaps is set but source is lookup-events/)
  })

  it('reads them as action inputs', async () => {
    const inputs: Record<string, string> = {
      user: 'deploy-bot',
      source: 'athena',
      'athena-table': 'security.cloudtrail_logs',
      'athena-workgroup': 'audits',
      'athena-output-location': 's3://res/x/',
      'athena-catalog': 'AwsDataCatalog',
      'athena-max-bytes-scanned': '1TiB',
      'athena-accept-trail-gaps': 'true'
    }
    const settings = await readSettings(name => inputs[name] ?? '', { AWS_REGION: 'eu-west-2' }, NOW)
    expect(settings.query.source).toBe('athena')
    expect(settings.query.athena).toMatchObject({
      workgroup: 'audits',
      outputLocation: 's3://res/x/',
      maxBytesScanned: 2 ** 40,
      acceptTrailGaps: true
    })
  })
})
