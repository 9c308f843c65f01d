import { describe, expect, it } from '@jest/globals'
import { classify } from '../src/aws/classify.js'
import { checkLookupEventsAnswer, ResponseError } from '../src/aws/page-check.js'

const json = { contentType: 'application/x-amz-json-1.1' }

function problem(
  status: number,
  body: string,
  headers: Parameters<typeof checkLookupEventsAnswer>[1] = json
): string | undefined {
  try {
    checkLookupEventsAnswer(status, headers, body)
    return undefined
  } catch (error) {
    if (error instanceof ResponseError) return error.message
    throw error
  }
}

describe('checkLookupEventsAnswer', () => {
  it('accepts a page, with or without a NextToken, and an empty last page', () => {
    expect(
      problem(
        200,
        '{"Events":[{"EventId":"a","EventTime":1.5,"Resources":[{"ResourceName":"i"}]}],"NextToken":"t"}'
      )
    ).toBeUndefined()
    expect(problem(200, '{"Events":[]}')).toBeUndefined()
    expect(problem(200, '{"Events":[],"NextToken":null}')).toBeUndefined()
  })

  it("leaves 5xx, 429 and JSON errors to the SDK's error handling (retries, classify)", () => {
    expect(problem(503, '<html>busy</html>')).toBeUndefined()
    expect(problem(429, '')).toBeUndefined()
    expect(problem(400, '{"__type":"ThrottlingException","message":"Rate exceeded"}')).toBeUndefined()
    expect(problem(400, '{"__type":"InvalidNextTokenException"}')).toBeUndefined()
  })

  it('refuses everything else with a message that names the likely cause', () => {
    expect(problem(200, '{"Events":[]', { contentType: 'application/json' })).toBe(
      'LookupEvents answered 200 with a body that is not JSON (application/json, starting "{\\"Events\\":[]") — ' +
        'is AWS_ENDPOINT_URL_CLOUDTRAIL pointing at CloudTrail?'
    )
    expect(problem(200, '"Events"')).toMatch(/^LookupEvents answered 200 with a string, not a page of events/)
    expect(problem(200, '{"Events":[1]}')).toBe(
      'LookupEvents answered 200 with entry 1 of Events a number, not an event'
    )
    expect(problem(200, '{"Events":[{"EventId":"e","EventName":["x"]}]}')).toBe(
      'LookupEvents answered 200 with entry 1 of Events (EventId e) whose EventName is an array, not a string'
    )
    expect(problem(200, '{"Events":[{"EventTime":1e400}]}')).toMatch(
      /EventTime is a number, not epoch seconds/
    )
    expect(problem(101, '')).toMatch(/^LookupEvents answered HTTP 101 with an empty body/)
    expect(problem(404, '')).toMatch(/^LookupEvents answered HTTP 404 with an empty body/)
  })

  it('bounds what it quotes', () => {
    const message = problem(301, '', {
      ...json,
      location: `https://x/${'a'.repeat(1_000_000)}`
    })
    expect(message?.length).toBeLessThan(600)
  })
})

describe('classify', () => {
  const sdkError = (message: string, status: number, name = 'SyntaxError') =>
    Object.assign(
      new Error(
        `${message}\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.`
      ),
      {
        name,
        $metadata: { httpStatusCode: status }
      }
    )

  it('fails closed on an answer the page check refused, never retrying', () => {
    expect(classify(new ResponseError('no Events array'))).toEqual({
      retry: 'never',
      code: 'bad-response',
      reason: 'no Events array'
    })
  })

  it('says what an SDK read error means instead of pointing at $response', () => {
    const disposition = classify(sdkError('Unexpected token <', 200))
    expect(disposition).toEqual({
      retry: 'never',
      code: 'bad-response',
      reason:
        'LookupEvents answered HTTP 200 with something the AWS SDK could not read (Unexpected token <) — ' +
        'is AWS_ENDPOINT_URL_CLOUDTRAIL pointing at CloudTrail?'
    })
  })

  it('still retries a 5xx or a 429 whose body the SDK could not read', () => {
    expect(classify(sdkError('Unexpected token <', 502))).toMatchObject({
      retry: 'transient',
      code: 'server-error'
    })
    expect(classify(sdkError('Unexpected token <', 429))).toEqual({ retry: 'throttle' })
  })

  it('bounds a server message and names the HTTP status of an unknown error', () => {
    const error = Object.assign(new Error('m'.repeat(5_000_000)), {
      name: 'Weird',
      $metadata: { httpStatusCode: 418 }
    })
    const disposition = classify(error)
    expect(disposition).toMatchObject({ retry: 'never', code: 'other' })
    expect('reason' in disposition && disposition.reason).toMatch(
      /^LookupEvents failed \(HTTP 418, Weird: m+… \(4999700 more characters\)\)$/
    )
  })
})
