// Check-run annotations: one per forbidden event name, so the run's page lists what was found without
// opening the log. GitHub shows at most 10 error annotations per step, and the failure message is one of
// them, so the names are capped and the rest summed up in one more.

import type { ScanResult } from '../types.js'
import { identityText } from './describe.js'
import { sanitizeForLog, truncate } from './escape.js'

/** Most annotations this builds (names shown + one "…and N more"), leaving room for the failure message. */
export const MAX_ANNOTATIONS = 8

export interface Annotation {
  readonly title: string
  /** One line, already safe for the log (sanitised: no workflow command, no control character). */
  readonly message: string
}

/** One annotation per forbidden event name, the most frequent first, capped at {@link MAX_ANNOTATIONS}. */
export function forbiddenAnnotations(result: ScanResult): Annotation[] {
  const violations = result.violations
  if (violations.length === 0) return []
  const who = truncate(identityText(result.query.identity), 200)
  const shown = violations.length > MAX_ANNOTATIONS ? violations.slice(0, MAX_ANNOTATIONS - 1) : violations
  const annotations = shown.map(v => {
    const newest = result.events.find(e => e.Forbidden && e.EventName === v.name)
    const account = newest?.Account === undefined ? '' : `account ${truncate(newest.Account, 12)} `
    const where =
      newest === undefined
        ? ''
        : `, newest at ${newest.EventTime} in ${account}${truncate(newest.Region, 40)}`
    const accounts = new Set(
      result.events.filter(e => e.Forbidden && e.EventName === v.name && e.Account).map(e => e.Account)
    )
    const others = accounts.size > 1 ? ` (in ${accounts.size} accounts)` : ''
    return {
      title: sanitizeForLog(`Forbidden CloudTrail event: ${truncate(v.name, 128)}`),
      message: sanitizeForLog(
        `${truncate(v.name, 128)} ×${v.count} by ${who}${where}${others}. See the job summary for every event.`
      )
    }
  })
  const more = violations.length - shown.length
  if (more > 0) {
    const events = violations.slice(shown.length).reduce((sum, v) => sum + v.count, 0)
    annotations.push({
      title: 'Forbidden CloudTrail events',
      message: `…and ${more} more forbidden event names (${events} events). See the job summary for every event.`
    })
  }
  return annotations
}
