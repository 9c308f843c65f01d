import { describe, expect, it } from '@jest/globals'
import { substituteParameters } from '../emulator/athena/parameters.js'
import { InputError } from '../src/core/errors.js'
import { stringLiteral } from '../src/sources/athena/literal.js'
import { buildStatement, COLUMNS } from '../src/sources/athena/sql.js'
import { readPartitioning } from '../src/sources/athena/table.js'
import { athenaQuery, FLAVOURS } from '../__fixtures__/athena-query.js'
import type { Query } from '../src/types.js'

function statement(query: Query, table = FLAVOURS.projection): ReturnType<typeof buildStatement> {
  if (!query.athena) throw new Error('not an Athena query')
  return buildStatement(query, query.athena, readPartitioning(table))
}

/** Reads a literal back as Athena's parser would: it must be one whole string literal. */
function unquote(literal: string): string {
  expect(literal).toMatch(/^'(?:[^']|'')*'$/)
  return literal.slice(1, -1).replace(/''/g, "'")
}

function placeholders(sql: string): number {
  return (sql.match(/\?/g) ?? []).length
}

describe('buildStatement', () => {
  it('selects the columns of a TrailRecord from the validated table, one placeholder per parameter', () => {
    const s = statement(athenaQuery({ events: 'TerminateInstances' }))
    for (const column of COLUMNS) expect(s.sql).toMatch(new RegExp(`\\b${column}\\b`))
    expect(s.sql).toContain('FROM "security"."cloudtrail_logs"')
    expect(placeholders(s.sql)).toBe(s.parameters.length)
  })

  it('pushes the window as eventtime strings and bounds the day partitions a day on each side', () => {
    const s = statement(athenaQuery())
    expect(s.sql).toContain('"timestamp" BETWEEN ? AND ?')
    expect(s.parameters).toEqual(
      expect.arrayContaining([
        "'2026/01/04'",
        "'2026/01/13'",
        "'2026-01-05T10:00:00'",
        "'2026-01-12T09:30:00Z'"
      ])
    )
    expect(s.sql).toContain('eventtime >= ?')
    expect(s.sql).toContain('eventtime <= ?')
    expect(s.bounds).toEqual(['timestamp 2026/01/04 to 2026/01/13'])
  })

  it('bounds manual year/month/day partitions as numbers, and the Regions asked for plus us-east-1', () => {
    const s = statement(athenaQuery({ region: 'eu-west-2' }), FLAVOURS.manual)
    expect(s.sql).toContain(
      'CAST("year" AS INTEGER) * 10000 + CAST("month" AS INTEGER) * 100 + CAST("day" AS INTEGER) BETWEEN ? AND ?'
    )
    expect(s.parameters).toEqual(
      expect.arrayContaining(['20260104', '20260113', "'eu-west-2'", "'us-east-1'"])
    )
    expect(s.sql).toContain('"region" IN (?, ?)')
  })

  it('does not bound the Region when none is given (every Region of the table), nor us-east-1 without global events', () => {
    expect(statement(athenaQuery(), FLAVOURS.manual).sql).not.toContain('"region"')
    const s = statement(athenaQuery({ region: 'eu-west-2', includeGlobalEvents: false }), FLAVOURS.manual)
    expect(s.sql).toContain('"region" = ?')
    expect(s.parameters).not.toContain("'us-east-1'")
  })

  it("never bounds an organization table's account by the identity's ARN: its events in another account count", () => {
    const arn = 'arn:aws:iam::444455556666:role/deploy'
    const s = statement(athenaQuery({ user: arn }), FLAVOURS.organization)
    expect(s.sql).not.toContain('"account"')
    expect(statement(athenaQuery(), FLAVOURS.organization).sql).not.toContain('"account"')
  })

  it('warns that a table without partition keys is read whole', () => {
    const s = statement(athenaQuery(), FLAVOURS.none)
    expect(s.warnings.join(' ')).toMatch(/no partition keys.*whole table/)
    expect(s.sql).not.toContain('"timestamp"')
  })

  it('pushes exact event names, with the service when qualified', () => {
    const s = statement(athenaQuery({ events: 'TerminateInstances, iam:PutUserPolicy' }))
    expect(s.sql).toContain('(eventname = ? OR (eventsource = ? AND eventname = ?))')
    expect(s.parameters).toEqual(
      expect.arrayContaining(["'TerminateInstances'", "'iam.amazonaws.com'", "'PutUserPolicy'"])
    )
  })

  it('leaves event names to the judge when any pattern has a wildcard', () => {
    const s = statement(athenaQuery({ events: 'TerminateInstances, Delete*' }))
    expect(s.sql).not.toContain('eventname =')
    expect(s.parameters).not.toContain("'TerminateInstances'")
  })

  it('sorts by event id, so copies of an event arrive together', () => {
    expect(statement(athenaQuery()).sql).toMatch(/\nORDER BY eventid$/)
  })

  it('gives the values in the order of their placeholders', () => {
    const s = statement(
      athenaQuery({ user: 'arn:aws:iam::111122223333:role/deploy', events: 's3:GetObject, DeleteBucket' }),
      FLAVOURS.organization
    )
    expect(substituteParameters(s.sql, s.parameters)).toContain(
      "((eventsource = 's3.amazonaws.com' AND eventname = 'GetObject') OR eventname = 'DeleteBucket')"
    )
    expect(substituteParameters(s.sql, s.parameters)).toContain(
      "useridentity.type = 'AssumedRole' AND (useridentity.accountid = '111122223333' OR useridentity.accountid IS NULL) AND (useridentity.sessioncontext.sessionissuer.username = 'deploy' OR useridentity.sessioncontext.sessionissuer.arn LIKE '%/deploy')"
    )
  })

  it('has no event condition in discovery', () => {
    expect(statement(athenaQuery()).sql).not.toContain('eventname =')
  })

  it.each([
    ['a plain name', 'deploy-bot', ['deploy-bot', '%/deploy-bot']],
    ['an IAM user ARN', 'arn:aws:iam::111122223333:user/alice', ['111122223333', 'alice', '%/alice']],
    ['a role ARN', 'arn:aws:iam::111122223333:role/ci/deploy', ['111122223333', 'deploy', '%/deploy']],
    [
      'a role session ARN',
      'arn:aws:sts::111122223333:assumed-role/deploy/run-7',
      ['111122223333', '%:assumed-role/deploy/run-7%']
    ],
    [
      'a web-identity user name',
      'repo:org/repo:ref:refs/heads/main',
      ['repo:org/repo:ref:refs/heads/main', '%/repo:org/repo:ref:refs/heads/main']
    ],
    ['a root ARN', 'arn:aws:iam::111122223333:root', ['111122223333']],
    [
      'a federated-user ARN',
      'arn:aws:sts::111122223333:federated-user/Bob',
      ['111122223333', '%:federated-user/Bob']
    ]
  ])('pushes the identity of %s into WHERE as parameters', (_, user, values) => {
    const s = statement(athenaQuery({ user }))
    for (const value of values) expect(s.parameters).toContain(stringLiteral(value))
    expect(s.sql).toContain('useridentity')
  })
})

