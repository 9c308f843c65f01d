// Partitions of `manual` tables (PARTITIONED BY region, year, month, day without projection), as the Glue catalog
// holds them. Athena reads a partition of such a table only once someone registered it (ALTER TABLE ADD PARTITION,
// Glue CreatePartition, a crawler, a scheduled job), so a day folder a trail delivers today stays invisible until
// then. Here the folders already on disk when the emulator starts count as registered (the set-up ran before);
// a folder delivered later is seen once registered through Glue CreatePartition / BatchCreatePartition or
// `registerPartitions()`, or at once with `registerNewPartitions` (the scheduled job that adds each day).
// Projected and unpartitioned tables have no partitions in the catalog, as on AWS.
import { AwsError } from '../http.js'
import { tableFiles } from './files.js'
import { locationOf, PARTITION_KEYS, type TableSpec } from './tables.js'

export interface Partition {
  /** In the table's partition-key order: region, year, month, day. */
  values: readonly string[]
  location: string
  createdMs: number
}

const VALUE: Readonly<Record<string, RegExp>> = {
  region: /^[a-z0-9-]{1,32}$/,
  year: /^\d{4}$/,
  month: /^(0[1-9]|1[0-2])$/,
  day: /^(0[1-9]|[12]\d|3[01])$/
}

function invalidInput(message: string): AwsError {
  return new AwsError(400, 'InvalidInputException', message)
}

/** The folder a trail writes a manual partition's files to. */
export function partitionLocation(table: TableSpec, values: readonly string[]): string {
  return `${locationOf(table)}${values.join('/')}/`
}

export class PartitionRegistry {
  private readonly byTable = new Map<TableSpec, Map<string, Partition>>()

  constructor(
    private readonly root: string,
    private readonly tables: readonly TableSpec[],
    /** Every partition on disk counts as registered (a job adds each new day). */
    readonly auto: boolean,
    private readonly now: () => number
  ) {
    for (const table of tables) if (table.flavour === 'manual') this.byTable.set(table, new Map())
  }

  /** Whether a manual table's partition with these values is registered (tables.ts asks). */
  readonly isRegistered = (table: TableSpec, values: Record<string, string>): boolean =>
    this.auto || this.partitions(table).has(PARTITION_KEYS.manual.map(k => values[k] ?? '').join('/'))

  /** Registers every partition folder on disk of the manual tables (or of one); returns the new ones. */
  async registerExisting(only?: TableSpec): Promise<Partition[]> {
    const added: Partition[] = []
    for (const table of this.byTable.keys()) {
      if (only !== undefined && table !== only) continue
      const known = this.partitions(table)
      for (const file of await tableFiles(this.root, table)) {
        const values = PARTITION_KEYS.manual.map(k => file.values[k] ?? '')
        if (known.has(values.join('/'))) continue
        added.push(this.register(table, values))
      }
    }
    return added
  }

  /** Registers one partition; refuses bad values, a location that is not the trail's folder, and duplicates. */
  register(table: TableSpec, values: readonly string[], location?: string): Partition {
    const keys = PARTITION_KEYS[table.flavour]
    if (table.flavour !== 'manual') {
      throw invalidInput(
        `Table ${table.name} is not partitioned by hand (the emulator registers manual tables only)`
      )
    }
    if (values.length !== keys.length || keys.some((k, i) => !(VALUE[k]?.test(values[i] ?? '') ?? false))) {
      throw invalidInput(
        `Partition values ${JSON.stringify(values).slice(0, 200)} do not fit (${keys.join(', ')})`
      )
    }
    const folder = partitionLocation(table, values)
    if (location !== undefined && location.replace(/\/?$/, '/') !== folder) {
      throw invalidInput(
        `The emulator reads partitions from the trail's own folders only: expected ${folder}`
      )
    }
    const known = this.partitions(table)
    const id = values.join('/')
    if (known.has(id)) throw new AwsError(400, 'AlreadyExistsException', 'Partition already exists.')
    const partition = { values: [...values], location: folder, createdMs: this.now() }
    known.set(id, partition)
    return partition
  }

  get(table: TableSpec, values: readonly string[]): Partition | undefined {
    return this.partitions(table).get(values.join('/'))
  }

  /** The table's registered partitions in value order (with `auto`, every folder on disk first becomes one). */
  async list(table: TableSpec): Promise<Partition[]> {
    if (this.auto) await this.registerExisting(table)
    return [...this.partitions(table).values()].sort((a, b) =>
      a.values.join('/') < b.values.join('/') ? -1 : 1
    )
  }

  tableNamed(database: string, name: string): TableSpec | undefined {
    return this.tables.find(t => t.database === database && t.name === name)
  }

  private partitions(table: TableSpec): Map<string, Partition> {
    return this.byTable.get(table) ?? new Map()
  }
}
