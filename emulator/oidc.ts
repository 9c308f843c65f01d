// The GitHub runner's OIDC token endpoint, as @actions/core getIDToken() calls it:
//   GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=<aud>   (the URL already holds ?api-version=2.0)
//   Authorization: Bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN
// and expects 200 `{"value": "<jwt>"}`. Tokens look like GitHub's (RS256 header, GitHub claims) but the
// signature is random bytes: only this emulator's STS accepts them, by remembering what it issued.
import { randomBytes, randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { sendJson } from './http.js'

export const OIDC_PATH = '/oidc/token'
export const OIDC_ISSUER = 'https://token.actions.githubusercontent.com'
export const OIDC_SUBJECT = 'repo:octo-org/octo-repo:ref:refs/heads/main'
// GitHub's default audience when the caller names none: the URL of the repository owner.
const DEFAULT_AUDIENCE = 'https://github.com/octo-org'
// GitHub ID tokens are valid for five minutes, with nbf ten minutes before issue to absorb clock skew.
const TOKEN_LIFETIME_S = 300

export interface IssuedIdToken {
  aud: string
  sub: string
  iss: string
  exp: number
}

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

export class OidcIssuer {
  private readonly issued = new Map<string, IssuedIdToken>()
  tokens = 0
  lastAudience: string | undefined

  constructor(
    private readonly requestToken: string,
    private readonly now: () => number
  ) {}

  handle(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (req.method !== 'GET') return sendJson(res, 405, { message: 'Method not allowed' })
    if (req.headers.authorization !== `Bearer ${this.requestToken}`) {
      return sendJson(res, 401, {
        message: 'Bad credentials: missing or wrong ACTIONS_ID_TOKEN_REQUEST_TOKEN'
      })
    }
    const audience = url.searchParams.get('audience') ?? DEFAULT_AUDIENCE
    this.tokens += 1
    this.lastAudience = audience
    sendJson(res, 200, { value: this.issue(audience) })
  }

  /** The claims of a token this endpoint issued, or undefined for any other string. */
  lookup(token: string): IssuedIdToken | undefined {
    return this.issued.get(token)
  }

  private issue(audience: string): string {
    const iat = Math.floor(this.now() / 1000)
    const claims = {
      jti: randomUUID(),
      sub: OIDC_SUBJECT,
      aud: audience,
      ref: 'refs/heads/main',
      sha: 'd6e4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6',
      repository: 'octo-org/octo-repo',
      repository_owner: 'octo-org',
      run_id: '5123456789',
      run_number: '42',
      run_attempt: '1',
      actor: 'octocat',
      workflow: 'ci',
      event_name: 'push',
      ref_type: 'branch',
      job_workflow_ref: 'octo-org/octo-repo/.github/workflows/ci.yml@refs/heads/main',
      iss: OIDC_ISSUER,
      nbf: iat - 600,
      exp: iat + TOKEN_LIFETIME_S,
      iat
    }
    const header = { typ: 'JWT', alg: 'RS256', kid: 'emulator-key-1' }
    const jwt = `${base64url(header)}.${base64url(claims)}.${randomBytes(256).toString('base64url')}`
    this.issued.set(jwt, { aud: audience, sub: claims.sub, iss: claims.iss, exp: claims.exp })
    return jwt
  }
}
