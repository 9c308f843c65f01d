import { describe, expect, it } from '@jest/globals'
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail'
import { cloudTrailClientFactory } from '../src/aws/clients.js'
import { dropLogCopies } from '../src/aws/no-log-copy.js'

const named = (client: CloudTrailClient): string[] => client.middlewareStack.identify()

describe('dropLogCopies', () => {
  it("removes the SDK's logger middleware, and only it (the test fails if the SDK renames it)", () => {
    const client = new CloudTrailClient({ region: 'eu-west-2' })
    const before = named(client)
    expect(before.filter(name => name.startsWith('loggerMiddleware '))).toHaveLength(1)
    dropLogCopies(client)
    expect(named(client)).toEqual(before.filter(name => !name.startsWith('loggerMiddleware ')))
  })

  it('hands nothing to the logger, and the page reaches the caller as the SDK read it', async () => {
    const client = new CloudTrailClient({
      region: 'eu-west-2',
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'x' },
      logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
      requestHandler: {
        handle: async () => ({
          response: {
            statusCode: 200,
            headers: { 'content-type': 'application/x-amz-json-1.1' },
            body: Buffer.from(JSON.stringify({ Events: [{ EventId: 'e-1', EventName: 'RunInstances' }] }))
          }
        })
      }
    })
    const logged: unknown[] = []
    client.config.logger.info = (...args: unknown[]) => void logged.push(args)
    dropLogCopies(client)
    const page = await client.send(new LookupEventsCommand({}))
    expect(page.Events).toEqual([{ EventId: 'e-1', EventName: 'RunInstances' }])
    expect(logged).toEqual([])
  })

  it('is applied to every CloudTrail client the action builds', () => {
    const client = cloudTrailClientFactory({})('eu-west-2') as CloudTrailClient
    expect(named(client).some(name => name.startsWith('loggerMiddleware '))).toBe(false)
    expect(named(client).some(name => name.startsWith('cloudtrailGateAnswerCheck '))).toBe(true)
  })
})
