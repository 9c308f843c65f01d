import { describe, expect, it } from '@jest/globals'
import { forbiddenAnnotations, MAX_ANNOTATIONS } from '../src/report/annotations.js'
import { makeEvent, makeQuery, makeResult, manyEvents } from '../__fixtures__/scan-result.js'
import { workflowCommands } from '../__fixtures__/workflow-commands.js'

describe('forbiddenAnnotations', () => {
  it('gives one annotation per forbidden event name, with its count and newest event', () => {
    const result = makeResult([
      makeEvent({ EventName: 'DeleteBucket', Forbidden: true, EventTime: '2024-01-05T11:00:00Z' }),
      makeEvent({ EventName: 'DeleteBucket', Forbidden: true, EventTime: '2024-01-05T10:00:00Z' }),
      makeEvent({ EventName: 'TerminateInstances', Forbidden: true, Region: 'eu-west-2' })
    ])
    expect(forbiddenAnnotations(result)).toEqual([
      {
        title: 'Forbidden CloudTrail event: DeleteBucket',
        message:
          'DeleteBucket ×2 by deploy-bot, newest at 2024-01-05T11:00:00Z in us-east-1. See the job summary for every event.'
      },
      {
        title: 'Forbidden CloudTrail event: TerminateInstances',
        message:
          'TerminateInstances ×1 by deploy-bot, newest at 2024-01-05T10:00:00Z in eu-west-2. See the job summary for every event.'
      }
    ])
  })

  it('caps the annotations and sums up the rest in one more', () => {
    const events = manyEvents(40, i => ({ EventName: `Delete${i % 20}`, Forbidden: true }))
    const annotations = forbiddenAnnotations(makeResult(events))
    expect(annotations).toHaveLength(MAX_ANNOTATIONS)
    expect(annotations[MAX_ANNOTATIONS - 1]?.message).toBe(
      `…and ${20 - MAX_ANNOTATIONS + 1} more forbidden event names (${2 * (20 - MAX_ANNOTATIONS + 1)} events). See the job summary for every event.`
    )
    // Exactly the cap: every name, no summing up.
    const exact = manyEvents(MAX_ANNOTATIONS, i => ({ EventName: `Delete${i}`, Forbidden: true }))
    expect(
      forbiddenAnnotations(makeResult(exact)).every(a => a.title.startsWith('Forbidden CloudTrail event:'))
    ).toBe(true)
  })

  it('gives none for a clean or discovery result', () => {
    expect(forbiddenAnnotations(makeResult([]))).toEqual([])
    expect(forbiddenAnnotations(makeResult(manyEvents(3), { query: makeQuery({ patterns: [] }) }))).toEqual(
      []
    )
  })

  it('keeps hostile names to one line with no workflow command', () => {
    const name = `Delete\n::set-output name=found::false\r\u001b[31m${'x'.repeat(500)}`
    const [annotation] = forbiddenAnnotations(makeResult([makeEvent({ EventName: name, Forbidden: true })]))
    for (const text of [annotation?.title ?? '', annotation?.message ?? '']) {
      expect(text).not.toMatch(/[\n\r]/)
      expect(text).not.toContain('\u001b')
      expect(workflowCommands(text)).toEqual([])
      expect(text.length).toBeLessThan(400)
    }
  })
})
