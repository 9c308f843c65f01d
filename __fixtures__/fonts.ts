// Fonts for the summary screenshots that the project controls, so a table measures the same on every machine.
// Noto Sans and Noto Sans Mono: GitHub's font stack names Noto Sans, and it is what a Linux reader sees. Noto
// Color Emoji in the COLRv1 build Chromium draws (@fontsource's build has only SVG colour, which Chromium
// leaves blank). DejaVu Sans last, for the few characters the Noto web subsets lack (the time column's no-break
// hyphen U+2011, the window's →). Each comes from an npm package (devDependencies) through @font-face rules —
// the packages' own where they ship one. Chromium gets a fontconfig that knows only the DejaVu package's files,
// so no glyph ever falls back to a font of the machine.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const require = createRequire(import.meta.url)

/** The package stylesheets whose @font-face rules the page loads. */
const STYLESHEETS = [
  '@fontsource-variable/noto-sans/wght.css',
  '@fontsource-variable/noto-sans/wght-italic.css',
  '@fontsource-variable/noto-sans-mono/wght.css',
  '@infolektuell/noto-color-emoji/index.css'
]

const DEJAVU_SANS = 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf'
const DEJAVU_MONO = 'dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf'

/** The families, in the order a character is looked for. */
export const TEXT_FONTS = ['Noto Sans Variable', 'Noto Color Emoji', 'DejaVu Sans']
export const CODE_FONTS = ['Noto Sans Mono Variable', 'Noto Color Emoji', 'DejaVu Sans Mono']

const stack = (families: readonly string[]): string => families.map(f => `"${f}"`).join(',')
const fileUrl = (file: string): string => pathToFileURL(file).href

/**
 * CSS for the page: the packages' @font-face rules with their `./files/` URLs made absolute (the page is a
 * file of its own elsewhere), `font-display: block` so nothing is ever drawn in a stand-in font while a file
 * loads, and GitHub's font stacks replaced by these families.
 */
export function fontCss(): string {
  const faces = STYLESHEETS.map(sheet => {
    const file = require.resolve(sheet)
    return readFileSync(file, 'utf8')
      .replace(/url\(\.\/files\//g, `url(${fileUrl(path.dirname(file))}/files/`)
      .replace(/font-display:\s*swap/g, 'font-display: block')
  })
  const dejavu = (family: string, font: string): string =>
    `@font-face{font-family:"${family}";font-display:block;src:url(${fileUrl(require.resolve(font))}) format("truetype")}`
  return [
    ...faces,
    dejavu('DejaVu Sans', DEJAVU_SANS),
    dejavu('DejaVu Sans Mono', DEJAVU_MONO),
    `.markdown-body{font-family:${stack(TEXT_FONTS)}}`,
    `.markdown-body code,.markdown-body kbd,.markdown-body pre,.markdown-body samp,.markdown-body tt{font-family:${stack(CODE_FONTS)}}`
  ].join('\n')
}

/**
 * A fontconfig file for Chromium's FONTCONFIG_FILE that knows only the DejaVu package's fonts (Chromium needs
 * one TrueType font it can open to draw at all), with its cache under `dir`: the machine's fonts are never used.
 */
export function isolatedFontconfig(dir: string): string {
  const cache = path.join(dir, 'fontconfig-cache')
  mkdirSync(cache, { recursive: true })
  const file = path.join(dir, 'fonts.conf')
  writeFileSync(
    file,
    '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n' +
      `<fontconfig><dir>${path.dirname(require.resolve(DEJAVU_SANS))}</dir><cachedir>${cache}</cachedir></fontconfig>\n`
  )
  return file
}
