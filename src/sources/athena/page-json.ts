import type { ResultPage, ResultRow } from './types.js'

// A GetQueryResults answer read straight from its bytes into rows of strings: no text of the whole page, no tree
// of objects, and every value a string of its own. JSON.parse over the page's text makes each value a slice of
// that megabyte string, so one value kept (an event id, a name in a tally, a matched event) keeps the whole page;
// and the page as text plus tree is several megabytes alive at once, which V8 answers by growing its young
// generation to 64 MB. So the bytes are read twice: once whole, checking every value and noting where each row's
// values start, and then row by row, as the rows are decoded (a row's strings live only while its record is made).
// This reader is strict JSON (RFC 8259) in what it accepts: anything it does not accept, or any answer that is not
// a page (an error shape, a different document), is left to the generic path (JSON.parse and answer-check.ts), so
// the messages and the checks stay one.

/** What the bytes hold, when they are a JSON object: its rows and token, or a reason it is not a page. */
export type PageJson =
  { readonly ok: true; readonly page: ResultPage } | { readonly ok: false; readonly problem: string }

const QUOTE = 0x22
const BACKSLASH = 0x5c
/** Deeper than any answer Athena sends; deeper documents go to the generic path. */
const MAX_DEPTH = 64

class NotHandled extends Error {}

/** What a GetQueryResults page is made of, as the reader meets it: where each row's `Data` list starts. */
interface Found {
  rows: { starts: number[]; widths: number[] } | undefined
  rowsProblem: string | undefined
  token: unknown
  hasType: boolean
}

class Reader {
  at = 0
  private readonly bytes: Buffer

  constructor(bytes: Uint8Array) {
    this.bytes = Buffer.isBuffer(bytes)
      ? bytes
      : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }

  fail(): never {
    throw new NotHandled()
  }

  space(): void {
    const b = this.bytes
    let at = this.at
    while (at < b.length) {
      const c = b[at]
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break
      at += 1
    }
    this.at = at
  }

  expect(byte: number): void {
    this.space()
    if (this.bytes[this.at] !== byte) this.fail()
    this.at += 1
  }

  /** Consumes `byte` (after whitespace) when it is next. */
  take(byte: number): boolean {
    this.space()
    if (this.bytes[this.at] !== byte) return false
    this.at += 1
    return true
  }

  peek(): number | undefined {
    this.space()
    return this.bytes[this.at]
  }

  /** A string; with `keep` false it is checked and passed over, not made (''). */
  string(keep = true): string {
    this.expect(QUOTE)
    const b = this.bytes
    const start = this.at
    let escaped = false
    let at = start
    for (;;) {
      const c = b[at]
      if (c === undefined || c < 0x20) this.fail()
      if (c === QUOTE) break
      if (c === BACKSLASH) {
        escaped = true
        at += 1
        if (b[at] === undefined) this.fail()
      }
      at += 1
    }
    this.at = at + 1
    if (!escaped && !keep) return ''
    const text = b.toString('utf8', start, at)
    if (!escaped) return text
    // Escapes are rare in trail data: JSON.parse of the one string decodes (and validates) them.
    try {
      return JSON.parse(`"${text}"`) as string
    } catch {
      return this.fail()
    }
  }

  /** A value read and thrown away (numbers, literals, and members the page does not need). */
  skip(depth: number): void {
    if (depth > MAX_DEPTH) this.fail()
    const c = this.peek()
    if (c === QUOTE) {
      this.string(false)
    } else if (c === 0x7b) {
      this.object(depth, () => this.skip(depth + 1))
    } else if (c === 0x5b) {
      this.array(depth, () => this.skip(depth + 1))
    } else {
      this.scalar()
    }
  }

  /** A number or a literal, as its text. */
  scalar(): string {
    const b = this.bytes
    let end = this.at
    while (end < b.length && /[-+.0-9a-zA-Z]/.test(String.fromCharCode(b[end] ?? 0))) end += 1
    const text = b.toString('latin1', this.at, end)
    if (!/^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?)$/.test(text)) this.fail()
    this.at = end
    return text
  }

  object(depth: number, member: (key: string) => void): void {
    if (depth > MAX_DEPTH) this.fail()
    this.expect(0x7b)
    if (this.take(0x7d)) return
    do {
      const key = this.string()
      this.expect(0x3a)
      member(key)
    } while (this.take(0x2c))
    this.expect(0x7d)
  }

  array(depth: number, item: () => void): void {
    if (depth > MAX_DEPTH) this.fail()
    this.expect(0x5b)
    if (this.take(0x5d)) return
    do item()
    while (this.take(0x2c))
    this.expect(0x5d)
  }
}