describe('no input value reaches the SQL text', () => {
  const attacks = [
    "x' OR '1'='1",
    "'; DROP TABLE cloudtrail_logs; --",
    "a'' OR eventname <> ''",
    "o'brien\\' OR 1=1 --",
    'quote"in"identifier',
    "?' , '?",
    "/* ' */ OR 1=1"
  ]

  /**
   * The parser refuses the names with spaces; a web-identity or SAML user name may hold quotes, so the others are
   * names it accepts (issue 19). Either way the builder must hold.
   */
  const named = (name: string, raw: Parameters<typeof athenaQuery>[0] = {}): Query => ({
    ...athenaQuery(raw),
    identity: { kind: 'name', name }
  })

  it.each(attacks.filter(a => / /.test(a)))('the user input refuses %j', user => {
    expect(() => athenaQuery({ user })).toThrow(/Input 'user'/)
  })

  it.each(attacks.filter(a => !/ /.test(a)))('the user input takes %j as a plain name', user => {
    expect(athenaQuery({ user }).identity).toEqual({ kind: 'name', name: user })
  })

  it.each(attacks)('a name %j is a parameter, a single quoted literal that reads back as itself', user => {
    const s = statement(named(user, { events: 'Delete*' }))
    expect(s.sql).not.toContain(user)
    expect(placeholders(s.sql)).toBe(s.parameters.length)
    const values = s.parameters.filter(p => p.startsWith("'")).map(unquote)
    expect(values).toContain(user)
    expect(values).toContain(`%/${user}`)
  })

  it('the SQL text is the same whatever the values, apart from the number of Regions and patterns', () => {
    const plain = statement(named('a')).sql
    for (const user of attacks) expect(statement(named(user)).sql).toBe(plain)
  })

  it.each([
    ['athena-table', { athenaTable: 'security.logs"; DROP TABLE x; --' }],
    ['athena-table', { athenaTable: 'security.cloudtrail-logs' }],
    ['athena-table', { athenaTable: 'cloudtrail_logs' }],
    ['athena-table', { athenaTable: 'a.b.c' }],
    ['athena-workgroup', { athenaWorkgroup: "primary' --" }],
    ['athena-catalog', { athenaCatalog: 'Aws Data"Catalog' }],
    ['athena-output-location', { athenaOutputLocation: 'https://bucket/x' }],
    ['athena-max-bytes-scanned', { athenaMaxBytesScanned: '10 GB; DROP' }],
    ['events', { events: "Delete*' OR '1'='1" }],
    ['region', { region: "us-east-1' OR '1'='1" }]
  ])('rejects a hostile %s before anything is built', (input, raw) => {
    expect(() => athenaQuery(raw)).toThrow(InputError)
    try {
      athenaQuery(raw)
    } catch (error) {
      expect((error as InputError).input).toBe(input)
    }
  })

  it('refuses a value longer than Athena takes in a parameter rather than cutting it', () => {
    expect(() => statement(named('a'.repeat(1100)))).toThrow(/longer than Athena allows/)
  })
})
