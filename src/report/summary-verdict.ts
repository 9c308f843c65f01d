// The top of the job summary: one heading that is the verdict with its counts, and a line or two that say
// who, where and when. Each verdict has its own look; the two that fail the step (forbidden, incomplete) are
// red, and so is a run that never started (bad input).

import type { IncompleteInfo, ScanResult, UnfinishedRegion } from '../types.js'
import { identityText, verdictOf, violationTotal, regionNames } from './describe.js'
import { escapeHtml, truncate } from './escape.js'
import { cell, elided, listItems, plural } from './html.js'
import { compactWindow } from './times.js'

/** How many names the verdict lists inline (violations, patterns, unfinished Regions). */
export const VERDICT_NAMES = 10
/** Characters of a name shown inline before it is cut (the full name is in its title). */
const NAME_MAX = 64

/** The verdict block; `level` 3 for a PR comment, where an h2 shouts. */
export function verdictBlock(result: ScanResult, level: 2 | 3 = 2): string {
  const h = (text: string): string => `<h${level}>${text}</h${level}>`
  switch (verdictOf(result)) {
    case 'incomplete':
      return incompleteBlock(result, result.incomplete as IncompleteInfo, h)
    case 'forbidden':
      return [
        h(`❌ ${plural(violationTotal(result), 'forbidden event')} found`),
        `<p>${violationNames(result)}</p>`,
        `<p>${scopeLine(result)} ${deniedNote(result)}</p>`,
        approvalsNote(result)
      ]
        .filter(line => line !== '')
        .join('\n')
    case 'clean':
      return [
        h(`✅ No forbidden events in ${plural(result.scanned, 'event')}`),
        `<p>${scopeLine(result)} Every page was read and every event was checked against ${policyWords(result)}. ` +
          `${deniedNote(result)}</p>`,
        approvalsNote(result)
      ]
        .filter(line => line !== '')
        .join('\n')
    case 'discovery':
      return [
        h(`🔎 ${plural(result.events.length, 'event')} found`),
        `<p>${scopeLine(result)} Discovery: the <code>events</code> input is empty, so nothing is forbidden ` +
          'and nothing fails this step.</p>'
      ].join('\n')
    case 'no-events':
      return [
        h(
          `⚠️ No events by <code>${cell(identityText(result.query.identity), 200)}</code>: is that the right identity?`
        ),
        `<p>${scopeLine(result)} Every page was read, every event of the identity among them: it made none in ` +
          'the window. A gate whose subject never appears is almost always misconfigured (a misspelled name, the ' +
          'role name where CloudTrail records the session name, another account or Region), so this is not a ' +
          'clean result: the step fails unless <code>fail-on-no-events</code> is false.</p>'
      ].join('\n')
  }
}

/** What every event was checked against: the forbidden patterns, the allow-list, the read-only exemption. */
function policyWords(result: ScanResult): string {
  const { query } = result
  const parts: string[] = []
  if (query.patterns.length > 0) {
    parts.push(`${plural(query.patterns.length, 'forbidden pattern')}: ${patternNames(result)}`)
  }
  if (query.allowed.length > 0) {
    const shown = query.allowed.slice(0, VERDICT_NAMES).map(p => `<code>${elided(p.text, NAME_MAX)}</code>`)
    const more = query.allowed.length - shown.length
    parts.push(
      `the allow-list (${shown.join(', ')}${more > 0 ? `, …and ${more} more` : ''}): any other event is forbidden`
    )
  }
  const words = parts.join('; and ')
  return query.ignoreReadOnly ? `${words} (read-only events exempt)` : words
}

/** Approved events that did not count, and approvals that have expired (their events count again). */
function approvalsNote(result: ScanResult): string {
  const approved = result.events.filter(e => e.Forbidden && e.Approved !== null)
  if (approved.length === 0) return ''
  const items = approved.slice(0, VERDICT_NAMES).map(e => {
    const a = e.Approved as NonNullable<typeof e.Approved>
    const why = a.reason === null ? '' : ` — ${cell(a.reason, 200)}`
    const state = a.expired
      ? `⌛ approval expired ${cell(a.until, 10)}: it counts again`
      : `approved until ${cell(a.until, 10)}`
    return `<code>${cell(e.EventName, NAME_MAX)}</code> <code>${cell(e.EventId, 80)}</code>: ${state}${why}`
  })
  const live = approved.filter(e => !(e.Approved?.expired ?? false)).length
  const head =
    live > 0 ? `${plural(live, 'approved event')} did not fail the step (approved-events):` : 'Approvals:'
  return [`<p>${head}</p>`, '<ul>', ...listItems(items, VERDICT_NAMES, 'approvals'), '</ul>'].join('\n')
}

