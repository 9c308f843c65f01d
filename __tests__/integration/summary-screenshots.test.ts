import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { copyFileSync, mkdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { buildComment } from '../../src/report/comment.js'
import { buildSummary } from '../../src/report/summary.js'
import { notStartedSummary } from '../../src/report/summary-verdict.js'
import {
  CONTENT_WIDTH,
  findChromium,
  GITHUB_WIDTH,
  MARGIN_WIDTH,
  pngSize,
  SummaryRenderer
} from '../../__fixtures__/render.js'
import {
  cleanResult,
  discoveryResult,
  forbiddenResult,
  incompleteResult,
  wideResult
} from '../../__fixtures__/verdicts.js'

// Each verdict's summary rendered as GitHub renders it (marked + GitHub's CSS in headless Chromium), written to
// __tests__/output/summary-*.png for a person to look at, with the layout checked from the DOM. On CI Chromium
// must be there (.ci/run installs it); locally the test is skipped, saying why, when it is not.

jest.setTimeout(120_000)

const OUTPUT = path.resolve('__tests__/output')
const README_SCREENSHOT = path.resolve('docs/images/summary.png')
const chromium = findChromium()
const onCi = process.env['CI'] === 'true'

const verdicts: ReadonlyArray<[string, () => string, string]> = [
  ['forbidden', () => buildSummary(forbiddenResult(), { reportPath: '/runner/temp/report.json' }), '❌'],
  ['clean', () => buildSummary(cleanResult()), '✅'],
  ['discovery', () => buildSummary(discoveryResult()), '🔎'],
  ['incomplete', () => buildSummary(incompleteResult()), '🛑'],
  [
    'bad-input',
    () =>
      notStartedSummary(
        'Input \'created_after\' has an invalid value "2024-13-01": expected YYYY/MM/DD, YYYY-MM-DD or ISO 8601.',
        'input'
      ),
    '❗'
  ],
  ['wide', () => buildSummary(wideResult(), { reportPath: '/runner/temp/report.json' }), '❌'],
  [
    'no-events',
    () => buildSummary({ ...cleanResult(), scanned: 0, noEvents: true, identityEvents: 'none' }),
    '⚠️'
  ],
  [
    'near-misses',
    () =>
      buildSummary({
        ...cleanResult(),
        nearMisses: [
          { pattern: 'DeleteBuckets', name: 'DeleteBucket', source: 's3.amazonaws.com', count: 3 },
          { pattern: 'delete*', name: 'DeleteBucket', source: 's3.amazonaws.com', count: 3 },
          { pattern: 'transfer:CreateUser', name: 'CreateUser', source: 'iam.amazonaws.com', count: 1 }
        ]
      }),
    '✅'
  ],
  [
    'pr-comment',
    () =>
      buildComment(forbiddenResult(), {
        marker: '<!-- cloudtrail-gate pr-comment 0123456789abcdef0123 -->',
        runUrl: 'https://github.com/acme/infra/actions/runs/4242',
        workflow: 'deploy',
        job: 'gate'
      }),
    '❌'
  ]
]

if (chromium === undefined && !onCi) {
  console.warn(
    'Skipping the summary screenshots: no chromium on PATH (set CHROMIUM, or apt-get install chromium).'
  )
}

const suite = chromium !== undefined || onCi ? describe : describe.skip

suite('summary screenshots', () => {
  let renderer: SummaryRenderer | undefined
  beforeAll(() => {
    mkdirSync(OUTPUT, { recursive: true })
    if (chromium !== undefined) renderer = SummaryRenderer.start(chromium, OUTPUT)
  })
  afterAll(async () => {
    await renderer?.close()
  })

  it.each(verdicts)('renders the %s verdict within GitHub width', async (name, build, mark) => {
    if (renderer === undefined) throw new Error('CI=true but Chromium is missing: .ci/run should install it')
    const layout = await renderer.screenshot(build(), `summary-${name}`)
    const png = path.join(OUTPUT, `summary-${name}.png`)
    // A blank page compresses to a few hundred bytes; a rendered summary is tens of kilobytes.
    expect(statSync(png).size).toBeGreaterThan(10_000)
    expect(pngSize(png).width).toBeGreaterThan(GITHUB_WIDTH)
    expect(layout.heading.startsWith(mark)).toBe(true)
    // Drawn in the project's fonts (fonts.ts), so the widths below are the same on every machine.
    expect(layout.fonts).toEqual(expect.arrayContaining(['Noto Sans Variable', 'Noto Color Emoji']))
    expect(layout.pageWidth).toBeLessThanOrEqual(GITHUB_WIDTH)
    for (const table of layout.tables) {
      expect(table.width).toBeLessThanOrEqual(CONTENT_WIDTH)
      // No horizontal scroll bar: the content fits the width it was given.
      expect(table.contentWidth).toBeLessThanOrEqual(table.width)
      // With room to spare: a reader whose fonts are a little wider still gets no scroll bar.
      expect(table.minWidth).toBeLessThanOrEqual(MARGIN_WIDTH)
    }
    // The details sections start collapsed.
    expect(layout.openDetails).toBe(0)
    if (!['bad-input', 'pr-comment'].includes(name)) expect(layout.details).toBeGreaterThan(0)
    // `npm run screenshot`: the README's picture of a job summary is this test's rendering of a forbidden verdict.
    if (name === 'forbidden' && process.env['UPDATE_README_SCREENSHOT'] === '1') {
      mkdirSync(path.dirname(README_SCREENSHOT), { recursive: true })
      copyFileSync(png, README_SCREENSHOT)
    }
  })
})
