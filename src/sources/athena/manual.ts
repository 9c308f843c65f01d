import { GetPartitionsCommand, type GlueClient, type Partition } from '@aws-sdk/client-glue'
import { paginate, TokenGuard } from '../../aws/pages.js'
import { listSome, quote } from '../../core/bounded.js'
import { ANY, type Slice, type Uncovered } from '../../core/coverage.js'
import { SourceFailure } from '../../core/errors.js'
import type { AthenaSettings } from '../../core/types.js'
import { call, type CallDeps } from './call.js'
import { regionFolderOf } from './holds.js'
import type { Partitioning } from './table.js'

// A table whose partitions are registered by hand (no projection) holds exactly the partitions Glue lists: a day
// or a Region nobody added is not read, whatever the trail wrote. So for such a table every day of the window, in
// every Region asked, must have a partition whose files are that Region's — else that part is not covered. A quiet
// Region may have no files on a day; the message says so, and the fix (partition projection) ends the question.

const DAY_MS = 86_400_000
/** Pages of partitions read at most (1,000 each by default): years of Regions and days. */
const MAX_PAGES = 200

function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

/** Every UTC day the window touches, `YYYY-MM-DD`. */
export function daysOf(start: Date, end: Date): string[] {
  const days: string[] = []
  for (
    let t = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate());
    t <= end.getTime();
    t += DAY_MS
  ) {
    days.push(dayOf(t))
  }
  return days
}

/**
 * The (Region, day) pairs whose partition Glue lists and whose files are that Region's; `elsewhere` collects the
 * partitions named for one Region whose Location is another's.
 */
function registered(
  partitions: readonly Partition[],
  keys: readonly string[],
  elsewhere: string[]
): Set<string> {
  const at = (key: string): number => keys.indexOf(key)
  const [region, year, month, day] = [at('region'), at('year'), at('month'), at('day')]
  const held = new Set<string>()
  for (const partition of partitions) {
    const values = partition.Values ?? []
    const r = values[region]
    if (r === undefined) continue
    const date = `${values[year] ?? ''}-${(values[month] ?? '').padStart(2, '0')}-${(values[day] ?? '').padStart(2, '0')}`
    // Athena reads a partition's own Location: a partition named eu-west-1 over us-east-1's folder holds us-east-1.
    const folder = regionFolderOf(partition.StorageDescriptor?.Location)
    if (folder !== undefined && folder !== r) {
      elsewhere.push(`${r} ${date} reads ${folder}'s folder`)
      continue
    }
    held.add(`${r}|${date}`)
  }
  return held
}

async function listPartitions(
  glue: GlueClient,
  settings: AthenaSettings,
  deps: CallDeps
): Promise<Partition[]> {
  const all: Partition[] = []
  const fetch = (token: string | undefined) =>
    call(
      'Glue GetPartitions',
      signal =>
        glue.send(
          new GetPartitionsCommand({
            DatabaseName: settings.database,
            TableName: settings.table,
            ...(token !== undefined && { NextToken: token })
          }),
          { abortSignal: signal }
        ),
      deps
    )
  let pages = 0
  for await (const page of paginate(
    fetch,
    p => p.NextToken || undefined,
    new TokenGuard('Glue GetPartitions')
  )) {
    const partitions: unknown = page.Partitions
    if (!Array.isArray(partitions)) {
      throw new SourceFailure('bad-response', 'Glue GetPartitions answered with no Partitions list')
    }
    all.push(...(partitions as Partition[]))
    if (++pages >= MAX_PAGES) break
  }
  return all
}

/**
 * What a manual table cannot hold of the slices: each Region asked, each day of the window; and the Regions it has
 * partitions for (those a slice of every Region covers). Throws nothing for a denied listing: the slices are then
 * not covered, saying which permission would tell.
 */
export async function manualGaps(
  slices: readonly Slice[],
  partitioning: Partitioning,
  table: { readonly name: string; readonly settings: AthenaSettings; readonly glue: GlueClient },
  deps: CallDeps
): Promise<{ uncovered: Uncovered[]; regions: string[] | undefined }> {
  if (!partitioning.keys.includes('region') || partitioning.day?.kind !== 'year-month-day') {
    return { uncovered: [], regions: undefined }
  }
  let partitions: Partition[]
  try {
    partitions = await listPartitions(table.glue, table.settings, deps)
  } catch (error) {
    if (!(error instanceof SourceFailure)) throw error
    const reason =
      `the partitions of ${table.name} cannot be listed (${quote(error.reason)}): without glue:GetPartitions the ` +
      'gate cannot tell which days and Regions the table holds'
    return {
      uncovered: slices.map(s => ({ account: s.account, region: s.region, reason })),
      regions: undefined
    }
  }
  const elsewhere: string[] = []
  const held = registered(partitions, partitioning.keys, elsewhere)
  const regionsWithAny = new Set([...held].map(k => k.split('|')[0] ?? ''))
  const uncovered = slices.flatMap(slice => {
    if (slice.region === ANY && regionsWithAny.size === 0) {
      return [
        { account: slice.account, region: slice.region, reason: `${table.name} has no partition registered` }
      ]
    }
    const regions = slice.region === ANY ? [...regionsWithAny] : [slice.region]
    const missing = regions.flatMap(region =>
      daysOf(slice.window.start, slice.window.end)
        .filter(day => !held.has(`${region}|${day}`))
        .map(day => `${region} ${day}`)
    )
    if (missing.length === 0) return []
    const reason =
      `${table.name} registers its partitions by hand, and has none for ${listSome(missing, 5)}: a Region with no ` +
      'events that day has no files, but any file the trail wrote there is not read. Register the partitions ' +
      '(MSCK REPAIR TABLE, ALTER TABLE ADD PARTITION) or use partition projection' +
      (elsewhere.length > 0 ? ` (the partition of ${listSome(elsewhere, 3)})` : '')
    return [{ account: slice.account, region: slice.region, reason }]
  })
  return { uncovered, regions: [...regionsWithAny].sort() }
}
