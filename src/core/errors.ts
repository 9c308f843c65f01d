import { clip, MESSAGE_MAX } from './bounded.js'
import type { IncompleteCode, IncompleteInfo } from './types.js'

/** A value quoted so that control characters, line separators and bidi overrides show as escapes. */
export function visible(value: string): string {
  return JSON.stringify(value).replace(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, ch => {
    return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`
  })
}

/** A bad input: raised before any AWS client exists. Names the input, the value and the expected form. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    readonly value: string,
    readonly expected: string
  ) {
    super(`Input '${input}' has an invalid value ${visible(value)}: expected ${expected}.`)
    this.name = 'InputError'
  }
}

/**
 * A bad input explained in sentences of its own rather than "expected <form>": a misspelled event name with
 * its suggestion, a pattern that can never match where the scan looks. Still an InputError for every shell.
 */
export class InputProblem extends InputError {
  constructor(input: string, value: string, problems: readonly string[]) {
    super(input, value, problems.join(' '))
    this.message =
      problems.length === 1
        ? `Input '${input}': ${problems[0] ?? ''}`
        : [`Input '${input}' has ${problems.length} problems:`, ...problems.map(p => `- ${p}`)].join('\n')
  }
}

/**
 * Why a source stopped reading: the one failure type of every source (LookupEvents, Athena, the delivery
 * barrier). The run turns it into an incomplete scan, naming what was not read. Its reason quotes server text
 * only through bounded.ts.
 */
export class SourceFailure extends Error {
  constructor(
    readonly code: IncompleteCode,
    readonly reason: string
  ) {
    super(reason)
    this.name = 'SourceFailure'
  }
}

/** The scan read every event of the identity and found none, and the caller asked for that to fail. */
export class NoEventsError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'NoEventsError'
  }
}

/** A scan that did not see every page. Carries how far it got, so the caller can say so. */
export class IncompleteScanError extends Error {
  constructor(readonly info: IncompleteInfo) {
    super(describeIncomplete(info))
    this.name = 'IncompleteScanError'
  }
}

export function describeIncomplete(info: IncompleteInfo): string {
  const oldest = info.oldestReached ? `, oldest event reached ${info.oldestReached}` : ''
  const others = (info.unfinished ?? []).filter(u => u.region !== info.region).map(u => u.region)
  const also =
    others.length === 0
      ? ''
      : ` Also not finished: ${others.slice(0, 10).join(', ')}${others.length > 10 ? ` and ${others.length - 10} more` : ''}.`
  return (
    `CloudTrail scan incomplete in ${clip(info.region, 64)}: ${clip(info.reason, MESSAGE_MAX)} ` +
    `(stopped after ${info.pages} pages and ${info.scanned} events${oldest}).${also} ` +
    'No verdict: events after that point were not checked.'
  )
}

/** A message for anything thrown, so a thrown string or object can never leave a step green. */
export function errorMessage(error: unknown): string {
  // Duck-typed rather than `instanceof Error`: errors from another realm (a vm context) are Errors too.
  if (typeof error === 'object' && error !== null && typeof (error as Error).message === 'string') {
    return (error as Error).message || String(error)
  }
  if (typeof error === 'string') return error
  try {
    return JSON.stringify(error) ?? String(error)
  } catch {
    return String(error)
  }
}
