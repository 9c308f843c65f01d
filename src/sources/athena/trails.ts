import {
  DescribeTrailsCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  type CloudTrailClient
} from '@aws-sdk/client-cloudtrail'
import { isObject } from '../../aws/answer-check.js'
import { clip, quote } from '../../core/bounded.js'
import { SourceFailure } from '../../core/errors.js'
import { call, type CallDeps } from './call.js'

// Which trail writes the table's bucket, and whether it is logging: CloudTrail's DescribeTrails, GetTrail and
// GetTrailStatus, where the credentials allow them. Never a failure of the scan: a call that is denied (or fails)
// is reported as not checked, with the reason; what the answers hold is validated and bounded like any answer.

export type TrailClient = Pick<CloudTrailClient, 'send'>
export type TrailClientFactory = (region: string) => TrailClient

/** The trail's bucket and key prefix, from the table's S3 location (`s3://bucket/prefix/AWSLogs/…`). */
export interface TrailLocation {
  readonly bucket: string
  /** '' when the trail writes straight under AWSLogs/. */
  readonly prefix: string
}

export interface TrailInfo {
  readonly name: string
  readonly arn: string
  readonly bucket: string
  readonly prefix: string
  readonly homeRegion: string | undefined
  /** A single-Region trail writes only its home Region's files. */
  readonly multiRegion: boolean
}

export interface TrailStatus {
  readonly arn: string
  readonly isLogging: boolean | undefined
  readonly latestDeliveryError: string | undefined
  readonly stopLoggingTime: Date | undefined
  /** Why the status is not known (GetTrailStatus denied or failed). */
  readonly problem: string | undefined
}

export function locationOf(location: string | undefined): TrailLocation | undefined {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.*)$/.exec(location ?? '')
  const path = match?.[2]
  if (match?.[1] === undefined || path === undefined) return undefined
  const at = `/${path}`.indexOf('/AWSLogs/')
  if (at < 0) return undefined
  return { bucket: match[1], prefix: path.slice(0, Math.max(0, at - 1)).replace(/\/+$/, '') }
}

const text = (value: unknown, max: number): string | undefined =>
  typeof value === 'string' && value !== '' ? clip(value, max) : undefined

/** A trail from an answer, or undefined for one without a name, an ARN or a bucket. */
function trailOf(value: unknown): TrailInfo | undefined {
  if (!isObject(value)) return undefined
  const name = text(value['Name'], 128)
  const arn = text(value['TrailARN'], 512)
  const bucket = text(value['S3BucketName'], 63)
  if (name === undefined || arn === undefined || bucket === undefined) return undefined
  return {
    name,
    arn,
    bucket,
    prefix: (text(value['S3KeyPrefix'], 200) ?? '').replace(/\/+$/, ''),
    homeRegion: text(value['HomeRegion'], 40),
    multiRegion: value['IsMultiRegionTrail'] !== false
  }
}

export function writes(trail: TrailInfo, location: TrailLocation): boolean {
  return trail.bucket === location.bucket && trail.prefix === location.prefix
}

function why(error: unknown, permission: string): string {
  if (!(error instanceof SourceFailure)) throw error
  return error.code === 'access-denied' ? `${permission} is not allowed` : quote(error.reason, 200)
}

/** Every trail DescribeTrails shows in these Regions (shadow trails included), or why it could not. */
export async function describeTrails(
  regions: readonly string[],
  clientFor: TrailClientFactory,
  deps: CallDeps
): Promise<{ trails: TrailInfo[]; problem: string | undefined }> {
  const trails = new Map<string, TrailInfo>()
  for (const region of regions) {
    try {
      const output = await call(
        'CloudTrail DescribeTrails',
        signal =>
          clientFor(region).send(new DescribeTrailsCommand({ includeShadowTrails: true }), {
            abortSignal: signal
          }),
        deps
      )
      const list: unknown = output.trailList
      for (const item of Array.isArray(list) ? (list as unknown[]).slice(0, 1000) : []) {
        const trail = trailOf(item)
        if (trail) trails.set(trail.arn, trail)
      }
    } catch (error) {
      return { trails: [...trails.values()], problem: why(error, 'cloudtrail:DescribeTrails') }
    }
  }
  return { trails: [...trails.values()], problem: undefined }
}

/** One trail by name or ARN (GetTrail), or undefined with why (denied, not found). */
export async function getTrail(
  ref: string,
  region: string,
  clientFor: TrailClientFactory,
  deps: CallDeps
): Promise<{ trail: TrailInfo | undefined; problem: string | undefined }> {
  try {
    const output = await call(
      'CloudTrail GetTrail',
      signal => clientFor(region).send(new GetTrailCommand({ Name: ref }), { abortSignal: signal }),
      deps
    )
    const trail = trailOf(output.Trail)
    return { trail, problem: trail ? undefined : 'GetTrail answered without the trail' }
  } catch (error) {
    return { trail: undefined, problem: why(error, 'cloudtrail:GetTrail') }
  }
}

export async function trailStatus(
  trail: TrailInfo,
  region: string,
  clientFor: TrailClientFactory,
  deps: CallDeps
): Promise<TrailStatus> {
  try {
    const output = await call(
      'CloudTrail GetTrailStatus',
      // By ARN: a multi-Region trail answers so in every Region it shows in.
      signal =>
        clientFor(region).send(new GetTrailStatusCommand({ Name: trail.arn }), { abortSignal: signal }),
      deps
    )
    const logging: unknown = output.IsLogging
    const stopped: unknown = output.StopLoggingTime
    return {
      arn: trail.arn,
      isLogging: typeof logging === 'boolean' ? logging : undefined,
      latestDeliveryError: text(output.LatestDeliveryError, 200),
      stopLoggingTime: stopped instanceof Date && Number.isFinite(stopped.getTime()) ? stopped : undefined,
      problem: typeof logging === 'boolean' ? undefined : 'GetTrailStatus answered without IsLogging'
    }
  } catch (error) {
    const problem = why(error, 'cloudtrail:GetTrailStatus')
    return {
      arn: trail.arn,
      isLogging: undefined,
      latestDeliveryError: undefined,
      stopLoggingTime: undefined,
      problem
    }
  }
}
