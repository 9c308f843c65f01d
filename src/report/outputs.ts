// The action's outputs, as the strings core.setOutput receives. Outputs live in the runner's GITHUB_OUTPUT
// file and in every later step's expressions, so the events list is capped.

import type { ScanResult } from '../types.js'
import { OUTPUTS } from '../core/constants.js'
import { verdictOutput } from './describe.js'

/** Output names, as action.yml declares them. */
export { OUTPUTS }

export const DEFAULT_MAX_EVENTS_BYTES = 512 * 1024

/**
 * The outputs of one scan. `found` is `true`/`false` for a complete scan; for an incomplete one it is `true`
 * when a violation was already seen and `unknown` otherwise, never `false`.
 */
export function buildOutputs(
  result: ScanResult,
  reportPath: string,
  opts: { maxEventsBytes?: number } = {}
): Record<string, string> {
  const { json, truncated } = newestEventsJson(result, opts.maxEventsBytes ?? DEFAULT_MAX_EVENTS_BYTES)
  const complete = result.incomplete === undefined
  const found = complete
    ? String(result.found)
    : result.found || result.violations.length > 0
      ? 'true'
      : 'unknown'
  return {
    [OUTPUTS.verdict]: verdictOutput(result),
    [OUTPUTS.events]: json,
    [OUTPUTS.eventsTruncated]: String(truncated),
    [OUTPUTS.count]: String(result.events.length),
    [OUTPUTS.scanned]: String(result.scanned),
    [OUTPUTS.found]: found,
    [OUTPUTS.complete]: String(complete),
    [OUTPUTS.denied]: String(result.denied),
    [OUTPUTS.report]: reportPath,
    // The accounts named and read; empty for the credentials' own account.
    [OUTPUTS.accounts]: (result.accounts ?? []).map(a => a.account).join(',')
  }
}

/** A JSON array of the newest events (they come newest first) whose UTF-8 size fits `maxBytes`. */
function newestEventsJson(result: ScanResult, maxBytes: number): { json: string; truncated: boolean } {
  const parts: string[] = []
  let size = 2 // the brackets
  for (const event of result.events) {
    const part = JSON.stringify(event)
    size += Buffer.byteLength(part, 'utf8') + (parts.length > 0 ? 1 : 0)
    if (size > maxBytes) break
    parts.push(part)
  }
  return { json: `[${parts.join(',')}]`, truncated: parts.length < result.events.length }
}

/**
 * The outputs of a run that never produced a result (a bad input, a set-up failure): nothing is known, and a
 * later step that reads `found` must not mistake the silence for `false`.
 */
export function notStartedOutputs(kind: 'input' | 'setup' = 'input'): Record<string, string> {
  return {
    [OUTPUTS.verdict]: kind === 'input' ? 'invalid-input' : 'incomplete',
    [OUTPUTS.found]: 'unknown',
    [OUTPUTS.complete]: 'false'
  }
}
