import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtemp, open, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { jsonWithList, writePieces } from '../src/report/json-stream.js'

const whole = (head: Record<string, unknown>, key: string, items: unknown[]): string =>
  `${JSON.stringify({ ...head, [key]: items }, null, 2)}\n`

describe('jsonWithList', () => {
  const head = {
    tool: 'cloudtrail-gate',
    nested: { list: [1, 'two', null], empty: {}, none: [] },
    skipped: undefined,
    text: 'line\nbreak "quoted" \u2028 — 🛑'
  }
  const cases: Array<[string, Record<string, unknown>, unknown[]]> = [
    ['no items', head, []],
    ['one item', head, [{ EventId: 'a', Resources: ['x', 'y'] }]],
    [
      'many items of every kind',
      head,
      [1, 'two\nlines', null, [], {}, [[{ deep: ['a'] }]], { a: undefined }]
    ],
    ['items JSON writes as null', head, [undefined, () => 1, Symbol('s')]],
    ['an empty head', {}, [{ a: 1 }, { b: [2] }]],
    ['items with toJSON', head, [new Date(0), { toJSON: () => ({ swapped: true }) }]]
  ]

  it.each(cases)('writes what JSON.stringify writes: %s', (_, h, items) => {
    const pieces = [...jsonWithList(h, 'events', items)]
    expect(pieces.join('')).toBe(whole(h, 'events', items))
    // One piece for the head and two per item at most: no piece holds every item.
    expect(pieces.length).toBeLessThanOrEqual(1 + 2 * items.length)
  })

  it('reads the items lazily, one at a time', () => {
    let made = 0
    function* items(): Generator<{ n: number }> {
      for (let n = 0; n < 3; n++) {
        made += 1
        yield { n }
      }
    }
    const pieces = jsonWithList({ a: 1 }, 'events', items())
    pieces.next()
    expect(made).toBe(1)
  })

  it('refuses a key the head already has, or a head whose JSON would not end with the list', () => {
    expect(() => [...jsonWithList({ events: 1 }, 'events', [])]).toThrow(/cannot be the last key/)
    expect(() => [...jsonWithList({ toJSON: () => 'x' }, 'events', [])]).toThrow(/cannot be the last key/)
  })
})

describe('writePieces', () => {
  let dir = ''
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'json-stream-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('writes every piece in order as UTF-8, across many batches, and closes the file', async () => {
    const pieces = Array.from({ length: 5_000 }, (_, i) => `${i}:${'é🛑'.repeat(i % 40)}\n`)
    const path = join(dir, 'out.json')
    const file = await open(path, 'wx', 0o600)
    await writePieces(file, pieces)
    expect(await readFile(path, 'utf8')).toBe(pieces.join(''))
    await expect(file.stat()).rejects.toMatchObject({ code: 'EBADF' })
  })

  it('fails, and closes the file, when a piece cannot be made', async () => {
    function* failing(): Generator<string> {
      yield 'first'
      throw new Error('no more')
    }
    const file = await open(join(dir, 'bad.json'), 'wx', 0o600)
    await expect(writePieces(file, failing())).rejects.toThrow('no more')
    await expect(file.stat()).rejects.toMatchObject({ code: 'EBADF' })
  })
})
