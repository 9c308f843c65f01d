import type { Clock } from '../core/clock.js'

/** Slots are this much wider than the rate's interval, for clock and network jitter. */
const SAFETY = 1.02

/**
 * Spaces requests to one account and Region at the LookupEvents limit instead of bouncing off it.
 *
 * Each call to `acquire` reserves the next send slot synchronously, so concurrent callers queue in order. No
 * burst is allowed, and slots are 2% wider than the documented rate and measured from when a request really
 * left (a timer that fires late must not squeeze the next interval): that keeps clear of the service's limiter
 * whichever way it counts, even one that refuses two requests closer than 500 ms, at 0.98 of the limit. On
 * throttling (other tools share the account's budget) the rate drops by 30%, down to a quarter of the limit,
 * and recovers a fifth of the limit with each success (AIMD): a lone throttle costs well under a second, a storm
 * settles at the rate the shared budget leaves.
 */
export class Pacer {
  private rate: number
  private nextSlot = 0
  private answered = false
  private readonly floor: number

  constructor(
    private readonly baseRate: number,
    private readonly clock: Clock
  ) {
    if (!(baseRate > 0)) throw new RangeError(`rate must be positive, got ${baseRate}`)
    this.rate = baseRate
    this.floor = baseRate / 4
  }

  /** Requests per second the pacer currently allows. */
  get currentRate(): number {
    return this.rate
  }

  private get interval(): number {
    return (1000 / this.rate) * SAFETY
  }

  /** Waits for the next send slot and takes it. */
  async acquire(signal?: AbortSignal): Promise<void> {
    const now = this.clock.now()
    const slot = Math.max(now, this.nextSlot)
    this.nextSlot = slot + this.interval
    if (slot > now) await this.clock.sleep(slot - now, signal)
    // Measured from the real send time: a late timer pushes the next slot rather than shortening the gap.
    this.nextSlot = Math.max(this.nextSlot, this.clock.now() + this.interval)
  }

  /**
   * The request really left now (reported by the HTTP layer): the next slot is at least one interval later.
   * The first request of a run leaves tens of milliseconds after its slot (the SDK loads and signs lazily), and
   * without this the second would reach the service less than one interval after it.
   */
  markSent(): void {
    this.nextSlot = Math.max(this.nextSlot, this.clock.now() + this.interval)
  }

  /**
   * A response arrived. The first one starts the next interval: the first request also paid for the connection
   * (TCP, TLS), so when it reached the service is only known to be before its answer. Costs one round trip, once.
   */
  markAnswered(): void {
    if (this.answered) return
    this.answered = true
    this.nextSlot = Math.max(this.nextSlot, this.clock.now() + this.interval)
  }

  /** The service throttled us: slow down, and keep the next slot at least one (slower) interval away. */
  onThrottle(): void {
    this.rate = Math.max(this.floor, this.rate * 0.7)
    this.nextSlot = Math.max(this.nextSlot, this.clock.now() + this.interval)
  }

  /** A request went through: recover a fifth of the base rate. */
  onSuccess(): void {
    this.rate = Math.min(this.baseRate, this.rate + this.baseRate / 5)
  }
}

/** Exponential back-off with "equal jitter": half the step fixed, half random, capped. */
export function backoffMs(attempt: number, random: () => number, baseMs = 500, capMs = 16_000): number {
  const step = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1))
  return step / 2 + random() * (step / 2)
}
