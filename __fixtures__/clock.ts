import { systemClock, type Clock } from '../src/core/clock.js'

interface Timer {
  readonly at: number
  readonly seq: number
  readonly fire: () => void
}

/**
 * Virtual time for tests: `sleep` never waits. Whenever the program is idle (no pending microtasks), the clock
 * jumps to the earliest timer and fires it, so a 30-minute deadline or a 16-second back-off takes no real time
 * and the order of events is exactly what the timers say.
 */
export class FakeClock implements Clock {
  private time: number
  private seq = 0
  private timers: Timer[] = []
  private scheduled = false
  /** Every sleep requested, in ms, in order. */
  readonly sleeps: number[] = []

  constructor(start = Date.UTC(2026, 10, 21, 12, 0, 0)) {
    this.time = start
  }

  now(): number {
    return this.time
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms)
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason)
      const onAbort = (): void => {
        this.timers = this.timers.filter(t => t !== timer)
        reject(signal?.reason)
      }
      const timer: Timer = {
        at: this.time + Math.max(0, ms),
        seq: this.seq++,
        fire: () => {
          signal?.removeEventListener('abort', onAbort)
          resolve()
        }
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.timers.push(timer)
      this.schedule()
    })
  }

  private schedule(): void {
    if (this.scheduled) return
    this.scheduled = true
    setImmediate(() => {
      this.scheduled = false
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq)
      const next = this.timers.shift()
      if (!next) return
      this.time = Math.max(this.time, next.at)
      next.fire()
      if (this.timers.length > 0) this.schedule()
    })
  }
}

/**
 * Real time for tests against a real server in this process, with our own short waits skipped: a wait of at
 * most `skipMs` (the first poll intervals, back-off steps, the pacer's slots) takes a few real milliseconds and
 * moves this clock's `now` on by the rest, so the code sees the time pass without the test spending it.
 * Longer waits (request timeouts, deadlines) are real, and so is every wait of the server.
 */
export function skippingClock(skipMs = 1_000): Clock {
  let skipped = 0
  return {
    now: () => Date.now() + skipped,
    sleep: (ms, signal) => {
      if (ms > skipMs) return systemClock.sleep(ms, signal)
      const real = Math.min(Math.max(0, ms), 5)
      skipped += Math.max(0, ms) - real
      return systemClock.sleep(real, signal)
    }
  }
}
