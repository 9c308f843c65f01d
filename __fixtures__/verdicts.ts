// One realistic result per verdict, for the summary's unit tests and its screenshots. Built with the same
// fixtures as the other report tests; each carries the kind of data that strains the layout (long ARNs,
// hostile names, many Regions).

import type { ScanResult } from '../src/types.js'
import { incompleteInfo, makeEvent, makeQuery, makeResult, manyEvents, regionStats } from './scan-result.js'

const ACCOUNT = '123456789012'
const instance = (id: string): string => `arn:aws:ec2:eu-west-2:${ACCOUNT}:instance/i-0${id}`

export function forbiddenResult(): ScanResult {
  const query = makeQuery({ regions: ['eu-west-2'] })
  const events = [
    makeEvent({
      EventName: 'TerminateInstances',
      Forbidden: true,
      EventTime: '2024-01-05T11:42:07Z',
      Region: 'eu-west-2',
      Resources: [instance('a1b2c3d4e5f60718'), instance('0f1e2d3c4b5a6978'), instance('1234abcd5678ef90')]
    }),
    makeEvent({
      EventName: 'DeleteBucket',
      EventSource: 's3.amazonaws.com',
      Forbidden: true,
      ErrorCode: 'AccessDenied',
      EventTime: '2024-01-05T10:03:55Z',
      Region: 'eu-west-2',
      Resources: ['arn:aws:s3:::team-artifacts-prod-eu-west-2-very-long-bucket-name-for-builds']
    }),
    makeEvent({
      EventName: 'TerminateInstances',
      Forbidden: true,
      EventTime: '2024-01-05T09:15:30Z',
      Region: 'eu-west-2',
      Resources: [instance('feedfacecafebeef')]
    }),
    makeEvent({
      EventName: 'DeleteRolePolicy',
      EventSource: 'iam.amazonaws.com',
      Forbidden: true,
      EventTime: '2024-01-05T08:01:02Z',
      Region: 'us-east-1',
      Resources: [`arn:aws:iam::${ACCOUNT}:role/<img src=x onerror=alert(1)> @octocat **bold**`]
    })
  ]
  return makeResult(events, {
    query,
    scanned: 152,
    regions: [regionStats('eu-west-2', { pages: 3, scanned: 140, examined: 140, matched: 3 })]
  })
}

export function cleanResult(): ScanResult {
  const query = makeQuery({ regions: ['eu-west-2', 'us-east-1'] })
  return makeResult([], {
    query,
    scanned: 1520,
    regions: [regionStats('eu-west-2', { pages: 28 }), regionStats('us-east-1', { pages: 3 })]
  })
}

export function discoveryResult(): ScanResult {
  const names = ['RunInstances', 'DescribeInstances', 'CreateTags', 'GetObject', 'AssumeRole', 'PutObject']
  const query = makeQuery({
    patterns: [],
    identity: {
      kind: 'role',
      arn: `arn:aws:iam::${ACCOUNT}:role/deployer`,
      partition: 'aws',
      account: ACCOUNT,
      role: 'deployer'
    }
  })
  const events = manyEvents(40, i => ({
    EventName: names[i % names.length] ?? 'RunInstances',
    UserName: i % 3 === 0 ? 'gha-run-4242' : 'gha-run-4243',
    Resources: i % 4 === 0 ? [] : [instance(`${i}`.padStart(15, '0'))],
    ErrorCode: i % 9 === 0 ? 'Client.UnauthorizedOperation' : null
  }))
  return makeResult(events, { query })
}

export function incompleteResult(): ScanResult {
  const query = makeQuery({ regions: ['eu-west-1', 'eu-west-2', 'us-east-1'] })
  const events = [makeEvent({ EventName: 'DeleteBucket', Forbidden: true, Region: 'eu-west-2' })]
  const first = incompleteInfo()
  return makeResult(events, {
    query,
    regions: [regionStats('eu-west-1'), regionStats('eu-west-2'), regionStats('us-east-1')],
    incomplete: {
      ...first,
      unfinished: [
        { region: first.region, code: first.code, reason: first.reason, oldestReached: first.oldestReached },
        {
          region: 'us-east-1',
          code: first.code,
          reason: 'stopped when eu-west-1 failed',
          oldestReached: null
        }
      ]
    }
  })
}

/** Many forbidden events with the longest values the table elides: the width test's worst case. */
export function wideResult(): ScanResult {
  const long = 'x'.repeat(300)
  const events = manyEvents(60, i => ({
    EventName: `Delete${'Very'.repeat(20)}LongName${i}`,
    EventSource: `${'service'.repeat(10)}.amazonaws.com`,
    Forbidden: true,
    ErrorCode: i % 2 === 0 ? `Client.${'Unauthorized'.repeat(10)}` : null,
    Resources: [`arn:aws:s3:::${long}`, `arn:aws:iam::${ACCOUNT}:role/${long}`],
    UserName: `session-${long}`
  }))
  return makeResult(events)
}
