import { describe, expect, it } from '@jest/globals'
import { readPageJson } from '../src/sources/athena/page-json.js'
import { pageOf, type ParsedPage } from '../src/sources/athena/result-pages.js'

// The byte reader of GetQueryResults pages against the generic path it stands in for (JSON.parse, then pageOf):
// on every body either it steps aside (undefined) or it reads exactly what the generic path reads.

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)

/** A page as plain data: its rows (each read), its token, or its problem. */
function plain(parsed: ParsedPage | undefined): unknown {
  if (parsed === undefined || !parsed.ok) return parsed
  const { page } = parsed
  const rows = Array.from({ length: page.count }, (_, i) => page.row(i))
  const widths = Array.from({ length: page.count }, (_, i) => page.width(i))
  return { rows, widths, nextToken: page.nextToken }
}

const read = (text: string): unknown => plain(readPageJson(bytes(text)))

/** What the generic path makes of a body: the page, 'not JSON', or 'error shape'. */
function generic(text: string): unknown {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return 'not JSON'
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object'
  if ((value as Record<string, unknown>)['__type'] !== undefined) return 'error shape'
  return plain(pageOf(value))
}

/** A JSON object without an error shape is read, and read as the generic path reads it. */
function agrees(text: string): void {
  expect(read(text)).toEqual(generic(text))
}

const page = (rows: unknown, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({
    ResultSet: { Rows: rows, ResultSetMetadata: { ColumnInfo: [{ Name: 'a', Precision: 3 }] } },
    ...extra
  })

describe('readPageJson', () => {
  it('reads a page as the generic path does: NULLs, escapes, Unicode, the token', () => {
    const text = page(
      [
        { Data: [{ VarCharValue: 'eventid' }, { VarCharValue: 'x' }] },
        { Data: [{ VarCharValue: 'a"b\\c\n\u0001' }, {}] },
        { Data: [{ VarCharValue: 'é中😀' }, { VarCharValue: '' }] }
      ],
      { NextToken: 'tok/en==', UpdateCount: 0 }
    )
    expect(read(text)).toEqual({
      rows: [
        ['eventid', 'x'],
        ['a"b\\c\n\u0001', undefined],
        ['é中😀', '']
      ],
      widths: [2, 2, 2],
      nextToken: 'tok/en=='
    })
    agrees(text)
  })

  it.each([
    ['no ResultSet', '{}'],
    ['Rows not a list', '{"ResultSet":{"Rows":{}}}'],
    ['a row without Data', '{"ResultSet":{"Rows":[{"Datum":[]}]}}'],
    ['a row that is not an object', '{"ResultSet":{"Rows":[[]]}}'],
    ['a number for a value', '{"ResultSet":{"Rows":[{"Data":[{"VarCharValue":42}]}]}}'],
    ['null for a value', '{"ResultSet":{"Rows":[{"Data":[{"VarCharValue":null}]}]}}'],
    ['a datum that is not an object', '{"ResultSet":{"Rows":[{"Data":["x"]}]}}'],
    ['an empty token', '{"ResultSet":{"Rows":[]},"NextToken":""}'],
    ['a numeric token', '{"ResultSet":{"Rows":[]},"NextToken":7}'],
    ['an object token', '{"ResultSet":{"Rows":[]},"NextToken":{"a":1}}'],
    ['a null token', '{"ResultSet":{"Rows":[]},"NextToken":null}'],
    [
      'the last of duplicate members',
      '{"ResultSet":{"Rows":[{"Data":[1]}]},"ResultSet":{"Rows":[{"Data":[],"Data":[{}]}]}}'
    ],
    [
      'whitespace everywhere',
      ' {\n "ResultSet" : { "Rows" : [ { "Data" : [ { "VarCharValue" : "v" } ] } ] } \t}\r\n'
    ]
  ])('agrees with the generic path on %s', (_, text) => {
    agrees(text)
  })

  it.each([
    ['an empty body', ''],
    ['not JSON', '<html>sign in</html>'],
    ['an array', '[]'],
    ['an error shape', '{"__type":"InvalidRequestException","message":"no"}'],
    ['trailing bytes', '{"ResultSet":{"Rows":[]}} x'],
    ['two documents', '{}{}'],
    ['a raw control character', '{"ResultSet":{"Rows":[{"Data":[{"VarCharValue":"a\tb"}]}]}}'],
    ['a bad escape', '{"ResultSet":{"Rows":[{"Data":[{"VarCharValue":"a\\qb"}]}]}}'],
    ['an unterminated string', '{"ResultSet":{"Rows":[{"Data":[{"VarCharValue":"abc'],
    ['a bad number', '{"UpdateCount":01,"ResultSet":{"Rows":[]}}'],
    ['a trailing comma', '{"ResultSet":{"Rows":[],},}'],
    ['too deep', `{"x":${'['.repeat(100)}${']'.repeat(100)},"ResultSet":{"Rows":[]}}`]
  ])('steps aside for %s', (_, text) => {
    expect(readPageJson(bytes(text))).toBeUndefined()
  })

  it('agrees with the generic path on random documents', () => {
    let seed = 42
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
    const value = (depth: number): unknown => {
      const kind = depth > 3 ? pick(['s', 'n', 'null']) : pick(['s', 'n', 'null', 'o', 'a', 'datum', 'row'])
      if (kind === 's') return pick(['', 'x', 'a"b', '\\', 'é', 'VarCharValue'])
      if (kind === 'n') return pick([0, -1.5, 1e21, 42])
      if (kind === 'null') return null
      if (kind === 'datum') return pick([{}, { VarCharValue: 'v' }, { VarCharValue: 1 }, 'x'])
      if (kind === 'row') return { Data: Array.from({ length: 3 }, () => value(depth + 1)) }
      if (kind === 'a') return Array.from({ length: Math.floor(random() * 3) }, () => value(depth + 1))
      return Object.fromEntries(
        Array.from({ length: Math.floor(random() * 3) }, () => [
          pick(['Rows', 'Data', 'k', 'NextToken']),
          value(depth + 1)
        ])
      )
    }
    for (let i = 0; i < 2000; i++) {
      const doc = { ResultSet: { Rows: Array.from({ length: 2 }, () => value(1)) }, NextToken: value(3) }
      agrees(JSON.stringify(doc, null, i % 2 === 0 ? undefined : 1))
    }
  })
})
