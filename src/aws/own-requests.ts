// The gate's own calls. CloudTrail records every call the gate makes (the STS marker, each LookupEvents page,
// Athena and Glue calls, AssumeRole…) as an event of the identity the gate runs as — which can be the very
// identity it audits (a role auditing itself, a shared session name). Those events are not the identity's
// doing: every response's request ID is kept here, and the judge sets aside records whose requestID is one.

/** Most request IDs kept: one per call; a scan of 100,000 pages stays a few megabytes. */
const MAX_IDS = 200_000
/** Longer than any AWS request ID (a UUID, or S3's 16–64 characters): not kept, so memory stays bounded. */
const MAX_ID_LENGTH = 128

export class OwnRequests {
  private readonly ids = new Set<string>()

  add(id: unknown): void {
    if (typeof id !== 'string' || id === '' || id.length > MAX_ID_LENGTH) return
    if (this.ids.size < MAX_IDS) this.ids.add(id)
  }

  has(id: string | null): boolean {
    return id !== null && this.ids.has(id)
  }

  get size(): number {
    return this.ids.size
  }
}

/** The request-ID headers AWS services answer with (the SDK reads the same three). */
const HEADERS = ['x-amzn-requestid', 'x-amzn-request-id', 'x-amz-request-id'] as const

interface MiddlewareStackLike {
  add(
    middleware: (
      next: (args: unknown) => Promise<{ response: unknown }>
    ) => (args: unknown) => Promise<{ response: unknown }>,
    options: { step: 'deserialize'; priority: 'low'; name: string }
  ): void
}

/**
 * Keeps the request ID of every answer a client receives, errors and throttles included (CloudTrail records
 * those calls too). Inside the SDK's deserializer, so it sees the raw response of every status.
 */
export function recordOwnRequests(client: { middlewareStack: unknown }, own: OwnRequests): void {
  ;(client.middlewareStack as MiddlewareStackLike).add(
    next => async args => {
      const result = await next(args)
      const headers = (result.response as { headers?: unknown } | undefined)?.headers
      if (typeof headers === 'object' && headers !== null) {
        for (const name of HEADERS) own.add((headers as Record<string, unknown>)[name])
      }
      return result
    },
    { step: 'deserialize', priority: 'low', name: 'cloudtrailGateOwnRequests' }
  )
}
