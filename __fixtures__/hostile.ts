import http, { type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { record, type RecordSpec } from './records.js'

// A LookupEvents endpoint that says whatever a scenario tells it to: the bytes a proxy, a login page, a broken
// middlebox or a hostile server could send, which the project's own emulator never does. Loopback only; each
// scenario is a handler that writes an exact status, headers and body.

/** One LookupEvents call as the server saw it. */
export interface HostileCall {
  /** 1 for the first call. */
  readonly call: number
  readonly nextToken: string | undefined
}

export type Scenario = (call: HostileCall, res: ServerResponse) => void

export interface HostileServer {
  readonly url: string
  /** LookupEvents calls answered so far. */
  calls(): number
  close(): Promise<void>
}

export function startHostile(scenario: Scenario): Promise<HostileServer> {
  let calls = 0
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      calls += 1
      let nextToken: string | undefined
      try {
        const input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { NextToken?: unknown }
        nextToken = typeof input.NextToken === 'string' ? input.NextToken : undefined
      } catch {
        nextToken = undefined
      }
      scenario({ call: calls, nextToken }, res)
    })
  })
  return new Promise(resolve => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      resolve({
        url: `http://127.0.0.1:${port}`,
        calls: () => calls,
        close: () =>
          new Promise(done => {
            server.closeAllConnections()
            server.close(() => done())
          })
      })
    })
  })
}

/** Writes exactly this status, these headers and this body. */
export function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer = '',
  headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.1' }
): void {
  res.writeHead(status, headers)
  res.end(body)
}

/** A record on the wire, as LookupEvents sends it: EventTime in epoch seconds, everything else as strings. */
export function wireEvent(spec: RecordSpec): Record<string, unknown> {
  const event = record(spec)
  return { ...event, EventTime: (event.EventTime?.getTime() ?? 0) / 1000 }
}

/** A well-formed page body. */
export function page(events: readonly unknown[], nextToken?: string): string {
  return JSON.stringify({ Events: events, ...(nextToken !== undefined && { NextToken: nextToken }) })
}

/** `count` events of `name`, one a minute back from `newest`. */
export function wireSeries(count: number, newest: Date, spec: Omit<RecordSpec, 'time'>): unknown[] {
  return Array.from({ length: count }, (_, i) =>
    wireEvent({ ...spec, time: new Date(newest.getTime() - i * 60_000).toISOString() })
  )
}
