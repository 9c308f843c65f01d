import { InputError } from '../core/errors.js'
import { parseAthenaSettings, type AthenaSettings, type SourceName } from './athena-settings.js'
import type { InputKey, InputNames } from './names.js'

/** The Athena inputs as raw strings, part of every shell's raw query. */
export interface RawAthenaQuery {
  readonly source?: string | undefined
  readonly athenaTable?: string | undefined
  readonly athenaWorkgroup?: string | undefined
  readonly athenaOutputLocation?: string | undefined
  readonly athenaCatalog?: string | undefined
  readonly athenaMaxBytesScanned?: string | number | undefined
  readonly athenaAcceptTrailGaps?: string | boolean | undefined
}

/**
 * The source, and its Athena settings when it is Athena. `home` is the Region Athena and Glue are called in (the
 * environment's, else the first Region asked for). Athena inputs given to LookupEvents are named in a warning.
 */
export function athenaFromRaw(
  raw: RawAthenaQuery,
  source: SourceName,
  home: string | undefined,
  context: { readonly names: InputNames; readonly warnings: string[] }
): AthenaSettings | undefined {
  const { names, warnings } = context
  if (source === 'athena') {
    if (!home) {
      throw new InputError(
        names('region'),
        '',
        'the Region of the Athena workgroup and Glue table: set AWS_REGION (aws-actions/configure-aws-credentials ' +
          `sets it) or ${names('region')}`
      )
    }
    return parseAthenaSettings(
      home,
      {
        table: raw.athenaTable,
        workgroup: raw.athenaWorkgroup,
        outputLocation: raw.athenaOutputLocation,
        catalog: raw.athenaCatalog,
        maxBytesScanned: raw.athenaMaxBytesScanned,
        acceptTrailGaps: raw.athenaAcceptTrailGaps
      },
      names
    )
  }
  const given = (
    [
      ['athenaTable', raw.athenaTable],
      ['athenaOutputLocation', raw.athenaOutputLocation],
      ['athenaMaxBytesScanned', raw.athenaMaxBytesScanned],
      ['athenaAcceptTrailGaps', raw.athenaAcceptTrailGaps === false ? undefined : raw.athenaAcceptTrailGaps]
    ] as ReadonlyArray<[InputKey, string | number | boolean | undefined]>
  ).filter(([, value]) => value !== undefined && String(value).trim() !== '')
  if (given.length > 0) {
    warnings.push(
      `${given.map(([key]) => names(key)).join(', ')} ${given.length === 1 ? 'is' : 'are'} set but ` +
        `${names('source')} is lookup-events: set ${names('source')} to athena to query the trail with Athena.`
    )
  }
  return undefined
}
