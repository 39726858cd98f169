/**
 * The store's own ceiling for a full-engine replay: the rows a replay recorded, inserted again
 * into a fresh PGlite folder by the database alone — one multi-row statement per 500 rows, as
 * the write-behind buffer writes them, and no engine, no drizzle row mapping, no worker thread.
 * Whatever the engine does, a replay that records these rows cannot go faster than this.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { migrateStore, openStore, type Store } from '../../src-main/engine/store'

/** The write-behind buffer's rows per statement. */
const ROWS_PER_STATEMENT = 500

/** One table's recorded rows, as JSON objects keyed by column name. */
export interface RecordedTable {
  readonly table: string
  readonly rows: readonly Record<string, unknown>[]
}

/** What re-inserting one table cost. */
export interface TableInsertCost {
  readonly table: string
  readonly rows: number
  readonly microsPerRow: number
}

/** Every non-empty table of `store`'s public schema with its rows. */
export async function recordedTables(store: Store): Promise<RecordedTable[]> {
  const names = await store.execute(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
  )
  const tables: RecordedTable[] = []
  for (const { table_name: table } of names) {
    const [result] = await store.execute(
      `SELECT coalesce(json_agg(t), '[]'::json) AS rows FROM "${String(table)}" t`,
    )
    const rows = parseRows(result?.rows, String(table))
    if (rows.length > 0) tables.push({ table: String(table), rows })
  }
  return tables
}

/** Inserts `tables` into a fresh migrated PGlite folder; returns the cost table by table. */
export async function insertCosts(
  tables: readonly RecordedTable[],
  migrationsDir: string,
): Promise<TableInsertCost[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tg-bench-store-ceiling-'))
  const store = await openStore({ driver: 'pglite', dataDir })
  try {
    await migrateStore(store, migrationsDir)
    // Tables go in name order, so a row may come before the row it refers to: foreign keys
    // are not checked (the rows were consistent where they came from). Rows the migration
    // already wrote are skipped.
    await store.execute('SET session_replication_role = replica')
    const costs: TableInsertCost[] = []
    for (const { table, rows } of tables) {
      const start = performance.now()
      for (let first = 0; first < rows.length; first += ROWS_PER_STATEMENT) {
        const batch = JSON.stringify(rows.slice(first, first + ROWS_PER_STATEMENT))
        await store.execute(
          `INSERT INTO "${table}" SELECT * FROM json_populate_recordset(null::"${table}", '${batch.replaceAll("'", "''")}'::json) ON CONFLICT DO NOTHING`,
        )
      }
      const micros = (performance.now() - start) * 1000
      await expectStored(store, table, rows.length)
      costs.push({ table, rows: rows.length, microsPerRow: micros / rows.length })
    }
    return costs
  } finally {
    await store.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** A ceiling measured on rows that were skipped would be no ceiling at all. */
async function expectStored(store: Store, table: string, count: number): Promise<void> {
  const [result] = await store.execute(`SELECT count(*)::int AS stored FROM "${table}"`)
  const stored = Number(result?.stored)
  if (!(stored >= count)) {
    throw new Error(`table ${table}: ${count} rows inserted, ${stored} stored`)
  }
}

function parseRows(value: unknown, table: string): Record<string, unknown>[] {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value
  if (!Array.isArray(parsed)) throw new Error(`table ${table}: json_agg returned no array`)
  return parsed as Record<string, unknown>[]
}
