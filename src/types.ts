// The library's public types, in one place: the query, the matched events and counts, and the whole result.
export type * from './core/types.js'
export type { Covered, Slice, SliceCoverage } from './core/coverage.js'
export type { NearMiss } from './core/near-misses.js'
export type { IdentityEvents, ScanResult } from './run/result.js'
export type { AthenaRun } from './sources/athena/types.js'
export type { Plan } from './sources/lookup-events/types.js'
