import { clip } from '../core/bounded.js'
import { InputProblem, visible } from '../core/errors.js'
import { editDistance } from '../core/nearness.js'
import { PARTITIONS } from './regions-data.js'

// Real AWS Regions only: a Region the SDK does not know would be called anyway and fail with a DNS error, or, on an
// emulator or a proxy, answer with nothing and end green. The list is the SDK's own (see scripts/regions.ts).

let known: ReadonlySet<string> | undefined

/** Decoded on first use, so a run pays for the list only when it validates a Region. */
function regions(): ReadonlySet<string> {
  // Each line is a partition and its Regions; the partition's name is not a Region.
  known ??= new Set(PARTITIONS.split('\n').flatMap(line => line.split(' ').slice(1)))
  return known
}

export function isRegion(name: string): boolean {
  return regions().has(name)
}

/** The Regions nearest to `name` (up to three, equally near), or none when no Region is a slip away. */
export function closestRegions(name: string): string[] {
  const text = name.trim().toLowerCase()
  const limit = Math.max(2, Math.floor(text.length / 3))
  let best = limit + 1
  let nearest: string[] = []
  for (const region of regions()) {
    const distance = editDistance(text, region, best)
    if (distance < best) {
      best = distance
      nearest = [region]
    } else if (distance === best && best <= limit) {
      nearest.push(region)
    }
  }
  return nearest.slice(0, 3)
}

/** `eu-west-22: not an AWS Region; did you mean eu-west-2?`, or undefined for a real Region. */
export function regionProblem(name: string): string | undefined {
  if (isRegion(name)) return undefined
  const shown = /^[\w.-]{1,64}$/.test(name) ? name : visible(clip(name, 64))
  const nearest = closestRegions(name)
  const hint =
    nearest.length > 0
      ? `did you mean ${nearest.join(' or ')}?`
      : 'AWS Regions look like us-east-1 or eu-west-2.'
  return `${shown}: not an AWS Region; ${hint}`
}

/** Throws one InputProblem naming every value of `input` that is not an AWS Region. */
export function checkRegions(input: string, names: readonly string[]): void {
  const problems = names.flatMap(name => regionProblem(name) ?? [])
  if (problems.length > 0) throw new InputProblem(input, names.join(', '), problems)
}
