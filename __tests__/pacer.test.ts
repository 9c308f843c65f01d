import { describe, expect, it } from '@jest/globals'
import { backoffMs, Pacer } from '../src/pacer.js'
import { FakeClock } from '../__fixtures__/clock.js'

describe('Pacer', () => {
  it('spaces requests at the rate from the first one on, with no burst', async () => {
    const clock = new FakeClock(0)
    const pacer = new Pacer(2, clock)
    const sent: number[] = []
    for (let i = 0; i < 5; i++) {
      await pacer.acquire()
      sent.push(clock.now())
    }
    expect(sent).toEqual([0, 500, 1000, 1500, 2000])
  })

  it('queues concurrent callers in order, one slot each', async () => {
    const clock = new FakeClock(0)
    const pacer = new Pacer(2, clock)
    const sent: Array<[number, number]> = []
    await Promise.all([0, 1, 2, 3].map(i => pacer.acquire().then(() => sent.push([i, clock.now()]))))
    expect(sent).toEqual([
      [0, 0],
      [1, 500],
      [2, 1000],
      [3, 1500]
    ])
  })

  it('does not wait when the caller is already slower than the rate', async () => {
    const clock = new FakeClock(0)
    const pacer = new Pacer(2, clock)
    await pacer.acquire()
    await clock.sleep(2000)
    const before = clock.now()
    await pacer.acquire()
    expect(clock.now()).toBe(before)
  })

  it('halves the rate on throttling, down to a quarter, and recovers additively', () => {
    const pacer = new Pacer(2, new FakeClock(0))
    pacer.onThrottle()
    expect(pacer.currentRate).toBe(1)
    for (let i = 0; i < 10; i++) pacer.onThrottle()
    expect(pacer.currentRate).toBe(0.5)
    pacer.onSuccess()
    expect(pacer.currentRate).toBeCloseTo(0.7)
    for (let i = 0; i < 20; i++) pacer.onSuccess()
    expect(pacer.currentRate).toBe(2)
  })

  it('pushes the next slot one slower interval away after a throttle', async () => {
    const clock = new FakeClock(0)
    const pacer = new Pacer(2, clock)
    await pacer.acquire()
    pacer.onThrottle()
    await pacer.acquire()
    expect(clock.now()).toBe(1000)
  })

  it('rejects a non-positive rate', () => {
    expect(() => new Pacer(0, new FakeClock())).toThrow(RangeError)
  })
})

describe('backoffMs', () => {
  it('grows exponentially with equal jitter, capped', () => {
    expect(backoffMs(1, () => 0)).toBe(250)
    expect(backoffMs(1, () => 1)).toBe(500)
    expect(backoffMs(3, () => 0)).toBe(1000)
    expect(backoffMs(3, () => 0.5)).toBe(1500)
    expect(backoffMs(20, () => 1)).toBe(16_000)
  })
})
