import { CloudTrailClient } from '@aws-sdk/client-cloudtrail'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { TOOL_NAME, TOOL_VERSION } from './constants.js'
import type { CredentialsProvider } from './credentials.js'
import type { CloudTrailLike } from './lookup.js'

/** What the HTTP layer reports to the pacer. */
export interface ClientHooks {
  /** A request is handed to HTTP, after the SDK's own work (signing, first-call loading). */
  readonly onSend?: () => void
  /** Its response has arrived. */
  readonly onAnswer?: () => void
}

/** Gives one CloudTrail client per Region; the hooks of the latest call are the ones used. */
export type ClientFactory = (region: string, hooks?: ClientHooks) => CloudTrailLike

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

/**
 * One CloudTrail client per Region. The SDK's own retries are off (`maxAttempts: 1`): lookup retries every
 * attempt itself, through the pacer, so each attempt is paced and counted and none can outlive the deadline.
 * `AWS_ENDPOINT_URL_CLOUDTRAIL` is honoured by the SDK itself (the emulator relies on it).
 */
export function cloudTrailClientFactory(options: {
  credentials?: CredentialsProvider | undefined
  requestTimeoutMs?: number
}): ClientFactory {
  const clients = new Map<string, { client: CloudTrailClient; hooks: { current: ClientHooks } }>()
  return (region, hooks = {}) => {
    let entry = clients.get(region)
    if (!entry) {
      const holder = { current: hooks }
      const client = new CloudTrailClient({
        region,
        maxAttempts: 1,
        customUserAgent: `${TOOL_NAME}/${TOOL_VERSION}`,
        requestHandler: new ReportingHttpHandler(
          {
            connectionTimeout: 5_000,
            requestTimeout: options.requestTimeoutMs ?? 20_000,
            throwOnRequestTimeout: true
          },
          holder
        ),
        ...(options.credentials && { credentials: options.credentials })
      })
      entry = { client, hooks: holder }
      clients.set(region, entry)
    }
    entry.hooks.current = hooks
    return entry.client
  }
}
