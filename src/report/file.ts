// The JSON report file: everything the scan found, with no size limit, for whoever needs more than the
// summary shows (it is uploaded as an artifact or read by the CLI user).

import { randomBytes } from 'node:crypto'
import { mkdir, open } from 'node:fs/promises'
import { join } from 'node:path'
import type { LanePlanReport } from '../sources/lookup-events/planner.js'
import type {
  AthenaRun,
  DeliveryReport,
  Identity,
  IncompleteInfo,
  MatchedEvent,
  RegionStats,
  ScanResult
} from '../types.js'
import type { NearMiss } from '../core/near-misses.js'
import type { AccountSummary } from '../run/account-summary.js'
import { identityText, isoSeconds, verdictOf, type Verdict } from './describe.js'
import { jsonWithList, writePieces } from './json-stream.js'

export { verdictOf, type Verdict } from './describe.js'

export interface ReportMeta {
  readonly tool: string
  readonly version: string
  readonly generatedAt: Date
}

export interface Report {
  readonly tool: string
  readonly version: string
  readonly generatedAt: string
  readonly complete: boolean
  readonly verdict: Verdict
  /**
   * One row per account the `accounts` input named (the verdict above is over all of them), or null when the
   * scan read the credentials' own account (or every account of an Athena table).
   */
  readonly accounts: readonly AccountSummary[] | null
  readonly query: {
    /** The `user` input as understood: the plain name or the ARN. */
    readonly user: string
    readonly identity: Identity
    /** The `events` patterns as written. */
    readonly events: readonly string[]
    readonly createdAfter: string
    readonly createdBefore: string
    readonly regions: readonly string[]
    readonly includeGlobalEvents: boolean
    readonly ignoreDenied: boolean
    readonly warnings: readonly string[]
  }
  readonly plan: {
    readonly strategy: string
    /** The candidate every lane was made to read, or null when the planner chose by probing. */
    readonly forced: string | null
    /** Per lane: the candidate read to its end, the others with their estimates, the pages really read. */
    readonly lanes: ReadonlyArray<
      Omit<LanePlanReport, 'chosen'> & { readonly chosen: LanePlanReport['chosen'] | null }
    >
  }
  readonly counts: {
    readonly scanned: number
    readonly matched: number
    readonly pages: number
    readonly denied: number
    readonly elapsedMs: number
    readonly byName: ScanResult['countsByName']
    readonly byRegion: readonly RegionStats[]
  }
  readonly violations: ScanResult['violations']
  readonly incomplete: IncompleteInfo | null
  /** Each part of the query (account × Region × window) and what the pages proved about it. */
  readonly coverage: ReadonlyArray<{
    readonly account: string
    readonly region: string
    readonly globalOnly: boolean
    readonly window: { readonly start: string; readonly end: string }
    readonly complete: boolean
    /** The part was read whole for the identity (not only the forbidden names). */
    readonly identityAll: boolean
    readonly gaps: ReadonlyArray<{ readonly start: string; readonly end: string }>
    readonly unproven: ReadonlyArray<{ readonly start: string; readonly end: string }>
  }>
  /** Whether the identity made any event in the window: some, none, or unknown. */
  readonly identityEvents: ScanResult['identityEvents']
  /** Records of the gate's own calls set aside. */
  readonly ownCalls: number
  /** True when every event of the identity was read and there was none (see the summary's line). */
  readonly noEvents: boolean
  /** The identity's events close to a forbidden pattern that did not match them. */
  readonly nearMisses: readonly NearMiss[]
  /** Which source answered: `lookup-events` or `athena`. */
  readonly source: 'lookup-events' | 'athena'
  /** The Athena query (bytes scanned, engine time, estimated cost), or null when LookupEvents answered. */
  readonly athena: AthenaRun | null
  /** What the delivery barrier did: its markers, per Region, and what they proved. */
  readonly delivery: DeliveryReport | null
  /** Every matched event, newest first. */
  readonly events: readonly MatchedEvent[]
}

