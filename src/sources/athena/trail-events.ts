// The calls that change what a trail writes to S3: StopLogging and DeleteTrail end its files, StartLogging resumes
// them, and UpdateTrail and the event selector calls can change which events (or which bucket) it writes. They are
// management events of cloudtrail.amazonaws.com, in the same files as every other event: the query reads them by
// anyone, beside the identity's events, so a window the trail did not log is never read as clean.

export const TRAIL_SOURCE = 'cloudtrail.amazonaws.com'

export const TRAIL_CHANGES = [
  'StopLogging',
  'StartLogging',
  'DeleteTrail',
  'UpdateTrail',
  'PutEventSelectors',
  'PutAdvancedEventSelectors'
] as const

export type TrailChangeName = (typeof TRAIL_CHANGES)[number]

export function isTrailChange(source: string, name: string): name is TrailChangeName {
  return source === TRAIL_SOURCE && (TRAIL_CHANGES as readonly string[]).includes(name)
}

/** The SQL condition for those events: our own words only, no input. */
export const TRAIL_CHANGE_SQL =
  `(eventsource = '${TRAIL_SOURCE}' AND eventname IN (` + TRAIL_CHANGES.map(n => `'${n}'`).join(', ') + '))'
