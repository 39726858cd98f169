import { describe, expect, it } from 'vitest'
import { applyTimescale, hypertableStatements, type Store } from '../../../src-main/engine/store'

const fakeStore = (driver: Store['driver'], hasExtension: boolean) => {
  const executed: string[] = []
  const store = {
    driver,
    async execute(sql: string) {
      executed.push(sql)
      return sql.includes('pg_available_extensions') && hasExtension ? [{ '?column?': 1 }] : []
    },
  } as unknown as Store
  return { store, executed }
}

describe('TimescaleDB path', () => {
  it('emits hypertable SQL for candles and position_snapshots', () => {
    expect(hypertableStatements()).toEqual([
      'CREATE EXTENSION IF NOT EXISTS timescaledb',
      "SELECT create_hypertable('candles', 'open_time', chunk_time_interval => INTERVAL '1 day', if_not_exists => TRUE, migrate_data => TRUE)",
      "SELECT create_hypertable('position_snapshots', 'timestamp', chunk_time_interval => INTERVAL '1 hour', if_not_exists => TRUE, migrate_data => TRUE)",
    ])
  })

  it('applies it only where the extension is available', async () => {
    const withExtension = fakeStore('postgres', true)
    expect(await applyTimescale(withExtension.store)).toBe(true)
    expect(withExtension.executed.slice(1)).toEqual(hypertableStatements())

    const without = fakeStore('postgres', false)
    expect(await applyTimescale(without.store)).toBe(false)
    expect(without.executed).toHaveLength(1)

    const pglite = fakeStore('pglite', true)
    expect(await applyTimescale(pglite.store)).toBe(false)
    expect(pglite.executed).toHaveLength(0)
  })
})
