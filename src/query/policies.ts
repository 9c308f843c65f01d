import { InputError } from '../core/errors.js'
import { PATTERN_FORMS, parsePattern, splitList } from '../core/patterns.js'
import type { Approval, EventPattern } from '../core/types.js'
import type { InputNames } from './names.js'

// The policies people live with: an allow-list (every event of the identity outside it is forbidden), approvals of
// reviewed events (one break-glass call must not block every pull request for 90 days), and read-only events left
// alone. Parsed once; each mistake an input error naming the input, the line and the form.

const DAY_MS = 86_400_000
/** An approval may run at most this long: a reviewed event is looked at again within a year. */
export const MAX_APPROVAL_DAYS = 366

/** `allowed-events`: patterns like `events`; empty: no allow-list. */
export function parseAllowed(
  value: string | readonly string[] | undefined,
  names: InputNames
): EventPattern[] {
  const given = typeof value === 'string' ? [value] : [...(value ?? [])]
  const entries = [...new Set(given.flatMap(splitList))]
  return entries.map(entry => {
    const pattern = parsePattern(entry)
    if (!pattern) throw new InputError(names('allowedEvents'), entry, PATTERN_FORMS)
    return pattern
  })
}

export const APPROVAL_FORM =
  'one approval a line: `<EventId> until <YYYY-MM-DD>`, optionally followed by ` # reason`, at most a year ahead'

const LINE = /^([A-Za-z0-9_-]{1,128})\s+until\s+(\d{4})-(\d{2})-(\d{2})(?:\s+#\s*(.*))?$/
/** Longest reason kept: a sentence or a ticket link, never a document. */
const REASON_MAX = 200

function approvalOf(line: string, input: string, now: Date): Approval {
  const match = LINE.exec(line)
  if (!match) throw new InputError(input, line, APPROVAL_FORM)
  const [, eventId = '', y = '', m = '', d = '', reason] = match
  const day = Date.UTC(Number(y), Number(m) - 1, Number(d))
  const date = new Date(day)
  if (
    date.getUTCFullYear() !== Number(y) ||
    date.getUTCMonth() !== Number(m) - 1 ||
    date.getUTCDate() !== Number(d)
  ) {
    throw new InputError(input, line, `${APPROVAL_FORM} (${y}-${m}-${d} is not a date)`)
  }
  // Valid through the whole of its last day, UTC.
  const until = new Date(day + DAY_MS - 1)
  if (until.getTime() - now.getTime() > MAX_APPROVAL_DAYS * DAY_MS) {
    throw new InputError(input, line, `${APPROVAL_FORM} (an approval runs at most ${MAX_APPROVAL_DAYS} days)`)
  }
  const text = (reason ?? '').trim()
  return { eventId, until, ...(text !== '' && { reason: text.slice(0, REASON_MAX) }) }
}

/** `approved-events`: one approval a line; the same EventId twice must say the same. */
export function parseApprovals(
  value: string | readonly string[] | undefined,
  names: InputNames,
  now: Date
): Approval[] {
  const input = names('approvedEvents')
  const lines = (
    typeof value === 'string' ? value.split(/\r?\n/) : [...(value ?? [])].flatMap(v => v.split(/\r?\n/))
  )
    .map(line => line.trim())
    .filter(line => line !== '')
  const byId = new Map<string, Approval>()
  for (const line of lines) {
    const approval = approvalOf(line, input, now)
    const earlier = byId.get(approval.eventId)
    if (earlier && earlier.until.getTime() !== approval.until.getTime()) {
      throw new InputError(input, line, `one approval per EventId (${approval.eventId} is approved twice)`)
    }
    byId.set(approval.eventId, approval)
  }
  return [...byId.values()]
}
