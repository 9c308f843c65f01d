// The catalog's compact text form: a source's event names sorted, each written as one character giving how many
// leading characters it shares with the name before it (0–9, a–z, A–Z: 0 to 61), then the rest of the name.
// `CreateBucket CreateBucketMetadataConfiguration` becomes `0CreateBucket cMetadataConfiguration`. It keeps the
// bundled file at about two thirds of the plain list, and every source on one reviewable line.
//
// The bundled catalog then replaces the most frequent words of those rests (`Configuration`, `Resource`…) by a
// code from a word list it carries: one punctuation character for the first 25 words, `~` and a digit character
// for the next 62. Names hold only letters, digits and `_`, and event sources letters, digits, `.` and `-`, so a
// code can never be read as part of either; the words take a quarter off the bundle.

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'
/**
 * Characters no name and no event source holds (sources have `.` and `-`), and a template literal keeps as they
 * are (no backtick, backslash or `$`).
 */
const SINGLES = `!"#%&'()*+,/:;<=>?@[]^{|}`
const ESCAPE = '~'
export const MAX_WORDS = SINGLES.length + DIGITS.length

/** Sorts (by UTF-16 code unit, so the order is the same everywhere), de-duplicates and front-codes names. */
export function encodeNames(names: readonly string[]): string {
  const sorted = [...new Set(names)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  let previous = ''
  return sorted
    .map(name => {
      let shared = 0
      const max = Math.min(previous.length, name.length, DIGITS.length - 1)
      while (shared < max && previous[shared] === name[shared]) shared += 1
      previous = name
      return `${DIGITS[shared] ?? '0'}${name.slice(shared)}`
    })
    .join(' ')
}

/** The names of one encoded list (its word codes expanded), in order. Throws on a malformed entry. */
export function decodeNames(encoded: string): string[] {
  const names: string[] = []
  let previous = ''
  for (const entry of encoded.split(' ')) {
    const shared = DIGITS.indexOf(entry.charAt(0))
    if (entry.length < 2 || shared < 0 || shared > previous.length) {
      throw new Error(`Malformed catalog entry ${JSON.stringify(entry)}`)
    }
    previous = previous.slice(0, shared) + entry.slice(1)
    names.push(previous)
  }
  return names
}

/** A code: one of SINGLES, or the escape and the character after it (alone, it is malformed). */
const CODE = /~.?|[!"#%&'()*+,/:;<=>?@[\]^{|}]/g

/**
 * The text with every word code replaced by its word, in one pass over the whole catalog (event sources hold
 * only letters, digits, `.` and `-`, which are no codes). Throws on a code past the word list.
 */
export function expandWords(text: string, words: readonly string[]): string {
  if (words.length === 0) return text
  const codes = new Map(words.map((word, i) => [codeOf(i), word]))
  return text.replace(CODE, code => {
    const word = codes.get(code)
    if (word === undefined) throw new Error(`Malformed catalog word code ${JSON.stringify(code)}`)
    return word
  })
}

/** The words of a name's rest: capitalised words, capital runs, lowercase runs, digit runs, `_`. */
const WORD = /[A-Z][a-z]+|[A-Z]+(?![a-z])|[a-z]+|[0-9]+|_/g

function codeOf(index: number): string {
  return index < SINGLES.length ? (SINGLES[index] ?? '') : `${ESCAPE}${DIGITS[index - SINGLES.length] ?? ''}`
}

/** The words that save the most characters in these front-coded lists, best first (at most MAX_WORDS). */
export function chooseWords(encodedLists: readonly string[]): string[] {
  const counts = new Map<string, number>()
  for (const list of encodedLists) {
    for (const entry of list.split(' ')) {
      for (const word of entry.slice(1).match(WORD) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1)
    }
  }
  const saving = (word: string, count: number, codeLength: number): number =>
    (word.length - codeLength) * count
  const ranked = [...counts].sort(([a, x], [b, y]) => saving(b, y, 1) - saving(a, x, 1) || (a < b ? -1 : 1))
  // The first SINGLES.length words get one-character codes; a later word is kept only if its two characters save.
  return ranked
    .filter(([word, count], i) => i < SINGLES.length || saving(word, count, 2) > 0)
    .slice(0, MAX_WORDS)
    .map(([word]) => word)
}

/** A front-coded list with its words replaced by their codes. */
export function encodeWords(encoded: string, words: readonly string[]): string {
  const codes = new Map(words.map((word, i) => [word, codeOf(i)]))
  return encoded
    .split(' ')
    .map(entry => entry.charAt(0) + entry.slice(1).replace(WORD, word => codes.get(word) ?? word))
    .join(' ')
}
