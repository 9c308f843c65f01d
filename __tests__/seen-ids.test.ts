import { describe, expect, it } from '@jest/globals'
import { randomUUID } from 'node:crypto'
import { EXAMINED, KEPT, SeenIds, type Mark } from '../src/core/seen-ids.js'

// A seeded generator, so a failure can be replayed.
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0
    return state / 0x1_0000_0000
  }
}

/** Ids as a server may send them: UUIDs, repeated ones, near-UUIDs that must stay distinct, and anything. */
function idsOf(next: () => number, count: number): string[] {
  const uuids = Array.from({ length: Math.ceil(count / 4) }, () => randomUUID())
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T
  return Array.from({ length: count }, () => {
    const uuid = pick(uuids)
    switch (Math.floor(next() * 8)) {
      case 0:
        return uuid.toUpperCase()
      case 1:
        return uuid.replace(/-/g, '')
      case 2:
        return `${uuid.slice(0, 35)}g`
      case 3:
        return `${uuid}-x`
      case 4:
        return pick(['', 'evt-1', 'e\u0301', '00000000-0000-0000-0000-00000000000'])
      default:
        return uuid
    }
  })
}

describe('SeenIds', () => {
  it('marks exactly as a Map of the id strings would, for every kind of id', () => {
    for (const seed of [1, 2]) {
      const next = random(seed)
      const seen = new SeenIds()
      const model = new Map<string, number>()
      for (const id of idsOf(next, 8_000)) {
        const mark: Mark = next() < 0.5 ? EXAMINED : KEPT
        const had = ((model.get(id) ?? 0) & mark) !== 0
        model.set(id, (model.get(id) ?? 0) | mark)
        expect(seen.mark(id, mark)).toBe(had)
      }
      expect(seen.size).toBe(model.size)
    }
  })

  it('keeps every mark across many growths of its table', () => {
    const seen = new SeenIds()
    const ids = Array.from({ length: 20_000 }, () => randomUUID())
    for (const id of ids) expect(seen.mark(id, EXAMINED)).toBe(false)
    expect(ids.every(id => seen.mark(id, EXAMINED))).toBe(true)
    expect(ids.every(id => !seen.mark(id, KEPT))).toBe(true)
    expect(ids.every(id => seen.mark(id, KEPT))).toBe(true)
    expect(seen.size).toBe(20_000)
  })

  it('tells apart UUIDs that differ in one digit, and a UUID from its own uppercase', () => {
    const seen = new SeenIds()
    const base = '0123abcd-4567-89ef-0123-456789abcdef'
    expect(seen.mark(base, EXAMINED)).toBe(false)
    for (let i = 0; i < base.length; i++) {
      if (base[i] === '-') continue
      const other = `${base.slice(0, i)}${base[i] === 'f' ? 'e' : 'f'}${base.slice(i + 1)}`
      expect(seen.mark(other, EXAMINED)).toBe(false)
    }
    expect(seen.mark(base.toUpperCase(), EXAMINED)).toBe(false)
    expect(seen.mark(base, EXAMINED)).toBe(true)
  })
})
