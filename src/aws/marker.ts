import type { GetCallerIdentityCommand, GetCallerIdentityCommandOutput } from '@aws-sdk/client-sts'
import { classify } from './classify.js'
import type { Clock } from '../core/clock.js'
import { SourceFailure } from '../core/errors.js'
import { backoffMs } from './pacer.js'
import { markerAttribute } from '../core/delivery.js'

// The marker: one STS GetCallerIdentity call in a Region, made after the window's end. It needs no permission,
// CloudTrail records every STS call, and a call to a Region's own STS endpoint is recorded in that Region (the
// IAM User Guide: STS calls to a regional endpoint are logged by CloudTrail in that Region). Its request ID is
// then looked for in that Region's LookupEvents (await.ts).

/** What the barrier needs of an STS client (a real STSClient for the Region, or aws-sdk-client-mock's). */
export interface StsLike {
  send(
    command: GetCallerIdentityCommand,
    options?: { abortSignal?: AbortSignal }
  ): Promise<GetCallerIdentityCommandOutput>
}

/**
 * An STS client whose calls go to that Region's STS endpoint (AWS_ENDPOINT_URL_STS overrides it), signed with
 * the account's credentials (no account: the credentials' own).
 */
export type StsFactory = ((region: string, account?: string) => Promise<StsLike>) & {
  /** Closes and forgets an account's clients once it is read. */
  readonly release?: (account: string) => void
}

export interface Marker {
  readonly region: string
  readonly requestId: string
  readonly callerArn: string
  /** The caller's account (GetCallerIdentity's Account, else its ARN's): the trail that records the marker. */
  readonly account: string | undefined
  /** How to look the marker up: the caller's Username, or EventName=GetCallerIdentity. */
  readonly attribute: ReturnType<typeof markerAttribute>
  /** This runner's clock just before the call was sent and when it was answered, ms. */
  readonly sentAt: number
  readonly answeredAt: number
}

const ATTEMPTS = 3

/** Twelve digits from the answer, else from the caller's ARN; undefined when neither is an account ID. */
function accountOf(account: unknown, arn: string): string | undefined {
  if (typeof account === 'string' && /^\d{12}$/.test(account)) return account
  const fromArn = /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(arn)?.[1]
  return fromArn
}

function failure(region: string, reason: string): SourceFailure {
  return new SourceFailure(
    'delivery',
    `the delivery marker (STS GetCallerIdentity in ${region}) failed: ${reason}`
  )
}

/** Makes the marker call, retrying throttling and transient errors a few times; throws a SourceFailure. */
export async function placeMarker(
  region: string,
  sts: StsLike,
  deps: { readonly clock: Clock; readonly random: () => number; readonly signal: AbortSignal }
): Promise<Marker> {
  const { GetCallerIdentityCommand } = await import('@aws-sdk/client-sts')
  for (let attempt = 1; ; attempt++) {
    const sentAt = deps.clock.now()
    let output: GetCallerIdentityCommandOutput
    try {
      output = await sts.send(new GetCallerIdentityCommand({}), { abortSignal: deps.signal })
    } catch (error) {
      if (deps.signal.aborted) throw deps.signal.reason
      const disposition = classify(error)
      const reason = disposition.retry === 'throttle' ? 'throttled' : disposition.reason
      if (disposition.retry === 'never' || attempt >= ATTEMPTS) throw failure(region, reason)
      await deps.clock.sleep(backoffMs(attempt, deps.random), deps.signal)
      continue
    }
    const requestId = output.$metadata.requestId
    const callerArn = output.Arn
    if (!requestId || !callerArn) {
      throw failure(region, 'the answer had no request ID or no caller ARN, so the marker cannot be found')
    }
    return {
      region,
      requestId,
      callerArn,
      account: accountOf(output.Account, callerArn),
      attribute: markerAttribute(callerArn),
      sentAt,
      answeredAt: deps.clock.now()
    }
  }
}
