// Trail gaps (gaps.ts) and the trail's bucket (trails.ts): which changes open a gap, for how long, on which
// claims, and what a change's requestParameters say. Pure.
import { describe, expect, it } from '@jest/globals'
import { ANY, type Covered } from '../src/core/coverage.js'
import type { TrailRecord } from '../src/core/record.js'
import {
  gapsOf,
  MAX_CHANGES,
  TrailChanges,
  withoutGaps,
  type TrailChange
} from '../src/sources/athena/gaps.js'
import { checkTrails } from '../src/sources/athena/trail-check.js'
import { locationOf, type TrailClient, type TrailInfo } from '../src/sources/athena/trails.js'
import { FakeClock } from '../__fixtures__/clock.js'

const at = (iso: string): Date => new Date(iso)
const WINDOW = { start: at('2026-04-01T00:00:00Z'), end: at('2026-04-01T23:59:59Z') }
const AUDIT: TrailInfo = {
  name: 'audit',
  arn: 'arn:aws:cloudtrail:eu-west-2:123456789012:trail/audit',
  bucket: 'trail-bucket',
  prefix: '',
  homeRegion: 'eu-west-2',
  multiRegion: true
}

function change(name: TrailChange['name'], time: string, trail: string | null = 'audit'): TrailChange {
  return {
    eventId: time,
    time: at(time),
    name,
    region: 'eu-west-2',
    by: 'arn:aws:iam::123456789012:user/admin',
    trail
  }
}

function record(name: string, errorCode: string | null = null): TrailRecord {
  return {
    id: `e-${name}`,
    time: at('2026-04-01T10:00:00Z'),
    name,
    source: 'cloudtrail.amazonaws.com',
    region: 'eu-west-2',
    username: 'admin',
    userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::123456789012:user/admin' },
    errorCode,
    readOnly: false,
    resources: [],
    sourceIp: null,
    requestId: null
  }
}

