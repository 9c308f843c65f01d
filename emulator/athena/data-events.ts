// Data events (S3 object reads and writes) as a trail with data-event selectors records them. LookupEvents never
// returns these (management events only), so they belong in trail files, not in the LookupEvents emulator.
import { makeRecord, type EmulatorRecord, type Principal } from '../records.js'

export interface DataEventSpec {
  principal: Principal
  /** GetObject (default), PutObject, DeleteObject, HeadObject… */
  eventName?: string
  bucket: string
  key: string
  region: string
  time: Date | string | number
  /** The bucket owner; default the principal's account. */
  bucketAccount?: string
  errorCode?: string
  eventId?: string
}

const READS = new Set(['GetObject', 'HeadObject', 'GetObjectAcl', 'GetObjectTagging'])

/** An S3 data event: eventCategory Data, managementEvent false, the object and bucket as `resources`. */
export function makeDataEvent(spec: DataEventSpec): EmulatorRecord {
  const eventName = spec.eventName ?? 'GetObject'
  const owner = spec.bucketAccount ?? spec.principal.account
  const readOnly = READS.has(eventName)
  const base = makeRecord({
    principal: spec.principal,
    eventName,
    source: 's3',
    region: spec.region,
    time: spec.time,
    readOnly,
    resources: [
      { type: 'AWS::S3::Object', name: `arn:aws:s3:::${spec.bucket}/${spec.key}` },
      { type: 'AWS::S3::Bucket', name: `arn:aws:s3:::${spec.bucket}` }
    ],
    requestParameters: {
      bucketName: spec.bucket,
      Host: `${spec.bucket}.s3.${spec.region}.amazonaws.com`,
      key: spec.key
    },
    ...(spec.errorCode === undefined ? {} : { errorCode: spec.errorCode }),
    ...(spec.eventId === undefined ? {} : { eventId: spec.eventId })
  })
  const event: Record<string, unknown> = {
    ...(base.cloudTrailEvent as Record<string, unknown>),
    additionalEventData: {
      SignatureVersion: 'SigV4',
      CipherSuite: 'TLS_AES_128_GCM_SHA256',
      bytesTransferredIn: 0,
      AuthenticationMethod: 'AuthHeader',
      bytesTransferredOut: readOnly ? 2048 : 0
    },
    resources: [
      { type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${spec.bucket}/${spec.key}` },
      { accountId: owner, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${spec.bucket}` }
    ],
    managementEvent: false,
    recipientAccountId: owner,
    eventCategory: 'Data'
  }
  return { ...base, cloudTrailEvent: event, eventCategory: 'Data' }
}

export function isDataEvent(record: EmulatorRecord): boolean {
  return (
    record.eventCategory === 'Data' ||
    (record.cloudTrailEvent as { eventCategory?: unknown }).eventCategory === 'Data'
  )
}