function incompleteBlock(result: ScanResult, info: IncompleteInfo, h: (text: string) => string): string {
  const unfinished = unfinishedRegions(info)
  const items = unfinished.map(u => {
    const oldest = u.oldestReached === null ? '' : ` (oldest event reached: ${cell(u.oldestReached, 40)})`
    return `<b>${cell(u.region, 40)}</b>: ${cell(u.reason, 500)}${oldest}`
  })
  const lines = [
    // Regions by name; accounts, Athena tables and other places are "parts".
    h(
      `🛑 Scan incomplete: ${plural(unfinished.length, unfinished.every(u => /^[a-z0-9-]+$/.test(u.region)) ? 'Region' : 'part')} not read to the end`
    ),
    `<p><b>The step fails.</b> The scan stopped before it had read every page, so it cannot say the ` +
      `identity is clean. ${scopeLine(result)}</p>`,
    '<ul>',
    ...listItems(items, VERDICT_NAMES, 'Regions'),
    '</ul>',
    `<p>Read before it stopped: ${plural(info.pages, 'page')}, ${plural(info.scanned, 'record')}.</p>`
  ]
  if (result.violations.length > 0) {
    lines.push(`<p>Forbidden events were already seen before the scan stopped: ${violationNames(result)}</p>`)
  }
  return lines.join('\n')
}

/** Every Region that did not finish, the one that failed first first (older results name only `region`). */
export function unfinishedRegions(info: IncompleteInfo): readonly UnfinishedRegion[] {
  if (info.unfinished !== undefined && info.unfinished.length > 0) return info.unfinished
  return [{ region: info.region, code: info.code, reason: info.reason, oldestReached: info.oldestReached }]
}

/** `<code>DeleteBucket</code> ×2 · <code>StopLogging</code> ×1`, the first few, then how many more. */
function violationNames(result: ScanResult): string {
  const shown = result.violations
    .slice(0, VERDICT_NAMES)
    .map(
      v => `<code>${elided(v.name, NAME_MAX, { breakable: true })}</code> ×${v.count.toLocaleString('en-US')}`
    )
  const more = result.violations.length - shown.length
  return shown.join(' · ') + (more > 0 ? ` · …and ${plural(more, 'more name')}` : '')
}

function patternNames(result: ScanResult): string {
  const patterns = result.query.patterns
  const shown = patterns
    .slice(0, VERDICT_NAMES)
    .map(p => `<code>${elided(p.text, NAME_MAX, { breakable: true })}</code>`)
  const more = patterns.length - shown.length
  return shown.join(', ') + (more > 0 ? `, …and ${more} more` : '')
}

function deniedNote(result: ScanResult): string {
  if (result.denied === 0) return ''
  return result.query.ignoreDenied
    ? `${plural(result.denied, 'denied attempt')} of forbidden events did not count (ignore-denied).`
    : `${plural(result.denied, 'denied attempt')} counted as forbidden (set ignore-denied to skip them).`
}

/** `By <code>deploy-bot</code> in eu-west-2, 2024-01-05 00:00 → 12:00 UTC.` */
function scopeLine(result: ScanResult): string {
  const { query } = result
  const named = regionNames(query.regions)
  const regions = named.slice(0, VERDICT_NAMES).map(r => cell(r, 40))
  const moreRegions = named.length - regions.length
  const where = regions.join(', ') + (moreRegions > 0 ? ` and ${moreRegions} more` : '')
  return (
    `By <code>${cell(identityText(query.identity), 300)}</code> in ${where}, ` +
    `${compactWindow(query.window.start, query.window.end)}.`
  )
}

/**
 * The whole summary of a run that never scanned (a bad input, a credentials set-up error): what was wrong,
 * and what the outputs say. `input` distinguishes the user's mistake from a failure to start.
 */
export function notStartedSummary(message: string, kind: 'input' | 'setup'): string {
  const heading =
    kind === 'input' ? '<h2>❗ Bad input: nothing was scanned</h2>' : '<h2>❗ The scan could not start</h2>'
  return [
    heading,
    `<p>${escapeHtml(truncate(message, 2000))}</p>`,
    '<p>The step fails. Outputs: <code>found=unknown</code>, <code>complete=false</code>.</p>'
  ].join('\n')
}
