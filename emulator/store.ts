// Records indexed for LookupEvents: per Region, sorted newest first (ties by EventId) once, with one
// lookup-attribute index per key built on first use. A page is then two binary searches on time plus a
// slice, so paging through 100,000 records of one user costs O(log n) per page, not a scan. Records not yet
// delivered (see delivery.ts) are skipped as the page is filled; calls the emulator serves are added as they
// happen (`add`), into the sorted list and every index already built. Data events (`eventCategory: 'Data'`)
// are left out: LookupEvents returns management events only, so they live in trail files alone.
import type { EmulatorRecord } from './records.js'

export const ATTRIBUTE_KEYS = [
  'EventId',
  'EventName',
  'ReadOnly',
  'Username',
  'ResourceType',
  'ResourceName',
  'EventSource',
  'AccessKeyId'
] as const

export type AttributeKey = (typeof ATTRIBUTE_KEYS)[number]

export function isAttributeKey(value: string): value is AttributeKey {
  return (ATTRIBUTE_KEYS as readonly string[]).includes(value)
}

/** Where the next page starts: the first record at or after this point in newest-first order. */
export interface Cursor {
  ms: number
  id: string
}

export interface PageQuery {
  region: string
  attribute: { key: AttributeKey; value: string } | undefined
  startMs: number
  endMs: number
  limit: number
  cursor: Cursor | undefined
  /** Whether LookupEvents shows the record yet; default: every record is delivered. */
  visible?: (record: EmulatorRecord) => boolean
}

export interface Page {
  events: EmulatorRecord[]
  next: Cursor | undefined
}

/** Newest first; equal times ordered by EventId so paging never skips or repeats a tie. */
function compareKeys(aMs: number, aId: string, bMs: number, bId: string): number {
  if (aMs !== bMs) return bMs - aMs
  return aId < bId ? -1 : aId > bId ? 1 : 0
}

function compare(a: EmulatorRecord, b: EmulatorRecord): number {
  return compareKeys(a.EventTime.getTime(), a.EventId, b.EventTime.getTime(), b.EventId)
}

function valuesOf(record: EmulatorRecord, key: AttributeKey): string[] {
  switch (key) {
    case 'ReadOnly':
      return [String(record.ReadOnly)]
    case 'ResourceType':
      return [...new Set(record.Resources.map(r => r.ResourceType))]
    case 'ResourceName':
      return [...new Set(record.Resources.map(r => r.ResourceName))]
    case 'AccessKeyId':
      return record.AccessKeyId ? [record.AccessKeyId] : []
    default:
      return [record[key]]
  }
}

/** First index in [0, length) whose record satisfies `after` (which must be false…false true…true). */
function lowerBound(list: readonly EmulatorRecord[], after: (r: EmulatorRecord) => boolean): number {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const record = list[mid]
    if (record !== undefined && after(record)) hi = mid
    else lo = mid + 1
  }
  return lo
}

/** Inserts `record` at its place in a newest-first list (new calls land at the front: a cheap memmove). */
function insertSorted(list: EmulatorRecord[], record: EmulatorRecord): void {
  list.splice(
    lowerBound(list, r => compare(r, record) > 0),
    0,
    record
  )
}

class RegionIndex {
  private readonly byKey = new Map<AttributeKey, Map<string, EmulatorRecord[]>>()

  constructor(readonly sorted: EmulatorRecord[]) {}

  add(record: EmulatorRecord): void {
    insertSorted(this.sorted, record)
    for (const [key, map] of this.byKey) {
      for (const value of valuesOf(record, key)) {
        const bucket = map.get(value)
        if (bucket === undefined) map.set(value, [record])
        else insertSorted(bucket, record)
      }
    }
  }

  list(attribute: PageQuery['attribute']): readonly EmulatorRecord[] {
    if (attribute === undefined) return this.sorted
    return this.index(attribute.key).get(attribute.value) ?? []
  }

  private index(key: AttributeKey): Map<string, EmulatorRecord[]> {
    let map = this.byKey.get(key)
    if (map !== undefined) return map
    // Built from the sorted list, so every bucket is already newest first.
    map = new Map()
    for (const record of this.sorted) {
      for (const value of valuesOf(record, key)) {
        const bucket = map.get(value)
        if (bucket === undefined) map.set(value, [record])
        else bucket.push(record)
      }
    }
    this.byKey.set(key, map)
    return map
  }
}

export class RecordStore {
  private readonly regions = new Map<string, RegionIndex>()

  constructor(records: readonly EmulatorRecord[]) {
    const grouped = new Map<string, EmulatorRecord[]>()
    for (const record of records) {
      if (record.eventCategory === 'Data') continue
      const list = grouped.get(record.region)
      if (list === undefined) grouped.set(record.region, [record])
      else list.push(record)
    }
    for (const [region, list] of grouped) this.regions.set(region, new RegionIndex(list.sort(compare)))
  }

  add(record: EmulatorRecord): void {
    if (record.eventCategory === 'Data') return
    const index = this.regions.get(record.region)
    if (index === undefined) this.regions.set(record.region, new RegionIndex([record]))
    else index.add(record)
  }

  get size(): number {
    let n = 0
    for (const index of this.regions.values()) n += index.sorted.length
    return n
  }

  page(q: PageQuery): Page {
    const list = this.regions.get(q.region)?.list(q.attribute) ?? []
    const first = lowerBound(list, r => r.EventTime.getTime() <= q.endMs)
    const end = lowerBound(list, r => r.EventTime.getTime() < q.startMs)
    const cursor = q.cursor
    const from =
      cursor === undefined
        ? first
        : Math.max(
            first,
            lowerBound(list, r => compareKeys(r.EventTime.getTime(), r.EventId, cursor.ms, cursor.id) >= 0)
          )
    const visible = q.visible ?? (() => true)
    const events: EmulatorRecord[] = []
    let i = from
    for (; i < end && events.length < q.limit; i++) {
      const record = list[i]
      if (record !== undefined && visible(record)) events.push(record)
    }
    // The next page starts at the next record already delivered; none: no NextToken.
    let nextRecord: EmulatorRecord | undefined
    for (; i < end && nextRecord === undefined; i++) {
      const record = list[i]
      if (record !== undefined && visible(record)) nextRecord = record
    }
    const next = nextRecord ? { ms: nextRecord.EventTime.getTime(), id: nextRecord.EventId } : undefined
    return { events, next }
  }
}
