import { describe, it, jest } from '@jest/globals'
import { page, send, wireEvent, wireSeries, type Scenario } from '../../__fixtures__/hostile.js'
import { against, expectFailedClosed } from '../../__fixtures__/hostile-run.js'
import type { ServerResponse } from 'node:http'

// A 2xx that is not a LookupEvents page must never read as an empty last page. Worst case first: page 1 is
// fine and has a NextToken, page 2 is the hostile answer, and the forbidden event waits on page 3.

jest.setTimeout(120_000)

const now = new Date()
const hourAgo = new Date(now.getTime() - 3_600_000)
const benign = wireSeries(50, hourAgo, { name: 'DescribeInstances' })
const forbidden = wireEvent({
  name: 'TerminateInstances',
  time: new Date(now.getTime() - 7_200_000).toISOString()
})

/** Page 1 fine, page 2 `answer`, page 3 the forbidden event. */
function secondPage(answer: (res: ServerResponse) => void): Scenario {
  return ({ call }, res) => {
    if (call === 1) return send(res, 200, page(benign, 't1'))
    if (call === 2) return answer(res)
    return send(res, 200, page([forbidden]))
  }
}

const json = (body: string) => (res: ServerResponse) => send(res, 200, body)

const cases: Array<[string, (res: ServerResponse) => void, RegExp]> = [
  [
    'an empty 200',
    json(''),
    /LookupEvents answered 200 with an empty body, not a page of events — is AWS_ENDPOINT_URL_CLOUDTRAIL/
  ],
  ['a 204', res => send(res, 204), /LookupEvents answered 204 with an empty body/],
  ['{}', json('{}'), /LookupEvents answered 200 with no Events array — is AWS_ENDPOINT_URL_CLOUDTRAIL/],
  ['null', json('null'), /LookupEvents answered 200 with null, not a page of events/],
  ['[]', json('[]'), /LookupEvents answered 200 with an array, not a page of events/],
  ['{"Events":null}', json('{"Events":null}'), /with no Events array/],
  ['{"Events":{}}', json('{"Events":{}}'), /with no Events array/],
  [
    'an error shape in a 200',
    json('{"__type":"AccessDeniedException","message":"User is not authorized"}'),
    /answered 200 carrying an error \(AccessDeniedException: User is not authorized\)/
  ],
  [
    'a 302 to a sign-in page',
    res => send(res, 302, '', { location: 'https://login.example.com/sso' }),
    /answered HTTP 302, a redirect to https:\/\/login\.example\.com\/sso, which CloudTrail never sends — is AWS_ENDPOINT_URL_CLOUDTRAIL pointing at CloudTrail\?/
  ],
  [
    'a 307 without Location',
    res => send(res, 307),
    /answered HTTP 307, a redirect, which CloudTrail never sends/
  ],
  [
    'an HTML 200',
    res => send(res, 200, '<html><body>Sign in</body></html>', { 'content-type': 'text/html' }),
    /answered 200 with a body that is not JSON \(text\/html, starting "<html><body>Sign in/
  ],
  [
    'an HTML 403',
    res => send(res, 403, '<html>Forbidden</html>', { 'content-type': 'text/html' }),
    /answered HTTP 403 with a body that is not a JSON error \(text\/html/
  ],
  ['an empty NextToken', json(page(benign, '')), /with a NextToken that is empty/],
  ['a numeric NextToken', json('{"Events":[],"NextToken":5}'), /with a NextToken that is a number/],
  ['a null event', json('{"Events":[null]}'), /with entry 1 of Events null, not an event/],
  [
    'an EventTime that is not a time',
    json(JSON.stringify({ Events: [{ ...forbidden, EventTime: 'yesterday' }] })),
    /whose EventTime is a string, not epoch seconds/
  ],
  [
    'Resources that are not a list',
    json(JSON.stringify({ Events: [{ ...forbidden, Resources: 'i-1' }] })),
    /whose Resources is a string, not a list of resources/
  ]
]

describe('a page must be a page, end to end', () => {
  it.each(cases)('fails closed on %s in the middle of a scan', async (_, answer, reason) => {
    const run = await against(secondPage(answer))
    expectFailedClosed(run, reason)
  })
})
