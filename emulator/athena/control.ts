// The Athena emulator's control routes (never AWS's): faults, the executions run so far, the live trail and the
// manual tables' partitions.
//   GET  /__emulator/athena/executions   each query as submitted and as run, its state and bytes scanned
//   GET  /__emulator/athena/faults       POST the same path with a JSON array of faults (faults.ts)
//   POST /__emulator/athena/partitions   registers every partition folder on disk (returns the new ones)
//   GET  /__emulator/trail               the live trail: files delivered, records pending, records not written
//   POST /__emulator/trail/deliver       writes the files due by the emulator's clock
//   POST /__emulator/trail/flush         writes every pending file now
import type { IncomingMessage, ServerResponse } from 'node:http'
import { readBody, sendJson } from '../http.js'
import { parseAthenaFaults } from './faults.js'
import { executionSummaries, type AthenaHandler } from './handler.js'
import type { DeliveredFile, LiveTrail } from './live.js'

function fileSummary(f: DeliveredFile): Record<string, unknown> {
  return {
    key: f.key,
    records: f.records,
    deliveredAt: new Date(f.deliveredMs).toISOString(),
    eventIds: f.eventIds
  }
}

function trailState(live: LiveTrail): Record<string, unknown> {
  const next = live.nextDeliveryAt()
  return {
    trail: live.trail.arn,
    files: live.files().map(fileSummary),
    pending: live.pendingRecords().map(p => ({
      eventId: p.record.EventId,
      eventName: p.record.EventName,
      eventTime: p.record.EventTime.toISOString(),
      deliverAt: new Date(p.deliverAt).toISOString()
    })),
    notWritten: live.notWritten().map(r => r.EventId),
    ...(next !== undefined && { nextDeliveryAt: new Date(next).toISOString() })
  }
}

async function trailControl(
  h: AthenaHandler,
  req: IncomingMessage,
  res: ServerResponse,
  path: string
): Promise<void> {
  const live = h.live
  if (live === undefined)
    return sendJson(res, 404, { message: 'No live trail: start the emulator with athena.delivery' })
  await h.ready
  if (path === '/__emulator/trail' && req.method === 'GET') {
    await live.deliver()
    return sendJson(res, 200, trailState(live))
  }
  if (req.method === 'POST' && (path === '/__emulator/trail/deliver' || path === '/__emulator/trail/flush')) {
    const files = path.endsWith('flush') ? await live.flush() : await live.deliver()
    return sendJson(res, 200, { files: files.map(fileSummary) })
  }
  sendJson(res, 404, { message: `No control route ${req.method ?? ''} ${path}` })
}

/** The control routes; false when the path is not one of them. */
export async function athenaControl(
  h: AthenaHandler,
  req: IncomingMessage,
  res: ServerResponse,
  path: string
): Promise<boolean> {
  if (path === '/__emulator/trail' || path.startsWith('/__emulator/trail/')) {
    await trailControl(h, req, res, path)
  } else if (path === '/__emulator/athena/executions' && req.method === 'GET') {
    sendJson(res, 200, executionSummaries(h))
  } else if (path === '/__emulator/athena/partitions' && req.method === 'POST') {
    await h.ready
    const added = await h.partitions.registerExisting()
    sendJson(
      res,
      200,
      added.map(p => ({ location: p.location, values: p.values }))
    )
  } else if (path === '/__emulator/athena/faults' && req.method === 'GET') {
    sendJson(res, 200, h.faults.list())
  } else if (path === '/__emulator/athena/faults' && req.method === 'POST') {
    try {
      h.faults.set(parseAthenaFaults(JSON.parse(await readBody(req))))
      sendJson(res, 200, h.faults.list())
    } catch (error) {
      sendJson(res, 400, { message: error instanceof Error ? error.message : String(error) })
    }
  } else return false
  return true
}
