import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { startAthenaEmulator, type AthenaEmulator } from '../../emulator/athena/index.js'
import { ACCOUNT, DAY, START, writeTrail, type TrailFixture } from '../../__fixtures__/athena.js'
import { type CliRun, runAction, runCli } from '../../__fixtures__/runner.js'

// The bundled action with `source: athena`, run as a runner runs it, against the Athena + Glue emulator over HTTP.

jest.setTimeout(120_000)

let trail: TrailFixture
let emulator: AthenaEmulator

beforeAll(async () => {
  trail = await writeTrail()
  emulator = await startAthenaEmulator({
    root: trail.root,
    tables: trail.tables,
    queuedMs: 20,
    minRunningMs: 50
  })
})
afterAll(async () => {
  await emulator.close()
  trail.cleanup()
})
beforeEach(() => emulator.setFaults([]))

function env(): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_ATHENA: emulator.url,
    AWS_ENDPOINT_URL_GLUE: emulator.url,
    AWS_REGION: 'eu-west-2',
    AWS_ACCESS_KEY_ID: 'AKIDE2E',
    AWS_SECRET_ACCESS_KEY: 'secret'
  }
}

const cli = (args: string[]): Promise<CliRun> => runCli(args, env())

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10).replace(/-/g, '/')
const inputs = {
  source: 'athena',
  'athena-table': 'cloudtrail.logs_rp',
  user: `arn:aws:iam::${ACCOUNT}:role/deploy`,
  created_after: day(START),
  created_before: day(START + 9 * DAY)
}

interface Report {
  source: string
  complete: boolean
  athena: { state: string; dataScannedBytes: number; estimatedCostUsd: number; rows: number }
}

describe('the bundled action with source athena', () => {
  it('finds a data event from long ago and fails the step, with the cost in the summary and the report', async () => {
    const run = await runAction({ ...inputs, events: 's3:GetObject' }, env())
    expect(run.code).toBe(1)
    expect(run.outputs['found']).toBe('true')
    expect(run.outputs['complete']).toBe('true')
    expect(run.outputs['count']).toBe('1')
    expect(JSON.parse(run.outputs['events'] ?? '[]')).toMatchObject([
      { EventName: 'GetObject', EventSource: 's3.amazonaws.com', Forbidden: true }
    ])
    expect(run.summary).toContain('Cost (Amazon Athena)')
    expect(run.summary).toMatch(/scanned, [\d.]+ s of engine time, about &#36;/)
    const report = JSON.parse(readFileSync(run.outputs['report'] ?? '', 'utf8')) as Report
    expect(report.source).toBe('athena')
    expect(report.athena.state).toBe('SUCCEEDED')
    expect(report.athena.dataScannedBytes).toBeGreaterThan(0)
    expect(run.stdout).toMatch(/Forbidden CloudTrail events found/)
  })

  it('passes a clean identity, having read every row', async () => {
    const run = await runAction({ ...inputs, events: 'DeleteBucket, iam:*' }, env())
    expect(run.code).toBe(0)
    expect(run.outputs['found']).toBe('false')
    expect(run.outputs['complete']).toBe('true')
  })

  it('fails the step as incomplete when the query fails, naming Athena’s error', async () => {
    emulator.setFaults([{ kind: 'fail', category: 2, errorType: 1001, message: 'HIVE_BAD_DATA: bad json' }])
    const run = await runAction({ ...inputs, events: 's3:GetObject' }, env())
    expect(run.code).toBe(1)
    expect(run.outputs['complete']).toBe('false')
    expect(run.outputs['found']).not.toBe('false')
    expect(run.stdout).toMatch(
      /ended FAILED \(ErrorCategory 2 USER, ErrorType 1001\): HIVE_BAD_DATA: bad json/
    )
  })

  it('the bundled CLI takes --source athena: exit 1 on a forbidden data event, JSON naming the source', async () => {
    const run = await cli([
      '--source',
      'athena',
      '--athena-table',
      'cloudtrail.logs_manual',
      '--user',
      inputs.user,
      '--events',
      's3:GetObject',
      '--created_after',
      inputs.created_after,
      '--created_before',
      inputs.created_before,
      '--output',
      'json'
    ])
    expect(run.code).toBe(1)
    const report = JSON.parse(run.stdout) as Report & { events: Array<{ EventName: string }> }
    expect(report.source).toBe('athena')
    expect(report.events.map(e => e.EventName)).toEqual(['GetObject'])
  })

  it('refuses a table name that is not database.table before any call', async () => {
    const before = emulator.executions().length
    const run = await runAction({ ...inputs, 'athena-table': 'cloudtrail.logs"; DROP TABLE x; --' }, env())
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/Input 'athena-table'/)
    expect(emulator.executions()).toHaveLength(before)
  })
})