export function buildReport(result: ScanResult, meta: ReportMeta): Report {
  const { query, plan } = result
  return {
    tool: meta.tool,
    version: meta.version,
    generatedAt: isoSeconds(meta.generatedAt),
    complete: result.incomplete === undefined,
    verdict: verdictOf(result),
    accounts: result.accounts ?? null,
    query: {
      user: identityText(query.identity),
      identity: query.identity,
      events: query.patterns.map(p => p.text),
      createdAfter: isoSeconds(query.window.start),
      createdBefore: isoSeconds(query.window.end),
      regions: query.regions,
      includeGlobalEvents: query.includeGlobalEvents,
      ignoreDenied: query.ignoreDenied,
      warnings: query.warnings
    },
    plan: {
      strategy: plan.strategy,
      forced: plan.force ?? null,
      lanes: result.lanes.map(lane => ({ ...lane, chosen: lane.chosen ?? null }))
    },
    counts: {
      scanned: result.scanned,
      matched: result.events.length,
      pages: result.pages,
      denied: result.denied,
      elapsedMs: result.elapsedMs,
      byName: result.countsByName,
      // A copy: RegionStats is mutable while a scan runs.
      byRegion: result.regions.map(r => ({ ...r }))
    },
    violations: result.violations,
    incomplete: result.incomplete ?? null,
    coverage: result.coverage.map(c => ({
      account: c.slice.account,
      region: c.slice.region,
      globalOnly: c.slice.globalOnly,
      window: { start: isoSeconds(c.slice.window.start), end: isoSeconds(c.slice.window.end) },
      complete: c.complete,
      identityAll: c.identityAll,
      gaps: c.gaps.map(w => ({ start: isoSeconds(w.start), end: isoSeconds(w.end) })),
      unproven: c.unproven.map(w => ({ start: isoSeconds(w.start), end: isoSeconds(w.end) }))
    })),
    identityEvents: result.identityEvents,
    ownCalls: result.ownCalls,
    noEvents: result.noEvents === true,
    nearMisses: result.nearMisses ?? [],
    source: query.source,
    athena: result.athena ?? null,
    delivery: result.delivery ?? null,
    events: result.events
  }
}

/**
 * The report as its file holds it (indented JSON and a final newline), in pieces: everything but the events at
 * once, then one piece per event, so that no string ever holds them all.
 */
export function reportPieces(result: ScanResult, meta: ReportMeta): Generator<string> {
  const { events, ...head } = buildReport(result, meta)
  return jsonWithList(head, 'events', events)
}

/** The report as its file holds it, as one string (for stdout; a file is written in pieces). */
export function reportJson(result: ScanResult, meta: ReportMeta): string {
  return [...reportPieces(result, meta)].join('')
}

/**
 * Writes the report to `path`, readable by the owner only when this call creates it (CloudTrail data names
 * resources and principals). `wx` fails when the file exists; `w` replaces it.
 */
export async function writeReportTo(
  path: string,
  result: ScanResult,
  meta: ReportMeta,
  flag: 'wx' | 'w'
): Promise<void> {
  await writePieces(await open(path, flag, 0o600), reportPieces(result, meta))
}

export interface WriteReportOptions {
  /** The random part of the file name (8 hex digits by default); for tests. */
  readonly random?: () => string
}

const ATTEMPTS = 5

/**
 * Writes the report to `<dir>/cloudtrail-gate-report-<timestamp>-<random>.json`, readable by the owner only,
 * never overwriting a file; returns the path.
 */
export async function writeReport(
  dir: string,
  result: ScanResult,
  meta: ReportMeta,
  opts: WriteReportOptions = {}
): Promise<string> {
  const random = opts.random ?? (() => randomBytes(4).toString('hex'))
  const stamp = isoSeconds(meta.generatedAt).replace(/[-:]/g, '')
  await mkdir(dir, { recursive: true })
  let lastError: unknown
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const path = join(dir, `cloudtrail-gate-report-${stamp}-${random()}.json`)
    try {
      await writeReportTo(path, result, meta, 'wx')
      return path
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      lastError = error
    }
  }
  throw lastError
}
