import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { mergeNotices, noticeFor, packagesNamedIn, parseNotices } from '../../scripts/notices.js'

// Third-party notices: every package bundled into dist/ (the action, with its lazily loaded STS chunk) and
// dist/cli/ (the CLI) must be listed in that directory's licenses.txt. ncc writes one notices file per chunk;
// written under one name, the STS chunk's list used to replace the main bundle's.

const installed = (name: string): boolean => existsSync(path.join('node_modules', name, 'package.json'))
const names = (file: string): string[] => parseNotices(file, installed).map(notice => notice.name)

const MAIN_CHUNK = [
  '@actions/core\nMIT\nThe MIT License (MIT)\n\nCopyright 2019 GitHub',
  '@aws-sdk/core\nApache-2.0\n   TERMS AND CONDITIONS\n\nEND OF TERMS\n\n   APPENDIX',
  'tunnel\nMIT'
].join('\n\n')
const STS_CHUNK = [
  '@aws-sdk/client-sts\nApache-2.0\nApache License',
  '@aws-sdk/core\nApache-2.0\n   TERMS AND CONDITIONS\n\nEND OF TERMS\n\n   APPENDIX'
].join('\n\n')

describe('parseNotices', () => {
  it('splits a chunk file into packages, keeping blank-line paragraphs of a license with their package', () => {
    const notices = parseNotices(MAIN_CHUNK, installed)
    expect(notices.map(n => n.name)).toEqual(['@actions/core', '@aws-sdk/core', 'tunnel'])
    expect(notices[0]?.text).toBe('@actions/core\nMIT\nThe MIT License (MIT)\n\nCopyright 2019 GitHub')
    expect(notices[1]?.text).toBe(
      '@aws-sdk/core\nApache-2.0\n   TERMS AND CONDITIONS\n\nEND OF TERMS\n\n   APPENDIX'
    )
  })

  it('reads entries apart however many blank lines separate them (a license text ending in a newline)', () => {
    const notices = parseNotices('tunnel\nMIT\ntext\n\n\n@actions/core\nMIT\n', installed)
    expect(notices).toEqual([
      { name: 'tunnel', text: 'tunnel\nMIT\ntext' },
      { name: '@actions/core', text: '@actions/core\nMIT' }
    ])
  })

  it('does not take a paragraph naming no installed package for a new entry', () => {
    const notices = parseNotices('tunnel\nMIT\n\nlicense\nMore text', installed)
    expect(notices).toEqual([{ name: 'tunnel', text: 'tunnel\nMIT\n\nlicense\nMore text' }])
  })

  it('refuses a file that does not start with a package', () => {
    expect(() => parseNotices('Some text\n\ntunnel\nMIT', installed)).toThrow(/does not start with a package/)
  })
})

describe('mergeNotices', () => {
  it('lists every chunk’s packages once, sorted by name, with their full texts', () => {
    const merged = mergeNotices([MAIN_CHUNK, STS_CHUNK], installed)
    expect(names(merged)).toEqual(['@actions/core', '@aws-sdk/client-sts', '@aws-sdk/core', 'tunnel'])
    expect(merged).toContain('@aws-sdk/client-sts\nApache-2.0\nApache License')
    expect(merged.match(/END OF TERMS/g)).toHaveLength(1)
    expect(merged.endsWith('\n')).toBe(true)
  })

  it('finds the packages a chunk names by path, scoped ones included, each once', () => {
    const chunk =
      'a("../node_modules/@octokit/core/dist-src/index.js"); b("node_modules/undici/index.js", "node_modules/undici/lib/x.js")'
    expect(packagesNamedIn(chunk)).toEqual(['@octokit/core', 'undici'])
    expect(noticeFor('undici', 'MIT', 'text\r\n\n')).toBe('undici\nMIT\ntext')
  })

  it('keeps two different notices of one name (two versions bundled)', () => {
    const merged = mergeNotices(['tunnel\nMIT\nv1 text', 'tunnel\nMIT\nv2 text'], installed)
    expect(merged).toBe('tunnel\nMIT\nv1 text\n\ntunnel\nMIT\nv2 text\n')
  })
})

describe('scripts/licenses.ts', () => {
  it('merges a directory’s per-chunk files into licenses.txt and removes them', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gate-notices-'))
    writeFileSync(path.join(dir, 'main.licenses.txt'), `${MAIN_CHUNK}\n`)
    writeFileSync(path.join(dir, '695.licenses.txt'), `${STS_CHUNK}\n`)
    const tsx = path.resolve('node_modules/.bin/tsx')
    const run = spawnSync(tsx, ['scripts/licenses.ts', dir], { encoding: 'utf8', timeout: 30_000 })
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    expect(readdirSync(dir)).toEqual(['licenses.txt'])
    expect(readFileSync(path.join(dir, 'licenses.txt'), 'utf8')).toBe(
      mergeNotices([MAIN_CHUNK, STS_CHUNK], installed)
    )
  })
})

describe('the committed bundles’ notices', () => {
  const notices = (dir: string): string[] => names(readFileSync(path.join(dir, 'licenses.txt'), 'utf8'))
  const leftovers = (dir: string): string[] => readdirSync(dir).filter(name => /.\.licenses\.txt$/.test(name))

  it('dist/licenses.txt lists the action’s packages, the lazily loaded STS chunk’s included', () => {
    const listed = notices('dist')
    for (const name of [
      '@actions/core',
      '@actions/http-client',
      '@aws-sdk/client-cloudtrail',
      '@aws-sdk/client-sts'
    ])
      expect(listed).toContain(name)
    expect(listed.filter(name => name.startsWith('@smithy/')).length).toBeGreaterThanOrEqual(3)
    expect(leftovers('dist')).toEqual([])
  })

  it('dist/cli/licenses.txt lists the CLI’s packages', () => {
    const listed = notices('dist/cli')
    for (const name of ['@aws-sdk/client-cloudtrail', '@aws-sdk/core', '@smithy/node-http-handler'])
      expect(listed).toContain(name)
    expect(listed.filter(name => name.startsWith('@smithy/')).length).toBeGreaterThanOrEqual(3)
    expect(leftovers('dist/cli')).toEqual([])
  })

  it('credits every package a chunk carries by path, those the license plugin missed (@octokit/*) too', () => {
    for (const dir of ['dist', 'dist/cli']) {
      const listed = notices(dir)
      const code = readdirSync(dir).filter(name => name.endsWith('.js'))
      const named = code.flatMap(name => packagesNamedIn(readFileSync(path.join(dir, name), 'utf8')))
      expect(named.filter(name => installed(name) && !listed.includes(name))).toEqual([])
    }
    expect(notices('dist')).toEqual(expect.arrayContaining(['@octokit/core', '@octokit/request']))
  })

  it('names each package with the license its package.json declares', () => {
    for (const dir of ['dist', 'dist/cli']) {
      for (const notice of parseNotices(readFileSync(path.join(dir, 'licenses.txt'), 'utf8'), installed)) {
        const manifest = JSON.parse(
          readFileSync(path.join('node_modules', notice.name, 'package.json'), 'utf8')
        )
        expect(`${notice.name}: ${notice.text.split('\n')[1]}`).toBe(`${notice.name}: ${manifest.license}`)
      }
    }
  })
})
