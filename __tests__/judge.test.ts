import { describe, expect, it } from '@jest/globals'
import { parseQuery, type RawQuery } from '../src/query/inputs.js'
import { judgeRecord } from '../src/core/judge.js'
import { RecordError, type TrailRecord } from '../src/core/record.js'

// The judgement sees only the record and the query: whichever lookup fetched the record, the answer is the same.

function query(raw: Partial<RawQuery> = {}) {
  return parseQuery(
    {
      user: 'alice',
      region: 'eu-west-2',
      events: 'TerminateInstances,iam:Delete*',
      createdAfter: '2026-11-20T00:00:00Z',
      createdBefore: '2026-11-20T12:00:00Z',
      ...raw
    },
    { now: new Date('2026-11-21T12:00:00Z'), env: {} }
  )
}

const ACCOUNT = '123456789012'
const base: TrailRecord = {
  id: 'e1',
  time: new Date('2026-11-20T06:00:00Z'),
  name: 'TerminateInstances',
  source: 'ec2.amazonaws.com',
  region: 'eu-west-2',
  username: 'alice',
  userIdentity: {
    type: 'IAMUser',
    arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
    accountId: ACCOUNT,
    userName: 'alice'
  },
  errorCode: null,
  readOnly: false,
  resources: [],
  sourceIp: null,
  requestId: null
}

const at = (time: string): TrailRecord => ({ ...base, time: new Date(time) })

describe('judgeRecord', () => {
  it('keeps a plain name to its Username, whatever lookup fetched the record', () => {
    expect(judgeRecord(query(), base)).toEqual({
      inScope: true,
      pattern: expect.objectContaining({ name: 'TerminateInstances' }),
      forbidden: true,
      forbiddenBy: 'TerminateInstances'
    })
    expect(judgeRecord(query(), { ...base, username: 'bob' }).inScope).toBe(false)
    expect(judgeRecord(query(), { ...base, username: null }).inScope).toBe(false)
    // A role session named "alice" has Username alice: a plain name covers it, as LookupEvents does.
    expect(judgeRecord(query(), { ...base, userIdentity: undefined }).inScope).toBe(true)
  })

  it('keeps the window inclusive at both ends', () => {
    expect(judgeRecord(query(), at('2026-11-20T00:00:00Z')).inScope).toBe(true)
    expect(judgeRecord(query(), at('2026-11-20T12:00:00Z')).inScope).toBe(true)
    expect(judgeRecord(query(), at('2026-11-19T23:59:59Z')).inScope).toBe(false)
    expect(judgeRecord(query(), at('2026-11-20T12:00:01Z')).inScope).toBe(false)
  })

  it('keeps the Regions asked for, and global-service events in us-east-1 when include-global-events adds them', () => {
    const iam = { ...base, name: 'DeleteUser', source: 'iam.amazonaws.com', region: 'us-east-1' }
    expect(judgeRecord(query(), { ...base, region: 'eu-west-1' }).inScope).toBe(false)
    expect(judgeRecord(query(), { ...base, region: 'us-east-1' }).inScope).toBe(false)
    expect(judgeRecord(query(), iam)).toMatchObject({ inScope: true, pattern: { text: 'iam:Delete*' } })
    expect(judgeRecord(query({ includeGlobalEvents: false }), iam).inScope).toBe(false)
    expect(
      judgeRecord(query({ region: 'eu-west-2,us-east-1', includeGlobalEvents: false }), {
        ...base,
        region: 'us-east-1'
      }).inScope
    ).toBe(true)
  })

  it('keeps every Region when the query names none (the Athena source reads every Region of its table)', () => {
    const athena = { ...query(), regions: [] }
    expect(judgeRecord(athena, { ...base, region: 'ap-southeast-2' }).inScope).toBe(true)
    expect(judgeRecord(athena, { ...base, region: 'ap-southeast-2', username: 'bob' }).inScope).toBe(false)
  })

  it('matches patterns on name and service', () => {
    expect(judgeRecord(query(), { ...base, name: 'RunInstances' })).toEqual({
      inScope: true,
      pattern: undefined,
      forbidden: false,
      forbiddenBy: undefined
    })
    expect(judgeRecord(query(), { ...base, name: 'DeleteUser' }).pattern).toBeUndefined()
    expect(judgeRecord(query({ events: '' }), base)).toEqual({
      inScope: true,
      pattern: undefined,
      forbidden: false,
      forbiddenBy: undefined
    })
  })

  it('matches ARN identities on userIdentity, and cannot judge a record without one', () => {
    const role = query({ user: `arn:aws:iam::${ACCOUNT}:role/deploy` })
    const session: TrailRecord = {
      ...base,
      username: 'alice',
      userIdentity: {
        type: 'AssumedRole',
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/alice`,
        accountId: ACCOUNT,
        sessionContext: {
          sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${ACCOUNT}:role/deploy`, userName: 'deploy' }
        }
      }
    }
    expect(judgeRecord(role, session).inScope).toBe(true)
    expect(judgeRecord(role, base).inScope).toBe(false)
    expect(judgeRecord(query({ user: `arn:aws:iam::${ACCOUNT}:user/alice` }), session).inScope).toBe(false)
    expect(() => judgeRecord(role, { ...session, userIdentity: undefined })).toThrow(RecordError)
  })
})
