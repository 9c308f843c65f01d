// Third-party notices for a bundle. ncc writes one notices file per webpack chunk (its license plugin names them
// after the chunk: `--license '[name].licenses.txt'`); with one file name for every chunk, the last chunk written
// would replace the others' notices. mergeNotices joins them into one list, sorted by package, without repeats.

/** One package's notice as the license plugin renders it: the name line, then its license id and text. */
export interface Notice {
  readonly name: string
  readonly text: string
}

const PACKAGE_NAME = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/

/**
 * Splits one chunk's notices file into its packages. A package starts the file or follows a blank line, on a
 * line of its own that is a package name; `isPackage` confirms it (an installed package), so a license text's
 * own short paragraph is never taken for a new entry. Blank lines between entries are dropped.
 */
export function parseNotices(file: string, isPackage: (name: string) => boolean): Notice[] {
  const entries: { name: string; lines: string[] }[] = []
  let previous = ''
  for (const line of file.replace(/\r\n/g, '\n').split('\n')) {
    const starts = previous === '' && PACKAGE_NAME.test(line) && isPackage(line)
    if (starts) entries.push({ name: line, lines: [line] })
    else if (entries.length > 0) entries[entries.length - 1]?.lines.push(line)
    else if (line.trim() !== '') throw new Error(`a notices file that does not start with a package: ${line}`)
    previous = line
  }
  return entries.map(({ name, lines }) => ({ name, text: lines.join('\n').trimEnd() }))
}

/** Every chunk's notices in one file: sorted by package name, each distinct notice once. */
export function mergeNotices(files: readonly string[], isPackage: (name: string) => boolean): string {
  const byText = new Map<string, Notice>()
  for (const file of files)
    for (const notice of parseNotices(file, isPackage)) byText.set(notice.text, notice)
  const sorted = [...byText.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  return sorted.map(notice => notice.text).join('\n\n') + '\n'
}

const PACKAGE_PATH = /node_modules\/((?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*)/g

/**
 * Packages a chunk's code names by path (ESM modules keep `node_modules/<package>/…` in their module keys). The
 * license plugin misses some of these (packages whose `exports` hide their package.json, such as @octokit/*), so
 * the bundle step adds their notices itself: a bundle must credit every package it carries.
 */
export function packagesNamedIn(chunk: string): string[] {
  return [...new Set([...chunk.matchAll(PACKAGE_PATH)].map(match => match[1] ?? ''))].sort()
}

/** A notice in the license plugin's shape (name, license id, text) from a package's manifest and license file. */
export function noticeFor(name: string, license: string, text: string): string {
  return `${name}\n${license}\n${text.replace(/\r\n/g, '\n').trimEnd()}`
}
