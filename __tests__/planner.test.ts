import { describe, expect, it } from '@jest/globals'
import { attributeKey, type Candidate, type Lane } from '../src/sources/lookup-events/candidates.js'
import { remainingPages, type Span } from '../src/sources/lookup-events/estimate.js'
import {
  LanePlanner,
  MAX_REPLANS,
  SWITCH_MIN_PAGES,
  type PlannerOptions
} from '../src/sources/lookup-events/planner.js'

const DAY = 86_400_000
const SPAN: Span = { startMs: 0, endMs: 90 * DAY }

const identity: Candidate = { kind: 'identity', lookups: [{ key: 'Username', value: 'alice' }] }
const events: Candidate = {
  kind: 'events',
  lookups: [
    { key: 'EventName', value: 'DeleteTrail' },
    { key: 'EventName', value: 'StopLogging' },
    { key: 'EventName', value: 'PutBucketPolicy' }
  ]
}
const lane: Lane = { region: 'eu-west-2', globalOnly: false, candidates: [identity, events] }

/** `count` event times evenly over the span's last `days` days, newest first. */
function spread(count: number, days = 90): number[] {
  const from = SPAN.endMs - days * DAY
  return Array.from(
    { length: count },
    (_, i) => SPAN.endMs - 1 - Math.floor((i * (SPAN.endMs - from)) / count)
  )
}

/** Runs the planner against lookups that serve these event times 50 a page, as the scan's driver does. */
function drive(world: Record<string, number[]>, options: PlannerOptions = {}, on: Lane = lane) {
  const planner = new LanePlanner(on, SPAN, options)
  const fetched: string[] = []
  for (let step = planner.next(); step; step = planner.next()) {
    const key = attributeKey(step.lookup)
    const offset = Number(step.nextToken ?? 0)
    // No page is ever fetched twice: probes are resumed from their NextToken.
    expect(fetched).not.toContain(`${key}@${offset}`)
    fetched.push(`${key}@${offset}`)
    const times = world[key] ?? []
    const page = times.slice(offset, offset + 50)
    const next = offset + 50 < times.length ? String(offset + 50) : undefined
    planner.record(step.lookup, { events: page.length, oldestMs: page[page.length - 1], nextToken: next })
    if (fetched.length > 10_000) throw new Error('the planner does not stop')
  }
  const report = planner.report()
  // Whatever was chosen was read to its end: that is what makes the verdict complete.
  const chosen = report.candidates[0]
  for (const lookup of chosen?.lookups ?? []) {
    expect(report.lookups.find(l => l.lookup === lookup)?.complete).toBe(true)
  }
  return { report, fetched }
}

describe('remainingPages', () => {
  const state = (events: number, oldestMs: number | undefined, pages = 1, done = false) => ({
    pages,
    events,
    oldestMs,
    nextToken: done ? undefined : 't',
    done
  })

  it('unread: one page at least; read to the end: none', () => {
    expect(remainingPages(undefined, SPAN)).toBe(1)
    expect(remainingPages(state(12, SPAN.endMs - DAY, 1, true), SPAN)).toBe(0)
  })

  it('extrapolates the density of what was read over the whole window', () => {
    // 50 events reaching back 3 hours of 90 days: 720 pages in all, 719 to go.
    expect(remainingPages(state(50, SPAN.endMs - 3 * 3_600_000), SPAN)).toBe(719)
    // Half the window in one page: one more.
    expect(remainingPages(state(50, SPAN.endMs - 45 * DAY), SPAN)).toBe(1)
    // 500 events over 9 days after 10 pages: 100 pages in all.
    expect(remainingPages(state(500, SPAN.endMs - 9 * DAY, 10), SPAN)).toBe(90)
  })

  it('a NextToken always means one more page, even after empty pages or a covered window', () => {
    expect(remainingPages(state(0, undefined), SPAN)).toBe(1)
    expect(remainingPages(state(50, SPAN.startMs), SPAN)).toBe(1)
    expect(remainingPages(state(50, SPAN.endMs), { startMs: 5, endMs: 5 })).toBe(1)
  })

  it('a page whose events share the last second is a very large estimate, not Infinity', () => {
    const estimate = remainingPages(state(50, SPAN.endMs), SPAN)
    expect(estimate).toBeGreaterThan(1_000_000)
    expect(Number.isFinite(estimate)).toBe(true)
  })
})

