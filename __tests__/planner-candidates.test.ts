import { describe, expect, it } from '@jest/globals'
import { parseQuery, type RawQuery } from '../src/query/inputs.js'
import { attributeKey, candidateOfKind, lanesFor } from '../src/sources/lookup-events/candidates.js'

/** What the catalog check writes on an exact name it knows: the services that have it. */
type Catalog = Readonly<Record<string, readonly string[]>>

const ROLE = 'arn:aws:iam::123456789012:role/deploy'
const IAM_USER = 'arn:aws:iam::123456789012:user/alice'
const SESSION = 'arn:aws:sts::123456789012:assumed-role/deploy/GitHubActions'

function lanes(raw: Partial<RawQuery>, catalog: Catalog = {}) {
  const query = parseQuery(
    { user: 'alice', region: 'eu-west-2', includeGlobalEvents: false, ...raw },
    { now: new Date('2026-11-21T12:00:00Z'), env: {} }
  )
  const patterns = query.patterns.map(p => {
    const sources = catalog[p.name]
    return sources ? { ...p, sources } : p
  })
  return lanesFor({ ...query, patterns })
}

/** `kind: lookup, lookup` per candidate of the first lane. */
function candidates(raw: Partial<RawQuery>): string[] {
  const lane = lanes(raw)[0]
  return (lane?.candidates ?? []).map(c => `${c.kind}: ${c.lookups.map(attributeKey).join(', ')}`)
}

describe('candidate plans', () => {
  it('a plain name: its Username, or one EventName lookup per exact name', () => {
    expect(candidates({ events: 'DeleteTrail, StopLogging, DeleteTrail' })).toEqual([
      'identity: Username=alice',
      'events: EventName=DeleteTrail, EventName=StopLogging'
    ])
  })

  it('an IAM user ARN and a session ARN: the user name and the session name', () => {
    expect(candidates({ user: IAM_USER, events: 'DeleteTrail' })).toEqual([
      'identity: Username=alice',
      'events: EventName=DeleteTrail'
    ])
    expect(candidates({ user: SESSION, events: 'DeleteTrail' })).toEqual([
      'identity: Username=GitHubActions',
      'events: EventName=DeleteTrail'
    ])
  })

  it('a role ARN has no Username: per-name lookups, or the whole Region when no attribute covers a pattern', () => {
    expect(candidates({ user: ROLE, events: 'DeleteTrail' })).toEqual(['events: EventName=DeleteTrail'])
    expect(candidates({ user: ROLE, events: 'DeleteTrail, Delete*' })).toEqual(['region: all events'])
    expect(candidates({ user: ROLE })).toEqual(['region: all events'])
  })

  it('a service-qualified wildcard is one EventSource lookup, which covers the exact names of that service', () => {
    expect(
      candidates({ events: 'iam:*, iam:CreateUser, s3:Delete*, CreateUser, kms:ScheduleKeyDeletion' })
    ).toEqual([
      'identity: Username=alice',
      'events: EventName=CreateUser, EventName=ScheduleKeyDeletion, EventSource=iam.amazonaws.com, EventSource=s3.amazonaws.com'
    ])
  })

  it('an unqualified wildcard leaves only the identity lookup; discovery too', () => {
    for (const user of ['alice', IAM_USER, SESSION]) {
      expect(candidates({ user, events: 'DeleteTrail, Put*Policy' })).toEqual([
        expect.stringMatching(/^identity: Username=/)
      ])
      expect(candidates({ user })).toEqual([expect.stringMatching(/^identity: Username=/)])
    }
  })

  it('a lane per Region, plus us-east-1 for global-service events when it is not listed', () => {
    const all = lanes({
      region: 'eu-west-2, eu-central-1',
      includeGlobalEvents: 'true',
      events: 'DeleteTrail'
    })
    expect(all.map(l => `${l.region}${l.globalOnly ? ' global' : ''}`)).toEqual([
      'eu-west-2',
      'eu-central-1',
      'us-east-1 global'
    ])
    expect(lanes({ region: 'us-east-1', includeGlobalEvents: 'true' }).map(l => l.region)).toEqual([
      'us-east-1'
    ])
  })

  it('the us-east-1 lane looks up what the query does not confine to a regional service', () => {
    const global = (raw: Partial<RawQuery>, catalog: Catalog = {}) =>
      lanes({ includeGlobalEvents: 'true', ...raw }, catalog)
        .filter(l => l.globalOnly)
        .map(l => l.candidates.map(c => `${c.kind}: ${c.lookups.map(attributeKey).join(', ')}`))
    expect(global({ events: 'ec2:TerminateInstances, s3:*' })).toEqual([])
    expect(global({ user: ROLE, events: 'ec2:TerminateInstances, iam:*, DeleteTrail' })).toEqual([
      ['events: EventName=DeleteTrail, EventSource=iam.amazonaws.com']
    ])
    // The catalog's word that a name is regional does not drop it from us-east-1: the judge would count a
    // global-service event of that name there, so the lookups must be able to find one.
    const regional = { TerminateInstances: ['ec2.amazonaws.com'], CreateUser: ['iam.amazonaws.com'] }
    expect(global({ events: 'TerminateInstances' }, regional)).toEqual([
      ['identity: Username=alice', 'events: EventName=TerminateInstances']
    ])
    expect(global({ events: 'TerminateInstances, CreateUser' }, regional)).toEqual([
      ['identity: Username=alice', 'events: EventName=TerminateInstances, EventName=CreateUser']
    ])
    expect(global({ user: ROLE })).toEqual([['region: all events']])
  })

  it('the full Region scan can always be forced; a Username lookup only where there is one', () => {
    const [named] = lanes({ events: 'DeleteTrail' })
    const [role] = lanes({ user: ROLE, events: 'DeleteTrail' })
    expect(named && candidateOfKind(named, 'region')?.lookups).toEqual([undefined])
    expect(role && candidateOfKind(role, 'identity')).toBeUndefined()
    expect(role && candidateOfKind(role, 'events')?.lookups).toEqual([
      { key: 'EventName', value: 'DeleteTrail' }
    ])
  })
})
