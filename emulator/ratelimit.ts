// LookupEvents allows 2 requests per second per account per Region. AWS does not document the algorithm,
// so the emulator uses one token bucket per key (`<account>/<Region>`), refilled continuously at
// `requestsPerSecond` tokens per second, starting full, with a capacity of `burst` tokens (at least 1; 0 or
// Infinity rate: no limit).
// The default burst of 1 holds clients strictly to the documented rate: no two requests closer than
// 1/rate (500 ms), the strictest reading of "2 requests per second", and the one any client must survive.
// `burst: 2` allows two back-to-back requests after a pause. A request that finds less than one token is
// throttled and takes nothing, so a client that keeps retrying is not punished further.
// The buckets run on a monotonic wall clock, never on the injected `now`: tests freeze `now` to pin the
// 90-day window, and a frozen clock would otherwise never refill. Tests that pace requests inject their own
// monotonic clock instead (the `rateClock` option).

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>()
  private readonly unlimited: boolean
  private readonly capacity: number

  constructor(
    private readonly rate: number,
    burst = 1,
    private readonly clock: () => number = () => performance.now()
  ) {
    this.unlimited = !(rate > 0) || rate === Infinity
    this.capacity = Math.max(1, burst)
  }

  /** True and one token taken, or false when the key's bucket is empty. */
  take(key: string): boolean {
    if (this.unlimited) return true
    const now = this.clock()
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: now }
    bucket.tokens = Math.min(this.capacity, bucket.tokens + ((now - bucket.at) / 1000) * this.rate)
    bucket.at = now
    this.buckets.set(key, bucket)
    if (bucket.tokens < 1) return false
    bucket.tokens -= 1
    return true
  }
}
