import {
  CloudTrailClient,
  type LookupEventsCommand,
  type LookupEventsCommandOutput
} from '@aws-sdk/client-cloudtrail'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { TOOL_NAME, TOOL_VERSION } from '../core/constants.js'
import { ANY, SELF } from '../core/coverage.js'
import type { CredentialsProvider } from './credentials.js'
import { recordOwnRequests, type OwnRequests } from './own-requests.js'
import type { StsFactory, StsLike } from './marker.js'
import { dropLogCopies } from './no-log-copy.js'
import { checkLookupEventsAnswer, MAX_PAGE_BYTES, ResponseError } from './page-check.js'

/** What the HTTP layer reports to the pacer. */
/** What a lookup needs of a CloudTrail client (a real CloudTrailClient, or aws-sdk-client-mock's). */
export interface CloudTrailLike {
  send(
    command: LookupEventsCommand,
    options?: { abortSignal?: AbortSignal }
  ): Promise<LookupEventsCommandOutput>
}

export interface ClientHooks {
  /** A request is handed to HTTP, after the SDK's own work (signing, first-call loading). */
  readonly onSend?: () => void
  /** Its response has arrived. */
  readonly onAnswer?: () => void
}

/** What every SDK client the action builds takes. */
export interface ClientOptions {
  /** The base credentials: the credentials' own account (and the caller of AssumeRole for the others). */
  readonly credentials?: CredentialsProvider | undefined
  /** Credentials of a named account (its role, assumed from the base credentials): see aws/accounts.ts. */
  readonly credentialsFor?: ((account: string) => CredentialsProvider) | undefined
  readonly requestTimeoutMs?: number
  /** Where every answer's request ID goes: the gate's own calls are never judged as the identity's. */
  readonly own?: OwnRequests | undefined
}

/** The HTTP timeouts of every client: a request that hangs is abandoned, never waited on. */
export function httpOptions(options: ClientOptions): {
  connectionTimeout: number
  requestTimeout: number
  throwOnRequestTimeout: boolean
} {
  return {
    connectionTimeout: 5_000,
    requestTimeout: options.requestTimeoutMs ?? 20_000,
    throwOnRequestTimeout: true
  }
}

/**
 * The configuration every client shares: the SDK's own retries off (each source retries a call itself, paced and
 * within the scan's deadline), our user agent, and the credentials when the action assumed a role.
 */
export function sdkOptions(
  region: string,
  options: ClientOptions
): { region: string; maxAttempts: number; customUserAgent: string; credentials?: CredentialsProvider } {
  return {
    region,
    maxAttempts: 1,
    customUserAgent: `${TOOL_NAME}/${TOOL_VERSION}`,
    ...(options.credentials && { credentials: options.credentials })
  }
}

/**
 * Gives one CloudTrail client per account and Region (no account: the credentials' own); the hooks of the
 * latest call are the ones used.
 */
export type ClientFactory = ((region: string, hooks?: ClientHooks, account?: string) => CloudTrailLike) & {
  /** Closes and forgets an account's clients once it is read (a scan of hundreds of accounts holds few). */
  readonly release?: (account: string) => void
}

/** Destroys and forgets the entries of `account` (keys `<account>|<region>`). */
function releaseAccount<T>(clients: Map<string, T>, account: string, destroy: (entry: T) => void): void {
  for (const [key, entry] of clients) {
    if (!key.startsWith(`${account}|`)) continue
    clients.delete(key)
    destroy(entry)
  }
}

/** The options of one account's clients: its own credentials, unless it is the credentials' own account. */
export function accountOptions(options: ClientOptions, account: string | undefined): ClientOptions {
  if (account === undefined || account === SELF || account === ANY) return options
  if (options.credentialsFor === undefined) {
    throw new Error(`no credentials for account ${account}: the scan was given no account-role`)
  }
  return { ...options, credentials: options.credentialsFor(account) }
}

/** A NodeHttpHandler that reports when each request really leaves, so the pacer can measure from then. */
class ReportingHttpHandler extends NodeHttpHandler {
  constructor(
    options: ConstructorParameters<typeof NodeHttpHandler>[0],
    private readonly hooks: { current: ClientHooks }
  ) {
    super(options)
  }

  override async handle(
    ...args: Parameters<NodeHttpHandler['handle']>
  ): ReturnType<NodeHttpHandler['handle']> {
    const hooks = this.hooks.current
    hooks.onSend?.()
    const answer = await super.handle(...args)
    hooks.onAnswer?.()
    return answer
  }
}

/** The whole body of a raw response, refusing one larger than `max` bytes. */
export async function readBody(body: unknown, max: number, what: string): Promise<Uint8Array> {
  if (body instanceof Uint8Array) return body
  if (typeof body === 'string') return Buffer.from(body, 'utf8')
  if (body === undefined || body === null) return new Uint8Array()
  if (typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function') {
    throw new ResponseError(`${what} answered with a body that cannot be read`)
  }
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk)
    size += bytes.length
    if (size > max) {
      ;(body as { destroy?: () => void }).destroy?.()
      throw new ResponseError(`${what} answered with a body over ${max} bytes, far larger than any answer`)
    }
    chunks.push(bytes)
  }
  return Buffer.concat(chunks)
}

