import { isoSeconds } from '../../core/dates.js'
import type { AthenaSettings } from '../../core/types.js'
import { Parameters } from './literal.js'
import { partitionBounds } from './partitions.js'
import type { AthenaStatement } from './sql.js'
import type { Partitioning } from './table.js'

// The poll that looks for this run's delivery markers in the table: their request IDs, in the newest day folders
// only (from the day of the first marker to today), of the markers' Regions and accounts where the table has those
// keys. So a poll of a partitioned table costs Athena's 10 MB minimum, however large the table.

/** The runner's clock may be this far from AWS's: the folders and times looked at reach this far each side. */
export const MARKER_SKEW_MS = 60_000

export const MARKER_COLUMNS = ['requestid', 'awsregion', 'eventtime'] as const

export interface MarkerProbe {
  readonly region: string
  readonly account: string | undefined
  readonly requestId: string
  /** This runner's clock just before the marker call, ms. */
  readonly sentAt: number
}

export function markerStatement(
  markers: readonly MarkerProbe[],
  settings: AthenaSettings,
  partitioning: Partitioning,
  nowMs: number
): AthenaStatement {
  const params = new Parameters()
  const first = Math.min(...markers.map(m => m.sentAt))
  const window = { start: new Date(first - MARKER_SKEW_MS), end: new Date(nowMs + MARKER_SKEW_MS) }
  const regions = [...new Set(markers.map(m => m.region))]
  const accounts = [...new Set(markers.flatMap(m => m.account ?? []))]
  const bounds = partitionBounds(
    {
      window,
      // A file is foldered by the day it was delivered, never before the call it holds.
      padMs: 0,
      regions,
      // An unknown account leaves the account key unbounded rather than guessed.
      accounts: markers.every(m => m.account !== undefined) ? accounts : undefined
    },
    partitioning,
    params
  )
  const conditions = [...bounds.days, bounds.region, bounds.account].filter(
    (c): c is string => c !== undefined
  )
  conditions.push(
    `eventsource = 'sts.amazonaws.com'`,
    `eventname = 'GetCallerIdentity'`,
    `eventtime >= ${params.string(isoSeconds(window.start).replace(/Z$/, ''))}`,
    `eventtime <= ${params.string(isoSeconds(window.end))}`,
    `requestid IN (${params.strings(markers.map(m => m.requestId))})`
  )
  const sql =
    `SELECT ${MARKER_COLUMNS.join(', ')}\nFROM "${settings.database}"."${settings.table}"\n` +
    `WHERE ${conditions.join('\n  AND ')}`
  return {
    sql,
    columns: MARKER_COLUMNS,
    parameters: params.list(),
    bounds: bounds.described,
    warnings: bounds.warnings,
    everyEventOfIdentity: false
  }
}
