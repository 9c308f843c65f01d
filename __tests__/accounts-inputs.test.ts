import { describe, expect, it } from '@jest/globals'
import { InputError } from '../src/core/errors.js'
import { parseQuery, type RawQuery } from '../src/query/inputs.js'
import { LIBRARY_NAMES } from '../src/query/names.js'
import { roleArnFor } from '../src/query/accounts.js'
import { slicesOf, accountsToRead } from '../src/core/scope.js'
import { accountScope } from '../src/sources/athena/partitions.js'
import { cliNames, OPTIONS, rawQuery } from '../src/cli/usage.js'
import { parseArgs } from 'node:util'

// The account scope as every shell writes it: `accounts` (IDs, or organization), `account-role` (a role ARN
// with {account}), `max-concurrent-accounts`. Every mistake is an InputError naming the input, before any AWS
// call is possible (parsing makes none).

const ROLE = 'arn:aws:iam::{account}:role/cloudtrail-audit'
const now = new Date('2026-11-21T12:00:00Z')

function parse(raw: Partial<RawQuery>) {
  return parseQuery({ user: 'alice', region: 'eu-west-2', ...raw }, { now, env: {} })
}

function thrown(run: () => unknown): InputError {
  try {
    run()
  } catch (e) {
    if (e instanceof InputError) return e
    throw e
  }
  throw new Error('no InputError')
}

function error(raw: Partial<RawQuery>): InputError {
  return thrown(() => parse(raw))
}

describe('accounts', () => {
  it('empty: the credentials own account, as before', () => {
    const query = parse({})
    expect(query.accounts).toEqual({ kind: 'self' })
    expect(query.maxConcurrentAccounts).toBe(10)
    expect(slicesOf(query, query.window).map(s => s.account)).toEqual(['self', 'self'])
  })

  it('IDs separated by commas and/or newlines, repeats dropped, in order', () => {
    const query = parse({
      accounts: '111111111111, 222222222222\n333333333333\n\n111111111111',
      accountRole: ROLE
    })
    expect(query.accounts).toEqual({
      kind: 'list',
      ids: ['111111111111', '222222222222', '333333333333'],
      role: ROLE
    })
  })

  it('a list from the library or the CLI', () => {
    expect(parse({ accounts: ['111111111111', '222222222222'], accountRole: ROLE }).accounts).toMatchObject({
      ids: ['111111111111', '222222222222']
    })
    const flags = parseArgs({
      args: ['--accounts', '111111111111', '--accounts', '222222222222', '--account-role', ROLE],
      options: OPTIONS,
      strict: true
    }).values
    const query = parseQuery({ ...rawQuery(flags), user: 'alice', region: 'eu-west-2' }, { now, env: {} })
    expect(query.accounts).toMatchObject({ kind: 'list', ids: ['111111111111', '222222222222'] })
  })

  it('organization', () => {
    expect(parse({ accounts: ' Organization ', accountRole: ROLE }).accounts).toEqual({
      kind: 'organization',
      role: ROLE
    })
  })

  it.each([
    ['an ID that is not 12 digits', '11111111111', '11111111111'],
    ['an ID with a letter', '11111111111a', '11111111111a'],
    ['an account ARN', 'arn:aws:iam::111111111111:root', 'arn:aws:iam::111111111111:root'],
    ['organization among IDs', '111111111111,organization', '111111111111,organization']
  ])('refuses %s', (_, accounts, value) => {
    const e = error({ accounts, accountRole: ROLE })
    expect(e.input).toBe('accounts')
    expect(e.value).toBe(value)
    expect(e.message).toMatch(/12-digit/)
  })

  it('needs account-role with LookupEvents, naming both inputs', () => {
    const e = error({ accounts: '111111111111' })
    expect(e.input).toBe('account-role')
    expect(e.message).toMatch(/when accounts is set/)
    expect(error({ accounts: 'organization' }).input).toBe('account-role')
  })

  it.each([
    ['no {account}', 'arn:aws:iam::111111111111:role/audit'],
    ['not a role ARN', 'arn:aws:iam::{account}:user/audit'],
    ['not an ARN', '{account}/cloudtrail-audit'],
    ['a role in one fixed account', 'arn:aws:iam::111111111111:role/{account}-audit'],
    ['{account} beside other digits', 'arn:aws:iam::9{account}:role/audit'],
    ['an sts ARN', 'arn:aws:sts::{account}:assumed-role/audit/x']
  ])('refuses a template with %s', (_, accountRole) => {
    const e = error({ accounts: '111111111111', accountRole })
    expect(e.input).toBe('account-role')
    expect(e.message).toMatch(/\{account\} where the account ID goes/)
  })

  it('a template may use {account} in the role name too, and keeps paths', () => {
    const template = 'arn:aws-us-gov:iam::{account}:role/audit/{account}-reader'
    expect(parse({ accounts: '111111111111', accountRole: template }).accounts).toMatchObject({
      role: template
    })
    expect(roleArnFor(template, '111111111111')).toBe(
      'arn:aws-us-gov:iam::111111111111:role/audit/111111111111-reader'
    )
  })

  it('account-role without accounts: a warning, and only the own account', () => {
    const query = parse({ accountRole: ROLE })
    expect(query.accounts).toEqual({ kind: 'self' })
    expect(query.warnings.join(' ')).toMatch(/account-role is set but accounts is empty/)
    expect(error({ accountRole: 'arn:aws:iam::{account}:user/x' }).input).toBe('account-role')
  })

  it('max-concurrent-accounts: a whole number from 1 to 100', () => {
    expect(parse({ maxConcurrentAccounts: '3' }).maxConcurrentAccounts).toBe(3)
    for (const bad of ['0', '101', '2.5', 'ten']) {
      expect(error({ maxConcurrentAccounts: bad }).input).toBe('max-concurrent-accounts')
    }
  })

  it('names the inputs as each shell spells them', () => {
    const library = thrown(() =>
      parseQuery(
        { user: 'alice', region: 'eu-west-2', accounts: '1' },
        { now, env: {}, names: LIBRARY_NAMES }
      )
    )
    expect(library.input).toBe('accounts')
    const flags = parseArgs({ args: ['--accounts', '111111111111'], options: OPTIONS, strict: true }).values
    const cli = thrown(() =>
      parseQuery(
        { ...rawQuery(flags), user: 'alice', region: 'eu-west-2' },
        { now, env: {}, names: cliNames(flags) }
      )
    )
    expect(cli.message).toMatch(/Input '--account-role'.*when --accounts is set/)
  })
})

