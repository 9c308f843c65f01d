// Injected failures for Athena and Glue, so tests can reproduce a bad day:
//   fail              the next queries end FAILED with this category, type and message
//   stuck             the next queries stay RUNNING until StopQueryExecution (timeouts, byte caps)
//   cancel            the next queries end CANCELLED (someone else stopped them)
//   throttle          answer ThrottlingException (HTTP 400) to the operation
//   too-many-requests answer TooManyRequestsException (CONCURRENT_QUERY_LIMIT_EXCEEDED)
//   server-error      answer InternalServerException (HTTP 500)
//   access-denied     answer AccessDeniedException (the role lacks athena:… or glue:… on the resource)
//   repeat-token      a GetQueryResults page hands back the NextToken it was asked with
//   malformed-page    a GetQueryResults page a client must refuse (variant: short-row, not-string, no-rows-key)

export const ATHENA_FAULT_KINDS = [
  'fail',
  'stuck',
  'cancel',
  'throttle',
  'too-many-requests',
  'server-error',
  'access-denied',
  'repeat-token',
  'malformed-page'
] as const

export type AthenaFaultKind = (typeof ATHENA_FAULT_KINDS)[number]

export interface AthenaFault {
  kind: AthenaFaultKind
  /** Only this operation (`StartQueryExecution`, `GetQueryResults`, `GetTable`…); default: the kind's own. */
  operation?: string
  /** How many times it applies; default Infinity. */
  count?: number
  /** repeat-token / malformed-page: only once this many result pages were served; default 0. */
  afterPages?: number
  /** fail: AthenaError fields; defaults 2 (USER), 1000 and a SYNTAX_ERROR-like message. */
  category?: number
  errorType?: number
  message?: string
  /** malformed-page: what is wrong with the page; default short-row. */
  variant?: 'short-row' | 'not-string' | 'no-rows-key'
}

/** The operations a kind applies to when the fault names none. */
const DEFAULT_OPERATIONS: Readonly<Record<AthenaFaultKind, readonly string[] | undefined>> = {
  fail: ['StartQueryExecution'],
  stuck: ['StartQueryExecution'],
  cancel: ['StartQueryExecution'],
  throttle: undefined,
  'too-many-requests': ['StartQueryExecution'],
  'server-error': undefined,
  'access-denied': undefined,
  'repeat-token': ['GetQueryResults'],
  'malformed-page': ['GetQueryResults']
}

export class AthenaFaultPlan {
  private entries: Array<{ fault: AthenaFault; remaining: number }> = []
  private pages = 0

  set(faults: readonly AthenaFault[]): void {
    this.entries = faults.map(fault => ({ fault: { ...fault }, remaining: fault.count ?? Infinity }))
    this.pages = 0
  }

  list(): AthenaFault[] {
    return this.entries.filter(e => e.remaining > 0).map(e => ({ ...e.fault }))
  }

  pageServed(): void {
    this.pages += 1
  }

  /** The first fault of these kinds that applies to the operation, with one use consumed. */
  take(operation: string, kinds: readonly AthenaFaultKind[], hasToken = false): AthenaFault | undefined {
    const entry = this.entries.find(e => {
      const { fault } = e
      const operations = fault.operation === undefined ? DEFAULT_OPERATIONS[fault.kind] : [fault.operation]
      return (
        e.remaining > 0 &&
        kinds.includes(fault.kind) &&
        (operations === undefined || operations.includes(operation)) &&
        this.pages >= (fault.afterPages ?? 0) &&
        (fault.kind !== 'repeat-token' || hasToken)
      )
    })
    if (entry === undefined) return undefined
    entry.remaining -= 1
    return entry.fault
  }
}

/** Validates faults received as JSON (the control API). */
export function parseAthenaFaults(input: unknown): AthenaFault[] {
  if (!Array.isArray(input)) throw new Error('faults must be a JSON array')
  return input.map((item: unknown, i) => {
    if (typeof item !== 'object' || item === null) throw new Error(`faults[${i}] must be an object`)
    const obj = item as Record<string, unknown>
    const kind = ATHENA_FAULT_KINDS.find(k => k === obj['kind'])
    if (kind === undefined)
      throw new Error(`faults[${i}].kind must be one of ${ATHENA_FAULT_KINDS.join(', ')}`)
    const fault: AthenaFault = { kind }
    for (const key of ['count', 'afterPages', 'category', 'errorType'] as const) {
      const value = obj[key]
      if (typeof value === 'number' && value >= 0) fault[key] = value
    }
    if (typeof obj['operation'] === 'string') fault.operation = obj['operation']
    if (typeof obj['message'] === 'string') fault.message = obj['message']
    const variant = obj['variant']
    if (variant === 'short-row' || variant === 'not-string' || variant === 'no-rows-key')
      fault.variant = variant
    return fault
  })
}
