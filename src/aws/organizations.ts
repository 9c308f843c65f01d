import type { ListAccountsCommand, ListAccountsCommandOutput } from '@aws-sdk/client-organizations'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { clip } from '../core/bounded.js'
import { SourceFailure } from '../core/errors.js'
import { MAX_ACCOUNTS } from '../query/accounts.js'
import { httpOptions, sdkOptions, type ClientOptions } from './clients.js'
import { recordOwnRequests } from './own-requests.js'
import { paginate, TokenGuard } from './pages.js'
import { DEFAULT_RETRY, describeError, retrying, type FailureWords, type OneOffCallDeps } from './retry.js'

// `accounts: organization`: AWS Organizations ListAccounts, every page, from the base credentials (the
// management account or a delegated administrator). Only ACTIVE accounts are read: a SUSPENDED or
// PENDING_CLOSURE account's roles cannot be assumed. Every answer is checked: an account without a 12-digit
// Id or a state is not an account, and the scan cannot say which accounts it covers, so it stops.

/** What ListAccounts needs of an Organizations client (a real one, or aws-sdk-client-mock's). */
export interface ListAccountsLike {
  send(
    command: ListAccountsCommand,
    options?: { abortSignal?: AbortSignal }
  ): Promise<ListAccountsCommandOutput>
}

export type ListAccountsDeps = OneOffCallDeps

export interface OrganizationAccounts {
  /** ACTIVE accounts, in the order ListAccounts gave them. */
  readonly active: readonly string[]
  /** Accounts left out, by state: `SUSPENDED: 1`. */
  readonly skipped: ReadonlyMap<string, number>
  readonly pages: number
}

/** Organizations documents NextToken as at most 100,000 characters. */
const MAX_TOKEN = 100_000
const ACCOUNT_ID = /^\d{12}$/
const KNOWN_STATES: ReadonlySet<string> = new Set([
  'SUSPENDED',
  'PENDING_CLOSURE',
  'PENDING_ACTIVATION',
  'CLOSED'
])

const WORDS: FailureWords = {
  throttled: count => `Organizations ListAccounts was throttled ${count} times in a row`,
  transient: (reason, count) => `Organizations ListAccounts failed: ${reason}, ${count} attempts`,
  fatal: (disposition, error) =>
    `Organizations ListAccounts failed (${describeError(error)})` +
    (disposition.code === 'access-denied'
      ? ': accounts organization needs organizations:ListAccounts for the base credentials, in the ' +
        'management account or a delegated administrator (docs/accounts.md)'
      : '')
}

function bad(reason: string): SourceFailure {
  return new SourceFailure('bad-response', `Organizations ListAccounts answered ${reason}`)
}

/** One page's accounts as (id, state); a SourceFailure for anything that is not an account. */
function accountsOf(output: ListAccountsCommandOutput): Array<{ id: string; state: string }> {
  const accounts: unknown = output.Accounts
  if (!Array.isArray(accounts)) throw bad('with no Accounts list')
  return accounts.map((account: unknown) => {
    const a = typeof account === 'object' && account !== null ? (account as Record<string, unknown>) : {}
    const id = a['Id']
    if (typeof id !== 'string' || !ACCOUNT_ID.test(id)) {
      throw bad(`with an account whose Id is not 12 digits (${clip(JSON.stringify(id) ?? 'none', 40)})`)
    }
    // `State` replaces `Status` (retired in 2026); either is read, State first.
    const state = typeof a['State'] === 'string' ? a['State'] : a['Status']
    if (typeof state !== 'string' || state === '') throw bad(`account ${id} with no State or Status`)
    return { id, state: clip(state, 40) }
  })
}

/** Every account of the organization, every page; throws a SourceFailure when the list cannot be trusted. */
export async function listActiveAccounts(
  client: ListAccountsLike,
  deps: ListAccountsDeps
): Promise<OrganizationAccounts> {
  const { ListAccountsCommand } = await import('@aws-sdk/client-organizations')
  const fetch = (token: string | undefined): Promise<ListAccountsCommandOutput> => {
    const command = new ListAccountsCommand({
      MaxResults: 20,
      ...(token !== undefined && { NextToken: token })
    })
    return retrying(signal => client.send(command, { abortSignal: signal }), {
      clock: deps.clock,
      random: deps.random,
      signal: deps.signal,
      requestTimeoutMs: deps.requestTimeoutMs ?? 20_000,
      policy: deps.retry ?? DEFAULT_RETRY,
      words: WORDS
    })
  }
  const tokenOf = (page: ListAccountsCommandOutput): string | undefined => {
    const token: unknown = page.NextToken
    if (token === undefined || token === null) return undefined
    if (typeof token !== 'string' || token === '') throw bad('with a NextToken that is not a string')
    return token
  }
  const seen = new Set<string>()
  const active: string[] = []
  const skipped = new Map<string, number>()
  let pages = 0
  for await (const page of paginate(
    fetch,
    tokenOf,
    new TokenGuard('Organizations ListAccounts', MAX_TOKEN)
  )) {
    pages += 1
    deps.own?.add(page.$metadata?.requestId)
    for (const { id, state } of accountsOf(page)) {
      if (seen.has(id)) continue
      seen.add(id)
      if (seen.size > MAX_ACCOUNTS) throw bad(`with more than ${MAX_ACCOUNTS} accounts`)
      if (state === 'ACTIVE') active.push(id)
      // Counted by state for the log: the states Organizations documents, any other as one (a server's text).
      else {
        const known = KNOWN_STATES.has(state) ? state : 'other state'
        skipped.set(known, (skipped.get(known) ?? 0) + 1)
      }
    }
  }
  return { active, skipped, pages }
}

/** The Organizations client: global, signed for us-east-1, with the base credentials; loaded on first use. */
export function organizationsClient(options: ClientOptions): () => Promise<ListAccountsLike> {
  let client: Promise<ListAccountsLike> | undefined
  return () =>
    (client ??= import('@aws-sdk/client-organizations').then(({ OrganizationsClient }) => {
      const organizations = new OrganizationsClient({
        ...sdkOptions('us-east-1', options),
        requestHandler: new NodeHttpHandler(httpOptions(options))
      })
      if (options.own) recordOwnRequests(organizations, options.own)
      return organizations
    }))
}
