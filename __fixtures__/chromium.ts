// One headless Chromium for a whole test file, driven over the DevTools protocol on a pipe (no port, no
// socket): launching a browser per page cost seconds each on a loaded machine. Only what the summary
// screenshots need: open a tab, load a page, evaluate, set the viewport, take a PNG.

import { spawn, type ChildProcess } from 'node:child_process'
import type { Readable, Writable } from 'node:stream'

interface Pending {
  readonly resolve: (result: unknown) => void
  readonly reject: (error: Error) => void
}

interface Message {
  readonly id?: number
  readonly method?: string
  readonly sessionId?: string
  readonly result?: unknown
  readonly error?: { readonly message: string }
}

export interface Tab {
  readonly targetId: string
  readonly sessionId: string
}

/** How long one protocol call may take before the browser counts as stuck. */
const CALL_MS = 60_000

export class Chromium {
  private nextId = 1
  private readonly pending = new Map<number, Pending>()
  private readonly waiters: Array<{ method: string; sessionId: string; resolve: () => void }> = []
  private received = ''
  private stderr = ''
  private exited: Error | undefined

  private constructor(
    private readonly child: ChildProcess,
    private readonly input: Writable,
    output: Readable
  ) {
    output.setEncoding('utf8')
    output.on('data', (chunk: string) => this.receive(chunk))
    child.stderr?.setEncoding('utf8')
    child.stderr?.on('data', (chunk: string) => (this.stderr = (this.stderr + chunk).slice(-4000)))
    child.on('exit', code => this.fail(new Error(`Chromium exited (${code}): ${this.stderr}`)))
    child.on('error', error => this.fail(error))
  }

  /** Starts `binary` headless with `args`; the protocol runs on its file descriptors 3 (in) and 4 (out). */
  static launch(binary: string, args: readonly string[], env: NodeJS.ProcessEnv): Chromium {
    const child = spawn(
      binary,
      ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--remote-debugging-pipe', ...args],
      { env, stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] }
    )
    const [, , , input, output] = child.stdio
    return new Chromium(child, input as Writable, output as Readable)
  }

  /** One protocol call; `sessionId` addresses a tab opened with {@link openTab}. */
  send<T>(method: string, params: object = {}, sessionId?: string): Promise<T> {
    if (this.exited) return Promise.reject(this.exited)
    const id = this.nextId++
    const message = { id, method, params, ...(sessionId !== undefined && { sessionId }) }
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id)
        reject(new Error(`Chromium did not answer ${method} within ${CALL_MS} ms`))
      }, CALL_MS)
      this.pending.set(id, {
        resolve: result => (clearTimeout(timer), resolve(result as T)),
        reject: error => (clearTimeout(timer), reject(error))
      })
      this.input.write(`${JSON.stringify(message)}\0`)
    })
  }

  /** Resolves at the next `method` event of the tab (register before the call that causes it). */
  event(method: string, sessionId: string): Promise<void> {
    return new Promise(resolve => this.waiters.push({ method, sessionId, resolve }))
  }

  /** A new tab, attached: calls with its `sessionId` go to it. */
  async openTab(): Promise<Tab> {
    const { targetId } = await this.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' })
    const { sessionId } = await this.send<{ sessionId: string }>('Target.attachToTarget', {
      targetId,
      flatten: true
    })
    await this.send('Page.enable', {}, sessionId)
    return { targetId, sessionId }
  }

  async closeTab(tab: Tab): Promise<void> {
    await this.send('Target.closeTarget', { targetId: tab.targetId })
  }

  /** The value of `expression` in the tab, awaited when it is a promise. */
  async evaluate<T>(sessionId: string, expression: string): Promise<T> {
    const { result, exceptionDetails } = await this.send<{
      result: { value?: unknown }
      exceptionDetails?: { text: string; exception?: { description?: string } }
    }>('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, sessionId)
    if (exceptionDetails) {
      throw new Error(`${expression}: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`)
    }
    return result.value as T
  }

  async close(): Promise<void> {
    if (this.exited) return
    const gone = new Promise(resolve => this.child.once('exit', resolve))
    await this.send('Browser.close').catch(() => this.child.kill())
    await gone
  }

  private receive(chunk: string): void {
    this.received += chunk
    let end: number
    while ((end = this.received.indexOf('\0')) >= 0) {
      const message = JSON.parse(this.received.slice(0, end)) as Message
      this.received = this.received.slice(end + 1)
      if (message.id !== undefined) {
        const pending = this.pending.get(message.id)
        this.pending.delete(message.id)
        if (message.error) pending?.reject(new Error(message.error.message))
        else pending?.resolve(message.result)
      } else if (message.method !== undefined) {
        const i = this.waiters.findIndex(
          w => w.method === message.method && w.sessionId === message.sessionId
        )
        if (i >= 0) this.waiters.splice(i, 1)[0]?.resolve()
      }
    }
  }

  private fail(error: Error): void {
    this.exited ??= error
    for (const pending of this.pending.values()) pending.reject(error)
    this.pending.clear()
  }
}
