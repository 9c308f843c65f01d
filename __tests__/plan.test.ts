import { describe, expect, it } from '@jest/globals'
import { parseQuery, type RawQuery } from '../src/inputs.js'
import { planLookups } from '../src/plan.js'

function plan(raw: Partial<RawQuery>) {
  const query = parseQuery(
    { user: 'alice', region: 'eu-west-2', ...raw },
    { now: new Date('2026-11-21T12:00:00Z'), env: {} }
  )
  return planLookups(query)
}

const tasks = (raw: Partial<RawQuery>) =>
  plan(raw).tasks.map(
    t =>
      `${t.region} ${t.attribute ? `${t.attribute.key}=${t.attribute.value}` : '*'}${t.globalOnly ? ' global' : ''}`
  )

describe('planLookups', () => {
  it('looks a plain name up by Username in each Region, plus us-east-1 for global events', () => {
    expect(tasks({ region: 'eu-west-2,eu-central-1' })).toEqual([
      'eu-west-2 Username=alice',
      'eu-central-1 Username=alice',
      'us-east-1 Username=alice global'
    ])
    expect(plan({}).strategy).toMatch(/us-east-1/)
  })

  it('needs no extra global lookup when us-east-1 is scanned, or when asked not to', () => {
    expect(tasks({ region: 'us-east-1' })).toEqual(['us-east-1 Username=alice'])
    expect(tasks({ includeGlobalEvents: 'false' })).toEqual(['eu-west-2 Username=alice'])
  })

  it('skips the global lookup when no pattern can match a global service', () => {
    expect(tasks({ events: 'ec2:TerminateInstances,s3:*' })).toEqual(['eu-west-2 Username=alice'])
    expect(plan({ events: 'ec2:TerminateInstances' }).strategy).toMatch(/not looked up/)
  })

  it('looks an IAM user ARN and a session ARN up by Username', () => {
    expect(tasks({ user: 'arn:aws:iam::123456789012:user/alice', includeGlobalEvents: false })).toEqual([
      'eu-west-2 Username=alice'
    ])
    expect(
      tasks({
        user: 'arn:aws:sts::123456789012:assumed-role/deploy/GitHubActions',
        includeGlobalEvents: false
      })
    ).toEqual(['eu-west-2 Username=GitHubActions'])
  })

  it('looks a role ARN up by each forbidden name or service, since LookupEvents cannot filter by role', () => {
    expect(
      tasks({
        user: 'arn:aws:iam::123456789012:role/deploy',
        events: 'DeleteBucket,iam:*,s3:Delete*,DeleteBucket'
      })
    ).toEqual([
      'eu-west-2 EventName=DeleteBucket',
      'eu-west-2 EventSource=iam.amazonaws.com',
      'eu-west-2 EventSource=s3.amazonaws.com',
      'us-east-1 EventName=DeleteBucket global',
      'us-east-1 EventSource=iam.amazonaws.com global'
    ])
    expect(plan({ user: 'arn:aws:iam::123456789012:role/deploy', events: 'DeleteBucket' }).strategy).toMatch(
      /cannot filter by role/
    )
  })

  it('scans every event of the Region for a role ARN when nothing narrower is correct', () => {
    expect(tasks({ user: 'arn:aws:iam::123456789012:role/deploy', events: 'Delete*' })).toEqual([
      'eu-west-2 *',
      'us-east-1 * global'
    ])
    expect(tasks({ user: 'arn:aws:iam::123456789012:role/deploy' })).toEqual([
      'eu-west-2 *',
      'us-east-1 * global'
    ])
    expect(plan({ user: 'arn:aws:iam::123456789012:role/deploy' }).strategy).toMatch(/every management event/)
  })
})
