// Records as the emulator stores them, and a builder that turns a compact spec into a record whose
// CloudTrailEvent JSON looks like what CloudTrail really writes (userIdentity, sessionContext, tlsDetails…).
import { digest, flat, sampleIp, uuidFromHex } from './ids.js'
import { lookupUsername, type Principal } from './principals.js'

export { iamUser, lookupUsername, roleSession, root } from './principals.js'
export type { IamUserPrincipal, Principal, RoleSessionPrincipal, RootPrincipal } from './principals.js'

export interface EmulatorResource {
  ResourceType: string
  ResourceName: string
}

/** One management event in one Region: the LookupEvents fields plus the full CloudTrailEvent object. */
export interface EmulatorRecord {
  region: string
  EventId: string
  EventName: string
  EventTime: Date
  EventSource: string
  /** What LookupEvents reports: IAM user name, role session name, or `root`. */
  Username: string
  ReadOnly: boolean
  /** Empty when the event has none (console sign-in); the field is then left out of the response. */
  AccessKeyId: string
  Resources: EmulatorResource[]
  /** Serialized into the `CloudTrailEvent` string of the response. */
  cloudTrailEvent: object
  /** When LookupEvents first shows it, after its EventTime; default: the emulator's delivery delay. */
  deliveryDelayMs?: number
  /** 'Data' for a data event (S3 object calls…): trail files hold it, LookupEvents never returns it. */
  eventCategory?: 'Data'
}

export interface RecordSpec {
  principal: Principal
  eventName: string
  /** `ec2` or `ec2.amazonaws.com`. */
  source: string
  region: string
  /** A Date, an ISO string or epoch milliseconds; truncated to whole seconds as CloudTrail does. */
  time: Date | string | number
  resources?: ReadonlyArray<{ type: string; name: string }>
  /** Set for a failed call (`AccessDenied`…); the event then has an errorMessage and no responseElements. */
  errorCode?: string
  errorMessage?: string
  /** Default: true for Describe/List/Get/Lookup/Head… names. */
  readOnly?: boolean
  /** Default: derived from the spec, so identical specs give identical ids (pass one to tell them apart). */
  eventId?: string
  /** Empty string: no access key (console sign-in). */
  accessKeyId?: string
  sourceIPAddress?: string
  userAgent?: string
  requestParameters?: object | null
  responseElements?: object | null
  /** The CloudTrailEvent's requestID; default: derived from the event id. */
  requestId?: string
  /** Overrides the emulator's default delivery delay for this record (ms after its EventTime). */
  deliveryDelayMs?: number
}

const SIGNIN = 'signin.amazonaws.com'
const READ_ONLY_NAME = /^(Describe|List|Get|Lookup|Head|BatchGet|Search|Select|Decrypt|GenerateDataKey)/

/** Request parameter CloudTrail records for a resource type, so requestParameters name the resource. */
const PARAMETER_FOR_TYPE: Readonly<Record<string, string>> = {
  'AWS::EC2::Instance': 'instanceId',
  'AWS::S3::Bucket': 'bucketName',
  'AWS::IAM::Role': 'roleName',
  'AWS::IAM::User': 'userName',
  'AWS::IAM::Policy': 'policyName',
  'AWS::Lambda::Function': 'functionName',
  'AWS::KMS::Key': 'keyId',
  'AWS::CloudFormation::Stack': 'stackName'
}

// Interned, so 100,000 records of one service share one string.
const fullSources = new Map<string, string>()

export function fullSource(source: string): string {
  if (source.includes('.')) return source
  let full = fullSources.get(source)
  if (full === undefined) fullSources.set(source, (full = flat(`${source}.amazonaws.com`)))
  return full
}

export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

function toTime(time: Date | string | number): Date {
  const ms = time instanceof Date ? time.getTime() : typeof time === 'number' ? time : Date.parse(time)
  if (!Number.isFinite(ms)) throw new Error(`makeRecord: invalid time ${String(time)}`)
  return new Date(Math.floor(ms / 1000) * 1000)
}

function defaultRequestParameters(spec: RecordSpec): object | null {
  const resources = spec.resources ?? []
  if (resources.length === 0) return null
  if (spec.eventName === 'TerminateInstances' || spec.eventName === 'StopInstances') {
    return { instancesSet: { items: resources.map(r => ({ instanceId: r.name })) }, force: false }
  }
  const params: Record<string, string> = {}
  for (const r of resources) params[PARAMETER_FOR_TYPE[r.type] ?? 'resourceName'] = r.name
  return params
}

function defaultUserAgent(principal: Principal, signIn: boolean): string {
  if (signIn || principal.type === 'Root') {
    return 'Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0'
  }
  if (principal.type === 'AssumedRole') {
    return 'aws-sdk-js/3.600.0 ua/2.1 os/linux#6.5.0-1022-azure lang/js md/nodejs#20.15.1 m/E'
  }
  return 'aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/linux#6.5.0-35-generic md/arch#x86_64 lang/python#3.11.8'
}

function userIdentity(principal: Principal, accessKeyId: string, time: Date): object {
  const key = accessKeyId ? { accessKeyId } : {}
  const base = { type: principal.type, principalId: principal.principalId, arn: principal.arn }
  if (principal.type === 'IAMUser') {
    return { ...base, accountId: principal.account, ...key, userName: principal.userName }
  }
  if (principal.type === 'Root') return { ...base, accountId: principal.account, ...key }
  // Sessions in the sample start on the hour before the call; creationDate only needs to precede it.
  const created = new Date(Math.floor(time.getTime() / 3_600_000) * 3_600_000)
  const sessionIssuer = {
    type: 'Role',
    principalId: principal.roleId,
    arn: principal.roleArn,
    accountId: principal.account,
    userName: principal.roleName
  }
  const attributes = { creationDate: isoSeconds(created), mfaAuthenticated: 'false' }
  return { ...base, accountId: principal.account, ...key, sessionContext: { sessionIssuer, attributes } }
}

