import { INPUTS } from '../core/constants.js'
import { InputError } from '../core/errors.js'
import { parseAthenaSettings, type AthenaSettings, type SourceName } from './athena-settings.js'

/** The Athena inputs as raw strings, part of every shell's raw query. */
export interface RawAthenaQuery {
  readonly source?: string | undefined
  readonly athenaTable?: string | undefined
  readonly athenaWorkgroup?: string | undefined
  readonly athenaOutputLocation?: string | undefined
  readonly athenaCatalog?: string | undefined
  readonly athenaMaxBytesScanned?: string | number | undefined
}

/**
 * The source, and its Athena settings when it is Athena. `home` is the Region Athena and Glue are called in (the
 * environment's, else the first Region asked for). Athena inputs given to LookupEvents are named in a warning.
 */
export function athenaFromRaw(
  raw: RawAthenaQuery,
  source: SourceName,
  home: string | undefined,
  warnings: string[]
): AthenaSettings | undefined {
  if (source === 'athena') {
    if (!home) {
      throw new InputError(
        INPUTS.region,
        '',
        'the Region of the Athena workgroup and Glue table: set AWS_REGION (aws-actions/configure-aws-credentials ' +
          'sets it) or the region input'
      )
    }
    return parseAthenaSettings(home, {
      table: raw.athenaTable,
      workgroup: raw.athenaWorkgroup,
      outputLocation: raw.athenaOutputLocation,
      catalog: raw.athenaCatalog,
      maxBytesScanned: raw.athenaMaxBytesScanned
    })
  }
  const given = [
    [INPUTS.athenaTable, raw.athenaTable],
    [INPUTS.athenaOutputLocation, raw.athenaOutputLocation],
    [INPUTS.athenaMaxBytesScanned, raw.athenaMaxBytesScanned]
  ].filter(([, value]) => value !== undefined && String(value).trim() !== '')
  if (given.length > 0) {
    warnings.push(
      `${given.map(([name]) => name).join(', ')} ${given.length === 1 ? 'is' : 'are'} set but source is ` +
        'lookup-events: set source: athena to query the trail with Athena.'
    )
  }
  return undefined
}
