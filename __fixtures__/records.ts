import type { Event } from '@aws-sdk/client-cloudtrail'

export const ACCOUNT = '123456789012'

export type Principal =
  | { type: 'IAMUser'; name: string }
  | { type: 'AssumedRole'; role: string; session: string }
  | { type: 'Root' }

export interface RecordSpec {
  name: string
  time: string
  principal?: Principal
  source?: string
  region?: string
  resources?: string[]
  errorCode?: string
  id?: string
}

let counter = 0

function userIdentity(principal: Principal): object {
  switch (principal.type) {
    case 'IAMUser':
      return {
        type: 'IAMUser',
        arn: `arn:aws:iam::${ACCOUNT}:user/${principal.name}`,
        accountId: ACCOUNT,
        userName: principal.name
      }
    case 'AssumedRole':
      return {
        type: 'AssumedRole',
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${principal.role}/${principal.session}`,
        accountId: ACCOUNT,
        sessionContext: {
          sessionIssuer: {
            type: 'Role',
            arn: `arn:aws:iam::${ACCOUNT}:role/${principal.role}`,
            accountId: ACCOUNT,
            userName: principal.role
          }
        }
      }
    case 'Root':
      return { type: 'Root', arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT }
  }
}

function usernameOf(principal: Principal): string {
  return principal.type === 'IAMUser'
    ? principal.name
    : principal.type === 'AssumedRole'
      ? principal.session
      : 'root'
}

/** A LookupEvents record as the SDK returns it, with a realistic CloudTrailEvent JSON string. */
export function record(spec: RecordSpec): Event {
  const principal = spec.principal ?? { type: 'IAMUser', name: 'alice' }
  const id = spec.id ?? `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`
  const source = spec.source ?? 'ec2.amazonaws.com'
  return {
    EventId: id,
    EventName: spec.name,
    EventTime: new Date(spec.time),
    EventSource: source,
    Username: usernameOf(principal),
    ReadOnly: /^(Describe|List|Get)/.test(spec.name) ? 'true' : 'false',
    Resources: (spec.resources ?? []).map(name => ({
      ResourceType: 'AWS::EC2::Instance',
      ResourceName: name
    })),
    CloudTrailEvent: JSON.stringify({
      eventVersion: '1.09',
      userIdentity: userIdentity(principal),
      eventTime: spec.time,
      eventSource: source,
      eventName: spec.name,
      awsRegion: spec.region ?? 'eu-west-2',
      sourceIPAddress: '203.0.113.7',
      ...(spec.errorCode && { errorCode: spec.errorCode, errorMessage: 'denied' }),
      readOnly: /^(Describe|List|Get)/.test(spec.name),
      eventID: id,
      eventType: 'AwsApiCall',
      recipientAccountId: ACCOUNT
    })
  }
}

/** `count` records of `name`, one a minute back from `newest`, newest first. */
export function series(
  count: number,
  newest: string,
  spec: Omit<RecordSpec, 'time'> = { name: 'DescribeInstances' }
): Event[] {
  const start = new Date(newest).getTime()
  return Array.from({ length: count }, (_, i) =>
    record({ ...spec, time: new Date(start - i * 60_000).toISOString() })
  )
}

/** An error shaped like the SDK's service exceptions. */
export function awsError(name: string, status: number, message = name): Error {
  return Object.assign(new Error(message), {
    name,
    $metadata: { httpStatusCode: status },
    $fault: status >= 500 ? 'server' : 'client'
  })
}