describe('LanePlanner', () => {
  it('a heavy user and rare names: probes the Username, then the names, and reads the names', () => {
    const { report, fetched } = drive({
      'Username=alice': spread(20_000),
      'EventName=DeleteTrail': spread(3),
      'EventName=StopLogging': spread(2),
      'EventName=PutBucketPolicy': spread(4)
    })
    expect(fetched).toEqual([
      'Username=alice@0',
      'EventName=DeleteTrail@0',
      'EventName=StopLogging@0',
      'EventName=PutBucketPolicy@0'
    ])
    expect(report).toMatchObject({ chosen: 'events', how: 'probed', pages: 4, replans: [] })
    expect(report.candidates).toEqual([
      expect.objectContaining({ kind: 'events', estimatedPages: 3, atLeast: false, pagesRead: 3 }),
      expect.objectContaining({ kind: 'identity', atLeast: false, pagesRead: 1 })
    ])
    // 400 pages in truth; the first page's span says about that.
    expect(report.candidates[1]?.estimatedPages).toBeGreaterThan(380)
    expect(report.candidates[1]?.estimatedPages).toBeLessThan(420)
  })

  it('a light user and a common name: the Username probe is the last page, so nothing else is probed', () => {
    const { report, fetched } = drive({
      'Username=alice': spread(40),
      'EventName=DeleteTrail': spread(50_000)
    })
    expect(fetched).toEqual(['Username=alice@0'])
    expect(report).toMatchObject({ chosen: 'identity', pages: 1 })
    expect(report.candidates[1]).toMatchObject({
      kind: 'events',
      estimatedPages: 3,
      atLeast: true,
      pagesRead: 0
    })
  })

  it('stops probing a candidate once its bound loses, and resumes the Username from its probe', () => {
    const { report, fetched } = drive({
      'Username=alice': spread(1_000),
      'EventName=DeleteTrail': spread(50_000)
    })
    // Username: 20 pages estimated; DeleteTrail alone ~1,000: the other two names are never fetched.
    expect(fetched.slice(0, 3)).toEqual(['Username=alice@0', 'EventName=DeleteTrail@0', 'Username=alice@50'])
    expect(fetched.filter(f => f.startsWith('Username'))).toHaveLength(20)
    expect(report).toMatchObject({ chosen: 'identity', pages: 21 })
    expect(report.candidates[1]).toMatchObject({ kind: 'events', atLeast: true, pagesRead: 1 })
    expect(report.candidates[1]?.estimatedPages).toBeGreaterThan(900)
  })

  it('one candidate: no probe at all, and a forced candidate likewise', () => {
    const single: Lane = { region: 'eu-west-2', globalOnly: false, candidates: [identity] }
    expect(drive({ 'Username=alice': spread(120) }, {}, single)).toMatchObject({
      report: { chosen: 'identity', how: 'only', pages: 3 }
    })
    const forced = drive({ 'Username=alice': spread(20_000), 'all events': spread(130) }, { force: 'region' })
    expect(forced.fetched).toEqual(['all events@0', 'all events@50', 'all events@100'])
    expect(forced.report).toMatchObject({ chosen: 'region', how: 'forced', pages: 3 })
    const role: Lane = { region: 'eu-west-2', globalOnly: false, candidates: [events] }
    expect(() => new LanePlanner(role, SPAN, { force: 'identity' })).toThrow(/no identity candidate/)
  })

  it('switches when the chosen candidate turns out far worse, keeping what was read', () => {
    // A user quiet for 60 days and busy before: the first page promises 2 pages, the truth is 201.
    const old = Array.from({ length: 10_000 }, (_, i) => SPAN.endMs - 60 * DAY - i * 259_000)
    const { report, fetched } = drive({
      'Username=alice': [...spread(50, 60), ...old],
      'EventName=DeleteTrail': spread(3),
      'EventName=StopLogging': spread(3),
      'EventName=PutBucketPolicy': spread(3)
    })
    expect(report.chosen).toBe('events')
    expect(report.replans).toEqual([expect.objectContaining({ from: 'identity', to: 'events' })])
    const usernamePages = fetched.filter(f => f.startsWith('Username')).length
    // It took a while for the density to show (the estimate averages all that was read), not 201 pages.
    expect(usernamePages).toBeGreaterThan(SWITCH_MIN_PAGES)
    expect(usernamePages).toBeLessThan(50)
    expect(report.pages).toBe(usernamePages + 3)
  })

  it('re-plans at most a few times, however the estimates swing', () => {
    // Both lookups get denser the further back they go, so each looks cheap, then dear, in turn: without the
    // cap the plan would flip between them every time one doubles.
    const accelerating = (offsetMs: number, firstGap: number) => {
      const times: number[] = []
      for (let t = SPAN.endMs - 1 - offsetMs, gap = firstGap; times.length < 30_000 && t > 0; gap *= 0.97) {
        times.push(t)
        t -= Math.max(1000, gap)
      }
      return times
    }
    const one: Candidate = { kind: 'events', lookups: [{ key: 'EventName', value: 'DeleteTrail' }] }
    const { report } = drive(
      {
        'Username=alice': accelerating(0, 2 * DAY),
        'EventName=DeleteTrail': accelerating(3_600_000, 2.02 * DAY)
      },
      {},
      { region: 'eu-west-2', globalOnly: false, candidates: [identity, one] }
    )
    expect(report.replans.map(r => `${r.from}>${r.to}`)).toEqual([
      'identity>events',
      'events>identity',
      'identity>events'
    ])
    expect(report.replans).toHaveLength(MAX_REPLANS)
  })
})
