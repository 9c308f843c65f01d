// CloudTrail's trail calls a gate makes to find the trail behind a table's bucket and whether it is logging:
// DescribeTrails, GetTrail, GetTrailStatus and ListTrails (AWS JSON 1.1, target `CloudTrail_20131101.<Operation>`,
// or botocore's `com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.<Operation>`).
//
// As on AWS: a multi-Region trail shows in DescribeTrails in every Region (a "shadow trail", unless
// includeShadowTrails is false), a single-Region trail only in its home Region; GetTrail and GetTrailStatus find a
// trail by name in its home Region only, and by ARN wherever it shows; a deleted trail is gone
// (TrailNotFoundException "Unknown trail: <name> for the user: <account>"). `deny` answers AccessDeniedException
// to the operations listed, so a gate can be tested without the permission.
import { AwsError } from './http.js'
import type { Principal } from './principals.js'
import { isoSeconds } from './records.js'
import { TRAIL_ARN, TRAIL_NAME, type Trail, type Trails } from './trails.js'

export const TRAIL_OPERATIONS = ['DescribeTrails', 'GetTrail', 'GetTrailStatus', 'ListTrails'] as const
export type TrailOperation = (typeof TRAIL_OPERATIONS)[number]

export function isTrailOperation(operation: string): operation is TrailOperation {
  return (TRAIL_OPERATIONS as readonly string[]).includes(operation)
}

export interface TrailApiDeps {
  trails: Trails
  now: () => number
  /** Operations answered with AccessDeniedException. */
  denied: Set<TrailOperation>
  /** The live trail's files: written up to now before a status is read. */
  delivery?: { deliver(): Promise<unknown>; latestDeliveryMs(): number | undefined; trail: Trail }
}

type Body = Record<string, unknown>

const seconds = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : ms / 1000)

function trailJson(t: Trail): Record<string, unknown> {
  return {
    Name: t.name,
    S3BucketName: t.s3BucketName,
    ...(t.s3KeyPrefix !== undefined && { S3KeyPrefix: t.s3KeyPrefix }),
    IncludeGlobalServiceEvents: t.includeGlobalServiceEvents,
    IsMultiRegionTrail: t.isMultiRegionTrail,
    HomeRegion: t.homeRegion,
    TrailARN: t.arn,
    LogFileValidationEnabled: t.logFileValidationEnabled,
    HasCustomEventSelectors: t.hasCustomEventSelectors,
    HasInsightSelectors: false,
    IsOrganizationTrail: t.isOrganizationTrail
  }
}

/** The `Name` parameter: a trail name or ARN, validated as CloudTrail does. */
function nameParameter(body: Body): string {
  const name = body['Name']
  if (typeof name !== 'string' || name.length === 0 || name.length > 1024) {
    throw new AwsError(400, 'InvalidTrailNameException', 'Trail name or ARN must be given')
  }
  if (name.startsWith('arn:')) {
    if (!TRAIL_ARN.test(name))
      throw new AwsError(400, 'CloudTrailARNInvalidException', `Invalid trail ARN: ${name}`)
  } else if (!TRAIL_NAME.test(name)) {
    throw new AwsError(
      400,
      'InvalidTrailNameException',
      'Trail name must start with a letter or number and contain 3 to 128 letters, numbers, periods, underscores or dashes'
    )
  }
  return name
}

export class TrailApi {
  constructor(private readonly deps: TrailApiDeps) {}

  async call(operation: TrailOperation, region: string, body: Body, caller: Principal): Promise<unknown> {
    if (this.deps.denied.has(operation)) {
      throw new AwsError(
        400,
        'AccessDeniedException',
        `User: ${caller.arn} is not authorized to perform: cloudtrail:${operation} ` +
          `because no identity-based policy allows the cloudtrail:${operation} action`
      )
    }
    switch (operation) {
      case 'DescribeTrails':
        return { trailList: this.describe(region, body).map(trailJson) }
      case 'ListTrails':
        return {
          Trails: this.visible(region, true).map(t => ({
            TrailARN: t.arn,
            Name: t.name,
            HomeRegion: t.homeRegion
          }))
        }
      case 'GetTrail':
        return { Trail: trailJson(this.find(region, nameParameter(body), caller)) }
      case 'GetTrailStatus':
        return this.status(this.find(region, nameParameter(body), caller))
    }
  }

  /** Trails that exist now and show in the Region. */
  private visible(region: string, shadows: boolean): Trail[] {
    const now = this.deps.now()
    return this.deps.trails.list.filter(
      t => this.deps.trails.exists(t, now) && (t.homeRegion === region || (shadows && t.isMultiRegionTrail))
    )
  }

  private describe(region: string, body: Body): Trail[] {
    const names = body['trailNameList']
    const shadows = body['includeShadowTrails']
    if (shadows !== undefined && typeof shadows !== 'boolean')
      throw new AwsError(400, 'SerializationException', 'includeShadowTrails must be a boolean')
    if (
      names !== undefined &&
      (!Array.isArray(names) ||
        names.length > 100 ||
        names.some(n => typeof n !== 'string' || n.length > 1024))
    )
      throw new AwsError(400, 'SerializationException', 'trailNameList must be a list of strings')
    const list = this.visible(region, shadows ?? true)
    const wanted = (names ?? []) as string[]
    return wanted.length === 0 ? list : list.filter(t => wanted.includes(t.name) || wanted.includes(t.arn))
  }

  private find(region: string, name: string, caller: Principal): Trail {
    const byArn = name.startsWith('arn:')
    const found = this.visible(region, true).find(t =>
      byArn ? t.arn === name : t.name === name && t.homeRegion === region
    )
    if (found === undefined) {
      throw new AwsError(
        400,
        'TrailNotFoundException',
        `Unknown trail: ${name} for the user: ${caller.account}`
      )
    }
    return found
  }

  private async status(trail: Trail): Promise<Record<string, unknown>> {
    const live = this.deps.delivery?.trail.arn === trail.arn ? this.deps.delivery : undefined
    await live?.deliver()
    const now = this.deps.now()
    const s = this.deps.trails.status(trail, now)
    const latest = live?.latestDeliveryMs()
    return {
      IsLogging: s.isLogging,
      ...(trail.latestDeliveryError !== undefined && { LatestDeliveryError: trail.latestDeliveryError }),
      LatestDeliveryTime: seconds(latest),
      StartLoggingTime: seconds(s.startLoggingMs),
      StopLoggingTime: seconds(s.stopLoggingMs),
      LatestDeliveryAttemptTime: latest === undefined ? undefined : isoSeconds(new Date(latest)),
      LatestDeliveryAttemptSucceeded: latest === undefined ? undefined : isoSeconds(new Date(latest)),
      TimeLoggingStarted: s.startLoggingMs === undefined ? undefined : isoSeconds(new Date(s.startLoggingMs)),
      TimeLoggingStopped: s.stopLoggingMs === undefined ? undefined : isoSeconds(new Date(s.stopLoggingMs))
    }
  }
}
