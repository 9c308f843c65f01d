// The emulator's S3: a local directory holding `<bucket>/<key>`; and the log files a table sees under its
// LOCATION, each with its partition values read from its path and its (compressed) size.
import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { locationOf, partitionValuesOf, type TableSpec, type TableView } from './tables.js'

export interface TableFile {
  /** Absolute local path. */
  path: string
  /** Size on disk in bytes: the gzipped size, which is what Athena bills for. */
  size: number
  values: Record<string, string>
}

/** The local path of an `s3://bucket/key` URI under the emulator's S3 root. */
export function localPath(root: string, uri: string): string {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri)
  if (match === null) throw new Error(`not an s3:// URI: ${uri}`)
  const resolved = path.resolve(root, match[1] ?? '', match[2] ?? '')
  if (!resolved.startsWith(path.resolve(root) + path.sep)) throw new Error(`s3 URI escapes the root: ${uri}`)
  return resolved
}

async function walk(dir: string, out: string[]): Promise<void> {
  let entries
  try {
    entries = await readdir(dir, { withFileTypes: true })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) await walk(full, out)
    else if (entry.isFile()) out.push(full)
  }
}

/** What one query (or Glue call) sees: the table's view, and which files had been delivered when it started. */
export interface FileView extends TableView {
  /** False for a file delivered after the query started (or still being written); none: every file. */
  readonly delivered?: (path: string) => boolean
}

/** Every log file the table sees, sorted by path. */
export async function tableFiles(root: string, table: TableSpec, view: FileView = {}): Promise<TableFile[]> {
  const base = localPath(root, locationOf(table))
  const paths: string[] = []
  await walk(base, paths)
  paths.sort()
  const files: TableFile[] = []
  for (const file of paths) {
    if (view.delivered !== undefined && !view.delivered(file)) continue
    const relative = path.relative(base, file).split(path.sep).join('/')
    const values = partitionValuesOf(table, relative, view)
    if (values === undefined) continue
    files.push({ path: file, size: (await stat(file)).size, values })
  }
  return files
}
