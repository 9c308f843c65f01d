import { placeMarker, type Marker, type StsFactory } from '../../aws/marker.js'
import { clip, quote } from '../../core/bounded.js'
import type { Clock } from '../../core/clock.js'
import { isoSeconds } from '../../core/dates.js'
import { formatDuration } from '../../core/delivery.js'
import { errorMessage, SourceFailure } from '../../core/errors.js'
import { safetyMarginMs } from '../lookup-events/barrier/await.js'
import type { MarkerProbe } from './marker-sql.js'
import type { ResultRow } from './result-pages.js'
import type { AthenaMarker } from './types.js'

// Proof that the trail's files in S3 hold a window's newest events: in each Region the fresh part covers, this
// run makes a marker call (STS GetCallerIdentity, aws/marker.ts) after the window's end, then polls the table for
// its request ID, with back-off, until the file holding it has been delivered — then waits a margin for events
// delivered out of order, as the LookupEvents barrier does. A marker found proves that Region's files up to the
// marker's time, for management and data events alike (one trail writes both). A marker never found within
// delivery-timeout-minutes proves nothing: the fresh part stays uncovered, and the scan says up to when it knows.

export interface FreshnessDeps {
  readonly clock: Clock
  readonly random: () => number
  readonly signal: AbortSignal
  readonly stsFor: StsFactory
  /** The marker is the gate's own call: its record must never count as the audited identity's. */
  readonly own: { add(id: string): void }
  /** Runs one poll query to its end: the rows of the markers found. */
  readonly poll: (markers: readonly MarkerProbe[]) => Promise<readonly ResultRow[]>
  /** Why the table cannot show a marker of this account and Region (undefined: it can). */
  readonly cannotShow: (marker: { region: string; account: string | undefined }) => string | undefined
  readonly timeoutMs: number
  /** First wait before a poll, then ×1.5 up to `maxPollMs`: CloudTrail delivers every ~5 minutes. */
  readonly firstPollMs: number
  readonly maxPollMs: number
  readonly progress?: ((line: string) => void) | undefined
}

export interface FreshnessOutcome {
  readonly markers: readonly AthenaMarker[]
  readonly polls: number
  readonly marginMs: number
}

/** Request IDs are UUIDs: anything else from an STS answer is not looked for in SQL. */
const REQUEST_ID = /^[A-Za-z0-9-]{1,128}$/

interface Pending {
  readonly marker: Marker
  found?: { readonly afterMs: number; readonly eventTime: string }
}

function failed(region: string, problem: string): AthenaMarker {
  const none = { account: null, requestId: null, callerArn: null, sentAt: null }
  return { region, ...none, foundAfterMs: null, eventTime: null, problem: clip(problem, 400) }
}

function outcomeOf(p: Pending, problem: string | null): AthenaMarker {
  const m = p.marker
  return {
    region: m.region,
    account: m.account ?? null,
    requestId: m.requestId,
    callerArn: clip(m.callerArn, 300),
    sentAt: isoSeconds(new Date(m.sentAt)),
    foundAfterMs: p.found?.afterMs ?? null,
    eventTime: p.found?.eventTime ?? null,
    problem: p.found ? null : problem
  }
}

async function place(region: string, deps: FreshnessDeps): Promise<Pending | AthenaMarker> {
  try {
    const sts = await deps.stsFor(region)
    const marker = await placeMarker(region, sts, deps)
    if (!REQUEST_ID.test(marker.requestId)) {
      return failed(region, `has no usable request ID (STS answered ${quote(marker.requestId, 60)})`)
    }
    deps.own.add(marker.requestId)
    const cannot = deps.cannotShow(marker)
    deps.progress?.(
      `[${region}] delivery marker placed: GetCallerIdentity as ${clip(marker.callerArn, 200)}, request ` +
        `${marker.requestId}; looking for it in the table`
    )
    return cannot === undefined ? { marker } : failed(region, cannot)
  } catch (error) {
    if (deps.signal.aborted) throw error
    const reason = error instanceof SourceFailure ? error.reason : quote(errorMessage(error))
    return failed(region, `could not be made (${reason.replace(/\.+$/, '')})`)
  }
}

/** Marks the markers a poll's rows show (request ID and Region both theirs). */
function markFound(
  pending: readonly Pending[],
  rows: readonly ResultRow[],
  afterMs: (p: Pending) => number
): void {
  for (const [requestId, region, eventTime] of rows) {
    const p = pending.find(q => q.marker.requestId === requestId && q.marker.region === region)
    if (p === undefined || p.found) continue
    const time = Date.parse(eventTime ?? '')
    p.found = {
      afterMs: afterMs(p),
      eventTime: Number.isFinite(time) ? isoSeconds(new Date(time)) : isoSeconds(new Date(p.marker.sentAt))
    }
  }
}

/**
 * Places a marker in each Region and polls until every marker shows, or delivery-timeout-minutes passes (then
 * those not found say so). Never throws for AWS failures: each Region's outcome says what went wrong.
 */
export async function proveFresh(regions: readonly string[], deps: FreshnessDeps): Promise<FreshnessOutcome> {
  const { clock } = deps
  const placed = await Promise.all(regions.map(region => place(region, deps)))
  const pending = placed.filter((p): p is Pending => 'marker' in p)
  const refused = placed.filter((p): p is AthenaMarker => !('marker' in p))
  let polls = 0
  let problem = ''
  if (pending.length > 0) {
    const start = Math.min(...pending.map(p => p.marker.sentAt))
    const until = start + deps.timeoutMs
    let wait = deps.firstPollMs
    while (pending.some(p => !p.found)) {
      const now = clock.now()
      if (now >= until) {
        problem =
          `was not in the table after ${formatDuration(deps.timeoutMs)} (delivery-timeout-minutes, ${polls} ` +
          `polls): CloudTrail had not delivered the file holding it to S3`
        break
      }
      await clock.sleep(Math.min(wait, until - now), deps.signal)
      wait = Math.min(deps.maxPollMs, Math.round(wait * 1.5))
      const open = pending.filter(p => !p.found)
      try {
        polls += 1
        const rows = await deps.poll(open.map(p => probeOf(p.marker)))
        markFound(open, rows, p => clock.now() - p.marker.sentAt)
      } catch (error) {
        if (!(error instanceof SourceFailure) || deps.signal.aborted) throw error
        problem = `was not looked for to the end: a poll query failed (${error.reason.replace(/\.+$/, '')})`
        break
      }
      const missing = pending.filter(p => !p.found).map(p => p.marker.region)
      if (missing.length > 0) {
        const elapsed = formatDuration(clock.now() - start)
        deps.progress?.(`[${missing.join(', ')}] marker not in the table yet, ${elapsed} (${polls} polls)`)
      }
    }
  }
  const lags = pending.flatMap(p => (p.found ? [p.found.afterMs] : []))
  const marginMs = lags.length > 0 ? safetyMarginMs(Math.max(...lags)) : 0
  if (marginMs > 0) {
    deps.progress?.(
      `Markers found in the table; waiting ${formatDuration(marginMs)} more for events delivered out of order`
    )
    await clock.sleep(marginMs, deps.signal)
  }
  return { markers: [...pending.map(p => outcomeOf(p, problem)), ...refused], polls, marginMs }
}

function probeOf(marker: Marker): MarkerProbe {
  return {
    region: marker.region,
    account: marker.account,
    requestId: marker.requestId,
    sentAt: marker.sentAt
  }
}
