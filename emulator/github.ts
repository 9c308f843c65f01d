// A local fake of the few GitHub REST endpoints the PR comment uses, over real HTTP on loopback:
//   GET   /repos/{owner}/{repo}/issues/{number}/comments   (per_page, page, and a Link header, as GitHub pages)
//   POST  /repos/{owner}/{repo}/issues/{number}/comments
//   PATCH /repos/{owner}/{repo}/issues/comments/{id}
//   GET   /user                                           (403 for app tokens, as GitHub answers them)
// Where it knowingly differs from GitHub: no rate limits, no ETags, bodies are not rendered, only the fields
// the action reads are returned, and a comment's author is whoever the token says (see `tokens`).

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readBody } from './http.js'

export interface GitHubUser {
  readonly login: string
  readonly type: 'User' | 'Bot'
}

export interface FakeComment {
  readonly id: number
  body: string
  readonly user: GitHubUser
  readonly issue: string
  readonly created_at: string
  updated_at: string
}

export interface GitHubFakeOptions {
  /** Token → author. Default: `ghs_bot` is github-actions[bot]. Any other token is refused with 401. */
  readonly tokens?: Readonly<Record<string, GitHubUser>>
  /** Answer every request to the comments endpoints with this status (403 forbidden, 404 not found…). */
  readonly failWith?: number
}

export interface GitHubFake {
  readonly url: string
  /** Every comment, in creation order. */
  readonly comments: FakeComment[]
  /** Every request, as `METHOD path?query`. */
  readonly requests: string[]
  /** Adds a comment as if `user` had written it (another person, an earlier run, an impostor). */
  seed(issue: string, body: string, user: GitHubUser): FakeComment
  setFailure(status: number | undefined): void
  close(): Promise<void>
}

export const BOT: GitHubUser = { login: 'github-actions[bot]', type: 'Bot' }
const MAX_PER_PAGE = 100

function json(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {}
): void {
  const body = JSON.stringify(value)
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    ...headers
  })
  res.end(body)
}

function view(comment: FakeComment, base: string): Record<string, unknown> {
  const { issue, ...fields } = comment
  return { ...fields, html_url: `${base}/${issue.replace('#', '/pull/')}#issuecomment-${comment.id}` }
}

export async function startGitHubFake(options: GitHubFakeOptions = {}): Promise<GitHubFake> {
  const tokens = options.tokens ?? { ghs_bot: BOT }
  const comments: FakeComment[] = []
  const requests: string[] = []
  let failWith = options.failWith
  let nextId = 1000
  const now = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
  const add = (issue: string, body: string, user: GitHubUser): FakeComment => {
    const comment = { id: nextId++, body, user, issue, created_at: now(), updated_at: now() }
    comments.push(comment)
    return comment
  }

  async function handle(req: IncomingMessage, res: ServerResponse, base: string): Promise<void> {
    const url = new URL(req.url ?? '/', base)
    requests.push(`${req.method} ${url.pathname}${url.search}`)
    const token = /^(?:token|Bearer) (.+)$/i.exec(req.headers.authorization ?? '')?.[1]
    const user = token === undefined ? undefined : tokens[token]
    if (user === undefined) return json(res, 401, { message: 'Bad credentials' })
    if (req.method === 'GET' && url.pathname === '/user') {
      if (user.type === 'Bot') return json(res, 403, { message: 'Resource not accessible by integration' })
      return json(res, 200, { login: user.login, type: user.type })
    }
    if (failWith !== undefined) return json(res, failWith, { message: `fake failure ${failWith}` })
    const list = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname)
    if (list) {
      const issue = `${list[1]}/${list[2]}#${list[3]}`
      if (req.method === 'GET') return listComments(res, url, issue)
      if (req.method === 'POST') {
        const { body } = JSON.parse(await readBody(req)) as { body?: unknown }
        if (typeof body !== 'string') return json(res, 422, { message: 'body is missing' })
        return json(res, 201, view(add(issue, body, user), base))
      }
    }
    const one = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname)
    if (one && req.method === 'PATCH') {
      const comment = comments.find(
        c => c.id === Number(one[3]) && c.issue.startsWith(`${one[1]}/${one[2]}#`)
      )
      if (comment === undefined) return json(res, 404, { message: 'Not Found' })
      // GitHub lets an app token with pull-requests: write edit any comment; the fake keeps to the author.
      if (comment.user.login !== user.login) return json(res, 403, { message: 'Must have admin rights' })
      const { body } = JSON.parse(await readBody(req)) as { body?: unknown }
      if (typeof body !== 'string') return json(res, 422, { message: 'body is missing' })
      comment.body = body
      comment.updated_at = now()
      return json(res, 200, view(comment, base))
    }
    json(res, 404, { message: 'Not Found' })
  }

  function listComments(res: ServerResponse, url: URL, issue: string): void {
    const perPage = Math.min(MAX_PER_PAGE, Math.max(1, Number(url.searchParams.get('per_page') ?? 30) || 30))
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1)
    const all = comments.filter(c => c.issue === issue)
    const slice = all.slice((page - 1) * perPage, page * perPage)
    const headers: Record<string, string> = {}
    if (page * perPage < all.length) {
      const next = new URL(url)
      next.searchParams.set('page', String(page + 1))
      next.searchParams.set('per_page', String(perPage))
      headers['Link'] = `<${next.toString()}>; rel="next"`
    }
    json(
      res,
      200,
      slice.map(c => view(c, url.origin)),
      headers
    )
  }

  const server: Server = createServer((req, res) => {
    handle(req, res, base).catch(() => json(res, 400, { message: 'Problems parsing JSON' }))
  })
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port))
  })
  const base = `http://127.0.0.1:${port}`
  return {
    url: base,
    comments,
    requests,
    seed: add,
    setFailure: status => {
      failWith = status
    },
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
