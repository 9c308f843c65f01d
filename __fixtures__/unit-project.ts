// Set up for the unit project (jest.config.js): a unit test that starts a process, opens a socket or listens
// fails at once, saying where such a test belongs, instead of passing slowly (or flakily) among pure tests.
// Restored after each file: when one jest run holds several projects, its workers run their files in turn.
import { afterAll } from '@jest/globals'
import { createRequire } from 'node:module'

// Node's own module objects, patched before any test file imports them (an ES import here would make jest
// snapshot their exports unpatched).
const require = createRequire(import.meta.url)
const childProcess = require('node:child_process') as Record<string, unknown>
const net = require('node:net') as typeof import('node:net')

const refuse = (what: string) => (): never => {
  throw new Error(`${what} in a unit test: move the test to __tests__/integration/ (see jest.config.js)`)
}

const patched: Array<[Record<string, unknown>, string, unknown]> = []
function patch(target: Record<string, unknown>, name: string, what: string): void {
  patched.push([target, name, target[name]])
  target[name] = refuse(what)
}

for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
  patch(childProcess, name, `child_process.${name}`)
}
patch(net.Socket.prototype as unknown as Record<string, unknown>, 'connect', 'A socket connection')
patch(net.Server.prototype as unknown as Record<string, unknown>, 'listen', 'A listening server')

afterAll(() => {
  for (const [target, name, original] of patched.reverse()) target[name] = original
})
