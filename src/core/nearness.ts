// When two event names are "close": the same name in another case, or a few typing slips apart (a letter
// missing, extra, wrong, or two letters swapped). Used to turn a misspelled forbidden name into an input error
// with a suggestion, and to list the user's events that nearly matched a forbidden name.

/** How many slips a name of this length may hold and still read as a misspelling of another. */
export function maxSlips(length: number): number {
  if (length <= 4) return 0
  if (length <= 8) return 1
  return 2
}

/**
 * The optimal-string-alignment distance between `a` and `b` (insertions, deletions, substitutions and adjacent
 * transpositions), or `limit + 1` as soon as it must exceed `limit`.
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1
  let before: number[] = []
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    let rowMin = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (before[j - 2] ?? 0) + 1)
      }
      current.push(value)
      rowMin = Math.min(rowMin, value)
    }
    if (rowMin > limit) return limit + 1
    before = previous
    previous = current
  }
  return Math.min(previous[b.length] ?? limit + 1, limit + 1)
}

/**
 * How far `candidate` is from `name` when it reads as a slip of it: 0 for the same name in another case, else
 * the edit distance; undefined when the two are not close (or identical).
 */
export function slipDistance(name: string, candidate: string): number | undefined {
  if (name === candidate) return undefined
  if (name.toLowerCase() === candidate.toLowerCase()) return 0
  const limit = maxSlips(Math.min(name.length, candidate.length))
  if (limit === 0) return undefined
  const distance = editDistance(name.toLowerCase(), candidate.toLowerCase(), limit)
  return distance <= limit ? distance : undefined
}
