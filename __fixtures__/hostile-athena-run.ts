import { expect } from '@jest/globals'
import { ROLE_ARN } from './athena-wire.js'
import { startHostileAthena, type AthenaCall, type AthenaScenario } from './hostile-athena.js'
import { expectBounded } from './hostile-run.js'
import { runAction, type ActionRun } from './runner.js'

// Runs the bundle with `source: athena` against a hostile Athena + Glue server, and the checks every case shares.

/** A window long past (no delivery barrier is involved), three whole days. */
export const WINDOW = { created_after: '2025-03-01T00:00:00Z', created_before: '2025-03-04T00:00:00Z' }
/** Days of the window, as the table's partitions name them. */
export const WINDOW_DAYS = ['2025/03/01', '2025/03/02', '2025/03/03'] as const
/** An event time inside the window. */
export const IN_WINDOW = '2025-03-02T10:00:00Z'

export const ATHENA_INPUTS = {
  source: 'athena',
  'athena-table': 'cloudtrail.logs',
  user: ROLE_ARN,
  events: 'TerminateInstances',
  region: 'eu-west-1',
  'include-global-events': 'false',
  ...WINDOW
}

export interface AthenaRun extends ActionRun {
  /** Every call the server answered, in order. */
  readonly calls: readonly AthenaCall[]
}

export interface AgainstOptions {
  /** Extra environment (e.g. NODE_OPTIONS); the endpoints and credentials are always set. */
  readonly env?: Record<string, string>
  readonly timeoutMs?: number
}

/** The bundle as a runner runs it, with every AWS endpoint it may call pointing at a server following `scenario`. */
export async function againstAthena(
  scenario: AthenaScenario,
  inputs: Record<string, string> = {},
  options: AgainstOptions = {}
): Promise<AthenaRun> {
  const server = await startHostileAthena(scenario)
  try {
    const run = await runAction(
      { ...ATHENA_INPUTS, ...inputs },
      {
        AWS_ENDPOINT_URL_ATHENA: server.url,
        AWS_ENDPOINT_URL_GLUE: server.url,
        AWS_ENDPOINT_URL_STS: server.url,
        AWS_ENDPOINT_URL_CLOUDTRAIL: server.url,
        AWS_REGION: 'eu-west-1',
        AWS_ACCESS_KEY_ID: 'AKIDE2E',
        AWS_SECRET_ACCESS_KEY: 'secret',
        ...options.env
      },
      { timeoutMs: options.timeoutMs ?? 40_000 }
    )
    return { ...run, calls: [...server.calls()] }
  } finally {
    await server.close()
  }
}

/** JavaScript's own words, which must never reach a person: the gate describes every failure itself. */
const RAW_ERROR =
  /\$response|is not iterable|Cannot read properties|Invalid time value|UnknownError|TypeError|SyntaxError|RangeError|Maximum call stack|heap out of memory|\n\s+at .+:\d+:\d+\)?\n/

/** Never green, never found=false, incomplete; quick; a small log; no raw JS error; and the reason a person can act on. */
export function expectNotClean(run: AthenaRun, reason: RegExp): void {
  expect(run.code).toBe(1)
  expect(run.outputs['found']).not.toBe('false')
  expect(run.outputs['complete']).toBe('false')
  expect(run.stdout).toMatch(/::error::CloudTrail scan incomplete/)
  expect(run.stdout).toMatch(reason)
  expect(run.stdout + run.stderr).not.toMatch(RAW_ERROR)
  expectBounded(run)
}

/** The forbidden event was read and reported: the step fails with found=true, every row read. */
export function expectFound(run: AthenaRun, count = 1): void {
  expect(run.code).toBe(1)
  expect(run.outputs).toMatchObject({ found: 'true', complete: 'true', count: String(count) })
  expect(run.stdout + run.stderr).not.toMatch(RAW_ERROR)
  expectBounded(run)
}

/** Proven clean: every row the table can hold for the query was read, and none was forbidden. */
export function expectClean(run: AthenaRun): void {
  expect(run.code).toBe(0)
  expect(run.outputs).toMatchObject({ found: 'false', complete: 'true' })
  expectBounded(run)
}

/** The calls of one operation. */
export const callsOf = (run: AthenaRun, operation: string): AthenaCall[] =>
  run.calls.filter(c => c.operation === operation)

/**
 * The values the query binds partition key `key` to (`"key" = ?` or `"key" IN (?, …)`, the parameters unquoted),
 * or undefined when the query leaves the key unbound. `start` is a StartQueryExecution request body.
 */
export function boundValues(start: Record<string, unknown> | undefined, key: string): string[] | undefined {
  const sql = typeof start?.['QueryString'] === 'string' ? start['QueryString'] : ''
  const parameters = Array.isArray(start?.['ExecutionParameters'])
    ? (start['ExecutionParameters'] as unknown[])
    : []
  const condition = new RegExp(`(?<![\\w.])"?${key}"?\\s*(?:=\\s*\\?|IN\\s*\\(([?,\\s]+)\\))`, 'i').exec(sql)
  if (!condition) return undefined
  const first = (sql.slice(0, condition.index).match(/\?/g) ?? []).length
  const count = (condition[0].match(/\?/g) ?? []).length
  return parameters.slice(first, first + count).map(p => String(p).replace(/^'|'$/g, '').replace(/''/g, "'"))
}
