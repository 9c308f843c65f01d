import { describe, expect, it, jest } from '@jest/globals'
import { page, send, wireEvent, type Scenario } from '../../__fixtures__/hostile.js'
import { against, expectBounded, expectFailedClosed } from '../../__fixtures__/hostile-run.js'

// Untrusted data must not grow the log, the annotation or the process: every quoted server string is capped.

jest.setTimeout(60_000)

const FIVE_MB = 5 * 1024 * 1024
const ago = (minutes: number): string => new Date(Date.now() - minutes * 60_000).toISOString()

describe('bounded logs and memory from untrusted data, end to end', () => {
  it('quotes a few hundred characters of a 5 MB error message, once', async () => {
    const body = JSON.stringify({ __type: 'ValidationException', message: `${'x'.repeat(FIVE_MB)}` })
    const run = await against((_, res) => send(res, 400, body))
    expectFailedClosed(
      run,
      /LookupEvents failed \(HTTP 400, ValidationException: x+… \(\d+ more characters\)\)/
    )
  })

  it('quotes the start of a 5 MB body that is not JSON', async () => {
    const run = await against((_, res) =>
      send(res, 200, 'y'.repeat(FIVE_MB), { 'content-type': 'text/plain' })
    )
    expectFailedClosed(run, /not JSON \(text\/plain, starting "y+… \(\d+ more characters\)"\)/)
  })

  it('fails closed on a 5 MB event name, without printing it', async () => {
    const event = wireEvent({ name: 'TerminateInstances', time: ago(5) })
    const run = await against((_, res) =>
      send(res, 200, page([{ ...event, EventName: 'T'.repeat(FIVE_MB) }]))
    )
    expectFailedClosed(run, /cannot be judged: its EventName is 5242880 characters long \(at most 256\)/)
  })

  it('follows megabyte page tokens to the end, and catches one repeated', async () => {
    const token = (n: number): string => `${n}`.padEnd(1024 * 1024, 'k')
    const events = [wireEvent({ name: 'DescribeInstances', time: ago(5) })]
    const distinct: Scenario = ({ call }, res) =>
      send(res, 200, page(events, call < 4 ? token(call) : undefined))
    const run = await against(distinct)
    expect(run.outputs).toMatchObject({ found: 'false', complete: 'true' })
    expectBounded(run)
    const repeated: Scenario = (_, res) => send(res, 200, page(events, token(1)))
    expectFailedClosed(await against(repeated), /LookupEvents repeated a page token/)
  })

  it('keeps the annotation short when Delete* matches many long names', async () => {
    const events = Array.from({ length: 50 }, (_, i) =>
      wireEvent({ name: `Delete${String(i).padStart(2, '0')}${'X'.repeat(240)}`, time: ago(5) })
    )
    const run = await against((_, res) => send(res, 200, page(events)), { events: 'Delete*' })
    expect(run.code).toBe(1)
    expect(run.outputs).toMatchObject({ found: 'true', complete: 'true', count: '50' })
    const annotation = run.stdout.split('\n').find(line => line.startsWith('::error::')) ?? ''
    expect(annotation).toMatch(
      /Forbidden CloudTrail events found for alice \(Username\): Delete00X+… .* and 40 more/
    )
    expect(annotation.length).toBeLessThan(2_000)
    expectBounded(run)
  })
})
