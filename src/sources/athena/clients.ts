import { AthenaClient } from '@aws-sdk/client-athena'
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail'
import { GlueClient } from '@aws-sdk/client-glue'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { checkAnswer, type AnswerWords } from '../../aws/answer-check.js'
import {
  addAnswerCheck,
  httpOptions,
  sdkOptions,
  type AnswerCheck,
  type ClientOptions
} from '../../aws/clients.js'
import { recordOwnRequests } from '../../aws/own-requests.js'
import { addAthenaAnswers } from './result-pages.js'
import type { TrailClientFactory } from './trails.js'

/** The two clients the Athena source calls, in the Region of the workgroup and the Glue catalog. */
export interface AthenaClients {
  readonly athena: AthenaClient
  readonly glue: GlueClient
}

export type AthenaClientFactory = (region: string) => AthenaClients

/** Far above a result page of 1,000 rows, far below what would hurt the runner. */
const MAX_ANSWER_BYTES = 64 * 1024 * 1024

function wordsOf(service: 'Athena' | 'Glue', env: string, operation: string): AnswerWords {
  return {
    what: service === 'Glue' ? `Glue ${operation}` : operation,
    service,
    expected: `an answer to ${operation}`,
    hint: `is AWS_ENDPOINT_URL_${env} pointing at ${service}?`
  }
}

/** Every Glue answer must be a JSON answer (aws/answer-check.ts): never a login page read as empty. */
const glueCheck: AnswerCheck = (operation, status, headers, body) => {
  checkAnswer(status, headers, body, wordsOf('Glue', 'GLUE', operation))
}

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
    // Athena's answers are checked the same way, and its result pages read once (result-pages.ts).
    addAthenaAnswers(clients.athena, operation => wordsOf('Athena', 'ATHENA', operation), MAX_ANSWER_BYTES)
    addAnswerCheck(clients.glue, glueCheck, MAX_ANSWER_BYTES)
    if (options.own) {
      recordOwnRequests(clients.athena, options.own)
      recordOwnRequests(clients.glue, options.own)
    }
    return clients
  }
}

/**
 * CloudTrail clients for the trail check (DescribeTrails, GetTrail, GetTrailStatus), one per Region, with every
 * answer checked (a JSON answer, never a login page) and its request ID kept as the gate's own.
 */
export function trailClientFactory(options: ClientOptions): TrailClientFactory {
  const clients = new Map<string, CloudTrailClient>()
  return region => {
    let client = clients.get(region)
    if (client === undefined) {
      client = new CloudTrailClient({
        ...sdkOptions(region, options),
        requestHandler: new NodeHttpHandler(httpOptions(options))
      })
      const check: AnswerCheck = (operation, status, headers, body) => {
        checkAnswer(status, headers, body, {
          what: `CloudTrail ${operation}`,
          service: 'CloudTrail',
          expected: `an answer to ${operation}`,
          hint: 'is AWS_ENDPOINT_URL_CLOUDTRAIL pointing at CloudTrail?'
        })
      }
      addAnswerCheck(client, check, MAX_ANSWER_BYTES)
      ;(client.middlewareStack as { remove(name: string): boolean }).remove('loggerMiddleware')
      if (options.own) recordOwnRequests(client, options.own)
      clients.set(region, client)
    }
    return client
  }
}
