import { describe, expect, it } from '@jest/globals'
import { parseQuery, type RawQuery } from '../src/query/inputs.js'
import {
  describeLaneChoice,
  describeReplan,
  planLookups,
  type PlanOptions
} from '../src/sources/lookup-events/plan.js'
import { laneReport } from '../__fixtures__/scan-result.js'

function plan(raw: Partial<RawQuery>, options: PlanOptions = {}) {
  const query = parseQuery(
    { user: 'alice', region: 'eu-west-2', ...raw },
    { now: new Date('2026-11-21T12:00:00Z'), env: {} }
  )
  return planLookups(query, options)
}

const ROLE = 'arn:aws:iam::123456789012:role/deploy'

describe('planLookups', () => {
  it('one lane per Region plus us-east-1 for global events, and says the planner probes', () => {
    const p = plan({ region: 'eu-west-2,eu-central-1', events: 'DeleteTrail' })
    expect(p.lanes.map(l => `${l.region}${l.globalOnly ? ' global' : ''}`)).toEqual([
      'eu-west-2',
      'eu-central-1',
      'us-east-1 global'
    ])
    expect(p.strategy).toMatch(
      /eu-west-2: the cheaper of Username lookup for "alice" or 1 EventName\/EventSource lookup \(EventName=DeleteTrail\), by probing\./
    )
    expect(p.strategy).toMatch(/us-east-1 \(global-service events only\)/)
    expect(p.strategy).toMatch(/changes the cost, never the verdict/)
    expect(p.force).toBeUndefined()
  })

  it('says when us-east-1 is skipped because no pattern can match a global service', () => {
    const p = plan({ events: 'ec2:TerminateInstances,s3:*' })
    expect(p.lanes.map(l => l.region)).toEqual(['eu-west-2'])
    expect(p.strategy).toMatch(/us-east-1 is not looked up/)
  })

  it('a single candidate is no choice, and a forced one is said to be forced', () => {
    expect(plan({ includeGlobalEvents: 'false' }).strategy).toBe(
      'alice (Username): eu-west-2: Username lookup for "alice".'
    )
    const forced = plan({ includeGlobalEvents: 'false', events: 'DeleteTrail' }, { force: 'region' })
    expect(forced.force).toBe('region')
    expect(forced.strategy).toMatch(/full scan of every management event in the Region, forced\./)
    expect(forced.strategy).not.toMatch(/probing/)
  })

  it('explains a role ARN, and asks for exact names when it must scan every event', () => {
    expect(plan({ user: ROLE, events: 'DeleteTrail' }).strategy).toMatch(/cannot filter by role/)
    expect(plan({ user: ROLE, events: 'Delete*' }).strategy).toMatch(/Name exact events/)
  })
})

describe('describeLaneChoice and describeReplan', () => {
  it('names the choice, its estimate and every rejected candidate with its own', () => {
    expect(describeLaneChoice(laneReport('eu-west-2'))).toBe(
      'plan: EventName/EventSource lookups EventName=DeleteTrail, the cheapest after probing (1 page); ' +
        'rejected: Username lookup Username=deploy-bot (~412 pages, 1 read)'
    )
    expect(describeLaneChoice(laneReport('eu-west-2', { chosen: undefined }))).toMatch(
      /stopped while probing/
    )
  })

  it('says why a lane changed its mind', () => {
    const replan = {
      afterPages: 33,
      from: 'identity',
      to: 'events',
      fromRemaining: 14,
      toRemaining: 3
    } as const
    expect(describeReplan(replan)).toBe(
      're-planned after 33 pages: the Username lookup needed ~14 more, another candidate perhaps 3; ' +
        'switched to the EventName/EventSource lookups (what was read stays judged)'
    )
  })
})
