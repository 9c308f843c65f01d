import { describe, expect, it } from '@jest/globals'
import { deliveryNotice, renderDelivery } from '../src/report/delivery.js'
import { buildSummary } from '../src/report/summary.js'
import type { DeliveryReport, RegionDelivery } from '../src/types.js'
import { makeQuery, makeResult } from '../__fixtures__/scan-result.js'

const region = (overrides: Partial<RegionDelivery> = {}): RegionDelivery => ({
  region: 'eu-west-2',
  requestId: '7a1c9f2e-0000-4000-a000-000000000001',
  callerArn: 'arn:aws:sts::123456789012:assumed-role/deploy/GitHubActions',
  markerTime: '2026-11-21T12:04:10Z',
  delivered: true,
  waitedMs: 184_000,
  marginMs: 46_000,
  polls: 17,
  pages: 19,
  ...overrides
})

const barrier = (regions: RegionDelivery[]): DeliveryReport => ({
  mode: 'barrier',
  horizonMs: 1_800_000,
  freshFrom: '2026-11-21T11:34:10Z',
  regions
})

describe('deliverySection', () => {
  it('says what the barrier proved and what it assumes, per Region', () => {
    const html = renderDelivery(barrier([region(), region({ region: 'us-east-1' })]))
    expect(html).toMatch(
      /^<details>\n<summary><b>Delivery<\/b> · CloudTrail had caught up in every Region<\/summary>\n/
    )
    expect(html).not.toMatch(/\n\n/)
    expect(html).toContain('<td>eu-west-2</td><td>delivered</td><td>2026-11-21T12:04:10Z</td>')
    expect(html).toContain('<td>3 min 4 s</td><td>46 seconds</td><td>17 &#40;19 pages&#41;</td>')
    expect(html).toContain('<b>Proved:</b>')
    expect(html).toMatch(/<b>Assumed:<\/b>.*not in order/)
    expect(html).toContain('before 2026-11-21T11:34:10Z')
  })

  it('says nothing was proved when a marker did not show', () => {
    const html = renderDelivery(barrier([region({ delivered: false, marginMs: 0 })]))
    expect(html).toContain('<b>Delivery</b> · not proved')
    expect(html).toContain('<td>not shown</td>')
    expect(html).not.toContain('<b>Proved:</b>')
  })

  it('escapes what AWS answered', () => {
    const html = renderDelivery(
      barrier([region({ requestId: '<img src=x>', callerArn: '</details><script>' })])
    )
    expect(html).not.toMatch(/<img|<script|<\/details><script/)
    expect(html).toContain('&lt;img src=x&gt;')
  })

  it('says when the barrier was skipped, and when the window was old enough not to need it', () => {
    const skipped = renderDelivery({ mode: 'skipped', horizonMs: 1_800_000, freshFrom: null, regions: [] })
    expect(skipped).toContain('<b>Delivery</b> · not checked (wait-for-delivery is false)')
    expect(skipped).toMatch(/does not cover them/)
    const old = renderDelivery({ mode: 'old-window', horizonMs: 1_800_000, freshFrom: null, regions: [] })
    expect(old).toMatch(/ended more than 30 minutes before the run/)
  })

  it('is part of the job summary', () => {
    const summary = buildSummary(makeResult([], { query: makeQuery(), delivery: barrier([region()]) }))
    expect(summary).toContain('<b>Delivery</b> · CloudTrail had caught up in every Region')
  })

  it('puts a notice under the verdict only when the wait was skipped', () => {
    const skipped = { mode: 'skipped', horizonMs: 1_800_000, freshFrom: null, regions: [] } as const
    const result = makeResult([], { query: makeQuery(), delivery: skipped })
    expect(deliveryNotice(result)).toMatch(
      /Not waited for CloudTrail to deliver the window's last 30 minutes/
    )
    expect(buildSummary(result)).toContain('Not waited for CloudTrail')
    expect(deliveryNotice(makeResult([], { query: makeQuery(), delivery: barrier([region()]) }))).toBe('')
  })
})
