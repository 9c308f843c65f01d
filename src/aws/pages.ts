import { createHash } from 'node:crypto'
import { SourceFailure } from '../core/errors.js'

// The one NextToken loop. A service that repeats a token would be followed forever; one that sends megabyte
// tokens must not grow the runner's memory. So each token is remembered by its SHA-256 fingerprint only, held
// to the API's documented length where it has one, and a repeat ends the read as incomplete.

/** Remembers the page tokens of one paginated read by fingerprint. */
export class TokenGuard {
  private readonly seen = new Set<string>()

  /** `maxLength`: the API's documented bound on a token (Athena: 1,024), if it has one. */
  constructor(
    private readonly what: string,
    private readonly maxLength = Number.POSITIVE_INFINITY
  ) {}

  /** Throws when `token` is longer than the API allows or was seen before in this read. */
  check(token: string | undefined): void {
    if (token === undefined) return
    if (token.length > this.maxLength) {
      throw new SourceFailure(
        'bad-response',
        `${this.what} sent a page token of ${token.length} characters, longer than the ${this.maxLength} it allows`
      )
    }
    const print = createHash('sha256').update(token).digest('base64')
    if (this.seen.has(print)) throw new SourceFailure('repeated-token', `${this.what} repeated a page token`)
    this.seen.add(print)
  }

  /** Characters held, whatever the tokens' size (44 a token). */
  get held(): number {
    return this.seen.size * 44
  }
}

/**
 * Every page of a paginated read, in order: `fetch(undefined)` first, then each page's token until one has
 * none. `tokenOf` reads a validated page's token (validation is the source's: a page must be a page).
 */
export async function* paginate<P>(
  fetch: (token: string | undefined) => Promise<P>,
  tokenOf: (page: P) => string | undefined,
  guard: TokenGuard
): AsyncGenerator<P> {
  let token: string | undefined
  do {
    const page = await fetch(token)
    token = tokenOf(page)
    // The page is judged first: a forbidden event on a page whose token is bad is still found.
    yield page
    guard.check(token)
  } while (token !== undefined)
}
