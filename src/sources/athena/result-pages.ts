import { checkAnswer, checkJsonBody, isObject, type AnswerWords } from '../../aws/answer-check.js'
import { readBody } from '../../aws/clients.js'
import { clip } from '../../core/bounded.js'
import { readPageJson } from './page-json.js'
import type { ResultPage, ResultRow } from './types.js'

// A GetQueryResults page as rows of strings, read once from the raw answer. Left to the SDK, a 1,000-row page
// becomes objects three times over: JSON.parse, a copy walked member by member along the service's schema, and a
// third copy its logger middleware makes for a logger that discards it. Measured on 200,000 rows: 4.9 GB
// allocated, three quarters of it in the SDK, and a peak RSS three times the target. Here the answer's bytes are
// read once into rows of strings (page-json.ts), with the checks every answer gets (aws/answer-check.ts), and
// the SDK is handed an empty object to deserialize. A client without this middleware (one the library's caller
// built) still works: the SDK's output is validated the same way (`pageOf`).

export type { ResultPage, ResultRow } from './types.js'

/** A page, or what is wrong with it (the caller names the page). */
export type ParsedPage =
  { readonly ok: true; readonly page: ResultPage } | { readonly ok: false; readonly problem: string }

/** Rows already in memory (the SDK's output, or a body the byte reader left to JSON.parse). */
class RowsInMemory implements ResultPage {
  constructor(
    private readonly rows: readonly ResultRow[],
    readonly nextToken: string | undefined
  ) {}

  get count(): number {
    return this.rows.length
  }

  width(i: number): number {
    return this.rows[i]?.length ?? 0
  }

  row(i: number): ResultRow {
    return this.rows[i] ?? []
  }
}

/** Pages parsed by the middleware, by the command input they answer (each `send` has its own input object). */
const parsed = new WeakMap<object, ParsedPage>()

/** The page the middleware read for this input, once; undefined when no middleware read it. */
export function takeParsedPage(input: object): ParsedPage | undefined {
  const page = parsed.get(input)
  parsed.delete(input)
  return page
}

function problem(text: string): ParsedPage {
  return { ok: false, problem: text }
}

/**
 * A GetQueryResults answer must be a page: `ResultSet.Rows` a list of rows, each with a `Data` list of
 * `VarCharValue` strings (or none, for NULL), and `NextToken` a non-empty string or absent. The SDK reads a body
 * without `ResultSet` as a page with no rows — the last one, if it has no token — which would end the result early
 * and call it read.
 */
export function pageOf(answer: unknown): ParsedPage {
  const resultSet = isObject(answer) ? answer['ResultSet'] : undefined
  const list = isObject(resultSet) ? resultSet['Rows'] : undefined
  if (!Array.isArray(list)) return problem('has no ResultSet.Rows list')
  const rows: ResultRow[] = []
  for (const row of list as unknown[]) {
    const data = isObject(row) ? row['Data'] : undefined
    if (!Array.isArray(data)) return problem('has a row with no Data list')
    const values: Array<string | undefined> = []
    for (const datum of data as unknown[]) {
      const value = isObject(datum) ? datum['VarCharValue'] : 0
      if (value !== undefined && typeof value !== 'string') return problem('has a value that is not a string')
      values.push(value)
    }
    rows.push(values)
  }
  const token: unknown = isObject(answer) ? answer['NextToken'] : undefined
  if (token !== undefined && token !== null && (typeof token !== 'string' || token === '')) {
    return problem('has a NextToken that is not a non-empty string')
  }
  return { ok: true, page: new RowsInMemory(rows, typeof token === 'string' ? token : undefined) }
}

interface Stack {
  add(
    middleware: (
      next: (args: { input?: unknown }) => Promise<{ response: unknown }>,
      context: { commandName?: string }
    ) => (args: { input?: unknown }) => Promise<{ response: unknown }>,
    options: { step: 'deserialize'; priority: 'low'; name: string }
  ): void
  remove(name: string): boolean
}

interface RawResponse {
  statusCode?: unknown
  headers?: unknown
  body?: unknown
}

const EMPTY = new TextEncoder().encode('{}')

/**
 * Checks every answer of an Athena client (`words(operation)`), and reads each GetQueryResults page once into
 * rows; also drops the SDK's logger middleware, whose copy of every answer nobody reads.
 */
export function addAthenaAnswers(
  client: { middlewareStack: unknown },
  words: (operation: string) => AnswerWords,
  maxBytes: number
): void {
  const stack = client.middlewareStack as Stack
  stack.remove('loggerMiddleware')
  stack.add(
    (next, context) => async args => {
      const result = await next(args)
      const operation = (context.commandName ?? 'the call').replace(/Command$/, '')
      const response = result.response as RawResponse
      const bytes = await readBody(response.body, maxBytes, operation)
      const status = typeof response.statusCode === 'number' ? response.statusCode : 0
      const raw: Readonly<Record<string, unknown>> = isObject(response.headers) ? response.headers : {}
      const header = (name: string): string | undefined => {
        const value = raw[name]
        return typeof value === 'string' ? value : undefined
      }
      const input = args.input
      const page = operation === 'GetQueryResults' && status >= 200 && status < 300 && isObject(input)
      // Read from the bytes (page-json.ts); only what that reader leaves (errors, odd documents) becomes text.
      const quick = page ? readPageJson(bytes) : undefined
      if (page && quick !== undefined) {
        parsed.set(input, quick)
        response.body = EMPTY
        return result
      }
      const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')
      if (page) {
        const answer = checkJsonBody(status, text, clip(header('content-type') ?? '', 80), words(operation))
        parsed.set(input, pageOf(answer))
        response.body = EMPTY
        return result
      }
      const headers = { contentType: header('content-type'), location: header('location') }
      checkAnswer(status, headers, text, words(operation))
      response.body = bytes
      return result
    },
    { step: 'deserialize', priority: 'low', name: 'cloudtrailGateAthenaAnswers' }
  )
}
