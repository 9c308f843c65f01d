// What startEmulator adds for trails and live delivery, kept out of server.ts: the trails the CloudTrail API
// answers with, the Athena handler and its live trail, the control route that denies trail operations, and
// Athena calls recorded as CloudTrail events.
//
// The live trail hears the records of every account (the base `records` and each of `accounts`) and every call
// the emulator records, in its caller's account. It writes those of its own account, or of every account for an
// organization trail, in the folder of the account the record's recipientAccountId names (trails.ts, live.ts).
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { LiveTrail } from './athena/live.js'
import {
  createAthenaHandler,
  type AnsweredCall,
  type AthenaEmulatorOptions,
  type AthenaHandler
} from './athena/server.js'
import type { Delivery } from './delivery.js'
import { readBody, sendJson } from './http.js'
import type { EmulatorOptions } from './options.js'
import type { StsService } from './sts.js'
import { isTrailOperation, TrailApi, type TrailOperation } from './trail-api.js'
import { Trails, type TrailSpec } from './trails.js'

export interface TrailWiring {
  athena: AthenaHandler | undefined
  live: LiveTrail | undefined
  trailApi: TrailApi
  /** The trail operations answered with AccessDeniedException (changed in place). */
  denied: Set<TrailOperation>
}

/** The trails, the Athena handler with its files due at the start written, and the trail API over both. */
export async function wireTrails(
  options: EmulatorOptions,
  now: () => number,
  delivery: Delivery
): Promise<TrailWiring> {
  const dataset = [...(options.records ?? []), ...(options.accounts ?? []).flatMap(a => a.records ?? [])]
  const trails = new Trails(trailSpecs(options), [...dataset, ...(options.athena?.delivery?.records ?? [])])
  const athena =
    options.athena === undefined
      ? undefined
      : createAthenaHandler(
          { ...options.athena, now: options.athena.now ?? now },
          { trails, dataset, delayMs: options.deliveryDelayMs ?? 0 }
        )
  const live = athena?.live
  if (live !== undefined) delivery.onRecord(record => live.add([record]))
  await athena?.ready
  const denied = new Set(options.trailAccessDenied ?? [])
  const trailApi = new TrailApi({ trails, now, denied, ...(live !== undefined && { delivery: live }) })
  return { athena, live, trailApi, denied }
}

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
