import { listSome } from '../../core/bounded.js'
import { isoSeconds } from '../../core/dates.js'
import type { TimeWindow } from '../../core/types.js'
import type { CallDeps } from './call.js'
import { gapsOf, namesTrail, type TrailChange, type TrailGap, type TrailChanges } from './gaps.js'
import {
  describeTrails,
  getTrail,
  trailStatus,
  writes,
  type TrailClientFactory,
  type TrailInfo,
  type TrailLocation,
  type TrailStatus
} from './trails.js'
import type { AthenaTrailCheck } from './types.js'

// The trail check around a read: before it, which trails write the table's bucket (so their own changes are read in
// their home Region too); after it, whether they are logging and which changes the read found on them. What cannot
// be tied to the bucket is a warning, never a failure; what can is a gap (gaps.ts).

/** Trails a change names that the gate looks up with GetTrail, at most. */
const MAX_LOOKUPS = 5

export interface TrailDeps {
  readonly clientFor: TrailClientFactory
  readonly call: CallDeps
  /** Where CloudTrail is called: the Athena Region first, then the table's own Regions. */
  readonly regions: readonly string[]
}

export interface Writers {
  readonly location: TrailLocation | undefined
  readonly known: readonly TrailInfo[]
  readonly writers: readonly TrailInfo[]
  /** Why the trails could not all be listed (DescribeTrails denied), if so. */
  readonly problem: string | undefined
}

export async function findWriters(location: TrailLocation | undefined, deps: TrailDeps): Promise<Writers> {
  if (location === undefined) {
    return {
      location,
      known: [],
      writers: [],
      problem: "the table's location is not a trail's AWSLogs/ folder"
    }
  }
  const { trails, problem } = await describeTrails(deps.regions, deps.clientFor, deps.call)
  return { location, known: trails, writers: trails.filter(t => writes(t, location)), problem }
}

/** The Regions where the writers record their own changes (their home Regions). */
export function homeRegions(writers: Writers): string[] {
  return [...new Set(writers.writers.flatMap(w => w.homeRegion ?? []))]
}

function where(location: TrailLocation): string {
  return `s3://${location.bucket}/${location.prefix === '' ? '' : `${location.prefix}/`}`
}

export async function checkTrails(
  found: Writers,
  changes: TrailChanges,
  window: TimeWindow,
  accept: boolean,
  deps: TrailDeps
): Promise<{ report: AthenaTrailCheck; gaps: Array<TrailGap & { of: TrailInfo }> }> {
  const writers = [...found.writers]
  const known = [...found.known]
  const warnings: string[] = []
  const region = deps.regions[0] ?? 'us-east-1'
  const named = changes.list.filter((c): c is TrailChange & { trail: string } => typeof c.trail === 'string')
  const unknown = [...new Set(named.map(c => c.trail))].filter(ref => !known.some(t => namesTrail(ref, t)))
  const lookups: string[] = []
  for (const ref of unknown.slice(0, MAX_LOOKUPS)) {
    const { trail, problem } = await getTrail(ref, region, deps.clientFor, deps.call)
    if (trail === undefined) {
      lookups.push(`${ref}: ${problem ?? 'not found'}`)
      continue
    }
    known.push(trail)
    if (found.location && writes(trail, found.location) && !writers.some(w => w.arn === trail.arn))
      writers.push(trail)
  }
  for (const change of named) {
    if (known.some(t => namesTrail(change.trail, t))) continue
    warnings.push(
      `${change.name} at ${isoSeconds(change.time)} names the trail ${change.trail}, which the gate cannot tie to ` +
        `the table's bucket (${found.problem ?? 'DescribeTrails does not show it'}` +
        `${lookups.length > 0 ? `; GetTrail: ${listSome(lookups, 2)}` : ''})`
    )
  }
  for (const change of changes.list.filter(c => c.trail === undefined)) {
    warnings.push(
      `${change.name} at ${isoSeconds(change.time)}: which trail it changed could not be read from its ` +
        'requestParameters'
    )
  }
  if (changes.overflow)
    warnings.push('More trail changes than the gate examines (1,000): the rest were not checked.')
  const statuses: TrailStatus[] = []
  for (const writer of writers.slice(0, MAX_LOOKUPS)) {
    statuses.push(await trailStatus(writer, region, deps.clientFor, deps.call))
  }
  const gaps = writers.flatMap(w =>
    gapsOf(
      w,
      changes.list,
      statuses.find(s => s.arn === w.arn),
      window,
      changes.overflow
    ).map(g => ({ ...g, of: w }))
  )
  const report: AthenaTrailCheck = {
    location: found.location ? where(found.location) : null,
    trails: writers.map(w => {
      const status = statuses.find(s => s.arn === w.arn)
      return {
        name: w.name,
        arn: w.arn,
        homeRegion: w.homeRegion ?? null,
        multiRegion: w.multiRegion,
        isLogging: status?.isLogging ?? null,
        latestDeliveryError: status?.latestDeliveryError ?? null,
        statusProblem: status?.problem ?? null
      }
    }),
    problem: writers.length > 0 ? null : (found.problem ?? 'no trail DescribeTrails shows writes there'),
    changes: changes.list.length,
    gaps: gaps.map(g => ({
      trail: g.trail,
      start: isoSeconds(g.window.start),
      end: isoSeconds(g.window.end),
      cause: g.cause
    })),
    accepted: accept && gaps.length > 0,
    warnings: [
      ...warnings.slice(0, 10),
      ...(warnings.length > 10 ? [`…and ${warnings.length - 10} more`] : [])
    ]
  }
  return { report, gaps }
}

/** The failure's reason for gaps not accepted. */
export function gapReason(report: AthenaTrailCheck, acceptInput: string): string {
  const list = listSome(
    report.gaps.map(g => `${g.trail} ${g.start} to ${g.end} (${g.cause})`),
    3,
    300
  )
  return (
    `the trail writing ${report.location ?? "the table's bucket"} did not log all of the window: ${list}. Its ` +
    `files hold nothing from that time, so that part is not covered; set ${acceptInput} to true to accept it`
  )
}
