// Matched events are the one thing a scan keeps, and a discovery keeps every event: 100,000 of them. Each came out
// of its own JSON answer, so each held its own copy of the user's name and ARN, the event name, its service, its
// IP address; its time was a slice of a longer string, joined to a 'Z'; its resource list had room for 17. About
// 900 bytes an event; kept once each and in one piece, about 300.

/** Longest string kept once for all events; longer ones (never real) stay as they are. */
const MAX_SHARED_LENGTH = 2_048
/** Most distinct strings kept once; past it (a hostile answer of ever-new names) new ones stay as they are. */
const MAX_SHARED = 8_192

const NO_RESOURCES: readonly string[] = Object.freeze([])

/**
 * `text` in one piece. V8 keeps the result of slicing and joining strings as references to their parts (EventTime's
 * 20 characters kept the 24 of toISOString() and a 'Z' alive); normalize() returns such a string flattened. A
 * string that normalising would change (a server's decomposed accents) is returned as it is: never altered.
 */
export function flat(text: string): string {
  const copy = text.normalize()
  return copy === text ? copy : text
}

/** Keeps the strings that repeat across matched events once, and each event's parts small. */
export class Compactor {
  private readonly shared = new Map<string, string>()

  /** The one kept copy of `text`, in one piece. */
  intern(text: string): string {
    const known = this.shared.get(text)
    if (known !== undefined) return known
    if (text.length > MAX_SHARED_LENGTH || this.shared.size >= MAX_SHARED) return text
    const copy = flat(text)
    this.shared.set(copy, copy)
    return copy
  }

  internOrNull(text: string | null): string | null {
    return text === null ? null : this.intern(text)
  }

  /** A list of exactly its length (one shared empty list): lists built by push keep room for more. */
  list(values: readonly string[]): readonly string[] {
    return values.length === 0 ? NO_RESOURCES : values.slice()
  }
}
