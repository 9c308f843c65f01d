// Large JSON written in pieces. A discovery of 100,000 events makes a report of about 50 MB: built as one string,
// and then as the Buffer that writeFile makes of it, it more than doubled the action's peak memory. Here the
// head is one string and each item of the long list is its own, written as they come.

import type { FileHandle } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

/** What the file system is handed at once: large enough to keep writes few, small enough to cost nothing. */
const BATCH_CHARS = 64 * 1024

/** One item as JSON.stringify(…, null, 2) writes it at `depth` (undefined and functions are null in a list). */
function itemJson(item: unknown, depth: number): string {
  const text = (JSON.stringify(item, null, 2) as string | undefined) ?? 'null'
  // JSON escapes every newline inside a string, so each one here starts a line of the layout.
  return text.replace(/\n/g, `\n${'  '.repeat(depth)}`)
}

/**
 * `JSON.stringify({ ...head, [key]: items }, null, 2) + '\n'`, the same text to the byte, in pieces: the head
 * once, then one piece per item. `key` must not be a key of `head`.
 */
export function* jsonWithList(
  head: Readonly<Record<string, unknown>>,
  key: string,
  items: Iterable<unknown>
): Generator<string> {
  const empty = `${JSON.stringify({ ...head, [key]: [] }, null, 2)}\n`
  const tail = '[]\n}\n'
  // A key of head's that JSON leaves out (undefined) or a toJSON could break the layout; never silently.
  if (Object.hasOwn(head, key) || !empty.endsWith(`${JSON.stringify(key)}: ${tail}`)) {
    throw new Error(`jsonWithList: ${key} cannot be the last key of this object`)
  }
  let first = true
  for (const item of items) {
    yield first ? `${empty.slice(0, -tail.length)}[\n    ` : ',\n    '
    yield itemJson(item, 2)
    first = false
  }
  yield first ? empty : '\n  ]\n}\n'
}

/** Joins small pieces into batches of about BATCH_CHARS characters. */
function* batched(pieces: Iterable<string>): Generator<string> {
  let batch: string[] = []
  let size = 0
  for (const piece of pieces) {
    batch.push(piece)
    size += piece.length
    if (size >= BATCH_CHARS) {
      yield batch.join('')
      batch = []
      size = 0
    }
  }
  if (size > 0) yield batch.join('')
}

/** Writes every piece to an open file, in order, as UTF-8, and closes it (also when a write fails). */
export async function writePieces(file: FileHandle, pieces: Iterable<string>): Promise<void> {
  const out = file.createWriteStream({ encoding: 'utf8' })
  await pipeline(Readable.from(batched(pieces), { objectMode: false }), out)
}
