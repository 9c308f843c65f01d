import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { INPUTS, OUTPUTS, TOOL_VERSION } from '../src/core/constants.js'

// action.yml as the runner and the Marketplace read it: every input the code reads is declared (an undeclared
// input draws a runner warning and is never passed), every output is declared, and the listing's limits hold.

const lines = readFileSync('action.yml', 'utf8').split('\n')

/** The keys directly under a top-level section (`inputs:`, `outputs:`), two spaces in. */
function keys(section: string): string[] {
  const start = lines.indexOf(`${section}:`)
  expect(start).toBeGreaterThanOrEqual(0)
  const found: string[] = []
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break
    const match = /^ {2}([\w-]+):/.exec(line)
    if (match?.[1]) found.push(match[1])
  }
  return found
}

/** A top-level scalar, plain or folded (`>-`) over indented lines. */
function topLevel(name: string): string {
  const index = lines.findIndex(line => line.startsWith(`${name}:`))
  const first = (lines[index] ?? '').slice(name.length + 1).trim()
  if (first !== '>-') return first
  const folded: string[] = []
  for (const line of lines.slice(index + 1)) {
    if (!/^\s+\S/.test(line)) break
    folded.push(line.trim())
  }
  return folded.join(' ')
}

describe('action.yml', () => {
  it('declares exactly the inputs the action reads', () => {
    expect(keys('inputs').sort()).toEqual(Object.values(INPUTS).sort())
  })

  it('declares exactly the outputs the action sets', () => {
    expect(keys('outputs').sort()).toEqual(Object.values(OUTPUTS).sort())
  })

  it('has a Marketplace description under 125 characters and a named author', () => {
    const description = topLevel('description')
    expect(description.length).toBeGreaterThan(20)
    expect(description.length).toBeLessThan(125)
    expect(topLevel('author')).not.toMatch(/^(cloudtrail-gate|your-name|)$/i)
  })

  it('runs the committed bundle on the Node GitHub runs', () => {
    expect(lines).toContain('  using: node24')
    expect(lines).toContain('  main: dist/index.js')
  })
})

describe('the version', () => {
  it('is the same in package.json and in what the action and the CLI report', () => {
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }
    expect(TOOL_VERSION).toBe(manifest.version)
  })
})