describe('gapsOf', () => {
  it('runs from a StopLogging to the next StartLogging, by name or ARN', () => {
    const gaps = gapsOf(
      AUDIT,
      [
        change('StopLogging', '2026-04-01T10:00:00Z'),
        change('StartLogging', '2026-04-01T11:00:00Z', AUDIT.arn)
      ],
      undefined,
      WINDOW
    )
    expect(gaps).toEqual([
      {
        trail: 'audit',
        window: { start: at('2026-04-01T10:00:00Z'), end: at('2026-04-01T11:00:00Z') },
        cause: expect.stringMatching(
          /^StopLogging by arn:aws:iam::123456789012:user\/admin at 2026-04-01T10:00:00Z, until StartLogging/
        )
      }
    ])
  })

  it('runs to the window’s end after a DeleteTrail, an UpdateTrail or a selector change', () => {
    for (const name of [
      'DeleteTrail',
      'UpdateTrail',
      'PutEventSelectors',
      'PutAdvancedEventSelectors'
    ] as const) {
      const [gap] = gapsOf(AUDIT, [change(name, '2026-04-01T20:00:00Z')], undefined, WINDOW)
      expect(gap?.window).toEqual({ start: at('2026-04-01T20:00:00Z'), end: WINDOW.end })
    }
  })

  it('runs from the window’s start to a StartLogging that ends a stop made before it', () => {
    const [gap] = gapsOf(AUDIT, [change('StartLogging', '2026-04-01T03:00:00Z')], undefined, WINDOW)
    expect(gap?.window).toEqual({ start: WINDOW.start, end: at('2026-04-01T03:00:00Z') })
    expect(gap?.cause).toMatch(/logging stopped before the window/)
  })

  it('ignores changes to other trails and changes that name none', () => {
    const gaps = gapsOf(
      AUDIT,
      [
        change('StopLogging', '2026-04-01T10:00:00Z', 'other'),
        change('StopLogging', '2026-04-01T11:00:00Z', null)
      ],
      undefined,
      WINDOW
    )
    expect(gaps).toEqual([])
  })

  it('counts a change it cannot tie to a trail (unreadable requestParameters) as this trail’s, but a start', () => {
    const unreadable = (name: TrailChange['name'], time: string): TrailChange => ({
      ...change(name, time, null),
      trail: undefined,
      unreadable: true
    })
    const gaps = gapsOf(
      AUDIT,
      [unreadable('StopLogging', '2026-04-01T10:00:00Z'), unreadable('StartLogging', '2026-04-01T11:00:00Z')],
      undefined,
      WINDOW
    )
    // The unreadable StartLogging cannot end the stop: the gap runs to the window's end.
    expect(gaps.map(g => [g.window, g.cause])).toEqual([
      [{ start: at('2026-04-01T10:00:00Z'), end: WINDOW.end }, expect.stringMatching(/could not be read/)]
    ])
    // Without the requestParameters column at all, a change is only a warning (trail-check.ts).
    expect(gapsOf(AUDIT, [change('StopLogging', '2026-04-01T10:00:00Z', null)], undefined, WINDOW)).toEqual(
      []
    )
  })

  it('is the whole window when more changes came than the gate keeps', () => {
    const gaps = gapsOf(AUDIT, [], undefined, WINDOW, true)
    expect(gaps).toEqual([
      { trail: 'audit', window: WINDOW, cause: expect.stringMatching(/more than 1,000/) }
    ])
  })

  it('runs from the stop GetTrailStatus reports for a trail not logging now (or the whole window)', () => {
    const status = { arn: AUDIT.arn, isLogging: false, latestDeliveryError: undefined, problem: undefined }
    const since = gapsOf(AUDIT, [], { ...status, stopLoggingTime: at('2026-04-01T22:00:00Z') }, WINDOW)
    expect(since[0]?.window.start).toEqual(at('2026-04-01T22:00:00Z'))
    const unknown = gapsOf(AUDIT, [], { ...status, stopLoggingTime: undefined }, WINDOW)
    expect(unknown[0]?.window).toEqual(WINDOW)
    const after = gapsOf(AUDIT, [], { ...status, stopLoggingTime: at('2026-04-02T05:00:00Z') }, WINDOW)
    expect(after).toEqual([])
  })
})

describe('withoutGaps', () => {
  const claim = (region: string): Covered => ({
    account: ANY,
    region,
    globalOnly: false,
    window: WINDOW,
    delivered: 'old-window',
    identity: 'all'
  })
  const gap = {
    trail: 'audit',
    window: { start: at('2026-04-01T10:00:00Z'), end: at('2026-04-01T11:00:00Z') },
    cause: 'StopLogging'
  }

  it('cuts the gap out of every claim of a multi-Region trail', () => {
    expect(withoutGaps([claim('us-east-1')], [{ ...gap, of: AUDIT }]).map(c => c.window)).toEqual([
      { start: WINDOW.start, end: at('2026-04-01T09:59:59Z') },
      { start: at('2026-04-01T11:00:01Z'), end: WINDOW.end }
    ])
  })

  it('of a single-Region trail, only from its home Region and from claims of every Region', () => {
    const local = { ...AUDIT, multiRegion: false }
    const cut = withoutGaps([claim('us-east-1'), claim('eu-west-2'), claim(ANY)], [{ ...gap, of: local }])
    expect(cut.filter(c => c.region === 'us-east-1')).toHaveLength(1)
    expect(cut.filter(c => c.region === 'eu-west-2')).toHaveLength(2)
    expect(cut.filter(c => c.region === ANY)).toHaveLength(2)
  })
})

