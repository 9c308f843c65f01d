import { describe, expect, it } from '@jest/globals'
import { backoffMs, Pacer } from '../src/aws/pacer.js'
import { FakeClock } from '../__fixtures__/clock.js'

describe('Pacer', () => {
  it('spaces requests 2% wider than the rate from the first one on, with no burst', async () => {
    const clock = new FakeClock(0)
    const pacer = new Pacer(2, clock)
    const sent: number[] = []
    for (let i = 0; i < 5; i++) {
      await pacer.acquire()
      sent.push(clock.now())
    }
    expect(sent).toEqual([0, 510, 1020, 1530, 2040])
  })

  it('queues concurrent callers in order, one slot each', async () => {
    const clock = new FakeClock(0)
    const pacer = new Pacer(2, clock)
    const sent: Array<[number, number]> = []
    await Promise.all([0, 1, 2, 3].map(i => pacer.acquire().then(() => sent.push([i, clock.now()]))))
    expect(sent).toEqual([
      [0, 0],
      [1, 510],
      [2, 1020],
      [3, 1530]
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

  it('slows by 30% on throttling, down to a quarter, and recovers a fifth of the limit per success', () => {
    const pacer = new Pacer(2, new FakeClock(0))
    pacer.onThrottle()
    expect(pacer.currentRate).toBeCloseTo(1.4)
    for (let i = 0; i < 10; i++) pacer.onThrottle()
    expect(pacer.currentRate).toBe(0.5)
    pacer.onSuccess()
    expect(pacer.currentRate).toBeCloseTo(0.9)
    for (let i = 0; i < 20; i++) pacer.onSuccess()
    expect(pacer.currentRate).toBe(2)
  })

  it('pushes the next slot one slower interval away after a throttle', async () => {
    const clock = new FakeClock(0)
    const pacer = new Pacer(2, clock)
    await pacer.acquire()
    pacer.onThrottle()
    await pacer.acquire()
    expect(clock.now()).toBeCloseTo((1000 / 1.4) * 1.02)
  })

  it('measures the next gap from when a late timer really fired', async () => {
    const clock = new FakeClock(0)
    let late = 100
    // A clock whose first sleep fires 100 ms late, as an event loop busy with a large page might.
    const lateOnce = {
      now: () => clock.now(),
      sleep: (ms: number) => clock.sleep(ms + late).finally(() => (late = 0))
    }
    const pacer = new Pacer(2, lateOnce)
    const sent: number[] = []
    for (let i = 0; i < 3; i++) {
      await pacer.acquire()
      sent.push(clock.now())
    }
    expect(sent).toEqual([0, 610, 1120])
  })

  it('measures from when the HTTP layer says the request really left', async () => {
    const clock = new FakeClock(0)
    const pacer = new Pacer(2, clock)
    await pacer.acquire()
    // The first request spends 30 ms in the SDK (loading, signing) before it goes out.
    await clock.sleep(30)
    pacer.markSent()
    await pacer.acquire()
    expect(clock.now()).toBe(540)
  })

  it('starts the second interval from the first answer, once', async () => {
    const clock = new FakeClock(0)
    const pacer = new Pacer(2, clock)
    await pacer.acquire()
    await clock.sleep(80)
    pacer.markAnswered()
    await pacer.acquire()
    expect(clock.now()).toBe(590)
    await clock.sleep(80)
    pacer.markAnswered()
    await pacer.acquire()
    expect(clock.now()).toBe(1100)
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
