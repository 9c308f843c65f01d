// One query on DuckDB. Each query gets its own in-memory database named `awsdatacatalog` (so `AwsDataCatalog.db.t`
// resolves), one schema per Glue database and, per CloudTrail table, a view whose columns are exactly the DDL's
// (see schema.ts) plus the partition columns read from each file's path. The table the query reads is viewed
// over the files its partition predicates keep (prune.ts); their compressed sizes are DataScannedInBytes. The
// result is stored as a table there (it can spill to disk) and paged by rowid, in the query's order.
import { mkdir, rm } from 'node:fs/promises'
import path from 'node:path'
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api'
import { fromDuckDb, userError } from './errors.js'
import { tableFiles, type FileView, type TableFile } from './files.js'
import { pruneTarget, withWhere } from './prune.js'
import { emptyProjection, projection, recordsColumnSpec } from './schema.js'
import { PARTITION_KEYS, type TableSpec } from './tables.js'
import { trinoType } from './render.js'

export interface Column {
  name: string
  type: string
}

const q = (name: string): string => `"${name.replace(/"/g, '""')}"`
const lit = (text: string): string => `'${text.replace(/'/g, "''")}'`

/** Runs DuckDB calls on one connection one at a time (the connection is not re-entrant). */
class Serial {
  private tail: Promise<unknown> = Promise.resolve()
  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.tail.then(task, task)
    this.tail = next.catch(() => undefined)
    return next
  }
}

