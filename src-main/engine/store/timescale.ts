import type { Store } from './database'

/** Tables that become hypertables, with their time column (seed 000 §3.6). */
export const HYPERTABLES = [
  { table: 'candles', timeColumn: 'open_time', chunkInterval: '1 day' },
  { table: 'position_snapshots', timeColumn: 'timestamp', chunkInterval: '1 hour' },
] as const

/** Returns the SQL that turns the time-series tables into TimescaleDB hypertables. */
export function hypertableStatements(): string[] {
  return [
    'CREATE EXTENSION IF NOT EXISTS timescaledb',
    ...HYPERTABLES.map(
      ({ table, timeColumn, chunkInterval }) =>
        `SELECT create_hypertable('${table}', '${timeColumn}', ` +
        `chunk_time_interval => INTERVAL '${chunkInterval}', if_not_exists => TRUE, migrate_data => TRUE)`,
    ),
  ]
}

/**
 * Makes the time-series tables hypertables where the timescaledb extension is installed;
 * elsewhere (PGlite, Debian's PostgreSQL) they stay plain tables with time indexes.
 * Returns whether TimescaleDB is in use.
 */
export async function applyTimescale(store: Store): Promise<boolean> {
  if (store.driver !== 'postgres') return false
  const available = await store.execute(
    "SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'",
  )
  if (available.length === 0) return false
  for (const statement of hypertableStatements()) await store.execute(statement)
  return true
}
