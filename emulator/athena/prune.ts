// Partition pruning, done the way Athena's planner does it in effect: only the files whose partition values can
// satisfy the query's WHERE are read (and billed). DuckDB parses the query (json_serialize_sql); the WHERE tree
// is reduced to a predicate over partition keys alone by replacing every part that reads anything else with
// TRUE — inside AND/OR only, where that can only widen the set (a NOT over a mixed expression becomes TRUE as a
// whole). DuckDB then evaluates that predicate over a table of the files and their partition values, so the
// semantics (casts, IN, BETWEEN, string order) are exactly those of the real query.
// Anything but a single SELECT over one base table (joins, CTEs, unions, subqueries in FROM) is not pruned: every
// file of every table counts, which can only overstate the bytes scanned.

type Node = { [key: string]: unknown }

const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

export interface PruneTarget {
  schema: string
  table: string
  /** The name the WHERE may qualify columns with: the alias, else the table name. */
  qualifier: string
  /** The partition predicate (a DuckDB expression tree); undefined: every file qualifies. */
  predicate: Node | undefined
}

/** The single base table a serialized statement reads from, or undefined when it is anything more complex. */
export function singleTableSelect(serialized: unknown): { node: Node; from: Node } | undefined {
  if (!isNode(serialized) || serialized['error'] === true) return undefined
  const statements = serialized['statements']
  if (!Array.isArray(statements) || statements.length !== 1) return undefined
  const node = isNode(statements[0]) ? statements[0]['node'] : undefined
  if (!isNode(node) || node['type'] !== 'SELECT_NODE') return undefined
  const cte = isNode(node['cte_map']) ? node['cte_map']['map'] : undefined
  if (Array.isArray(cte) && cte.length > 0) return undefined
  const from = node['from_table']
  if (!isNode(from) || from['type'] !== 'BASE_TABLE') return undefined
  return { node, from }
}

function referencesOnly(node: unknown, isKey: (names: string[]) => boolean): boolean {
  if (Array.isArray(node)) return node.every(child => referencesOnly(child, isKey))
  if (!isNode(node)) return true
  if (node['class'] === 'SUBQUERY' || node['class'] === 'PARAMETER') return false
  if (node['class'] === 'COLUMN_REF') {
    const names = node['column_names']
    return Array.isArray(names) && isKey(names.map(n => String(n).toLowerCase()))
  }
  return Object.values(node).every(child => referencesOnly(child, isKey))
}

/** The WHERE reduced to partition keys; undefined stands for TRUE. */
export function partitionPredicate(where: unknown, isKey: (names: string[]) => boolean): Node | undefined {
  if (!isNode(where)) return undefined
  if (where['class'] === 'CONJUNCTION') {
    const children = Array.isArray(where['children']) ? where['children'] : []
    const reduced = children.map(child => partitionPredicate(child, isKey))
    if (where['type'] === 'CONJUNCTION_OR') {
      return reduced.some(child => child === undefined) ? undefined : { ...where, children: reduced }
    }
    const kept = reduced.filter((child): child is Node => child !== undefined)
    if (kept.length === 0) return undefined
    return kept.length === 1 ? kept[0] : { ...where, children: kept }
  }
  return referencesOnly(where, isKey) ? where : undefined
}

/** What to prune for a serialized statement, given the partition keys of each (schema, table). */
export function pruneTarget(
  serialized: unknown,
  defaultSchema: string | undefined,
  keysOf: (schema: string, table: string) => readonly string[] | undefined
): PruneTarget | undefined {
  const select = singleTableSelect(serialized)
  if (select === undefined) return undefined
  const table = String(select.from['table_name'] ?? '').toLowerCase()
  const schema = String(select.from['schema_name'] || defaultSchema || '').toLowerCase()
  const keys = keysOf(schema, table)
  if (keys === undefined) return undefined
  const alias = String(select.from['alias'] ?? '').toLowerCase()
  const qualifier = alias || table
  const isKey = (names: string[]): boolean => {
    const [first, second] = names
    if (names.length === 1) return first !== undefined && keys.includes(first)
    return names.length === 2 && first === qualifier && second !== undefined && keys.includes(second)
  }
  return { schema, table, qualifier, predicate: partitionPredicate(select.node['where_clause'], isKey) }
}

/** Replaces the WHERE of a serialized single SELECT (the files query) with the partition predicate. */
export function withWhere(serialized: unknown, predicate: Node): unknown {
  const select = singleTableSelect(serialized)
  if (select === undefined) throw new Error('withWhere: not a single-table SELECT')
  select.node['where_clause'] = predicate
  return serialized
}
