import { describe, expect, it, jest } from '@jest/globals'
import type { ServerResponse } from 'node:http'
import {
  ACCOUNT,
  cloudTrailTable,
  eventRow,
  HEADER,
  pageToken,
  resultPage,
  resultPages,
  type ResultRow
} from '../../__fixtures__/athena-wire.js'
import {
  awsError,
  honest,
  json,
  runtimeStatistics,
  type AthenaScenario
} from '../../__fixtures__/hostile-athena.js'
import { send } from '../../__fixtures__/hostile.js'
import { COLUMNS } from '../../src/sources/athena/sql.js'
import {
  againstAthena,
  expectFound,
  expectNotClean,
  IN_WINDOW
} from '../../__fixtures__/hostile-athena-run.js'

// GetQueryResults pages. Worst case first: page 1 is fine, page 2 is the hostile answer, and the forbidden event
// waits on page 3 (or, where page 2 would end the result, was never served: GetQueryRuntimeStatistics counts it).
//   happy path   the forbidden event on page 3 of 3 is found, also after a throttled page 2 is retried
//   last page    {}, no ResultSet, no Rows, Rows null, an empty body, an error shape in a 200, JSON null: never read
//                as an empty last page
//   not a page   HTML, a 302 to a sign-in page: fail closed in the gate's own words
//   page 1       a header that differs, no header, an empty NextToken, OutputRows above the rows served
//   page 2       the header again, a row with too few cells, a row out of eventid order, a repeated token, a token
//                that is a number, a VarCharValue that is a number

jest.setTimeout(120_000)

