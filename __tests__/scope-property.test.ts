import { describe, expect, it } from '@jest/globals'
import { GLOBAL_EVENT_SOURCES } from '../src/core/constants.js'
import { judgeRecord } from '../src/core/judge.js'
import type { TrailRecord } from '../src/core/record.js'
import { slicesOf } from '../src/core/scope.js'
import { parseQuery } from '../src/query/inputs.js'
import { lanesFor } from '../src/sources/lookup-events/candidates.js'

// A property of the one scope rule: no Region the run skips can hold an event the judge would count. For random
// queries (Regions, include-global-events, patterns qualified to global or regional services or not, an
// allow-list) and random records of the identity, every record the judge accepts lies in a slice the run reads —
// in its Region, and in the us-east-1 slice only when it is a global-service event — and the LookupEvents lanes
// are exactly those slices. A plan can narrow what it fetches, never what counts.

const NOW = new Date('2026-11-21T12:00:00Z')
const REGIONS = ['us-east-1', 'eu-west-2', 'eu-central-1', 'ap-southeast-2']
const SOURCES = ['ec2.amazonaws.com', 's3.amazonaws.com', 'iam.amazonaws.com', 'sts.amazonaws.com']
const NAMES = ['TerminateInstances', 'DeleteBucket', 'CreateUser', 'AssumeRole', 'GetObject', 'DeleteRole']
const PATTERNS = ['TerminateInstances', 'Delete*', 'iam:*', 'ec2:Terminate*', 's3:DeleteBucket', 'CreateUser']

/** A small deterministic generator (mulberry32), so a failure names its seed and replays. */
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function some<T>(rand: () => number, pool: readonly T[], max: number): T[] {
  const n = 1 + Math.floor(rand() * max)
  return [...new Set(Array.from({ length: n }, () => pool[Math.floor(rand() * pool.length)] as T))]
}

function record(rand: () => number, i: number): TrailRecord {
  return {
    id: `e-${i}`,
    time: new Date(NOW.getTime() - 3_600_000),
    name: NAMES[Math.floor(rand() * NAMES.length)] ?? 'X',
    source: SOURCES[Math.floor(rand() * SOURCES.length)] ?? 'x',
    region: REGIONS[Math.floor(rand() * REGIONS.length)] ?? 'x',
    username: 'alice',
    userIdentity: undefined,
    errorCode: null,
    readOnly: false,
    resources: [],
    sourceIp: null,
    requestId: null
  }
}

describe('the scope rule, on random queries and records', () => {
  it('reads every Region an event the judge counts can be in', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rand = random(seed)
      const query = parseQuery(
        {
          user: 'alice',
          region: some(rand, REGIONS, 2).join(','),
          includeGlobalEvents: rand() < 0.7,
          events: rand() < 0.15 ? '' : some(rand, PATTERNS, 3).join(','),
          allowedEvents: rand() < 0.2 ? some(rand, PATTERNS, 2).join(',') : ''
        },
        { now: NOW, env: {} }
      )
      const slices = slicesOf(query, query.window)
      // Only the query's own words skip us-east-1's global-service events: every pattern names a regional service.
      const regionalOnly =
        query.allowed.length === 0 &&
        query.patterns.length > 0 &&
        query.patterns.every(p => p.source !== undefined && !GLOBAL_EVENT_SOURCES.has(p.source))
      const wantsGlobal = query.includeGlobalEvents && !query.regions.includes('us-east-1') && !regionalOnly
      expect(slices.some(s => s.globalOnly)).toBe(wantsGlobal)
      expect(lanesFor(query).map(l => [l.region, l.globalOnly])).toEqual(
        slices.map(s => [s.region, s.globalOnly])
      )
      for (let i = 0; i < 40; i++) {
        const r = record(rand, i)
        const judgement = judgeRecord(query, r)
        if (!judgement.inScope) continue
        const read = slices.some(
          s => s.region === r.region && (!s.globalOnly || GLOBAL_EVENT_SOURCES.has(r.source))
        )
        if (!read)
          throw new Error(`seed ${seed}: ${r.name} from ${r.source} in ${r.region} counts but is not read`)
      }
    }
  })
})
