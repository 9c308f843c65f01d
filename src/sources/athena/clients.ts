import { AthenaClient } from '@aws-sdk/client-athena'
import { GlueClient } from '@aws-sdk/client-glue'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { TOOL_NAME, TOOL_VERSION } from '../../constants.js'
import type { CredentialsProvider } from '../../credentials.js'

/** The two clients the Athena source calls, in the Region of the workgroup and the Glue catalog. */
export interface AthenaClients {
  readonly athena: AthenaClient
  readonly glue: GlueClient
}

export type AthenaClientFactory = (region: string) => AthenaClients

/**
 * Real clients with the SDK's own retries off (the source retries each call itself, within the scan's deadline).
 * `AWS_ENDPOINT_URL_ATHENA` and `AWS_ENDPOINT_URL_GLUE` are honoured by the SDK (the emulator relies on them).
 */
export function athenaClientFactory(options: {
  credentials?: CredentialsProvider | undefined
  requestTimeoutMs?: number
}): AthenaClientFactory {
  return region => {
    const common = {
      region,
      maxAttempts: 1,
      customUserAgent: `${TOOL_NAME}/${TOOL_VERSION}`,
      requestHandler: new NodeHttpHandler({
        connectionTimeout: 5_000,
        requestTimeout: options.requestTimeoutMs ?? 20_000,
        throwOnRequestTimeout: true
      }),
      ...(options.credentials && { credentials: options.credentials })
    }
    return { athena: new AthenaClient(common), glue: new GlueClient(common) }
  }
}
