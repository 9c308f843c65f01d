import { InputError } from '../core/errors.js'
import type { AthenaSettings, SourceName } from '../core/types.js'
import { ACTION_NAMES, type InputNames } from './names.js'

// The Athena source's own inputs, parsed once like every other input: a bad value names the input and the form.

export type { AthenaSettings, SourceName } from '../core/types.js'

export interface RawAthenaInputs {
  readonly table?: string | undefined
  readonly workgroup?: string | undefined
  readonly outputLocation?: string | undefined
  readonly catalog?: string | undefined
  readonly maxBytesScanned?: string | number | undefined
  readonly acceptTrailGaps?: string | boolean | undefined
}

// Athena: "database, table, and column names must be lowercase letters, numbers, and the underscore". The table is
// the only input that reaches the SQL text (as a quoted identifier), so it is held to exactly that.
const NAME = /^[a-z0-9_]{1,255}$/
const WORKGROUP = /^[a-zA-Z0-9._-]{1,128}$/
const CATALOG = /^[\w@-]{1,256}$/
const S3_URI = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[^\s\x00-\x1f]*)?$/ // eslint-disable-line no-control-regex
const SIZE = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB|PB|KiB|MiB|GiB|TiB|PiB)?$/i

export const SIZE_FORMS =
  'a size such as 500MB, 10GB, 1.5TB or 2TiB (KB/MB/GB/TB are powers of 1000, KiB… of 1024)'

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  pb: 1e15,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
  pib: 2 ** 50
}

export function parseSource(value: string | undefined, names: InputNames = ACTION_NAMES): SourceName {
  const text = (value ?? '').trim()
  if (text === '' || text === 'lookup-events') return 'lookup-events'
  if (text === 'athena') return 'athena'
  throw new InputError(names('source'), text, 'lookup-events or athena')
}

/** `10GB` → 10,000,000,000. Undefined for an empty value (no cap). */
export function parseByteSize(input: string, value: string | number | undefined): number | undefined {
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && value > 0) return value
    throw new InputError(input, String(value), SIZE_FORMS)
  }
  const text = (value ?? '').trim()
  if (text === '') return undefined
  const match = SIZE.exec(text)
  const bytes = match ? Math.floor(Number(match[1]) * (UNITS[(match[2] ?? 'b').toLowerCase()] ?? NaN)) : NaN
  if (!Number.isSafeInteger(bytes) || bytes <= 0) throw new InputError(input, text, SIZE_FORMS)
  return bytes
}

function parseTable(value: string | undefined, input: string): { database: string; table: string } {
  const text = (value ?? '').trim()
  const parts = text.toLowerCase().split('.')
  const [database, table] = parts
  if (
    parts.length !== 2 ||
    database === undefined ||
    table === undefined ||
    !NAME.test(database) ||
    !NAME.test(table)
  ) {
    throw new InputError(
      input,
      text,
      'database.table of a CloudTrail table in Athena (letters, digits and _ in each part), e.g. security.cloudtrail_logs'
    )
  }
  return { database, table }
}

function parsePattern(
  input: string,
  value: string | undefined,
  fallback: string,
  pattern: RegExp,
  form: string
): string {
  const text = (value ?? '').trim()
  if (text === '') return fallback
  if (!pattern.test(text)) throw new InputError(input, text, form)
  return text
}

function parseFlag(input: string, value: string | boolean | undefined): boolean {
  if (typeof value === 'boolean') return value
  const text = (value ?? '').trim()
  if (text === '' || /^false$/i.test(text)) return false
  if (/^true$/i.test(text)) return true
  throw new InputError(input, text, 'true or false')
}

/** Validates the Athena inputs; only called when `source` is `athena`. */
export function parseAthenaSettings(
  region: string,
  raw: RawAthenaInputs,
  names: InputNames = ACTION_NAMES
): AthenaSettings {
  const { database, table } = parseTable(raw.table, names('athenaTable'))
  const output = (raw.outputLocation ?? '').trim()
  if (output !== '' && !S3_URI.test(output)) {
    throw new InputError(
      names('athenaOutputLocation'),
      output,
      'an S3 URI such as s3://my-bucket/athena-results/'
    )
  }
  return {
    region,
    database,
    table,
    workgroup: parsePattern(
      names('athenaWorkgroup'),
      raw.workgroup,
      'primary',
      WORKGROUP,
      'an Athena workgroup name'
    ),
    outputLocation: output === '' ? undefined : output,
    catalog: parsePattern(
      names('athenaCatalog'),
      raw.catalog,
      'AwsDataCatalog',
      CATALOG,
      'a data catalog name'
    ),
    maxBytesScanned: parseByteSize(names('athenaMaxBytesScanned'), raw.maxBytesScanned),
    acceptTrailGaps: parseFlag(names('athenaAcceptTrailGaps'), raw.acceptTrailGaps)
  }
}