function defaultErrorMessage(spec: RecordSpec, source: string): string {
  const service = source.split('.')[0] ?? source
  return (
    `User: ${spec.principal.arn} is not authorized to perform: ${service}:${spec.eventName} ` +
    `because no identity-based policy allows the ${service}:${spec.eventName} action`
  )
}

function cloudTrailEvent(spec: RecordSpec, fields: RecordFields): object {
  const { EventSource: source, EventTime: time, EventId: eventId } = fields
  const signIn = source === SIGNIN
  const failed = spec.errorCode !== undefined
  const event: Record<string, unknown> = {
    eventVersion: signIn ? '1.08' : '1.09',
    userIdentity: userIdentity(spec.principal, fields.AccessKeyId, time),
    eventTime: isoSeconds(time),
    eventSource: source,
    eventName: spec.eventName,
    awsRegion: spec.region,
    sourceIPAddress: spec.sourceIPAddress ?? sampleIp(digest(spec.principal.arn)),
    userAgent: spec.userAgent ?? defaultUserAgent(spec.principal, signIn)
  }
  if (failed) {
    event['errorCode'] = spec.errorCode
    event['errorMessage'] = spec.errorMessage ?? defaultErrorMessage(spec, source)
  }
  event['requestParameters'] = spec.requestParameters ?? (signIn ? null : defaultRequestParameters(spec))
  event['responseElements'] = signIn
    ? { ConsoleLogin: failed ? 'Failure' : 'Success' }
    : failed
      ? null
      : (spec.responseElements ?? null)
  if (signIn) event['additionalEventData'] = { LoginTo: 'https://console.aws.amazon.com/', MFAUsed: 'Yes' }
  // Console sign-ins have no request id; API calls get one derived from the event id (stable per record).
  if (!signIn) event['requestID'] = spec.requestId ?? uuidFromHex(digest('request', eventId))
  event['eventID'] = eventId
  event['readOnly'] = fields.ReadOnly
  event['eventType'] = signIn ? 'AwsConsoleSignIn' : 'AwsApiCall'
  event['managementEvent'] = true
  event['recipientAccountId'] = spec.principal.account
  event['eventCategory'] = 'Management'
  if (!signIn) event['tlsDetails'] = tlsDetails(source, spec.region)
  return event
}

function tlsDetails(source: string, region: string): object {
  const service = source.replace(/\.amazonaws\.com$/, '')
  return {
    tlsVersion: 'TLSv1.3',
    cipherSuite: 'TLS_AES_128_GCM_SHA256',
    clientProvidedHostHeader: `${service}.${region}.amazonaws.com`
  }
}

/** The LookupEvents fields of a record: everything but the CloudTrailEvent object. */
export type RecordFields = Omit<EmulatorRecord, 'cloudTrailEvent'>

function recordFields(spec: RecordSpec): RecordFields {
  const source = fullSource(spec.source)
  const time = toTime(spec.time)
  const resources = (spec.resources ?? []).map(r => ({ ResourceType: r.type, ResourceName: r.name }))
  const eventId =
    spec.eventId ??
    uuidFromHex(
      digest(spec.principal.arn, spec.eventName, spec.region, time.toISOString(), JSON.stringify(resources))
    )
  return {
    region: spec.region,
    EventId: eventId,
    EventName: spec.eventName,
    EventTime: time,
    EventSource: source,
    Username: lookupUsername(spec.principal),
    ReadOnly: spec.readOnly ?? READ_ONLY_NAME.test(spec.eventName),
    AccessKeyId: spec.accessKeyId ?? (source === SIGNIN ? '' : spec.principal.accessKeyId),
    Resources: resources,
    ...(spec.deliveryDelayMs !== undefined && { deliveryDelayMs: spec.deliveryDelayMs })
  }
}

/** Builds one record from a compact spec; the CloudTrailEvent is filled in with realistic defaults. */
export function makeRecord(spec: RecordSpec): EmulatorRecord {
  const fields = recordFields(spec)
  return { ...fields, cloudTrailEvent: cloudTrailEvent(spec, fields) }
}

/**
 * The same record, but its CloudTrailEvent object is built each time it is read instead of stored: for
 * data sets of 100,000 events, where only the 50 of a page are ever serialized at once.
 */
class LazyRecord implements EmulatorRecord {
  readonly #spec: RecordSpec
  region: string
  EventId: string
  EventName: string
  EventTime: Date
  EventSource: string
  Username: string
  ReadOnly: boolean
  AccessKeyId: string
  Resources: EmulatorResource[]
  deliveryDelayMs?: number

  constructor(spec: RecordSpec, fields: RecordFields) {
    this.#spec = spec
    this.region = fields.region
    this.EventId = fields.EventId
    this.EventName = fields.EventName
    this.EventTime = fields.EventTime
    this.EventSource = fields.EventSource
    this.Username = fields.Username
    this.ReadOnly = fields.ReadOnly
    this.AccessKeyId = fields.AccessKeyId
    this.Resources = fields.Resources
    if (fields.deliveryDelayMs !== undefined) this.deliveryDelayMs = fields.deliveryDelayMs
  }

  get cloudTrailEvent(): object {
    return cloudTrailEvent(this.#spec, this)
  }
}

export function makeLazyRecord(spec: RecordSpec): EmulatorRecord {
  return new LazyRecord(spec, recordFields(spec))
}
