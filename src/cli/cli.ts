import { parseArgs } from 'node:util'
import { clip, MESSAGE_MAX } from '../core/bounded.js'
import type { StsFactory } from '../aws/marker.js'
import { systemClock, type Clock } from '../core/clock.js'
import { TOOL_NAME, TOOL_VERSION } from '../core/constants.js'
import { describeIncomplete, errorMessage, InputError } from '../core/errors.js'
import { defaultSessionName } from '../aws/credentials.js'
import { validateQuery } from '../query/inputs.js'
import type { CloudTrailLike } from '../sources/lookup-events/call.js'
import { reportJson, writeReportTo, type ReportMeta } from '../report/file.js'
import { noEventsLine } from '../report/no-events.js'
import { sanitizeForLog } from '../report/escape.js'
import { formatTable } from '../report/table.js'
import { scan } from '../run/run.js'
import type { ScanResult } from '../types.js'
import { cliNames, OPTIONS, rawQuery, USAGE, type Flags } from './usage.js'

// The CLI shell, for the seed's command-line use. Exit codes: 0 clean or discovery, 1 forbidden events found,
// 2 bad input or an incomplete scan (no verdict).

export { USAGE } from './usage.js'

export interface CliIo {
  readonly stdout: (text: string) => void
  readonly stderr: (text: string) => void
  readonly env: Readonly<Record<string, string | undefined>>
  readonly clock?: Clock
  readonly clientFor?: (region: string) => CloudTrailLike
  readonly stsFor?: StsFactory
}

function parse(argv: readonly string[]): Flags {
  return parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }).values
}

/** Each line on a line of its own, made inert: messages quote inputs, servers and CloudTrail's names. */
function lines(text: string): string {
  return text.split('\n').map(sanitizeForLog).join('\n')
}

/** Every warning on stderr, one line each: they quote inputs and CloudTrail's names. */
function warn(io: CliIo, warnings: readonly string[]): void {
  for (const warning of warnings) io.stderr(`warning: ${sanitizeForLog(warning)}\n`)
}

/** Writes the report where --report says (the file the action writes, to a path of the user's choosing). */
async function writeReportFile(path: string, result: ScanResult, meta: ReportMeta): Promise<void> {
  try {
    // Readable by the owner only when created: CloudTrail data names resources and principals.
    await writeReportTo(path, result, meta, 'w')
  } catch (error) {
    throw new Error(`Could not write the report to ${path}: ${errorMessage(error)}`)
  }
}

/** Runs the CLI and returns its exit code. */
/** The exit code of a run that read everything and found no event of the identity. */
export const NO_EVENTS_EXIT = 3

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const clock = io.clock ?? systemClock
  let flags: Flags
  try {
    flags = parse(argv)
  } catch (error) {
    io.stderr(`${errorMessage(error)}\n\n${USAGE}\n`)
    return 2
  }
  if (flags.help) return (io.stdout(`${USAGE}\n`), 0)
  if (flags.version) return (io.stdout(`${TOOL_VERSION}\n`), 0)
  try {
    if (flags.output !== 'table' && flags.output !== 'json') {
      throw new InputError('--output', flags.output, 'table or json')
    }
    if (flags['no-fail-on-no-events'] && flags['fail-on-no-events']) {
      throw new InputError(
        '--no-fail-on-no-events',
        'true',
        'one of --fail-on-no-events and --no-fail-on-no-events'
      )
    }
    if (flags.report !== undefined && flags.report.trim() === '') {
      throw new InputError('--report', flags.report, 'a file to write the JSON report to')
    }
    const names = cliNames(flags)
    const query = await validateQuery(rawQuery(flags), { now: new Date(clock.now()), env: io.env, names })
    warn(io, query.warnings)
    const progress = { info: (line: string) => io.stderr(`${sanitizeForLog(line)}\n`) }
    const result = await scan(query, {
      ...(io.clientFor && { clientFor: io.clientFor }),
      ...(io.stsFor && { stsFor: io.stsFor }),
      clock,
      progress,
      sessionName: defaultSessionName(io.env)
    })
    warn(io, result.athena?.warnings ?? [])
    const meta = { tool: TOOL_NAME, version: TOOL_VERSION, generatedAt: new Date(clock.now()) }
    if (flags.report !== undefined) await writeReportFile(flags.report, result, meta)
    if (flags.output === 'json') {
      io.stdout(reportJson(result, meta))
    } else {
      const where =
        flags.report === undefined ? 'the JSON report: add --report FILE, or use --output json' : flags.report
      io.stdout(`${formatTable(result, { where })}\n`)
    }
    if (result.incomplete) {
      // The reason quotes the server (bounded): no control character or workflow command reaches the terminal.
      io.stderr(`${sanitizeForLog(describeIncomplete(result.incomplete))}\n`)
      return 2
    }
    if (result.found) return 1
    const none = noEventsLine(result)
    if (none === undefined) return 0
    io.stderr(`${TOOL_NAME}: ${sanitizeForLog(none)}\n`)
    return flags['no-fail-on-no-events'] ? 0 : NO_EVENTS_EXIT
  } catch (error) {
    io.stderr(`${TOOL_NAME}: ${lines(clip(errorMessage(error), MESSAGE_MAX))}\n`)
    return 2
  }
}
