import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as actions from '@actions/core'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as runner from '../src/action/runner.js'

// runner.ts against @actions/core itself: the same calls, with the same variables and files, must leave the
// same stdout, files and exit code (the output delimiters are random in both, so they are compared as one word).

const saved = { ...process.env }
const savedExitCode = process.exitCode
let dir = ''
let out: string[] = []

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'runner-test-'))
  out = []
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk))
    return true
  })
})

afterEach(async () => {
  jest.restoreAllMocks()
  process.env = { ...saved }
  process.exitCode = savedExitCode
  await rm(dir, { recursive: true, force: true })
})

const DELIMITER = /ghadelimiter_[0-9a-f-]{36}/g

/** What `act` leaves behind: stdout, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY, and the exit code. */
async function effects(name: string, act: () => unknown): Promise<Record<string, unknown>> {
  const output = join(dir, `${name}-output`)
  const summary = join(dir, `${name}-summary`)
  await writeFile(output, '')
  await writeFile(summary, '')
  process.env['GITHUB_OUTPUT'] = output
  process.env['GITHUB_STEP_SUMMARY'] = summary
  process.exitCode = undefined
  out = []
  let thrown: unknown
  try {
    await act()
  } catch (error) {
    thrown = String((error as { message?: unknown }).message).replace(DELIMITER, 'D')
  }
  return {
    stdout: out.join(''),
    output: (await readFile(output, 'utf8')).replace(DELIMITER, 'D'),
    summary: await readFile(summary, 'utf8'),
    exitCode: process.exitCode,
    thrown
  }
}

const hostile = 'a%b\r\nc::d,e:f ::error::x 🛑'

describe('runner.ts writes what @actions/core writes', () => {
  const cases: Array<[string, (api: typeof runner) => unknown]> = [
    ['info', api => api.info(hostile)],
    ['warning', api => api.warning(hostile)],
    ['warning with a title', api => api.warning(hostile, { title: hostile })],
    ['warning with an empty title', api => api.warning('m', { title: '' })],
    ['error with a title', api => api.error(hostile, { title: 'Forbidden: x, y' })],
    ['setFailed', api => api.setFailed(hostile)],
    ['setSecret', api => api.setSecret(hostile)],
    ['groups', api => api.group(hostile, async () => api.info('inside'))],
    ['startGroup and endGroup', api => (api.startGroup('g'), api.endGroup())],
    ['setOutput', api => (api.setOutput('events', `[${hostile}]\nline`), api.setOutput('count', ''))]
  ]

  it.each(cases)('%s', async (name, call) => {
    const ours = await effects(`${name}-ours`, () => call(runner))
    const theirs = await effects(`${name}-theirs`, () => call(actions as unknown as typeof runner))
    expect(ours).toEqual(theirs)
  })

  it('appendSummary is summary.addRaw(text, true).write()', async () => {
    const html = `<p>${hostile}</p>`
    const ours = await effects('summary-ours', () => runner.appendSummary(html))
    const theirs = await effects('summary-theirs', () => actions.summary.addRaw(html, true).write())
    expect(ours).toEqual(theirs)
    expect(ours['summary']).toContain(html)
  })

  it('refuses as @actions/core does: no summary variable, a missing summary or output file', async () => {
    const missing = async (api: 'ours' | 'theirs'): Promise<unknown[]> => {
      const results: unknown[] = []
      const attempt = async (act: () => unknown): Promise<void> => {
        try {
          await act()
          results.push('no error')
        } catch (error) {
          results.push((error as { message?: unknown }).message)
        }
      }
      // A new Summary each time: @actions/core's own keeps the first path it found for the whole process.
      const Summary = Object.getPrototypeOf(actions.summary).constructor as new () => typeof actions.summary
      const write = (html: string): Promise<unknown> =>
        api === 'ours' ? runner.appendSummary(html) : new Summary().addRaw(html, true).write()
      delete process.env['GITHUB_STEP_SUMMARY']
      await attempt(() => write('x'))
      process.env['GITHUB_STEP_SUMMARY'] = join(dir, 'absent', 'summary')
      await attempt(() => write('x'))
      process.env['GITHUB_OUTPUT'] = join(dir, 'absent', 'output')
      await attempt(() => (api === 'ours' ? runner : actions).setOutput('found', 'true'))
      return results
    }
    const ours = await missing('ours')
    expect(ours).toEqual(await missing('theirs'))
    expect(ours.every(result => result !== 'no error')).toBe(true)
  })

  it('without GITHUB_OUTPUT, sets outputs with the old command, as @actions/core does', async () => {
    const run = async (api: typeof runner): Promise<string> => {
      delete process.env['GITHUB_OUTPUT']
      out = []
      api.setOutput('found', `a\n${hostile}`)
      return out.join('')
    }
    expect(await run(runner)).toBe(await run(actions as unknown as typeof runner))
  })

  it('reads inputs as getInput does: spaces to underscores, upper case, trimmed, empty when absent', () => {
    process.env['INPUT_FAIL-ON-FORBIDDEN'] = '  true \n'
    process.env['INPUT_A_B'] = 'x'
    for (const name of ['fail-on-forbidden', 'a b', 'absent']) {
      expect(runner.getInput(name)).toBe(actions.getInput(name))
    }
    expect(runner.getInput('fail-on-forbidden')).toBe('true')
  })
})
