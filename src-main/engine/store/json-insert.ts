import { getTableColumns, sql, type SQL } from 'drizzle-orm'
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'
import type { Database } from './database'

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
  isConflictIgnored: boolean,
): SQL {
  const columns = Object.entries(getTableColumns(table)).filter(([property]) =>
    rows.some((row) => row[property] !== undefined),
  )
  const documents = rows.map((row) => {
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
  const conflict = sql.raw(isConflictIgnored ? ' on conflict do nothing' : '')
  return sql`insert into ${table} (${names}) select ${names} from json_populate_recordset(null::${table}, ${JSON.stringify(documents)}::json)${conflict}`
}

function isJsonColumn(column: PgColumn): boolean {
  return column.columnType === 'PgJsonb' || column.columnType === 'PgJson'
}

/** Runs {@link jsonInsert} and returns how many rows were stored (conflicting ones are not). */
export async function insertCounted(
  db: Database,
  table: PgTable,
  rows: readonly Record<string, unknown>[],
  isConflictIgnored: boolean,
): Promise<number> {
  const result = (await db.execute(
    sql`with stored as (${jsonInsert(table, rows, isConflictIgnored)} returning 1) select count(*)::int as count from stored`,
  )) as unknown as { rows: { count: number | string }[] }
  return Number(result.rows[0]?.count ?? 0)
}
