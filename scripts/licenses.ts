// `npm run bundle` step: merges each bundle directory's per-chunk notices (*.licenses.txt, written by ncc) into
// one licenses.txt and removes the per-chunk files. Usage: tsx scripts/licenses.ts dist dist/cli
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { mergeNotices, noticeFor, packagesNamedIn, parseNotices } from './notices.js'

const CHUNK_NOTICES = /^.+\.licenses\.txt$/
const isInstalled = (name: string): boolean => existsSync(path.join('node_modules', name, 'package.json'))

/** The notice of an installed package the license plugin did not list. */
function installedNotice(name: string): string {
  const dir = path.join('node_modules', name)
  const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { license?: string }
  const file = readdirSync(dir).find(entry => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(entry))
  if (!manifest.license || !file) throw new Error(`${name}: no license in package.json or no LICENSE file`)
  return noticeFor(name, manifest.license, readFileSync(path.join(dir, file), 'utf8'))
}

function mergeDirectory(dir: string): void {
  const chunks = readdirSync(dir)
    .filter(name => CHUNK_NOTICES.test(name))
    .sort()
  if (chunks.length === 0)
    throw new Error(`${dir}: no *.licenses.txt from ncc (is --license '[name].licenses.txt' set?)`)
  const files = chunks.map(name => readFileSync(path.join(dir, name), 'utf8'))
  const listed = new Set(files.flatMap(file => parseNotices(file, isInstalled).map(notice => notice.name)))
  const code = readdirSync(dir).filter(name => name.endsWith('.js'))
  const named = code.flatMap(name => packagesNamedIn(readFileSync(path.join(dir, name), 'utf8')))
  const missing = [...new Set(named)].filter(name => isInstalled(name) && !listed.has(name))
  files.push(...missing.map(installedNotice))
  writeFileSync(path.join(dir, 'licenses.txt'), mergeNotices(files, isInstalled))
  for (const name of chunks) rmSync(path.join(dir, name))
  console.log(`${dir}/licenses.txt: notices of ${chunks.length} chunk(s) merged`)
}

const dirs = process.argv.slice(2)
if (dirs.length === 0) throw new Error('usage: tsx scripts/licenses.ts DIR...')
for (const dir of dirs) mergeDirectory(dir)
