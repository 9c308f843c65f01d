// NextToken: opaque to clients, but it carries the cursor and a hash of the parameters it was issued for,
// signed with a per-emulator secret. Reusing a token with other parameters, or a garbled token, is then
// detectable, as CloudTrail answers InvalidNextTokenException in both cases.
import { createHash, createHmac, randomBytes } from 'node:crypto'
import type { Cursor } from './store.js'

/** The request parameters a token is bound to, exactly as the client sent them. */
export interface TokenBinding {
  region: string
  attribute: { key: string; value: string } | undefined
  startTime: number | undefined
  endTime: number | undefined
  maxResults: number | undefined
  eventCategory: string | undefined
}

function bindingHash(binding: TokenBinding): string {
  const canonical = JSON.stringify([
    binding.region,
    binding.attribute?.key ?? null,
    binding.attribute?.value ?? null,
    binding.startTime ?? null,
    binding.endTime ?? null,
    binding.maxResults ?? null,
    binding.eventCategory ?? null
  ])
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16)
}

export class TokenCodec {
  private readonly secret = randomBytes(32)

  encode(cursor: Cursor, binding: TokenBinding): string {
    const payload = Buffer.from(
      JSON.stringify({ b: bindingHash(binding), m: cursor.ms, i: cursor.id })
    ).toString('base64url')
    return `${payload}.${this.sign(payload)}`
  }

  /** The cursor, or undefined when the token is garbled, foreign, or bound to other parameters. */
  decode(token: string, binding: TokenBinding): Cursor | undefined {
    const [payload, signature, extra] = token.split('.')
    if (payload === undefined || signature === undefined || extra !== undefined) return undefined
    if (signature !== this.sign(payload)) return undefined
    const parsed: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
    if (typeof parsed !== 'object' || parsed === null) return undefined
    const { b, m, i } = parsed as Record<string, unknown>
    if (b !== bindingHash(binding) || typeof m !== 'number' || typeof i !== 'string') return undefined
    return { ms: m, id: i }
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url').slice(0, 22)
  }
}
