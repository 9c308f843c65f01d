import type { Clock } from '../core/clock.js'
import { Pacer } from './pacer.js'

// Rate limits belong to (account, Region, API): LookupEvents allows 2 requests a second per account and Region,
// and every lane, probe and barrier poll of one account and Region spends the same budget. One registry hands
// out one pacer per key, so no two readers of a budget can each believe they have it all.

export interface BudgetKey {
  readonly account: string
  readonly region: string
  readonly api: string
}

export class RateBudgets {
  private readonly pacers = new Map<string, Pacer>()

  constructor(
    private readonly rate: number,
    private readonly clock: Clock
  ) {}

  pacer(key: BudgetKey): Pacer {
    const id = `${key.account}|${key.region}|${key.api}`
    let pacer = this.pacers.get(id)
    if (pacer === undefined) {
      pacer = new Pacer(this.rate, this.clock)
      this.pacers.set(id, pacer)
    }
    return pacer
  }
}
