import { AthenaClient } from '@aws-sdk/client-athena'
import { GlueClient } from '@aws-sdk/client-glue'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { httpOptions, sdkOptions } from '../../aws/clients.js'
import type { CredentialsProvider } from '../../aws/credentials.js'

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
      ...sdkOptions(region, options),
      requestHandler: new NodeHttpHandler(httpOptions(options))
    }
    return { athena: new AthenaClient(common), glue: new GlueClient(common) }
  }
}
