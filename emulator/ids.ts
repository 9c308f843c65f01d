// Deterministic randomness and AWS-shaped identifiers.
// The sample data must be identical on every run (tests and docs quote its counts), so nothing here
// uses Math.random: ids derive from a seeded PRNG or from a hash of what they identify.
import { createHash } from 'node:crypto'

/** mulberry32: tiny, fast and good enough to spread sample events; not for secrets. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)]
  if (item === undefined) throw new Error('pick: empty list')
  return item
}

/** A stable hex digest of the parts, so the same input always names the same thing. */
export function digest(...parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex')
}

/**
 * A flat copy of a string built by concatenation. V8 keeps `a + b`, templates and join() results as rope
 * (cons) strings of many small objects; the heavy data set holds 100,000 ids, so they are flattened.
 */
export function flat(value: string): string {
  return Buffer.from(value, 'latin1').toString('latin1')
}

/** Formats 32 hex digits as a UUID, the shape of CloudTrail event and request ids. */
export function uuidFromHex(hex: string): string {
  const h = hex.padEnd(32, '0')
  return flat(`${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`)
}

export function uuidFrom(random: () => number): string {
  const words = [0, 1, 2, 3].map(() =>
    Math.floor(random() * 0x100000000)
      .toString(16)
      .padStart(8, '0')
  )
  return uuidFromHex(words.join(''))
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** An IAM unique id or key id (`AKIA…`, `AIDA…`, `AROA…`): prefix plus upper-case base32 from the hex. */
export function awsId(prefix: string, hex: string, length = 16): string {
  let out = ''
  for (let i = 0; i < length; i++) {
    const nibblePair = parseInt(hex.slice((i * 2) % 62, ((i * 2) % 62) + 2), 16)
    out += BASE32[nibblePair % 32] ?? 'A'
  }
  return prefix + out
}

/** A documentation-range IPv4 address (RFC 5737), so sample data never names a real host. */
export function sampleIp(hex: string): string {
  const nets = ['192.0.2', '198.51.100', '203.0.113']
  const net = nets[parseInt(hex.slice(0, 2), 16) % nets.length] ?? '192.0.2'
  return `${net}.${(parseInt(hex.slice(2, 4), 16) % 250) + 1}`
}
