import { AthenaClient } from '@aws-sdk/client-athena'
import { GlueClient } from '@aws-sdk/client-glue'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { httpOptions, sdkOptions, type ClientOptions } from '../../aws/clients.js'
import { recordOwnRequests } from '../../aws/own-requests.js'

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
export function athenaClientFactory(options: ClientOptions): AthenaClientFactory {
  return region => {
    const common = {
      ...sdkOptions(region, options),
      requestHandler: new NodeHttpHandler(httpOptions(options))
    }
    const clients = { athena: new AthenaClient(common), glue: new GlueClient(common) }
    if (options.own) {
      recordOwnRequests(clients.athena, options.own)
      recordOwnRequests(clients.glue, options.own)
    }
    return clients
  }
}
