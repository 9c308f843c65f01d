import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

// The layout of docs/development.md, held: each folder of src/ imports only from its own folder and the folders
// below it (type-only imports included), no module reaches itself through its imports, and no hand-written file
// grows past 300 lines.

const SRC = fileURLToPath(new URL('../src', import.meta.url))
/** Lowest first. `types.ts` is the library's type facade over core/, run/ and sources/. */
const LAYERS = ['core', 'query', 'aws', 'sources', 'run', 'types.ts', 'report', 'action', 'cli', 'library.ts']
/** Generated files (their headers say by what). */
const GENERATED = new Set(['query/catalog/event-names.ts', 'query/regions-data.ts'])

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sources(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

/** Every relative module a file imports or re-exports, statically or with `import()`, as src/ paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const found: string[] = []
  for (const match of text.matchAll(/(?:\bfrom|\bimport\(?)\s*'(\.{1,2}\/[^']+)'/g)) {
    const spec = match[1] ?? ''
    found.push(relative(SRC, resolve(dirname(file), spec.replace(/\.js$/, '.ts'))))
  }
  return found
}

const files = sources(SRC).map(file => relative(SRC, file))
const graph = new Map(files.map(file => [file, importsOf(join(SRC, file))]))
const layerOf = (file: string): number => LAYERS.indexOf(file.split('/')[0] ?? '')

describe('the layout of src/', () => {
  it('puts every file in a known layer and every import on a file that exists', () => {
    expect(files.filter(file => layerOf(file) < 0)).toEqual([])
    const missing = [...graph].flatMap(([file, deps]) =>
      deps.filter(dep => !graph.has(dep)).map(d => `${file} -> ${d}`)
    )
    expect(missing).toEqual([])
  })

  it('has no import from a layer above the importer', () => {
    const upward = [...graph].flatMap(([file, deps]) =>
      deps.filter(dep => layerOf(dep) > layerOf(file)).map(dep => `${file} -> ${dep}`)
    )
    expect(upward).toEqual([])
  })

  it('has no import circle', () => {
    const state = new Map<string, 'open' | 'done'>()
    const circles: string[] = []
    const visit = (file: string, path: string[]): void => {
      state.set(file, 'open')
      for (const dep of graph.get(file) ?? []) {
        if (state.get(dep) === 'open') circles.push([...path.slice(path.indexOf(dep)), dep].join(' > '))
        else if (!state.has(dep)) visit(dep, [...path, dep])
      }
      state.set(file, 'done')
    }
    for (const file of files) if (!state.has(file)) visit(file, [file])
    expect(circles).toEqual([])
  })

  it('keeps hand-written files at 300 lines or fewer', () => {
    const long = files
      .filter(file => !GENERATED.has(file))
      .map(file => ({ file, lines: readFileSync(join(SRC, file), 'utf8').split('\n').length - 1 }))
      .filter(({ lines }) => lines > 300)
    expect(long).toEqual([])
  })

  it('would see a circle and an upward import (the checks are live)', () => {
    expect(importsOf(join(SRC, 'sources/athena/runner.ts'))).toContain('sources/athena/results.ts')
    expect(layerOf('report/summary.ts')).toBeGreaterThan(layerOf('run/run.ts'))
    expect(layerOf('core/judge.ts')).toBeLessThan(layerOf('aws/clients.ts'))
  })
})
