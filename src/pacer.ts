import type { Clock } from './clock.js'

/**
 * Spaces requests to one account and Region at the LookupEvents limit instead of bouncing off it.
 *
 * Each call to `acquire` reserves the next send slot synchronously, so concurrent callers queue in order. No
 * burst is allowed: sending at exactly the documented rate from the first request on keeps clear of the
 * service's limiter whichever way it counts. On throttling (other tools share the account's budget) the rate
 * is halved, down to a quarter of the limit, and recovers additively with each success (AIMD).
 */
export class Pacer {
  private rate: number
  private nextSlot = 0
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

  /** Waits for the next send slot and takes it. */
  async acquire(signal?: AbortSignal): Promise<void> {
    const now = this.clock.now()
    const slot = Math.max(now, this.nextSlot)
    this.nextSlot = slot + 1000 / this.rate
    if (slot > now) await this.clock.sleep(slot - now, signal)
  }

  /** The service throttled us: slow down, and keep the next slot at least one (slower) interval away. */
  onThrottle(): void {
    this.rate = Math.max(this.floor, this.rate / 2)
    this.nextSlot = Math.max(this.nextSlot, this.clock.now() + 1000 / this.rate)
  }

  /** A request went through: recover a tenth of the base rate. */
  onSuccess(): void {
    this.rate = Math.min(this.baseRate, this.rate + this.baseRate / 10)
  }
}

/** Exponential back-off with "equal jitter": half the step fixed, half random, capped. */
export function backoffMs(attempt: number, random: () => number, baseMs = 500, capMs = 16_000): number {
  const step = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1))
  return step / 2 + random() * (step / 2)
}
