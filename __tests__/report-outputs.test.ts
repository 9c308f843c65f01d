import { describe, expect, it } from '@jest/globals'
import { buildOutputs, notStartedOutputs, OUTPUTS } from '../src/report/outputs.js'
import type { MatchedEvent } from '../src/types.js'
import { incompleteInfo, makeEvent, makeQuery, makeResult, manyEvents } from '../__fixtures__/scan-result.js'

const forbidden = (): MatchedEvent => makeEvent({ EventName: 'DeleteBucket', Forbidden: true })

describe('buildOutputs', () => {
  it('sets every output named in OUTPUTS', () => {
    const out = buildOutputs(makeResult([forbidden(), makeEvent()]), '/tmp/r.json')
    expect(Object.keys(out).sort()).toEqual(Object.values(OUTPUTS).sort())
    expect(out).toMatchObject({
      'events-truncated': 'false',
      count: '2',
      scanned: '412',
      found: 'true',
      complete: 'true',
      denied: '0',
      report: '/tmp/r.json'
    })
    expect(JSON.parse(out.events ?? '')).toHaveLength(2)
  })

  it('says found=false only for a complete scan', () => {
    expect(buildOutputs(makeResult([makeEvent()]), 'r').found).toBe('false')
    const discovery = makeResult(manyEvents(2), { query: makeQuery({ patterns: [] }) })
    expect(buildOutputs(discovery, 'r').found).toBe('false')
  })

  it('never says found=false for an incomplete scan', () => {
    const clean = buildOutputs(makeResult([makeEvent()], { incomplete: incompleteInfo() }), 'r')
    expect(clean).toMatchObject({ found: 'unknown', complete: 'false' })
    const discovery = makeResult([], { query: makeQuery({ patterns: [] }), incomplete: incompleteInfo() })
    expect(buildOutputs(discovery, 'r').found).toBe('unknown')
    const seen = buildOutputs(makeResult([forbidden()], { incomplete: incompleteInfo() }), 'r')
    expect(seen).toMatchObject({ found: 'true', complete: 'false' })
  })

  it('counts denied attempts', () => {
    const denied = makeEvent({ EventName: 'DeleteBucket', Forbidden: true, ErrorCode: 'AccessDenied' })
    const out = buildOutputs(makeResult([denied], { query: makeQuery({ ignoreDenied: true }) }), 'r')
    expect(out).toMatchObject({ denied: '1', found: 'false', count: '1' })
  })

  it('keeps the newest events that fit, as valid JSON, and says it truncated', () => {
    const events = manyEvents(5000, i => ({ Resources: [`bucket-${i}-ünï`] }))
    const maxEventsBytes = 50_000
    const out = buildOutputs(makeResult(events), 'r', { maxEventsBytes })
    const json = out.events ?? ''
    expect(Buffer.byteLength(json)).toBeLessThanOrEqual(maxEventsBytes)
    const kept = JSON.parse(json) as MatchedEvent[]
    expect(kept.length).toBeGreaterThan(50)
    expect(kept.length).toBeLessThan(5000)
    expect(kept).toEqual(events.slice(0, kept.length))
    // One more event would not have fitted.
    expect(Buffer.byteLength(JSON.stringify(events.slice(0, kept.length + 1)))).toBeGreaterThan(
      maxEventsBytes
    )
    expect(out['events-truncated']).toBe('true')
    expect(out.count).toBe('5000')
  })

  it('gives an empty array when nothing matched', () => {
    const out = buildOutputs(makeResult([]), 'r')
    expect(out.events).toBe('[]')
    expect(out['events-truncated']).toBe('false')
  })

  it('says nothing is known for a run that never scanned', () => {
    expect(notStartedOutputs()).toEqual({ verdict: 'invalid-input', found: 'unknown', complete: 'false' })
    expect(notStartedOutputs('setup')).toEqual({ verdict: 'incomplete', found: 'unknown', complete: 'false' })
  })
})
