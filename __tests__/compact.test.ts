import { describe, expect, it } from '@jest/globals'
import { Compactor, flat } from '../src/core/compact.js'

// Fresh strings of the same characters, as separate JSON answers give them.
const fresh = (text: string): string => JSON.parse(JSON.stringify(text)) as string

describe('Compactor', () => {
  it('keeps one copy of a repeated string', () => {
    const compact = new Compactor()
    const first = compact.intern(fresh('arn:aws:iam::123456789012:role/deploy'))
    const again = compact.intern(fresh('arn:aws:iam::123456789012:role/deploy'))
    expect(again).toBe(first)
    expect(compact.internOrNull(null)).toBeNull()
    expect(compact.internOrNull(fresh('ec2.amazonaws.com'))).toBe(compact.intern('ec2.amazonaws.com'))
  })

  it('keeps a bounded number of strings, and none longer than any real one: the rest pass through unchanged', () => {
    const compact = new Compactor()
    const long = 'x'.repeat(5_000)
    expect(compact.intern(long)).toBe(long)
    for (let i = 0; i < 10_000; i++) expect(compact.intern(`name-${i}`)).toBe(`name-${i}`)
    // Past the bound, a string already kept is still shared; a new one is only passed through.
    expect(compact.intern(fresh('name-1'))).toBe(compact.intern('name-1'))
  })

  it('copies a list to its exact length, and shares one empty list that cannot change', () => {
    const compact = new Compactor()
    const grown: string[] = []
    grown.push('i-1', 'i-2')
    const copy = compact.list(grown)
    expect(copy).toEqual(['i-1', 'i-2'])
    expect(copy).not.toBe(grown)
    expect(compact.list([])).toBe(compact.list([]))
    expect(Object.isFrozen(compact.list([]))).toBe(true)
  })
})

describe('flat', () => {
  it('returns the same characters, whatever the string was made of', () => {
    const iso = new Date('2024-01-05T10:00:00.000Z').toISOString()
    const joined = `${iso.slice(0, 19)}Z`
    expect(flat(joined)).toBe('2024-01-05T10:00:00Z')
    expect(flat('ünïcödé 🛑')).toBe('ünïcödé 🛑')
    // Never altered: a decomposed é stays decomposed.
    expect(flat('e\u0301')).toBe('e\u0301')
    expect(new Compactor().intern('e\u0301')).toBe('e\u0301')
    expect(flat('')).toBe('')
  })
})
