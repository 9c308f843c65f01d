// The emulator's data: record types and builders, the sample and heavy data sets, and a JSON loader.
//
// loadRecords(path) reads a JSON array of compact specs, for scenarios kept as fixtures:
//   [{ "principal": { "user": "alice" } | { "role": "admin", "session": "alice" } | { "root": true },
//      "account": "123456789012", "eventName": "TerminateInstances", "source": "ec2", "region": "eu-west-2",
//      "time": "2024-05-01T10:00:00Z", "resources": [{ "type": "AWS::EC2::Instance", "name": "i-1" }],
//      "errorCode": "AccessDenied", "readOnly": false, "eventId": "…", "deliveryDelaySeconds": 20 }]
// `account` defaults to 123456789012 and `source` to the service the event name belongs to;
// `deliveryDelaySeconds` overrides the emulator's default delivery delay for that record.
import { readFile } from 'node:fs/promises'
import { sourceOf } from './catalog.js'
import { iamUser, makeRecord, roleSession, root, type EmulatorRecord, type Principal } from './records.js'
import type { RecordSpec } from './records.js'
import { SAMPLE_ACCOUNT } from './sample.js'

export * from './records.js'
export * from './sample.js'
export { crowd, heavyUser, type CrowdOptions, type HeavyUserOptions } from './heavy.js'

type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function text(obj: Json, key: string, where: string): string {
  const value = obj[key]
  if (typeof value !== 'string' || value === '')
    throw new Error(`${where}: "${key}" must be a non-empty string`)
  return value
}

function optionalText(obj: Json, key: string, where: string): string | undefined {
  return obj[key] === undefined ? undefined : text(obj, key, where)
}

function principalOf(spec: Json, where: string): Principal {
  const p = spec['principal']
  if (!isObject(p)) throw new Error(`${where}: "principal" must be an object`)
  const account = optionalText(spec, 'account', where) ?? SAMPLE_ACCOUNT
  if (p['root'] === true) return root(account)
  if (typeof p['user'] === 'string') return iamUser(account, p['user'])
  return roleSession(account, text(p, 'role', where), text(p, 'session', where))
}

function resourcesOf(spec: Json, where: string): Array<{ type: string; name: string }> {
  const list = spec['resources'] ?? []
  if (!Array.isArray(list)) throw new Error(`${where}: "resources" must be an array`)
  return list.map((r: unknown, i) => {
    if (!isObject(r)) throw new Error(`${where}: resources[${i}] must be an object`)
    return { type: text(r, 'type', where), name: text(r, 'name', where) }
  })
}

/** Converts one parsed JSON spec into a record; `index` only labels error messages. */
export function recordFromJson(spec: unknown, index = 0): EmulatorRecord {
  const where = `record ${index}`
  if (!isObject(spec)) throw new Error(`${where}: must be an object`)
  const eventName = text(spec, 'eventName', where)
  const out: RecordSpec = {
    principal: principalOf(spec, where),
    eventName,
    source: optionalText(spec, 'source', where) ?? sourceOf(eventName),
    region: text(spec, 'region', where),
    time: text(spec, 'time', where),
    resources: resourcesOf(spec, where)
  }
  const errorCode = optionalText(spec, 'errorCode', where)
  if (errorCode !== undefined) out.errorCode = errorCode
  const eventId = optionalText(spec, 'eventId', where)
  if (eventId !== undefined) out.eventId = eventId
  if (typeof spec['readOnly'] === 'boolean') out.readOnly = spec['readOnly']
  const delay = spec['deliveryDelaySeconds']
  if (delay !== undefined) {
    if (typeof delay !== 'number' || !(delay >= 0)) {
      throw new Error(`${where}: "deliveryDelaySeconds" must be a number >= 0`)
    }
    out.deliveryDelayMs = delay * 1000
  }
  return makeRecord(out)
}

/** Reads a JSON file holding an array of record specs (format at the top of this file). */
export async function loadRecords(path: string): Promise<EmulatorRecord[]> {
  const parsed: unknown = JSON.parse(await readFile(path, 'utf8'))
  if (!Array.isArray(parsed)) throw new Error(`${path}: expected a JSON array of record specs`)
  return parsed.map((spec: unknown, i) => recordFromJson(spec, i))
}
