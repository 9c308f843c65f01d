// Injected failures for LookupEvents, so tests can reproduce what the real service does on a bad day.

export const FAULT_KINDS = [
  'throttle',
  'server-error',
  'hang',
  'access-denied',
  'expired-token',
  'invalid-token',
  'repeat-token'
] as const

export type FaultKind = (typeof FAULT_KINDS)[number]

export interface Fault {
  kind: FaultKind
  /** Only requests signed for this Region; default every Region. */
  region?: string
  /** Only requests of this account (the signing key's); default every account. */
  account?: string
  /**
   * Only once this many pages succeeded in the request's Region (of the fault's account, when it names one)
   * since the faults were set; default 0.
   */
  afterPages?: number
  /** How many requests it applies to; default Infinity (persistent). */
  count?: number
  /** HTTP status of a server-error (default 500; 503 answers ServiceUnavailableException). */
  status?: number
}

/** Faults that only make sense on a request that carries a NextToken. */
function needsToken(kind: FaultKind): boolean {
  return kind === 'invalid-token' || kind === 'repeat-token'
}

export class FaultPlan {
  private entries: Array<{ fault: Fault; remaining: number }> = []
  // Counted from setFaults, so `afterPages` means "after N more pages", whatever ran before.
  private readonly pages = new Map<string, number>()

  set(faults: readonly Fault[]): void {
    this.entries = faults.map(fault => ({ fault: { ...fault }, remaining: fault.count ?? Infinity }))
    this.pages.clear()
  }

  list(): Fault[] {
    return this.entries.filter(e => e.remaining > 0).map(e => ({ ...e.fault }))
  }

  pageServed(region: string, account: string): void {
    for (const key of [region, `${account}/${region}`]) this.pages.set(key, (this.pages.get(key) ?? 0) + 1)
  }

  /** The first fault that applies to this request, with one use consumed; undefined if none does. */
  take(region: string, hasNextToken: boolean, account: string): Fault | undefined {
    const served = (fault: Fault): number =>
      this.pages.get(fault.account === undefined ? region : `${account}/${region}`) ?? 0
    const entry = this.entries.find(
      e =>
        e.remaining > 0 &&
        (e.fault.region === undefined || e.fault.region === region) &&
        (e.fault.account === undefined || e.fault.account === account) &&
        served(e.fault) >= (e.fault.afterPages ?? 0) &&
        (hasNextToken || !needsToken(e.fault.kind))
    )
    if (entry === undefined) return undefined
    entry.remaining -= 1
    return entry.fault
  }
}

function optionalNumber(obj: Record<string, unknown>, key: string, where: string): number | undefined {
  const value = obj[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    throw new Error(`${where}.${key} must be a non-negative number`)
  }
  return value
}

/** Validates faults received as JSON (the control API); JSON has no Infinity, so null or absent count = ∞. */
export function parseFaults(input: unknown): Fault[] {
  if (!Array.isArray(input)) throw new Error('faults must be a JSON array')
  return input.map((item: unknown, i) => {
    const where = `faults[${i}]`
    if (typeof item !== 'object' || item === null) throw new Error(`${where} must be an object`)
    const obj = item as Record<string, unknown>
    const kind = FAULT_KINDS.find(k => k === obj['kind'])
    if (kind === undefined) throw new Error(`${where}.kind must be one of ${FAULT_KINDS.join(', ')}`)
    const fault: Fault = { kind }
    if (typeof obj['region'] === 'string') fault.region = obj['region']
    const account = obj['account']
    if (account !== undefined) {
      if (typeof account !== 'string' || !/^\d{12}$/.test(account)) {
        throw new Error(`${where}.account must be a 12-digit account id`)
      }
      fault.account = account
    }
    const afterPages = optionalNumber(obj, 'afterPages', where)
    if (afterPages !== undefined) fault.afterPages = afterPages
    const count = optionalNumber(obj, 'count', where)
    if (count !== undefined) fault.count = count
    const status = optionalNumber(obj, 'status', where)
    if (status !== undefined) fault.status = status
    return fault
  })
}