interface RawResponse {
  statusCode?: unknown
  headers?: unknown
  body?: unknown
}

/** Checks one raw answer of an operation: throws a ResponseError for what is not its answer. */
export type AnswerCheck = (
  operation: string,
  status: number,
  headers: { readonly contentType: string | undefined; readonly location: string | undefined },
  body: string
) => void

interface StackLike {
  add(
    middleware: (
      next: (args: unknown) => Promise<{ response: unknown }>,
      context: { commandName?: string }
    ) => (args: unknown) => Promise<{ response: unknown }>,
    options: { step: 'deserialize'; priority: 'low'; name: string }
  ): void
}

/**
 * Reads every raw answer before the SDK does and hands it to `check` (see answer-check.ts); the SDK then reads
 * the same bytes. Sits in the deserialize step, inside the SDK's deserializer, so it sees every status.
 */
export function addAnswerCheck(
  client: { middlewareStack: unknown },
  check: AnswerCheck,
  maxBytes: number
): void {
  ;(client.middlewareStack as StackLike).add(
    (next, context) => async args => {
      const result = await next(args)
      const operation = (context.commandName ?? 'the call').replace(/Command$/, '')
      const response = result.response as RawResponse
      const bytes = await readBody(response.body, maxBytes, operation)
      response.body = bytes
      const status = typeof response.statusCode === 'number' ? response.statusCode : 0
      const headers: Readonly<Record<string, unknown>> =
        typeof response.headers === 'object' && response.headers !== null ? { ...response.headers } : {}
      const header = (name: string): string | undefined => {
        const value = headers[name]
        return typeof value === 'string' ? value : undefined
      }
      const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')
      check(operation, status, { contentType: header('content-type'), location: header('location') }, text)
      return result
    },
    { step: 'deserialize', priority: 'low', name: 'cloudtrailGateAnswerCheck' }
  )
}

/** Refuses every LookupEvents answer that is not a page (page-check.ts). */
function addPageCheck(client: CloudTrailClient): void {
  addAnswerCheck(
    client,
    (operation, status, headers, body) => {
      if (operation === 'LookupEvents') checkLookupEventsAnswer(status, headers, body)
    },
    MAX_PAGE_BYTES
  )
}

/**
 * One CloudTrail client per Region. The SDK's own retries are off (`maxAttempts: 1`): lookup retries every
 * attempt itself, through the pacer, so each attempt is paced and counted and none can outlive the deadline.
 * `AWS_ENDPOINT_URL_CLOUDTRAIL` is honoured by the SDK itself (the emulator relies on it).
 */
export function cloudTrailClientFactory(options: ClientOptions): ClientFactory {
  const clients = new Map<string, { client: CloudTrailClient; hooks: { current: ClientHooks } }>()
  const factory = (region: string, hooks: ClientHooks = {}, account: string = SELF): CloudTrailLike => {
    const key = `${account}|${region}`
    let entry = clients.get(key)
    if (!entry) {
      const holder = { current: hooks }
      const mine = accountOptions(options, account)
      const client = new CloudTrailClient({
        ...sdkOptions(region, mine),
        requestHandler: new ReportingHttpHandler(httpOptions(mine), holder)
      })
      addPageCheck(client)
      dropLogCopies(client)
      if (options.own) recordOwnRequests(client, options.own)
      entry = { client, hooks: holder }
      clients.set(key, entry)
    }
    entry.hooks.current = hooks
    return entry.client
  }
  return Object.assign(factory, {
    release: (account: string) => releaseAccount(clients, account, entry => entry.client.destroy())
  })
}

/**
 * One STS client per account and Region for the delivery barrier's marker, on that Region's own endpoint
 * (`useGlobalEndpoint: false`): CloudTrail records a call to a regional STS endpoint in that Region, which is
 * where the barrier looks for it. The STS client is imported only when a fresh window needs a marker.
 * `AWS_ENDPOINT_URL_STS` is honoured by the SDK (the emulator relies on it).
 */
export function stsClientFactory(options: ClientOptions): StsFactory {
  const clients = new Map<string, Promise<StsLike & { destroy(): void }>>()
  const factory = (region: string, account: string = SELF): Promise<StsLike> => {
    const key = `${account}|${region}`
    let client = clients.get(key)
    if (client === undefined) {
      client = import('@aws-sdk/client-sts').then(({ STSClient }) => {
        const mine = accountOptions(options, account)
        const sts = new STSClient({
          ...sdkOptions(region, mine),
          useGlobalEndpoint: false,
          requestHandler: new NodeHttpHandler(httpOptions(mine))
        })
        if (options.own) recordOwnRequests(sts, options.own)
        return sts
      })
      clients.set(key, client)
    }
    return client
  }
  return Object.assign(factory, {
    release: (account: string) =>
      releaseAccount(
        clients,
        account,
        entry =>
          void entry.then(
            sts => sts.destroy(),
            () => undefined
          )
      )
  })
}
