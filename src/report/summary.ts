// The job summary: one HTML string for core.summary.addRaw(), laid out for a reader. Line 1 is the verdict with
// its counts; then any notices (short lines that need attention); then the matched events, newest first; then
// collapsed <details> sections (query, plan, Regions, names, cost, and whatever other modules add in
// summary-sections.ts). Everything is HTML blocks separated by blank lines, so GitHub's markdown parser never
// looks inside them, and the whole stays within a byte budget (GitHub refuses a step summary over 1 MiB).

import type { ScanResult } from '../types.js'
import { escapeHtml, truncate } from './escape.js'
import { bytes } from './html.js'
import { eventsBlock } from './summary-events.js'
import {
  SUMMARY_NOTICES,
  SUMMARY_SECTIONS,
  type SummaryNotice,
  type SummarySection
} from './summary-sections.js'
import { verdictBlock } from './summary-verdict.js'

export type { SummaryNotice, SummarySection } from './summary-sections.js'

export interface SummaryOptions {
  /** Where the full report was written, named when rows are left out. */
  readonly reportPath?: string
  /** Most matched events shown (the newest). Default 200. */
  readonly maxRows?: number
  /** Size limit of the whole string in UTF-8 bytes. Default 256 KiB; never below {@link MIN_SUMMARY_BYTES}. */
  readonly maxBytes?: number
  /** The collapsed sections, in order. Default {@link SUMMARY_SECTIONS}. */
  readonly sections?: readonly SummarySection[]
  /** The lines under the verdict, in order. Default {@link SUMMARY_NOTICES}. */
  readonly notices?: readonly SummaryNotice[]
}

export const DEFAULT_MAX_ROWS = 200
export const DEFAULT_MAX_BYTES = 256 * 1024
/** Room for the verdict and notices, whatever the result: a smaller maxBytes is raised to this. */
export const MIN_SUMMARY_BYTES = 32 * 1024

const SEPARATOR = '\n\n'
/** Largest verdict block; a bigger one (hostile names, many Regions) is cut to its heading. */
const VERDICT_MAX = 16 * 1024
const NOTICE_MAX = 2 * 1024
const OMITTED_NOTE_MAX = 300

export function buildSummary(result: ScanResult, opts: SummaryOptions = {}): string {
  const maxRows = Math.max(0, opts.maxRows ?? DEFAULT_MAX_ROWS)
  const maxBytes = Math.max(MIN_SUMMARY_BYTES, opts.maxBytes ?? DEFAULT_MAX_BYTES)
  const where = whereHtml(opts.reportPath)
  const notices = (opts.notices ?? SUMMARY_NOTICES).map(notice => notice(result)).filter(n => n !== '')
  const head = [fitVerdict(verdictBlock(result)), ...notices.filter(n => bytes(n) <= NOTICE_MAX)]
  // What the rest may use: blocks after the head, their separators, the omitted note and the final newline.
  let left = maxBytes - bytes(head.join(SEPARATOR)) - OMITTED_NOTE_MAX - 1
  const sections = (opts.sections ?? SUMMARY_SECTIONS)
    .map(section => ({ name: section.name, html: section.render(result) }))
    .filter(section => section.html !== '')
  // The events table is what a reader came for, but it may not crowd out every section: it gets what the
  // sections leave, and at least half.
  const wanted = sections.reduce((sum, s) => sum + SEPARATOR.length + bytes(s.html), 0)
  const events = eventsBlock(result, maxRows, left - Math.min(wanted, Math.floor(left / 2)), where)
  const blocks = [...head]
  if (events !== '') {
    blocks.push(events)
    left -= SEPARATOR.length + bytes(events)
  }
  const omitted: string[] = []
  for (const section of sections) {
    const size = SEPARATOR.length + bytes(section.html)
    if (size > left) {
      omitted.push(section.name)
      continue
    }
    blocks.push(section.html)
    left -= size
  }
  if (omitted.length > 0) {
    const names = escapeHtml(truncate(omitted.join(', '), 200))
    blocks.push(`<p>Left out to keep this summary under ${kib(maxBytes)}: ${names}.</p>`)
  }
  return blocks.join(SEPARATOR) + '\n'
}

function fitVerdict(block: string): string {
  if (bytes(block) <= VERDICT_MAX) return block
  const heading = block.split('\n')[0] ?? ''
  return `${heading}\n<p>The details of this verdict were too long to show; they are in the report file.</p>`
}

/** Our own path, but escaped all the same (a workspace path may hold any character). */
function whereHtml(reportPath: string | undefined): string {
  if (reportPath === undefined) return 'the report file'
  return `the report file <code>${escapeHtml(truncate(reportPath, 300))}</code>`
}

function kib(n: number): string {
  return `${Math.floor(n / 1024)} KiB`
}