export class QueryEngine {
  private readonly serial = new Serial()
  columns: Column[] = []
  rowCount = 0

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly dir: string
  ) {}

  /** A fresh in-memory database (it spills to `dir` past `memory_limit`), catalog named `awsdatacatalog`. */
  static async open(dir: string, threads = 1): Promise<QueryEngine> {
    await mkdir(dir, { recursive: true })
    const instance = await DuckDBInstance.create(':memory:', {
      threads: String(threads),
      memory_limit: '512MB',
      temp_directory: path.join(dir, 'tmp')
    })
    const connection = await instance.connect()
    await connection.run("ATTACH ':memory:' AS awsdatacatalog")
    await connection.run('USE awsdatacatalog')
    return new QueryEngine(instance, connection, dir)
  }

  interrupt(): void {
    this.connection.interrupt()
  }

  /** Runs the query to completion over the files `view` shows; returns their bytes. Throws QueryFailure. */
  run(
    sql: string,
    tables: readonly TableSpec[],
    root: string,
    database: string | undefined,
    view: FileView = {}
  ): Promise<number> {
    return this.serial.run(async () => {
      try {
        return await this.execute(sql, tables, root, database, view)
      } catch (error) {
        throw fromDuckDb(error)
      }
    })
  }

  private async execute(
    sql: string,
    tables: readonly TableSpec[],
    root: string,
    database: string | undefined,
    view: FileView
  ): Promise<number> {
    const serialized = await this.serialize(sql)
    // The query may read the trail's files and nothing else on this machine.
    await this.connection.run(`SET allowed_directories = [${lit(root + path.sep)}]`)
    await this.connection.run('SET enable_external_access = false')
    await this.connection.run('SET lock_configuration = true')
    await this.connection.run('CREATE SCHEMA __meta')
    for (const db of new Set(tables.map(t => t.database))) await this.connection.run(`CREATE SCHEMA ${q(db)}`)
    if (database !== undefined) {
      if (!tables.some(t => t.database === database.toLowerCase()))
        throw userError('SCHEMA_NOT_FOUND', `Schema '${database}' does not exist`)
      await this.connection.run(`USE awsdatacatalog.${q(database.toLowerCase())}`)
    }
    const keysOf = (schema: string, table: string): readonly string[] | undefined => {
      const spec = tables.find(t => t.database === schema && t.name === table)
      return spec === undefined ? undefined : PARTITION_KEYS[spec.flavour]
    }
    const target = pruneTarget(serialized, database?.toLowerCase(), keysOf)
    let scanned = 0
    // Only the tables the query names get a view (listing a year of files for every table would be wasted).
    const named = new Set(this.connection.getTableNames(sql, false).map(n => n.toLowerCase()))
    for (const [i, table] of tables.entries()) {
      if (!named.has(table.name)) continue
      const files = await this.filesTable(`files_${i}`, table, await tableFiles(root, table, view))
      const isTarget = target?.schema === table.database && target.table === table.name
      const kept =
        isTarget && target.predicate !== undefined
          ? await this.keptFiles(`files_${i}`, target.qualifier, target.predicate, files)
          : files
      // Without a recognisable single-table SELECT every table counts in full (never understated).
      if (isTarget || target === undefined) scanned += kept.reduce((sum, f) => sum + f.size, 0)
      await this.createView(table, `files_${i}`, kept)
    }
    await this.connection.run(`CREATE TABLE __meta.result AS\n${sql}\n`)
    const described = await this.connection.runAndReadAll('SELECT * FROM __meta.result LIMIT 0')
    const types = described.columnTypes()
    this.columns = described.columnNames().map((name, i) => ({
      name,
      type: types[i] === undefined ? 'varchar' : trinoType(types[i])
    }))
    const count = await this.connection.runAndReadAll('SELECT count(*) FROM __meta.result')
    this.rowCount = Number(count.getRows()[0]?.[0] ?? 0)
    return scanned
  }

  private async serialize(sql: string): Promise<unknown> {
    const reader = await this.connection.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR)', [sql])
    const parsed: unknown = JSON.parse(String(reader.getRows()[0]?.[0] ?? '{}'))
    const obj = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {}
    if (obj['error'] === true) {
      const message = String(obj['error_message'] ?? 'cannot parse the query')
      if (/only SELECT/i.test(message))
        throw userError('NOT_SUPPORTED', 'the emulator runs SELECT queries only')
      throw userError('SYNTAX_ERROR', message.replace(/^[A-Za-z ]+ Error: /, ''))
    }
    const statements = obj['statements']
    if (Array.isArray(statements) && statements.length > 1)
      throw userError('SYNTAX_ERROR', 'Only one sql statement is allowed')
    return parsed
  }

  private async filesTable(name: string, table: TableSpec, files: TableFile[]): Promise<TableFile[]> {
    const keys = PARTITION_KEYS[table.flavour]
    const columns = ['path VARCHAR', 'size BIGINT', ...keys.map(k => `${q(k)} VARCHAR`)].join(', ')
    await this.connection.run(`CREATE TABLE __meta.${q(name)} (${columns})`)
    const appender = await this.connection.createAppender(name, '__meta')
    for (const file of files) {
      appender.appendVarchar(file.path)
      appender.appendBigInt(BigInt(file.size))
      for (const key of keys) appender.appendVarchar(file.values[key] ?? '')
      appender.endRow()
    }
    appender.closeSync()
    return files
  }

  private async keptFiles(
    name: string,
    qualifier: string,
    predicate: Record<string, unknown>,
    files: TableFile[]
  ): Promise<TableFile[]> {
    try {
      const base = await this.serialize(`SELECT path FROM __meta.${q(name)} AS ${q(qualifier)} WHERE true`)
      const rendered = await this.connection.runAndReadAll('SELECT json_deserialize_sql($1::JSON)', [
        JSON.stringify(withWhere(base, predicate))
      ])
      const selection = String(rendered.getRows()[0]?.[0] ?? '')
      const kept = new Set((await this.connection.runAndReadAll(selection)).getRows().map(r => String(r[0])))
      return files.filter(f => kept.has(f.path))
    } catch {
      // The predicate does not evaluate on its own (it will fail the query too): count every file.
      return files
    }
  }

  private async createView(table: TableSpec, filesName: string, files: TableFile[]): Promise<void> {
    const keys = PARTITION_KEYS[table.flavour]
    const name = `${q(table.database)}.${q(table.name)}`
    if (files.length === 0) {
      const partitions = keys.map(k => `, CAST(NULL AS VARCHAR) AS ${q(k)}`).join('')
      await this.connection.run(`CREATE VIEW ${name} AS SELECT ${emptyProjection()}${partitions} WHERE false`)
      return
    }
    const list = `[${files.map(f => lit(f.path)).join(', ')}]`
    const partitions = keys.map(k => `, f.${q(k)}`).join('')
    await this.connection.run(
      `CREATE VIEW ${name} AS SELECT ${projection('raw.r')}${partitions}
       FROM (SELECT unnest(Records) AS r, filename
             FROM read_json(${list}, columns=${recordsColumnSpec()}, format='auto', compression='gzip',
                            filename=true)) AS raw
       JOIN __meta.${q(filesName)} AS f ON f.path = raw.filename`
    )
  }

  /** Rows [offset, offset + limit) of the result, in the query's order. */
  page(offset: number, limit: number): Promise<DuckDBValue[][]> {
    return this.serial.run(async () => {
      const reader = await this.connection.runAndReadAll(
        'SELECT * FROM __meta.result WHERE rowid >= $1 AND rowid < $2 ORDER BY rowid',
        [offset, offset + limit]
      )
      return reader.getRows()
    })
  }

  async close(): Promise<void> {
    await this.serial.run(async () => undefined)
    this.connection.closeSync()
    this.instance.closeSync()
    await rm(this.dir, { recursive: true, force: true })
  }
}
