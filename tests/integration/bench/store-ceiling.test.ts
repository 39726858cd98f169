import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { migrateStore, openStore, type Store } from '../../../src-main/engine/store'
import { insertCosts, recordedTables } from '../../bench/store-ceiling'
import { MIGRATIONS_DIR, memoryStoreOptions } from '../../helpers/test-store'

describe('the replay benchmark store ceiling', () => {
  let store: Store

  beforeEach(async () => {
    store = await openStore(memoryStoreOptions())
    await migrateStore(store, MIGRATIONS_DIR)
    await store.execute(
      `INSERT INTO candles (symbol, timeframe, open_time, open, high, low, close, volume) VALUES
        ('BTC/USDT', '1m', '2024-01-01T00:00:00Z', 1, 2, 0.5, 1.5, 10),
        ('BTC/USDT', '1m', '2024-01-01T00:01:00Z', 1.5, 2, 1, 1.25, 12.5)`,
    )
  })

  afterEach(async () => {
    await store.close()
  })

  it('reads every recorded row of the non-empty tables', async () => {
    const tables = await recordedTables(store)
    const candles = tables.find((each) => each.table === 'candles')
    expect(candles?.rows.map((row) => row.close)).toEqual([1.5, 1.25])
    expect(tables.every((each) => each.rows.length > 0)).toBe(true)
  })

  it('inserts the rows into a fresh store and prices each row', async () => {
    const tables = await recordedTables(store)
    const costs = await insertCosts(tables, MIGRATIONS_DIR)
    const candles = costs.find((each) => each.table === 'candles')
    expect(candles?.rows).toBe(2)
    expect(candles?.microsPerRow).toBeGreaterThan(0)
  })

  it('refuses a measurement whose rows were not all stored', async () => {
    const [candles] = (await recordedTables(store)).filter((each) => each.table === 'candles')
    const first = candles?.rows[0] ?? {}
    // The same candle twice: the second is skipped as a conflict, so one row is not stored.
    const costs = insertCosts([{ table: 'candles', rows: [first, first] }], MIGRATIONS_DIR)
    await expect(costs).rejects.toThrow('table candles: 2 rows inserted, 1 stored')
  })
})
