import { afterEach, describe, expect, it } from '@jest/globals'
import * as core from '@actions/core'
import { fromAlias } from '../src/query/aliases.js'
import { main } from '../src/cli/cli.js'
import { InputError } from '../src/core/errors.js'
import { readSettings } from '../src/action/settings.js'

// created-after / created-before: kebab-case aliases of the seed's created_after / created_before.

const NOW = new Date('2026-11-21T12:00:00Z')
const env = { AWS_REGION: 'eu-west-2' }
const primary = (value: string | undefined) => ({ name: 'created_after', value })
const alias = (value: string | undefined) => ({ name: 'created-after', value })

describe('fromAlias', () => {
  it('takes whichever is set, or the one value both share', () => {
    expect(fromAlias(primary('2026/11/01'), alias(''))).toBe('2026/11/01')
    expect(fromAlias(primary(''), alias('2026/11/02'))).toBe('2026/11/02')
    expect(fromAlias(primary(undefined), alias('2026/11/02'))).toBe('2026/11/02')
    expect(fromAlias(primary(' 2026/11/03'), alias('2026/11/03 '))).toBe(' 2026/11/03')
    expect(fromAlias(primary(''), alias(''))).toBe('')
    expect(fromAlias(primary(undefined), alias(undefined))).toBeUndefined()
  })

  it('refuses two different values, naming both inputs', () => {
    const attempt = (): unknown => fromAlias(primary('2026/11/01'), alias('2026/11/02'))
    expect(attempt).toThrow(InputError)
    expect(attempt).toThrow(
      `Input 'created-after' has an invalid value "2026/11/02": expected the same value as created_after ` +
        `("2026/11/01"), or to be left out: created-after is another name for created_after.`
    )
  })
})

describe('the action reads the aliases (real INPUT_* variables, the real core.getInput)', () => {
  const set: string[] = []
  const input = (name: string, value: string): void => {
    const key = `INPUT_${name.toUpperCase()}`
    process.env[key] = value
    set.push(key)
  }
  const settings = () => readSettings(name => core.getInput(name), env, NOW)
  afterEach(() => {
    for (const key of set.splice(0)) delete process.env[key]
  })

  it('bounds the window by created-after and created-before', async () => {
    input('user', 'deploy-bot')
    input('created-after', '2026/11/01')
    input('created-before', '2026-11-10T08:00:00Z')
    const { window } = (await settings()).query
    expect(window.start.toISOString()).toBe('2026-11-01T00:00:00.000Z')
    expect(window.end.toISOString()).toBe('2026-11-10T08:00:00.000Z')
  })

  it('fails on created_before and created-before with different values, before any AWS call', async () => {
    input('user', 'deploy-bot')
    input('created_before', '2026/11/10')
    input('created-before', '2026/11/11')
    await expect(settings()).rejects.toThrow(/Input 'created-before' .*another name for created_before/)
  })

  it('names the spelling the workflow used in an error about its value', async () => {
    input('user', 'deploy-bot')
    input('created-after', '2d')
    input('created-before', '3d')
    await expect(settings()).rejects.toThrow(
      /^Input 'created-after' has an invalid value "\S+": expected a time before created-before \(/
    )
    input('created_after', '0d')
    input('created-after', '')
    await expect(settings()).rejects.toThrow(/^Input 'created_after' has an invalid value "0d"/)
  })
})

describe('the CLI reads --created-after and --created-before', () => {
  it('exits 2 on different values for a flag and its alias', async () => {
    const errors: string[] = []
    const io = { stdout: () => undefined, stderr: (text: string) => errors.push(text), env }
    const argv = ['--user', 'bob', '--created_after', '2026/11/01', '--created-after', '2026/11/02']
    expect(await main(argv, io)).toBe(2)
    expect(errors.join('')).toMatch(/Input '--created-after' has an invalid value "2026\/11\/02"/)
  })
})