/**
 * `{"VarCharValue": "…"}`: the string, or undefined for NULL; `false` for a value that is not a string. With
 * `keep` false, a string is checked and '' returned.
 */
function datum(r: Reader, keep: boolean): string | undefined | false {
  if (r.peek() !== 0x7b) {
    r.skip(4)
    return false
  }
  let value: string | undefined | false
  r.object(4, key => {
    if (key === 'VarCharValue' && r.peek() === QUOTE) value = r.string(keep)
    else if (key === 'VarCharValue') {
      r.skip(5)
      value = false
    } else r.skip(5)
  })
  return value
}

/** One row's `Data` list, read from `r` with its strings made. */
function values(r: Reader): ResultRow {
  const out: Array<string | undefined> = []
  r.array(4, () => {
    const value = datum(r, true)
    if (value === false) r.fail()
    out.push(value)
  })
  return out
}

/** Checks a row and notes where its last `Data` list starts (as JSON.parse would, the last one counts). */
function row(r: Reader, found: Found, rows: { starts: number[]; widths: number[] }): void {
  let start = -1
  let width = 0
  let bad = false
  if (r.peek() === 0x7b) {
    r.object(3, key => {
      if (key !== 'Data') return r.skip(4)
      start = -1
      bad = false
      if (r.peek() !== 0x5b) return r.skip(4)
      start = r.at
      width = 0
      r.array(4, () => {
        if (datum(r, false) === false) bad = true
        width += 1
      })
    })
  } else {
    r.skip(3)
  }
  if (start < 0) found.rowsProblem ??= 'has a row with no Data list'
  else if (bad) found.rowsProblem ??= 'has a value that is not a string'
  rows.starts.push(start)
  rows.widths.push(width)
}

/** The rows of a page checked by `readPageJson`, each read from the bytes when asked for. */
class RowsOnBytes implements ResultPage {
  constructor(
    private readonly bytes: Uint8Array,
    private readonly starts: Uint32Array,
    private readonly widths: Uint32Array,
    readonly nextToken: string | undefined
  ) {}

  get count(): number {
    return this.starts.length
  }

  width(i: number): number {
    return this.widths[i] ?? 0
  }

  row(i: number): ResultRow {
    const r = new Reader(this.bytes)
    r.at = this.starts[i] ?? this.bytes.length
    return values(r)
  }
}

function resultSet(r: Reader, found: Found): void {
  // As JSON.parse would: the last `ResultSet` (and its last `Rows`) is the one that counts.
  found.rows = undefined
  found.rowsProblem = undefined
  if (r.peek() !== 0x7b) {
    r.skip(1)
    found.rows = undefined
    return
  }
  r.object(1, key => {
    if (key !== 'Rows') return r.skip(2)
    found.rowsProblem = undefined
    if (r.peek() !== 0x5b) {
      r.skip(2)
      found.rows = undefined
      return
    }
    const rows = { starts: [] as number[], widths: [] as number[] }
    r.array(2, () => row(r, found, rows))
    found.rows = rows
  })
}

/**
 * The page in `bytes`, or undefined when they are not a JSON object this reader takes as a page or a page's
 * problem (not JSON, an error shape, trailing bytes…): the caller then uses the generic path.
 */
export function readPageJson(bytes: Uint8Array): PageJson | undefined {
  const r = new Reader(bytes)
  const found: Found = { rows: undefined, rowsProblem: undefined, token: undefined, hasType: false }
  try {
    r.object(0, key => {
      if (key === 'ResultSet') return resultSet(r, found)
      if (key === 'NextToken') {
        const next = r.peek()
        // Anything but a string or null is kept as "not a string" (0), for the check below.
        if (next === QUOTE) found.token = r.string()
        else if (next === 0x7b || next === 0x5b) {
          r.skip(1)
          found.token = 0
        } else found.token = r.scalar() === 'null' ? null : 0
        return
      }
      if (key === '__type') found.hasType = true
      r.skip(1)
    })
    r.space()
    if (r.at !== bytes.length) return undefined
  } catch (error) {
    if (error instanceof NotHandled) return undefined
    throw error
  }
  // An error shape: answer-check.ts says what it carries.
  if (found.hasType) return undefined
  if (found.rows === undefined) return { ok: false, problem: 'has no ResultSet.Rows list' }
  if (found.rowsProblem !== undefined) return { ok: false, problem: found.rowsProblem }
  const token = found.token
  if (token !== undefined && token !== null && (typeof token !== 'string' || token === '')) {
    return { ok: false, problem: 'has a NextToken that is not a non-empty string' }
  }
  const { starts, widths } = found.rows
  const next = typeof token === 'string' ? token : undefined
  return { ok: true, page: new RowsOnBytes(bytes, Uint32Array.from(starts), Uint32Array.from(widths), next) }
}
