import { describe, expect, it, jest } from '@jest/globals'
import { ACCOUNT, cloudTrailTable } from '../../__fixtures__/athena-wire.js'
import {
  awsError,
  honest,
  json,
  QUERY_ID,
  queryExecution,
  type AthenaScenario
} from '../../__fixtures__/hostile-athena.js'
import { againstAthena, callsOf, expectNotClean } from '../../__fixtures__/hostile-athena-run.js'

// The query's life: StartQueryExecution, then GetQueryExecution until it ends. Anything but a SUCCEEDED query of
// ours ends incomplete, and a query we give up on is stopped so it bills no further.
//   never leaves RUNNING (the deadline), throttled on every poll (the deadline), past athena-max-bytes-scanned:
//   each stopped with StopQueryExecution; a GetQueryResults that never answers (the deadline)
//   FAILED with an AthenaError, CANCELLED by someone else, a state Athena does not have, no Status, an error shape
//   in a 200 (named as such), no QueryExecutionId, an InvalidRequestException from StartQueryExecution, GetQueryResults saying the
//   query has not finished after all
//   GetQueryExecution answering about another query

jest.setTimeout(60_000)

const table = cloudTrailTable({ kind: 'projection', account: ACCOUNT, region: 'eu-west-1' })
const base = honest({ table })
const polls = (answer: AthenaScenario['GetQueryExecution']): AthenaScenario => ({
  ...base,
  GetQueryExecution: answer
})

describe('the life of the Athena query, end to end', () => {
  it.each<[string, AthenaScenario, Record<string, string>, RegExp]>([
    [
      'a query that never leaves RUNNING',
      polls((_, res) => json(res, queryExecution('RUNNING'))),
      { 'timeout-minutes': '0.1' },
      /deadline/
    ],
    [
      'throttling on every GetQueryExecution',
      polls((_, res) => awsError(res, 400, 'ThrottlingException', 'Rate exceeded')),
      { 'timeout-minutes': '0.1' },
      /deadline|throttled/
    ],
    [
      'a running query past athena-max-bytes-scanned',
      polls((_, res) => json(res, queryExecution('RUNNING', {}, { DataScannedInBytes: 5e9 }))),
      { 'athena-max-bytes-scanned': '1GB' },
      /past athena-max-bytes-scanned/
    ]
  ])('stops %s and fails closed', async (_, scenario, inputs, reason) => {
    const run = await againstAthena(scenario, inputs, { timeoutMs: 30_000 })
    expectNotClean(run, reason)
    expect(callsOf(run, 'StopQueryExecution').map(c => c.body['QueryExecutionId'])).toContain(QUERY_ID)
  })

  it('fails closed by the deadline on a GetQueryResults that never answers', async () => {
    const run = await againstAthena(
      { ...base, GetQueryResults: () => undefined },
      { 'timeout-minutes': '0.1' }
    )
    expectNotClean(run, /deadline/)
  })

  it.each<[string, AthenaScenario, RegExp]>([
    [
      'FAILED with an AthenaError',
      polls((_, res) =>
        json(
          res,
          queryExecution('FAILED', {
            StateChangeReason: 'HIVE_BAD_DATA: Error parsing field value',
            AthenaError: {
              ErrorCategory: 2,
              ErrorType: 1001,
              Retryable: false,
              ErrorMessage: 'HIVE_BAD_DATA'
            }
          })
        )
      ),
      /ended FAILED \(ErrorCategory 2 USER, ErrorType 1001\): HIVE_BAD_DATA: Error parsing field value/
    ],
    [
      'CANCELLED by someone else',
      polls((_, res) =>
        json(res, queryExecution('CANCELLED', { StateChangeReason: 'Query cancelled by user' }))
      ),
      /ended CANCELLED/
    ],
    [
      'a state Athena does not have',
      polls((_, res) => json(res, queryExecution('PAUSED'))),
      /unknown state "PAUSED"/
    ],
    [
      'no Status',
      polls((_, res) => json(res, { QueryExecution: { QueryExecutionId: QUERY_ID } })),
      /GetQueryExecution/
    ],
    [
      'no QueryExecutionId',
      { ...base, StartQueryExecution: (_, res) => json(res, {}) },
      /StartQueryExecution returned no QueryExecutionId/
    ],
    [
      'an InvalidRequestException from StartQueryExecution',
      {
        ...base,
        StartQueryExecution: (_, res) =>
          awsError(res, 400, 'InvalidRequestException', 'line 1:8: Column eventid cannot be resolved')
      },
      /StartQueryExecution failed \(InvalidRequestException: line 1:8: Column eventid cannot be resolved\)/
    ],
    [
      'GetQueryResults saying the query has not finished',
      {
        ...base,
        GetQueryResults: (_, res) =>
          awsError(res, 400, 'InvalidRequestException', 'Query has not yet finished. Current state: RUNNING')
      },
      /GetQueryResults failed \(InvalidRequestException: Query has not yet finished/
    ]
  ])('fails closed on %s', async (_, scenario, reason) => {
    expectNotClean(await againstAthena(scenario), reason)
  })

  // defect (issue 15): fails closed, but as "an unknown state null" rather than naming the error the 200 carried
  it.failing('fails closed on an error shape in a 200 from GetQueryExecution, naming the error', async () => {
    const error = { __type: 'InvalidRequestException', Message: 'QueryExecution was not found' }
    const run = await againstAthena(polls((_, res) => json(res, error)))
    expectNotClean(
      run,
      /GetQueryExecution answered 200 carrying an error \(InvalidRequestException: QueryExecution was not found\)/
    )
  })

  // defect (issue 15): ends green: the answer's QueryExecutionId is never compared with the query started
  it.failing('fails closed when GetQueryExecution answers about another query', async () => {
    const other = queryExecution('SUCCEEDED')
    const run = await againstAthena(
      polls((_, res) =>
        json(res, {
          QueryExecution: { ...(other['QueryExecution'] as object), QueryExecutionId: 'another-query' }
        })
      )
    )
    expectNotClean(run, /another-query/)
  })
})
