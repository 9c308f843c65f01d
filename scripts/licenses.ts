// `npm run bundle` step: merges each bundle directory's per-chunk notices (*.licenses.txt, written by ncc) into
// one licenses.txt and removes the per-chunk files. Usage: tsx scripts/licenses.ts dist dist/cli
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { mergeNotices } from './notices.js'

const CHUNK_NOTICES = /^.+\.licenses\.txt$/
const isInstalled = (name: string): boolean => existsSync(path.join('node_modules', name, 'package.json'))

function mergeDirectory(dir: string): void {
  const chunks = readdirSync(dir)
    .filter(name => CHUNK_NOTICES.test(name))
    .sort()
  if (chunks.length === 0)
    throw new Error(`${dir}: no *.licenses.txt from ncc (is --license '[name].licenses.txt' set?)`)
  const files = chunks.map(name => readFileSync(path.join(dir, name), 'utf8'))
  writeFileSync(path.join(dir, 'licenses.txt'), mergeNotices(files, isInstalled))
  for (const name of chunks) rmSync(path.join(dir, name))
  console.log(`${dir}/licenses.txt: notices of ${chunks.length} chunk(s) merged`)
}

const dirs = process.argv.slice(2)
if (dirs.length === 0) throw new Error('usage: tsx scripts/licenses.ts DIR...')
for (const dir of dirs) mergeDirectory(dir)
