import Decimal from 'decimal.js'
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { CandleRepository, migrateStore, schema, type Store } from '../../../src-main/engine/store'
import { latestMigration, MIGRATIONS_DIR, testStores, useTestStore } from '../../helpers/test-store'

const candle = (minute: number, close: string) => ({
  timestampMs: Date.UTC(2021, 4, 10, 0, minute),
  open: new Decimal('56000.10'),
  high: new Decimal('56100.123456789012345678'),
  low: new Decimal('55900'),
  close: new Decimal(close),
  volume: new Decimal('12.00000001'),
})

describe.each(testStores())('store on $name', (testStore) => {
  let store: Store
  useTestStore(testStore, (opened) => (store = opened))

  it('migrates idempotently and reports the schema version', async () => {
    const again = await migrateStore(store, MIGRATIONS_DIR)
    const { version, tag } = latestMigration()
    expect(version).toBeGreaterThanOrEqual(3)
    expect(again).toEqual({ version, latestTag: tag, isTimescale: false })
  })

  it('creates every table the seeds persist', async () => {
    const rows = await store.execute(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    )
    expect(rows.map((row) => row.table_name)).toEqual([
      'agent_outputs',
      'candles',
      'conflict_resolution_log',
      'coordinator_state',
      'execution_events',
      'fills',
      'hodl_bag_history',
      'hodl_bags',
      'llm_calls',
      'llm_model_health',
      'model_comparisons',
      'order_status_log',
      'orders',
      'portfolio_snapshots',
      'position_snapshots',
      'positions',
      'rebalancing_history',
      'risk_events',
      'risk_state',
      'scheduled_trades',
      'trading_decisions',
    ])
  })

  it('reads money back as decimal.js without loss', async () => {
    const amount = new Decimal('12345678901234567890.123456789012345678')
    await store.db.insert(schema.hodlBags).values({ asset: 'BTC', amount, updatedAt: new Date(0) })
    const [row] = await store.db
      .select()
      .from(schema.hodlBags)
      .where(eq(schema.hodlBags.asset, 'BTC'))
    expect(row?.amount).toBeInstanceOf(Decimal)
    expect(row?.amount.toFixed()).toBe(amount.toFixed())
  })

  describe('CandleRepository', () => {
    it('stores candles once, ignoring duplicates, and reads them back in order', async () => {
      const repository = new CandleRepository(store.db)
      expect(
        await repository.insertMany('BTC/USDT', '1m', [candle(1, '56050.5'), candle(0, '56000')]),
      ).toBe(2)
      expect(
        await repository.insertMany('BTC/USDT', '1m', [candle(1, '99999'), candle(2, '56070')]),
      ).toBe(1)
      const stored = await repository.range(
        'BTC/USDT',
        '1m',
        Date.UTC(2021, 4, 10),
        Date.UTC(2021, 4, 11),
      )
      expect(stored.map((row) => row.close.toString())).toEqual(['56000', '56050.5', '56070'])
      expect(stored[1]?.high.toFixed()).toBe('56100.123456789012345678')
      expect(await repository.lastTimestamp('BTC/USDT', '1m')).toBe(Date.UTC(2021, 4, 10, 0, 2))
      expect(await repository.lastTimestamp('XRP/USDT', '1m')).toBeNull()
      const latest = await repository.latest('BTC/USDT', '1m', 2)
      expect(latest.map((row) => row.timestampMs)).toEqual([
        Date.UTC(2021, 4, 10, 0, 1),
        Date.UTC(2021, 4, 10, 0, 2),
      ])
    })

    it('keeps timeframes and symbols apart', async () => {
      const repository = new CandleRepository(store.db)
      await repository.insertMany('BTC/USDT', '5m', [candle(0, '1')])
      expect(await repository.latest('BTC/USDT', '5m', 10)).toHaveLength(1)
      expect(await repository.latest('XRP/USDT', '1m', 10)).toHaveLength(0)
    })

    it('inserts more rows than one statement may carry', async () => {
      const repository = new CandleRepository(store.db)
      const many = Array.from({ length: 2_500 }, (_, minute) => ({
        ...candle(0, String(minute + 1)),
        timestampMs: Date.UTC(2021, 0, 1) + minute * 60_000,
      }))
      expect(await repository.insertMany('XRP/BTC', '1m', many)).toBe(2_500)
    })
  })
})

describe.each(testStores().filter((testStore) => testStore.name === 'postgres'))(
  'store on $name when the server drops an idle connection',
  (testStore) => {
    it('keeps working instead of crashing the process', async () => {
      const store = await testStore.open()
      try {
        await store.execute('SELECT 1')
        await store.execute(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'idle'",
        )
        // The terminated idle client is replaced; queries go on.
        await new Promise((resolve) => setImmediate(resolve))
        expect(await store.execute('SELECT 2 AS two')).toEqual([{ two: 2 }])
      } finally {
        await store.close()
        await testStore.dispose()
      }
    })
  },
)
