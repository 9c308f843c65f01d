// What startEmulator adds for trails and live delivery, kept out of server.ts: the trails the CloudTrail API
// answers with, the control route that denies trail operations, and Athena calls recorded as CloudTrail events.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AnsweredCall, AthenaEmulatorOptions } from './athena/server.js'
import type { Delivery } from './delivery.js'
import { readBody, sendJson } from './http.js'
import type { StsService } from './sts.js'
import { isTrailOperation, type TrailOperation } from './trail-api.js'
import type { TrailSpec } from './trails.js'

/** `trails`, plus the Athena delivery trail when none of them has its name. */
export function trailSpecs(options: { trails?: TrailSpec[]; athena?: AthenaEmulatorOptions }): TrailSpec[] {
  const specs = [...(options.trails ?? [])]
  const delivered = options.athena?.delivery?.trail
  if (delivered !== undefined && !specs.some(t => t.name === delivered.name)) specs.push(delivered)
  return specs
}

/** POST /__emulator/cloudtrail/access-denied: a JSON array of trail operations to deny (replaces the list). */
export async function setAccessDenied(
  req: IncomingMessage,
  res: ServerResponse,
  denied: Set<TrailOperation>
): Promise<void> {
  let list: unknown
  try {
    list = JSON.parse(await readBody(req))
  } catch {
    list = undefined
  }
  if (
    !Array.isArray(list) ||
    !list.every((op): op is TrailOperation => typeof op === 'string' && isTrailOperation(op))
  )
    return sendJson(res, 400, {
      message: 'expected a JSON array of DescribeTrails, GetTrail, GetTrailStatus, ListTrails'
    })
  denied.clear()
  for (const op of list) denied.add(op)
  sendJson(res, 200, [...denied])
}

/** Athena and Glue calls as CloudTrail records them (the `athena.recordCalls` option). */
export function recordAthenaCall(
  delivery: Delivery,
  sts: StsService,
  signer: { accessKeyId: string; region: string }
): (call: AnsweredCall) => void {
  return call =>
    delivery.record({
      principal: sts.principalOf(signer.accessKeyId),
      accessKeyId: signer.accessKeyId,
      region: signer.region,
      eventName: call.operation,
      source: call.service,
      requestId: call.requestId,
      readOnly: /^(Get|List|Describe|BatchGet)/.test(call.operation),
      ...(call.error !== undefined && { errorCode: call.error.code, errorMessage: call.error.message })
    })
}
