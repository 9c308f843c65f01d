// Renders a job summary the way GitHub shows it, closely enough to judge the layout: the markdown file through
// `marked` (GFM), styled by `github-markdown-css`, in a column as wide as GitHub's summary (1,012 px), in
// headless Chromium, with fonts from npm packages and none of the machine's (see fonts.ts), so every machine
// measures the same widths. Writes a PNG and reads layout facts back from the DOM.

import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { marked } from 'marked'
import { Chromium } from './chromium.js'
import { fontCss, isolatedFontconfig } from './fonts.js'

/** The width of GitHub's job summary column, in CSS pixels. */
export const GITHUB_WIDTH = 1012
/** The width left for content inside the column's 16 px padding. */
export const CONTENT_WIDTH = GITHUB_WIDTH - 32
/** The widest a table may need to be: 40 px short of {@link CONTENT_WIDTH}, a margin for wider fonts. */
export const MARGIN_WIDTH = CONTENT_WIDTH - 40

const require = createRequire(import.meta.url)

/** The Chromium binary: CHROMIUM if set, else the first of chromium / chromium-browser on PATH. */
export function findChromium(): string | undefined {
  const candidates = [process.env['CHROMIUM'], 'chromium', 'chromium-browser'].filter(
    (c): c is string => c !== undefined && c !== ''
  )
  for (const candidate of candidates) {
    const found = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', candidate], { encoding: 'utf8' })
    if (found.status === 0 && found.stdout.trim() !== '') return found.stdout.trim()
  }
  return undefined
}

export interface Layout {
  /** The summary's full height (details collapsed, as GitHub first shows them), for a full-page screenshot. */
  readonly height: number
  /**
   * Each table, measured with every details section open: its rendered width, the width its content takes
   * (more than the first: it scrolls), and the narrowest it can be without scrolling (its min-content width).
   */
  readonly tables: ReadonlyArray<{
    readonly width: number
    readonly contentWidth: number
    readonly minWidth: number
  }>
  /** The width the summary's content needs (more than {@link GITHUB_WIDTH}: the page scrolls sideways). */
  readonly pageWidth: number
  /** The font families that loaded (the page's own, when it rendered as meant). */
  readonly fonts: readonly string[]
  /** The first heading's text. */
  readonly heading: string
  /** How many <details> sections, and how many are open. */
  readonly details: number
  readonly openDetails: number
}

type Opened = Pick<Layout, 'tables' | 'pageWidth'>
type Collapsed = Omit<Layout, keyof Opened>

// The page measures itself when asked: first as shown (details collapsed), once its web fonts have loaded;
// then with every details section opened, as a reader who expands them sees the tables.
const MEASURE = `<script>
window.collapsedLayout = async () => {
  document.body.getBoundingClientRect()
  await document.fonts.ready
  const details = [...document.querySelectorAll('details')]
  const h = document.querySelector('.markdown-body h1, .markdown-body h2, .markdown-body h3')
  const article = document.querySelector('.markdown-body')
  return { height: Math.ceil(article.getBoundingClientRect().bottom), details: details.length,
    openDetails: details.filter(d => d.open).length, heading: h ? h.textContent : '',
    fonts: [...new Set([...document.fonts].filter(f => f.status === 'loaded').map(f => f.family.replace(/"/g, '')))] }
}
window.openedLayout = () => {
  const body = document.querySelector('.markdown-body')
  for (const d of document.querySelectorAll('details')) d.open = true
  const tables = [...body.querySelectorAll('table')].map(t => {
    const width = Math.ceil(t.getBoundingClientRect().width), contentWidth = t.scrollWidth
    t.style.width = 'min-content'; t.style.maxWidth = 'none'
    const minWidth = Math.ceil(t.getBoundingClientRect().width)
    t.style.width = ''; t.style.maxWidth = ''
    return { width, contentWidth, minWidth }
  })
  return { tables, pageWidth: body.scrollWidth }
}
</script>`

/** A standalone HTML page showing `markdown` as GitHub's summary would. */
export function summaryPage(markdown: string): string {
  const css = readFileSync(require.resolve('github-markdown-css/github-markdown-light.css'), 'utf8')
  const body = marked.parse(markdown, { gfm: true, async: false })
  return [
    '<!doctype html><html><head><meta charset="utf-8">',
    `<style>${css}\n${fontCss()}\nbody{margin:0;background:#fff}`,
    `.markdown-body{box-sizing:border-box;width:${GITHUB_WIDTH}px;padding:16px}</style>`,
    '</head><body><article class="markdown-body">',
    body,
    '</article>',
    MEASURE,
    '</body></html>'
  ].join('\n')
}

/** A browser that renders summaries into `dir`: start once per test file, close in afterAll. */
export class SummaryRenderer {
  private constructor(
    private readonly browser: Chromium,
    private readonly dir: string
  ) {}

  /**
   * Chromium with the fontconfig of fonts.ts (no font of the machine), no font hinting (glyph widths do not
   * depend on the machine's settings), and leave to read the font files next to the page.
   */
  static start(binary: string, dir: string): SummaryRenderer {
    const env = { ...process.env, FONTCONFIG_FILE: isolatedFontconfig(dir) }
    const args = ['--hide-scrollbars', '--font-render-hinting=none', '--allow-file-access-from-files']
    return new SummaryRenderer(Chromium.launch(binary, args, env), dir)
  }

  /** Writes `<name>.html` and `<name>.png` under the directory; returns the page's layout. */
  async screenshot(markdown: string, name: string): Promise<Layout> {
    const html = path.join(this.dir, `${name}.html`)
    writeFileSync(html, summaryPage(markdown))
    const tab = await this.browser.openTab()
    const session = tab.sessionId
    try {
      await this.viewport(session, 800)
      const loaded = this.browser.event('Page.loadEventFired', session)
      await this.browser.send('Page.navigate', { url: pathToFileURL(html).href }, session)
      await loaded
      const collapsed = await this.browser.evaluate<Collapsed>(session, 'collapsedLayout()')
      await this.viewport(session, Math.min(Math.max(collapsed.height, 200), 8000))
      const png = await this.browser.send<{ data: string }>(
        'Page.captureScreenshot',
        { format: 'png' },
        session
      )
      writeFileSync(path.join(this.dir, `${name}.png`), Buffer.from(png.data, 'base64'))
      const opened = await this.browser.evaluate<Opened>(session, 'openedLayout()')
      return { ...collapsed, ...opened }
    } finally {
      await this.browser.closeTab(tab)
    }
  }

  close(): Promise<void> {
    return this.browser.close()
  }

  /** A window 40 px wider than GitHub's column (so the picture shows any overflow), `height` tall. */
  private viewport(session: string, height: number): Promise<unknown> {
    const metrics = { width: GITHUB_WIDTH + 40, height, deviceScaleFactor: 1, mobile: false }
    return this.browser.send('Emulation.setDeviceMetricsOverride', metrics, session)
  }
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(file: string): { width: number; height: number } {
  const data = readFileSync(file)
  if (data.subarray(1, 4).toString('latin1') !== 'PNG') throw new Error(`${file} is not a PNG`)
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) }
}
