import { describe, expect, it } from '@jest/globals'
import { planSection } from '../src/report/plan-section.js'
import { buildSummary } from '../src/report/summary.js'
import { laneReport, makeResult } from '../__fixtures__/scan-result.js'

const NASTY = '<img src=x onerror=alert(1)>&'
const render = (result: ReturnType<typeof makeResult>): string => planSection.render(result)

describe('the summary plan section', () => {
  it('shows the strategy, then each lane: the chosen lookups, the rejected ones with estimates, pages read', () => {
    const html = render(makeResult([], { lanes: [laneReport('eu-west-2')] }))
    expect(html).toMatch(
      /^<details>\n<summary><b>Plan<\/b> · eu-west-2: EventName \/ EventSource; 2 pages read, probes included<\/summary>\n<p>Looks up Username=deploy-bot/
    )
    expect(html).toContain(
      '<tr><td>eu-west-2</td><td>EventName / EventSource: <code>EventName=DeleteTrail</code></td>' +
        '<td>chosen (cheapest after probing)</td><td align="right">1 page</td><td align="right">1</td></tr>'
    )
    expect(html).toContain(
      '<td>Username: <code>Username=deploy-bot</code></td><td>rejected</td><td align="right">&#126;412 pages</td>'
    )
    expect(html).toMatch(/<\/details>$/)
    expect(html).not.toMatch(/\n\n/)
  })

  it('escapes a user name that is HTML', () => {
    const lane = laneReport('eu-west-2', {
      candidates: [
        { kind: 'identity', lookups: [`Username=${NASTY}`], estimatedPages: 3, atLeast: false, pagesRead: 3 }
      ]
    })
    const html = render(makeResult([], { lanes: [lane] }))
    expect(html).not.toContain('<img')
    expect(html).toContain('Username=&lt;img src=x onerror=alert&#40;1&#41;&gt;&amp;')
  })

  it('says when a plan was forced, stopped before a choice, or changed its mind', () => {
    const lanes = [
      laneReport('eu-west-2', {
        how: 'forced',
        chosen: 'region',
        candidates: [
          { kind: 'region', lookups: ['all events'], estimatedPages: 9, atLeast: false, pagesRead: 9 }
        ]
      }),
      laneReport('us-east-1', { globalOnly: true, chosen: undefined }),
      laneReport('eu-central-1', {
        replans: [{ afterPages: 33, from: 'identity', to: 'events', fromRemaining: 40, toRemaining: 3 }]
      })
    ]
    const html = render(makeResult([], { lanes }))
    expect(html).toContain(
      'full Region scan: <code>all events &#40;full Region scan&#41;</code></td><td>chosen (forced)'
    )
    expect(html).toContain('us-east-1: none')
    expect(html).toContain(
      '<tr><td>us-east-1 (global)</td><td>EventName / EventSource: <code>EventName=DeleteTrail</code></td><td>rejected</td>'
    )
    expect(html).toContain('<li>eu-central-1: after 33 pages the Username lookups needed ~40 more pages')
    expect(html).toContain('switched to EventName / EventSource.</li>')
  })

  it('bounded with many lanes, the strategy alone with none, and part of the summary', () => {
    expect(render(makeResult([], { lanes: [] }))).not.toContain('<table>')
    const many = Array.from({ length: 40 }, (_, i) => laneReport(`eu-west-${i}`))
    const html = render(makeResult([], { lanes: many }))
    expect(html.match(/<tr><td>/g)).toHaveLength(60)
    expect(html).toContain('…and 20 more')
    expect(buildSummary(makeResult([], { lanes: [laneReport('eu-west-2')] }))).toContain(
      '<td>chosen (cheapest after probing)</td>'
    )
  })
})
