// The portable subset: SQL that means the same on Athena (Trino) and on the emulator (DuckDB). The action's SQL
// must stay inside it, or the emulator's green would say nothing about Athena. `nonPortableConstructs` names
// every construct found that only one engine has (or that the two treat differently); see README.md.

interface Construct {
  pattern: RegExp
  what: string
}

const fn = (name: string): RegExp => new RegExp(`\\b${name}\\s*\\(`, 'i')

const TRINO_ONLY: readonly Construct[] = [
  ...[
    'from_iso8601_timestamp',
    'from_iso8601_date',
    'to_iso8601',
    'date_parse',
    'parse_datetime',
    'format_datetime',
    'date_format',
    'from_unixtime',
    'to_unixtime',
    'json_extract_scalar',
    'json_extract',
    'json_parse',
    'json_format',
    'regexp_like',
    'cardinality',
    'element_at',
    'any_match',
    'all_match',
    'none_match',
    'transform',
    'filter',
    'reduce',
    'array_join',
    'split',
    'approx_distinct',
    'try',
    'row'
  ].map(name => ({ pattern: fn(name), what: `Trino-only function ${name}()` })),
  { pattern: fn('contains'), what: 'contains() (an array function in Trino, a string function in DuckDB)' },
  { pattern: /\bat\s+time\s+zone\b/i, what: 'Trino-only AT TIME ZONE' },
  { pattern: /\bwith\s+ordinality\b/i, what: 'Trino-only UNNEST … WITH ORDINALITY' },
  { pattern: /\bcross\s+join\s+unnest\b/i, what: 'CROSS JOIN UNNEST (different semantics in DuckDB)' },
  { pattern: /"\$(path|file_size|file_modified_time|partition)"/i, what: 'Athena hidden column "$path"' },
  { pattern: /->/, what: 'lambda or JSON arrow (different in each engine)' }
]

const DUCKDB_ONLY: readonly Construct[] = [
  { pattern: /::/, what: 'DuckDB-only :: cast (use CAST(x AS type))' },
  { pattern: /\bilike\b/i, what: 'DuckDB-only ILIKE (use lower(x) LIKE …)' },
  { pattern: /\bglob\b/i, what: 'DuckDB-only GLOB' },
  { pattern: /\bqualify\b/i, what: 'DuckDB-only QUALIFY' },
  { pattern: /\*\s*(exclude|replace)\s*\(/i, what: 'DuckDB-only SELECT * EXCLUDE/REPLACE' },
  { pattern: /\bcolumns\s*\(/i, what: 'DuckDB-only COLUMNS(…)' },
  { pattern: /\b(group|order)\s+by\s+all\b/i, what: 'DuckDB-only GROUP/ORDER BY ALL' },
  { pattern: /^\s*from\b/i, what: 'DuckDB-only FROM-first query' },
  { pattern: /\busing\s+sample\b/i, what: 'DuckDB-only USING SAMPLE' },
  { pattern: /`/, what: 'backquoted identifier (Athena DML rejects it; use double quotes)' },
  { pattern: /==/, what: 'DuckDB-only == (use =)' },
  { pattern: /\$\d+|#\d+/, what: 'DuckDB-only $n / #n reference (Athena parameters are ?)' },
  {
    pattern:
      /\b(readonly|managementevent)\s*(=|<>|!=)\s*(true|false)\b|\b(true|false)\s*(=|<>|!=)\s*(readonly|managementevent)\b/i,
    what: 'string column compared with a boolean (DuckDB casts, Trino fails: compare with the string)'
  },
  {
    pattern: /(?<![."\w])(?<!\bas\s+)timestamp\b(?!\s*')/i,
    what: 'unquoted timestamp column (a reserved word in Trino: write "timestamp")'
  },
  ...[
    'regexp_matches',
    'regexp_full_match',
    'strftime',
    'strptime',
    'epoch_ms',
    'epoch',
    'json_extract_string',
    'json_extract_path_text',
    'string_split',
    'str_split',
    'list_contains',
    'list_has',
    'array_has',
    'list_transform',
    'list_filter',
    'struct_extract',
    'struct_pack',
    'count_star',
    'read_json',
    'read_json_auto',
    'read_csv',
    'read_text',
    'read_parquet',
    'glob'
  ].map(name => ({ pattern: fn(name), what: `DuckDB-only function ${name}()` }))
]

/** The SQL with comments removed and the contents of string literals blanked (quotes kept). */
function code(sql: string): string {
  return sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/'(?:[^']|'')*'/g, "''")
}

/** Every Trino-only or DuckDB-only construct in the SQL; empty when it stays in the portable subset. */
export function nonPortableConstructs(sql: string): string[] {
  const text = code(sql)
  const found: string[] = []
  for (const { pattern, what } of [...TRINO_ONLY, ...DUCKDB_ONLY]) {
    if (pattern.test(text) && !found.includes(what)) found.push(what)
  }
  return found
}