describe('TrailChanges', () => {
  it('keeps successful changes with the trail their parameters name, and only those', () => {
    const changes = new TrailChanges()
    changes.add(record('StopLogging'), '{"name":"audit"}', true)
    changes.add(record('PutEventSelectors'), '{"trailName":"arn:aws:cloudtrail:eu-west-2:1:trail/x"}', true)
    changes.add(record('StopLogging', 'AccessDenied'), '{"name":"audit"}', true)
    changes.add(record('DeleteTrail'), undefined, true)
    changes.add(record('UpdateTrail'), '{"name":', true)
    changes.add(record('StartLogging'), '{"name":"audit"}', false)
    changes.add({ ...record('StopLogging'), source: 'ec2.amazonaws.com' }, '{"name":"audit"}', true)
    expect(changes.list.map(c => [c.name, c.trail, c.unreadable])).toEqual([
      ['StopLogging', 'audit', undefined],
      ['PutEventSelectors', 'arn:aws:cloudtrail:eu-west-2:1:trail/x', undefined],
      ['DeleteTrail', null, undefined],
      // Parameters there but not readable: it may be any trail's.
      ['UpdateTrail', undefined, true],
      // No requestParameters column in the table: which trail cannot be told, a warning only.
      ['StartLogging', undefined, undefined]
    ])
    expect(changes.overflow).toBe(false)
  })

  it('says when it stopped keeping changes (MAX_CHANGES)', () => {
    const changes = new TrailChanges()
    for (let i = 0; i <= MAX_CHANGES; i++) changes.add(record('StartLogging'), '{"name":"spam"}', true)
    expect(changes.list).toHaveLength(MAX_CHANGES)
    expect(changes.overflow).toBe(true)
  })
})

describe('locationOf', () => {
  it.each([
    ['s3://trail-bucket/AWSLogs/123456789012/CloudTrail/eu-west-2/', { bucket: 'trail-bucket', prefix: '' }],
    ['s3://trail-bucket/ct/logs/AWSLogs/o-abc/', { bucket: 'trail-bucket', prefix: 'ct/logs' }],
    [
      's3://trail-bucket/AWSLogs/${account}/CloudTrail/${region}/${timestamp}',
      { bucket: 'trail-bucket', prefix: '' }
    ],
    ['s3://trail-bucket/athena/results/', undefined],
    ['not a location', undefined]
  ])('%s', (location, expected) => {
    expect(locationOf(location)).toEqual(expected)
  })
})

describe('checkTrails', () => {
  // GetTrailStatus says logging; every other call is not made (the writer is known).
  const client: TrailClient = {
    send: (() => Promise.resolve({ IsLogging: true, $metadata: {} })) as unknown as TrailClient['send']
  }
  const deps = {
    clientFor: () => client,
    call: {
      clock: new FakeClock(),
      random: () => 0,
      signal: new AbortController().signal,
      requestTimeoutMs: 1000,
      policy: { maxThrottleRetries: 0, maxErrorRetries: 0 }
    },
    regions: ['eu-west-2']
  }
  const writers = {
    location: { bucket: 'trail-bucket', prefix: '' },
    known: [AUDIT],
    writers: [AUDIT],
    problem: undefined
  }

  it('leaves the whole window a gap when more trail changes came than it keeps (spam cannot hide a stop)', async () => {
    const changes = new TrailChanges()
    for (let i = 0; i <= MAX_CHANGES; i++) changes.add(record('StartLogging'), '{"name":"spam"}', true)
    const { report, gaps } = await checkTrails(writers, changes, WINDOW, false, deps)
    expect(gaps.map(g => g.window)).toEqual([WINDOW])
    expect(report.gaps[0]?.cause).toMatch(/more than 1,000 trail changes/)
    expect(report.trails[0]?.isLogging).toBe(true)
  })

  it('finds no gap in a window of changes to other trails only', async () => {
    const changes = new TrailChanges()
    changes.add(record('StopLogging'), '{"name":"other"}', true)
    const { gaps } = await checkTrails(writers, changes, WINDOW, false, deps)
    expect(gaps).toEqual([])
  })
})
