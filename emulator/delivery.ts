// Delivery delays, and the emulator's own CloudTrail.
//
// AWS documents that CloudTrail "typically delivers logs within an average of about 5 minutes of an API call.
// This time is not guaranteed", so LookupEvents shows an event some time after the call. Here each record
// becomes visible at its EventTime plus its own delay: the record's `deliveryDelayMs`, else the emulator's
// default (0 unless set). And as CloudTrail records every API call, every signed call the emulator serves
// (STS GetCallerIdentity and AssumeRole, LookupEvents and the trail calls, Organizations ListAccounts, and
// Athena and Glue with `athena.recordCalls`) is recorded as an event of its caller, in the Region the call was
// signed for (a regional STS endpoint logs to its own Region) and in the caller's own account, with the default
// delay and the requestID the call was answered with. Listeners (`onRecord`) hear of each recorded call: the
// Athena emulator's live trail writes them to trail files after their delay (emulator/athena/live.ts), in the
// caller's account folder, when the trail logs that account (its own account, or all of an organization trail).
//
// Knowingly different from AWS: delays are exact and the same for every recorded call (real delivery varies
// and is not ordered); AssumeRoleWithWebIdentity is unsigned and not recorded (its caller is a web identity,
// which this emulator does not model); calls with unknown or expired keys are not recorded; a cross-account
// AssumeRole is recorded in the caller's account only (AWS also records it in the role's account).
import { randomUUID } from 'node:crypto'
import type { Accounts } from './accounts.js'
import { makeRecord, type EmulatorRecord, type Principal } from './records.js'

export interface DeliveryOptions {
  /** Default delay between a record's EventTime and LookupEvents showing it, ms; Infinity: never. */
  readonly delayMs: number
  /** Record every signed call the emulator serves as a CloudTrail event of its caller. */
  readonly recordCalls: boolean
}

/** One call the emulator answered, as CloudTrail would record it. */
export interface ServedCall {
  readonly principal: Principal
  /** The access key the call was signed with. */
  readonly accessKeyId: string
  readonly region: string
  readonly eventName: string
  /** The service's short name: `sts`, `cloudtrail`, `organizations`, `athena`, `glue`. */
  readonly source: string
  readonly requestId: string
  readonly errorCode?: string
  readonly errorMessage?: string
  /** The resources CloudTrail names for the call (AssumeRole: the role). */
  readonly resources?: ReadonlyArray<{ type: string; name: string }>
  readonly requestParameters?: object
  /** Default true (Get…, Describe…, LookupEvents); false for calls that change something. */
  readonly readOnly?: boolean
}

export type RecordListener = (record: EmulatorRecord) => void

export class Delivery {
  /** Calls recorded so far, oldest first (for tests and the demo). */
  readonly recorded: EmulatorRecord[] = []
  private readonly listeners = new Set<RecordListener>()

  constructor(
    private readonly accounts: Accounts,
    readonly options: DeliveryOptions,
    private readonly now: () => number
  ) {}

  /** Whether LookupEvents shows the record yet. */
  readonly visible = (record: EmulatorRecord): boolean =>
    record.EventTime.getTime() + (record.deliveryDelayMs ?? this.options.delayMs) <= this.now()

  /** Calls `listener` with each call recorded from now on; returns the unsubscribe function. */
  onRecord(listener: RecordListener): () => void {
    this.listeners.add(listener)
    return () => void this.listeners.delete(listener)
  }

  /** Adds the call to its caller's account; LookupEvents shows it once its delay has passed. */
  record(call: ServedCall): void {
    if (!this.options.recordCalls) return
    const time = this.now()
    const record = makeRecord({
      principal: call.principal,
      eventName: call.eventName,
      source: call.source,
      region: call.region,
      time,
      eventId: randomUUID(),
      requestId: call.requestId,
      accessKeyId: call.accessKeyId,
      readOnly: call.readOnly ?? true,
      userAgent: 'aws-sdk-js/3 (emulator)',
      // EventTime is cut to whole seconds; the delay still counts from the call itself.
      deliveryDelayMs: this.options.delayMs + (time % 1000),
      ...(call.errorCode !== undefined && { errorCode: call.errorCode }),
      ...(call.errorMessage !== undefined && { errorMessage: call.errorMessage }),
      ...(call.resources !== undefined && { resources: call.resources }),
      ...(call.requestParameters !== undefined && { requestParameters: call.requestParameters })
    })
    this.accounts.get(call.principal.account).store.add(record)
    this.recorded.push(record)
    for (const listener of this.listeners) listener(record)
  }
}
