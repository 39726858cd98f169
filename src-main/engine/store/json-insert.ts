import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm'
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'
import type { Database } from './database'

/** What an insert does with a row whose unique key is already stored; by default it fails. */
export interface ConflictRule {
  /** Skip rows whose key is already stored (the table's unique constraint decides). */
  readonly isConflictIgnored?: boolean
  /**
   * Replace the stored row with the same value in this unique column. Only the columns the
   * rows set are replaced (a write sequence keeps the number of the row's first write), and
   * within one statement the last row of a key wins, as consecutive upserts would.
   */
  readonly upsertOn?: PgColumn
}

/**
 * One INSERT for many rows with a single parameter: the rows as a JSON array, spread into
 * the table's own column types by `json_populate_recordset`. Building a statement with a
 * parameter per value costs more than the database's work for a batch of hundreds; this
 * costs one JSON.stringify. Values go through each column's own driver mapping (decimals to
 * text, dates to ISO text); JSON columns keep their value, which the document carries as is.
 * Columns no row sets are left to their defaults.
 */
export function jsonInsert(
  table: PgTable,
  rows: readonly Record<string, unknown>[],
  conflict: ConflictRule = {},
): SQL {
  const columns = Object.entries(getTableColumns(table)).filter(([property]) =>
    rows.some((row) => row[property] !== undefined),
  )
  const upsertKey =
    conflict.upsertOn === undefined ? null : keyOf(table, columns, conflict.upsertOn)
  const stored = upsertKey === null ? rows : lastPerKey(rows, upsertKey.property)
  const documents = stored.map((row) => {
    const document: Record<string, unknown> = {}
    for (const [property, column] of columns) {
      const value = row[property]
      document[column.name] =
        value === undefined || value === null
          ? null
          : isJsonColumn(column)
            ? value
            : column.mapToDriverValue(value)
    }
    return document
  })
  const names = sql.raw(columns.map(([, column]) => `"${column.name}"`).join(', '))
  return sql`insert into ${table} (${names}) select ${names} from json_populate_recordset(null::${table}, ${JSON.stringify(documents)}::json)${onConflict(columns, conflict, upsertKey)}`
}

function onConflict(
  columns: readonly [string, PgColumn][],
  conflict: ConflictRule,
  upsertKey: { column: PgColumn } | null,
): SQL {
  if (upsertKey !== null) {
    const replaced = columns
      .filter(([, column]) => column !== upsertKey.column)
      .map(([, column]) => `"${column.name}" = excluded."${column.name}"`)
    const action = replaced.length === 0 ? 'do nothing' : `do update set ${replaced.join(', ')}`
    return sql.raw(` on conflict ("${upsertKey.column.name}") ${action}`)
  }
  return sql.raw(conflict.isConflictIgnored === true ? ' on conflict do nothing' : '')
}

/** The upsert column among the columns the rows set, with its row property. */
function keyOf(
  table: PgTable,
  columns: readonly [string, PgColumn][],
  target: PgColumn,
): { property: string; column: PgColumn } {
  const entry = columns.find(([, column]) => column === target)
  if (entry === undefined) {
    throw new Error(
      `upsert column is not set by the rows: table=${getTableName(table)} column=${target.name}`,
    )
  }
  return { property: entry[0], column: entry[1] }
}

/**
 * Keeps the last row of each key at the place of the key's first row: as consecutive upserts
 * would, the first write of a key decides its place (and its write sequence), the last its values.
 */
function lastPerKey(
  rows: readonly Record<string, unknown>[],
  key: string,
): Record<string, unknown>[] {
  const byKey = new Map<unknown, Record<string, unknown>>()
  for (const row of rows) {
    const value = row[key]
    byKey.set(value instanceof Date ? value.getTime() : value, row)
  }
  return [...byKey.values()]
}

function isJsonColumn(column: PgColumn): boolean {
  return column.columnType === 'PgJsonb' || column.columnType === 'PgJson'
}

/** Runs {@link jsonInsert} and returns how many rows were stored (conflicting ones are not). */
export async function insertCounted(
  db: Database,
  table: PgTable,
  rows: readonly Record<string, unknown>[],
  conflict: ConflictRule = {},
): Promise<number> {
  const result = (await db.execute(
    sql`with stored as (${jsonInsert(table, rows, conflict)} returning 1) select count(*)::int as count from stored`,
  )) as unknown as { rows: { count: number | string }[] }
  return Number(result.rows[0]?.count ?? 0)
}
