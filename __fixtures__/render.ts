// Renders a job summary the way GitHub shows it, closely enough to judge the layout: the markdown file through
// `marked` (GFM), styled by `github-markdown-css`, in a column as wide as GitHub's summary (1,012 px), in
// headless Chromium. Writes a PNG and reads layout facts back from the DOM.

import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { marked } from 'marked'

/** The width of GitHub's job summary column, in CSS pixels. */
export const GITHUB_WIDTH = 1012

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
  /** The document's full height, for a full-page screenshot. */
  readonly height: number
  /** Each table's rendered width and the width its content needs (more than the first: it scrolls). */
  readonly tables: ReadonlyArray<{ readonly width: number; readonly contentWidth: number }>
  /** The width the summary's content needs (more than {@link GITHUB_WIDTH}: the page scrolls sideways). */
  readonly pageWidth: number
  /** The first heading's text. */
  readonly heading: string
  /** How many <details> sections, and how many are open. */
  readonly details: number
  readonly openDetails: number
}

// Measures after layout and writes the result into the page, where --dump-dom can read it.
const MEASURE = `<script>
addEventListener('load', () => {
  const tables = [...document.querySelectorAll('.markdown-body table')].map(t => ({
    width: Math.ceil(t.getBoundingClientRect().width), contentWidth: t.scrollWidth }))
  const h = document.querySelector('.markdown-body h1, .markdown-body h2, .markdown-body h3')
  const layout = { height: Math.ceil(document.documentElement.scrollHeight), tables,
    pageWidth: document.querySelector('.markdown-body').scrollWidth,
    heading: h ? h.textContent : '', details: document.querySelectorAll('details').length,
    openDetails: document.querySelectorAll('details[open]').length }
  const out = document.createElement('pre'); out.id = 'layout'; out.hidden = true; out.textContent = JSON.stringify(layout)
  document.body.appendChild(out)
})
</script>`

/** A standalone HTML page showing `markdown` as GitHub's summary would. */
export function summaryPage(markdown: string): string {
  const css = readFileSync(require.resolve('github-markdown-css/github-markdown-light.css'), 'utf8')
  const body = marked.parse(markdown, { gfm: true, async: false })
  return [
    '<!doctype html><html><head><meta charset="utf-8">',
    `<style>${css}\nbody{margin:0;background:#fff}`,
    `.markdown-body{box-sizing:border-box;width:${GITHUB_WIDTH}px;padding:16px}</style>`,
    '</head><body><article class="markdown-body">',
    body,
    '</article>',
    MEASURE,
    '</body></html>'
  ].join('\n')
}

function chromium(binary: string, args: readonly string[]): string {
  return execFileSync(
    binary,
    ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--no-first-run', ...args],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }
  )
}

/** Writes `<name>.html` and `<name>.png` under `dir`; returns the page's layout. */
export function screenshot(binary: string, markdown: string, dir: string, name: string): Layout {
  const htmlPath = path.join(dir, `${name}.html`)
  writeFileSync(htmlPath, summaryPage(markdown))
  const url = `file://${htmlPath}`
  const dom = chromium(binary, ['--dump-dom', url])
  const json = /<pre id="layout"[^>]*>(.*?)<\/pre>/s.exec(dom)?.[1]
  if (json === undefined) throw new Error(`no layout in the DOM of ${htmlPath}`)
  const layout = JSON.parse(json.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')) as Layout
  const width = GITHUB_WIDTH + 40
  const height = Math.min(Math.max(layout.height, 200), 8000)
  chromium(binary, [`--screenshot=${path.join(dir, `${name}.png`)}`, `--window-size=${width},${height}`, url])
  return layout
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(file: string): { width: number; height: number } {
  const data = readFileSync(file)
  if (data.subarray(1, 4).toString('latin1') !== 'PNG') throw new Error(`${file} is not a PNG`)
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) }
}
