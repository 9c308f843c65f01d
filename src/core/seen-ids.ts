// The EventIds a scan has seen, to count and keep each event once. Sets of id strings held 100,000 ids in about 8 MB
// of V8's heap, every one of them surviving its young generation (which V8 then grows). CloudTrail's EventIds
// are lowercase UUIDs: here each is 16 bytes and a byte of marks in one table outside the heap. Any other id (a
// hostile server's) is kept as its string: two ids are the same exactly when their strings are.

/** What has been done with an id. */
export const EXAMINED = 1
export const KEPT = 2
export type Mark = typeof EXAMINED | typeof KEPT

const UUID_LENGTH = 36
const FIRST_SLOTS = 1_024
/** Grow when the table is this full: linear probing stays short below it. */
const MAX_LOAD = 0.8

/** A hex digit's value, or -1. Lowercase only: an uppercase id is another id, so it stays a string. */
function nibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48
  if (code >= 97 && code <= 102) return code - 87
  return -1
}

/** The four 32-bit words of a lowercase UUID, or false when `id` is not one. */
function uuidWords(id: string, out: Uint32Array): boolean {
  if (id.length !== UUID_LENGTH) return false
  let word = 0
  let digits = 0
  for (let i = 0; i < UUID_LENGTH; i++) {
    const code = id.charCodeAt(i)
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (code !== 45) return false
      continue
    }
    const value = nibble(code)
    if (value < 0) return false
    word = word * 16 + value
    digits += 1
    if (digits % 8 === 0) {
      out[digits / 8 - 1] = word
      word = 0
    }
  }
  return true
}

export class SeenIds {
  private slots = FIRST_SLOTS
  private words = new Uint32Array(FIRST_SLOTS * 4)
  /** 0: an empty slot; otherwise the id's marks. */
  private marks = new Uint8Array(FIRST_SLOTS)
  private count = 0
  private readonly others = new Map<string, number>()
  private readonly key = new Uint32Array(4)
  /** A random hash seed: ids a server chose cannot all be made to land on one slot. */
  private readonly seed = (Math.random() * 0x1_0000_0000) >>> 0

  /** Gives `id` the mark; returns whether it had it already. */
  mark(id: string, mark: Mark): boolean {
    if (!uuidWords(id, this.key)) {
      const marks = this.others.get(id) ?? 0
      this.others.set(id, marks | mark)
      return (marks & mark) !== 0
    }
    const slot = this.find(this.key)
    const marks = this.marks[slot] ?? 0
    if (marks === 0) {
      this.words.set(this.key, slot * 4)
      this.count += 1
    }
    this.marks[slot] = marks | mark
    if (marks === 0 && this.count > this.slots * MAX_LOAD) this.grow()
    return (marks & mark) !== 0
  }

  /** How many distinct ids have a mark. */
  get size(): number {
    return this.count + this.others.size
  }

  private hash(key: Uint32Array): number {
    let h = this.seed
    for (let i = 0; i < 4; i++) {
      h = Math.imul(h ^ (key[i] ?? 0), 0x9e3779b1)
      h ^= h >>> 15
    }
    return h >>> 0
  }

  /** The slot that holds `key`, or the empty slot where it belongs. */
  private find(key: Uint32Array): number {
    const mask = this.slots - 1
    let slot = this.hash(key) & mask
    for (;;) {
      if (this.marks[slot] === 0) return slot
      const at = slot * 4
      const w = this.words
      if (w[at] === key[0] && w[at + 1] === key[1] && w[at + 2] === key[2] && w[at + 3] === key[3]) {
        return slot
      }
      slot = (slot + 1) & mask
    }
  }

  private grow(): void {
    const { words, marks } = this
    this.slots *= 2
    this.words = new Uint32Array(this.slots * 4)
    this.marks = new Uint8Array(this.slots)
    const key = new Uint32Array(4)
    for (let old = 0; old < marks.length; old++) {
      const mark = marks[old] ?? 0
      if (mark === 0) continue
      key.set(words.subarray(old * 4, old * 4 + 4))
      const slot = this.find(key)
      this.words.set(key, slot * 4)
      this.marks[slot] = mark
    }
  }
}