describe('the user ARN and the accounts', () => {
  const arn = 'arn:aws:iam::222222222222:user/alice'

  it('must name one of the accounts listed', () => {
    const e = error({ user: arn, accounts: '111111111111', accountRole: ROLE })
    expect(e.input).toBe('user')
    expect(e.message).toMatch(/names account 222222222222.*add 222222222222 to accounts/)
  })

  it('LookupEvents reads only its account; a plain name is looked for in every account', () => {
    const query = parse({ user: arn, accounts: '111111111111,222222222222', accountRole: ROLE })
    expect(accountsToRead(query, ['111111111111', '222222222222'])).toEqual({
      read: ['222222222222'],
      missing: undefined
    })
    expect(accountsToRead(query, ['111111111111'])).toEqual({ read: [], missing: '222222222222' })
    const named = parse({ accounts: '111111111111,222222222222', accountRole: ROLE })
    expect(accountsToRead(named, ['111111111111', '222222222222']).read).toEqual([
      '111111111111',
      '222222222222'
    ])
  })
})

describe('with source athena', () => {
  const athena = { source: 'athena', athenaTable: 'security.cloudtrail_logs' } as const

  it('needs no account-role, and bounds the account partitions by the list', () => {
    const query = parseQuery(
      { user: 'alice', ...athena, accounts: '111111111111,222222222222' },
      {
        now,
        env: { AWS_REGION: 'eu-west-2' }
      }
    )
    expect(query.accounts).toEqual({ kind: 'list', ids: ['111111111111', '222222222222'], role: undefined })
    expect(accountScope(query)).toEqual(['111111111111', '222222222222'])
  })

  it('organization, or no accounts: every account of the table', () => {
    const env = { AWS_REGION: 'eu-west-2' }
    const org = parseQuery({ user: 'alice', ...athena, accounts: 'organization' }, { now, env })
    expect(accountScope(org)).toBeUndefined()
    expect(accountScope(parseQuery({ user: 'alice', ...athena }, { now, env }))).toBeUndefined()
  })

  it('an account-role is not used: a warning says so', () => {
    const query = parseQuery(
      { user: 'alice', ...athena, accounts: '111111111111', accountRole: ROLE },
      { now, env: { AWS_REGION: 'eu-west-2' } }
    )
    expect(query.warnings.join(' ')).toMatch(/account-role is not used with source athena/)
  })
})
