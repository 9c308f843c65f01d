// Fakes for scans over several accounts, in memory (unit tests): a CloudTrail per account and Region serving
// LookupEvents pages as the service does, STS AssumeRole that grants or refuses per account, and Organizations
// ListAccounts in pages. Each fake keeps what it was asked, so a test can say who was called, when, and how.
import type { Event, LookupEventsCommand, LookupEventsCommandOutput } from '@aws-sdk/client-cloudtrail'
import type { ListAccountsCommand, ListAccountsCommandOutput } from '@aws-sdk/client-organizations'
import type { AssumeRoleCommand, AssumeRoleCommandOutput } from '@aws-sdk/client-sts'
import type { AssumeRoleLike } from '../src/aws/accounts.js'
import type { ListAccountsLike } from '../src/aws/organizations.js'
import type { Clock } from '../src/core/clock.js'
import type { CloudTrailLike } from '../src/sources/lookup-events/call.js'
import { ACCOUNT, awsError } from './records.js'

/** The same event as recorded in another account: its principal, recipient and id are that account's. */
export function inAccount(event: Event, account: string): Event {
  const id = `${event.EventId ?? ''}-${account}`
  return {
    ...event,
    EventId: id,
    CloudTrailEvent: (event.CloudTrailEvent ?? '')
      .split(ACCOUNT)
      .join(account)
      .replace(`"eventID":"${event.EventId ?? ''}"`, `"eventID":"${id}"`)
  }
}

function byAttribute(command: LookupEventsCommand): (event: Event) => boolean {
  const attribute = command.input.LookupAttributes?.[0]
  if (!attribute) return () => true
  const field = attribute.AttributeKey as 'Username' | 'EventName' | 'EventSource'
  return event => event[field] === attribute.AttributeValue
}

export interface SentPage {
  readonly account: string
  readonly region: string
  readonly at: number
}

/** CloudTrail in every account and Region of `data` (account → Region → events), 50 events a page. */
export function fakeCloudTrail(
  data: Record<string, Record<string, Event[]>>,
  clock: Clock,
  options: { failing?: Record<string, Error> } = {}
): {
  clientFor: ((region: string, hooks?: unknown, account?: string) => CloudTrailLike) & {
    release: (account: string) => void
  }
  sent: SentPage[]
  /** Accounts whose clients the source released, in order. */
  released: string[]
} {
  const sent: SentPage[] = []
  const released: string[] = []
  const clientFor = (region: string, _hooks?: unknown, account = 'self'): CloudTrailLike => ({
    send: async (command: LookupEventsCommand): Promise<LookupEventsCommandOutput> => {
      sent.push({ account, region, at: clock.now() })
      const failure = options.failing?.[account]
      if (failure) throw failure
      const found = (data[account]?.[region] ?? []).filter(byAttribute(command))
      const offset = Number(command.input.NextToken ?? 0)
      const next = offset + 50
      return {
        $metadata: { requestId: `lookup-${account}-${region}-${sent.length}` },
        Events: found.slice(offset, next),
        ...(next < found.length && { NextToken: String(next) })
      }
    }
  })
  return {
    clientFor: Object.assign(clientFor, { release: (a: string) => void released.push(a) }),
    sent,
    released
  }
}

export interface AssumeCall {
  readonly roleArn: string
  readonly sessionName: string
  readonly at: number
}

/** STS AssumeRole: keys for every role but those of `denied` accounts (AccessDenied, as a trust policy says). */
export function fakeSts(
  clock: Clock,
  denied: readonly string[] = [],
  expiresInMs = 3_600_000
): AssumeRoleLike & { calls: AssumeCall[] } {
  const calls: AssumeCall[] = []
  return {
    calls,
    send: async (command: AssumeRoleCommand): Promise<AssumeRoleCommandOutput> => {
      const roleArn = command.input.RoleArn ?? ''
      calls.push({ roleArn, sessionName: command.input.RoleSessionName ?? '', at: clock.now() })
      const account = roleArn.split(':')[4] ?? ''
      if (denied.includes(account)) {
        throw awsError(
          'AccessDenied',
          403,
          `User: arn:aws:sts::123456789012:assumed-role/gate/run is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`
        )
      }
      return {
        $metadata: { requestId: `assume-${account}-${calls.length}` },
        Credentials: {
          AccessKeyId: `ASIA${account}`,
          SecretAccessKey: 'secret',
          SessionToken: 'token',
          Expiration: new Date(clock.now() + expiresInMs)
        }
      }
    }
  }
}

/** ListAccounts over `accounts` (id and state), `pageSize` a page. */
export function fakeOrganizations(
  accounts: ReadonlyArray<{ id: string; state: string }>,
  pageSize = 20
): ListAccountsLike & { calls: number } {
  const fake = {
    calls: 0,
    send: async (command: ListAccountsCommand): Promise<ListAccountsCommandOutput> => {
      fake.calls += 1
      const from = Number(command.input.NextToken ?? 0)
      const next = from + pageSize
      return {
        $metadata: { requestId: `list-${fake.calls}` },
        Accounts: accounts.slice(from, next).map(a => ({ Id: a.id, State: a.state as 'ACTIVE' })),
        ...(next < accounts.length && { NextToken: String(next) })
      }
    }
  }
  return fake
}
