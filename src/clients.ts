import { CloudTrailClient } from '@aws-sdk/client-cloudtrail'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { TOOL_NAME, TOOL_VERSION } from './constants.js'
import type { CredentialsProvider } from './credentials.js'
import type { CloudTrailLike } from './lookup.js'

/**
 * One CloudTrail client per Region. The SDK's own retries are off (`maxAttempts: 1`): lookup retries every
 * attempt itself, through the pacer, so each attempt is paced and counted and none can outlive the deadline.
 * `AWS_ENDPOINT_URL_CLOUDTRAIL` is honoured by the SDK itself (the emulator relies on it).
 */
export function cloudTrailClientFactory(options: {
  credentials?: CredentialsProvider | undefined
  requestTimeoutMs?: number
}): (region: string) => CloudTrailLike {
  const clients = new Map<string, CloudTrailClient>()
  return region => {
    let client = clients.get(region)
    if (!client) {
      client = new CloudTrailClient({
        region,
        maxAttempts: 1,
        customUserAgent: `${TOOL_NAME}/${TOOL_VERSION}`,
        requestHandler: new NodeHttpHandler({
          connectionTimeout: 5_000,
          requestTimeout: options.requestTimeoutMs ?? 20_000,
          throwOnRequestTimeout: true
        }),
        ...(options.credentials && { credentials: options.credentials })
      })
      clients.set(region, client)
    }
    return client
  }
}