const table = cloudTrailTable({ kind: 'projection', account: ACCOUNT, region: 'eu-west-1' })
const id = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`
/** Seven benign events and the forbidden one last, in eventid order as the query asks: 3 pages of 3 rows. */
const benign = Array.from({ length: 7 }, (_, i) =>
  eventRow({ eventName: 'StopInstances', time: IN_WINDOW, eventId: id(i + 1) })
)
const forbidden = eventRow({ eventName: 'TerminateInstances', time: IN_WINDOW, eventId: id(99) })
const rows = [...benign, forbidden]
const pages = resultPages(rows, 3)

/** Honest pages but for the calls in `answers` (2: page 2); any call past page 3 gets page 3, whatever its token. */
function pagesWith(answers: Partial<Record<number, (res: ServerResponse) => void>>): AthenaScenario {
  return {
    ...honest({ table, rows, pageSize: 3 }),
    GetQueryResults: ({ call }, res) => {
      const answer = answers[call]
      if (answer) return answer(res)
      const page = pages[Math.min(call, pages.length) - 1]
      json(res, resultPage(page?.rows ?? [], page?.token))
    }
  }
}
const secondPage = (answer: (res: ServerResponse) => void): AthenaScenario => pagesWith({ 2: answer })

const body = (text: string) => (res: ServerResponse) => json(res, text)
const page2 = (rows2: ResultRow[], token: unknown = pageToken(3)) => body(resultPage(rows2, token))

describe('Athena result pages, end to end', () => {
  it('finds the forbidden event on page 3 of 3', async () => {
    const run = await againstAthena(honest({ table, rows, pageSize: 3 }))
    expectFound(run)
    expect(run.calls.filter(c => c.operation === 'GetQueryResults')).toHaveLength(3)
  })

  it('retries a throttled page 2 and still finds the forbidden event on page 3', async () => {
    const base = honest({ table, rows, pageSize: 3 })
    const run = await againstAthena({
      ...base,
      GetQueryResults: (call, res) =>
        call.call === 2
          ? awsError(res, 400, 'ThrottlingException', 'Rate exceeded')
          : base.GetQueryResults(call, res)
    })
    expectFound(run)
    expect(run.calls.filter(c => c.operation === 'GetQueryResults')).toHaveLength(4)
  })

  // defect (issue 15): ends green: a 200 that is not a result page reads as an empty last page
  it.each<[string, (res: ServerResponse) => void]>([
    ['{}', body('{}')],
    ['no ResultSet', body('{"UpdateCount":0}')],
    [
      'a ResultSet without Rows',
      body('{"UpdateCount":0,"ResultSet":{"ResultSetMetadata":{"ColumnInfo":[]}}}')
    ],
    ['Rows null', body('{"ResultSet":{"Rows":null}}')],
    ['an empty body', body('')],
    [
      'an error shape in a 200',
      body('{"__type":"InvalidRequestException","Message":"Query has not yet finished"}')
    ],
    ['JSON null', body('null')]
  ])('fails closed on %s as page 2, never an empty last page', async (_, answer) => {
    const run = await againstAthena(secondPage(answer))
    expectNotClean(run, /GetQueryResults/)
  })

  // defect (issue 15): fails closed, but in the SDK's words ("SyntaxError … $response", "Unknown: UnknownError")
  it.each<[string, (res: ServerResponse) => void, RegExp]>([
    [
      'an HTML 200',
      res => send(res, 200, '<html><body>Sign in</body></html>', { 'content-type': 'text/html' }),
      /GetQueryResults answered 200 with a body that is not JSON \(text\/html, starting "<html><body>Sign in/
    ],
    [
      'a 302 to a sign-in page',
      res => send(res, 302, '', { location: 'https://login.example.com/sso' }),
      /GetQueryResults answered HTTP 302, a redirect to https:\/\/login\.example\.com\/sso/
    ]
  ])('fails closed on %s as page 2, in its own words', async (_, answer, reason) => {
    expectNotClean(await againstAthena(secondPage(answer)), reason)
  })

  it.each<[string, ResultRow[]]>([
    ['a header that differs', [HEADER.map(c => (c === 'eventid' ? 'eventID' : c)), ...benign.slice(0, 2)]],
    ['no header row', benign.slice(0, 3)]
  ])('fails closed on page 1 with %s', async (_, rows1) => {
    const run = await againstAthena(pagesWith({ 1: body(resultPage(rows1, pages[0]?.token)) }))
    expectNotClean(run, /the result's header row is .*, not the columns the query selected/)
  })

  // defect (issue 15): ends green: an empty NextToken is read as "no more pages", Athena never sends one
  it('fails closed on page 1 with an empty NextToken', async () => {
    const run = await againstAthena(pagesWith({ 1: body(resultPage(pages[0]?.rows ?? [], '')) }))
    expectNotClean(run, /NextToken/)
  })

  // defect (issue 15): ends green: GetQueryRuntimeStatistics says 8 result rows, the pages held 7 (never asked)
  it('fails closed when the query wrote more rows than the pages held', async () => {
    const run = await againstAthena({
      ...honest({ table, rows: benign, pageSize: 3 }),
      GetQueryRuntimeStatistics: (_, res) => json(res, runtimeStatistics(rows.length))
    })
    expectNotClean(run, /8/)
    expect(run.stdout).toMatch(/\b7\b/)
  })

  it.each<[string, (res: ServerResponse) => void, RegExp]>([
    ['the header again', page2([HEADER, ...benign.slice(2, 4)]), /page 2 of the Athena result/],
    [
      'a row with too few cells',
      page2([...benign.slice(2, 4), (benign[4] ?? []).slice(1)]),
      new RegExp(`has ${COLUMNS.length - 1} values, not the ${COLUMNS.length}`)
    ],
    [
      'a row out of eventid order',
      page2([benign[4] ?? [], benign[2] ?? [], benign[3] ?? []]),
      /out of the eventid order/
    ],
    ['a repeated token', page2(benign.slice(2, 5), pages[0]?.token), /repeated a page token/]
  ])('fails closed on page 2 with %s', async (_, answer, reason) => {
    expectNotClean(await againstAthena(secondPage(answer)), reason)
  })

  // defect (issue 15): a NextToken that is a number is sent back as it came, and the page it leads to is read
  it('fails closed on page 2 with a NextToken that is a number', async () => {
    expectNotClean(await againstAthena(secondPage(page2(benign.slice(2, 5), 3))), /NextToken/)
  })

  // defect (issue 15): ends with a raw TypeError (candidate.toLowerCase is not a function) and no outputs at all
  it('fails closed on page 2 with a VarCharValue that is a number', async () => {
    const cells = (benign[2] ?? []).map((cell, i) =>
      i === 2 ? { VarCharValue: 42 } : { VarCharValue: cell }
    )
    const answer = body(JSON.stringify({ ResultSet: { Rows: [{ Data: cells }] }, NextToken: pageToken(3) }))
    expectNotClean(await againstAthena(secondPage(answer)), /VarCharValue|not a string/)
  })
})
