import { readFileSync } from 'node:fs'
import { loadCatalog } from '../src/query/catalog/catalog.js'
import { checkPatterns } from '../src/query/catalog/check.js'
import { parsePattern } from '../src/core/patterns.js'
const rows = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as [string, string, string, string | null][]
const catalog = await loadCatalog()
const seen = new Set<string>()
for (const [repo, file, name, source] of rows) {
  for (const text of source ? [name, `${source}:${name}`] : [name]) {
    if (seen.has(text)) continue
    seen.add(text)
    const p = parsePattern(text)
    if (!p) { console.log(`BADPATTERN ${text} ${repo}/${file}`); continue }
    const f = checkPatterns([p], catalog, { all: false, names: new Set() })
    for (const e of f.errors) console.log(`ERROR ${repo} ${file} :: ${e}`)
    for (const w of f.warnings) console.log(`WARN ${repo} ${file} :: ${w.slice(0, 200)}`)
  }
}
