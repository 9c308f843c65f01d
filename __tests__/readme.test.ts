import { describe, expect, it } from '@jest/globals'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

// The README's shape (issue 18): the answer first (a short workflow, how to try it without AWS, a picture of a
// real summary), reference material in docs/, every action.yml input and output documented somewhere, and no link
// that leads nowhere. Pure: it reads files only.

const README = 'README.md'
const readme = readFileSync(README, 'utf8')
const lines = readme.split('\n')
const docs = readdirSync('docs')
  .filter(name => name.endsWith('.md'))
  .map(name => path.join('docs', name))
const documents = [README, ...docs]

/**
 * Written by other branches that land with this one (Athena, many accounts, performance): a link to one of them
 * is let through only while the file does not exist yet. Once it exists, its links and anchors are checked too.
 */
const LANDING_SEPARATELY = new Set(['docs/athena.md', 'docs/accounts.md', 'docs/performance.md'])

/** The first fenced block of a language: where its fence opens (1-based line) and its lines. */
function firstBlock(language: string): { line: number; body: string[] } | undefined {
  const start = lines.findIndex(line => line.trim() === '```' + language)
  if (start < 0) return undefined
  const end = lines.findIndex((line, i) => i > start && line.trim() === '```')
  return { line: start + 1, body: lines.slice(start + 1, end < 0 ? undefined : end) }
}

/** The keys directly under a top-level section of action.yml (`inputs:`, `outputs:`), two spaces in. */
function actionKeys(section: string): string[] {
  const action = readFileSync('action.yml', 'utf8').split('\n')
  const start = action.indexOf(`${section}:`)
  const found: string[] = []
  for (const line of action.slice(start + 1)) {
    if (/^\S/.test(line)) break
    const match = /^ {2}([\w-]+):/.exec(line)
    if (match?.[1]) found.push(match[1])
  }
  return found
}

/** Markdown text without fenced blocks and code spans, where a `[x](y)` is not a link. */
function prose(text: string): string {
  return text.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '').replace(/`[^`\n]*`/g, '')
}

/** Every link and image target of a markdown file, as written. */
function linksOf(text: string): string[] {
  return [...prose(text).matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)].map(match => match[1] ?? '')
}

/** GitHub's anchor for a heading: lowercase, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-')
}

function anchorsOf(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '')
  return new Set([...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map(match => slug(match[1] ?? '')))
}

describe('README.md', () => {
  it('is at most 350 lines', () => {
    expect(lines.length).toBeLessThanOrEqual(350)
  })

  it('opens with a workflow of at most 15 lines, within the first 40, using the released tag', () => {
    const workflow = firstBlock('yaml')
    expect(workflow).toBeDefined()
    const { line, body } = workflow as NonNullable<typeof workflow>
    expect(line).toBeLessThanOrEqual(40)
    expect(body.length).toBeLessThanOrEqual(15)
    // The tag form RELEASING.md tells workflows to use.
    expect(readFileSync('RELEASING.md', 'utf8')).toContain('uses: your-org/cloudtrail-gate@v1')
    expect(body.map(l => l.trim())).toContain('- uses: your-org/cloudtrail-gate@v1')
    for (const input of ['role-to-assume', 'user', 'events', 'region']) {
      expect(body.some(l => l.trim().startsWith(`${input}:`))).toBe(true)
    }
  })

  it('says how to try it without AWS in the first section after that workflow', () => {
    const { line, body } = firstBlock('yaml') as NonNullable<ReturnType<typeof firstBlock>>
    const after = line + body.length + 1
    const heading = lines.findIndex((l, i) => i >= after && l.startsWith('## '))
    expect(heading).toBeGreaterThan(0)
    const next = lines.findIndex((l, i) => i > heading && l.startsWith('## '))
    const section = lines.slice(heading, next < 0 ? undefined : next).join('\n')
    expect(section).toContain('`npm ci && npm run demo` runs the bundled action against the local emulator')
    expect(section).toContain('`npm ci && npm test` runs every test')
  })

  it('shows the picture of a job summary within the first 60 lines, with alt text', () => {
    const index = lines.findIndex(line => /!\[[^\]]+\]\(docs\/images\/summary\.png\)/.test(line))
    expect(index).toBeGreaterThanOrEqual(0)
    expect(index + 1).toBeLessThanOrEqual(60)
    const png = readFileSync('docs/images/summary.png')
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  })
})

describe('README.md and docs/', () => {
  it('never tell anyone to run a package that is not on the npm registry', () => {
    expect(documents.filter(file => readFileSync(file, 'utf8').includes('npx cloudtrail-gate'))).toEqual([])
  })

  it('name every input and output of action.yml', () => {
    const text = documents.map(file => readFileSync(file, 'utf8')).join('\n')
    const names = [...actionKeys('inputs'), ...actionKeys('outputs')]
    expect(names.length).toBeGreaterThan(20)
    expect(names.filter(name => !text.includes('`' + name + '`'))).toEqual([])
  })

  it('link only to files and headings that exist', () => {
    const broken: string[] = []
    for (const file of documents) {
      for (const link of linksOf(readFileSync(file, 'utf8'))) {
        if (/^[a-z]+:/i.test(link)) continue // https:, mailto:
        const [target = '', anchor] = link.split('#')
        const resolved = target === '' ? file : path.normalize(path.join(path.dirname(file), target))
        if (!existsSync(resolved)) {
          if (!LANDING_SEPARATELY.has(resolved)) broken.push(`${file}: ${link}`)
          continue
        }
        if (anchor !== undefined && resolved.endsWith('.md') && !anchorsOf(resolved).has(anchor)) {
          broken.push(`${file}: ${link} (no such heading)`)
        }
      }
    }
    expect(broken).toEqual([])
  })

  it('find the links they hold (the checks above see something)', () => {
    expect(linksOf(readme)).toEqual(
      expect.arrayContaining(['docs/images/summary.png', 'docs/inputs.md', 'docs/cli.md', 'docs/library.md'])
    )
    expect(linksOf('see [x](a.md) and `[y](b.md)`')).toEqual(['a.md'])
    expect(slug("The gate's own calls")).toBe('the-gates-own-calls')
  })
})
