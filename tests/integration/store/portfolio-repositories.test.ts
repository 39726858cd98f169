import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import type { NewScheduledBatch, RebalanceRecord } from '../../../src-main/engine/portfolio'
import { schema, type Store } from '../../../src-main/engine/store'
import { HodlBagRepository } from '../../../src-main/engine/store/repositories/hodl-bag-repository'
import { PortfolioSnapshotRepository } from '../../../src-main/engine/store/repositories/portfolio-snapshot-repository'
import { RebalancingHistoryRepository } from '../../../src-main/engine/store/repositories/rebalancing-history-repository'
import { ScheduledTradeRepository } from '../../../src-main/engine/store/repositories/scheduled-trade-repository'
import { testStores, useTestStore } from '../../helpers/test-store'

const T0 = Date.UTC(2025, 0, 6, 12)
const HOUR = 3_600_000
const REBALANCE_A = '00000000-0000-4000-8000-00000000000a'
const REBALANCE_B = '00000000-0000-4000-8000-00000000000b'
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`

function aBatch(n: number, overrides: Partial<NewScheduledBatch> = {}): NewScheduledBatch {
  return {
    id: id(n),
    rebalanceId: REBALANCE_A,
    symbol: 'BTC/USDT',
    side: 'sell',
    amountUsd: new Decimal('100.123456789012345678'),
    executionType: 'limit',
    priority: 1,
    batchIndex: 0,
    batchCount: 1,
    dueAtMs: T0,
    correlationId: 'corr-a',
    createdAtMs: T0,
    ...overrides,
  }
}

const allocation = {
  totalEquity: '4100.00',
  assets: [
    {
      asset: 'BTC',
      balance: '0.05',
      hodl: '0.0155',
      inPositions: '0',
      available: '0.0345',
      price: '44492.753623188405797',
      value: '1535.00',
      pct: '37.44',
      targetPct: '33.33',
      deviationPct: '4.11',
    },
  ],
  maxDeviationPct: '4.11',
  thresholdPct: '5.00',
  warnings: ['target_allocation sums to 99.99 %, not 100 %'],
}

describe.each(testStores())('portfolio repositories on $name', (testStore) => {
  let store: Store
  useTestStore(testStore, (opened) => (store = opened))

  describe('hodl bags', () => {
    it('adds changes, keeps exact amounts and writes the history in one go', async () => {
      const bags = new HodlBagRepository(store.db)
      expect((await bags.amount('BTC')).toFixed()).toBe('0')
      expect(await bags.all()).toEqual({})
      const after = await bags.add('BTC', new Decimal('0.0155'), 'initial', null, T0)
      expect(after.toFixed()).toBe('0.0155')
      await bags.add('BTC', new Decimal('0.000000000000000001'), 'dust', id(99), T0 + 1)
      await bags.add('USDT', new Decimal('1.25'), 'profit share 10%', null, T0 + 2)
      expect((await bags.amount('BTC')).toFixed()).toBe('0.015500000000000001')
      const all = await bags.all()
      expect(Object.keys(all)).toEqual(['BTC', 'USDT'])
      expect(all.USDT?.toFixed()).toBe('1.25')
      expect(await bags.history('BTC')).toEqual([
        {
          asset: 'BTC',
          change: new Decimal('0.0155'),
          balanceAfter: new Decimal('0.0155'),
          reason: 'initial',
          sourcePositionId: null,
          createdAtMs: T0,
        },
        {
          asset: 'BTC',
          change: new Decimal('0.000000000000000001'),
          balanceAfter: new Decimal('0.015500000000000001'),
          reason: 'dust',
          sourcePositionId: id(99),
          createdAtMs: T0 + 1,
        },
      ])
    })
  })

  describe('scheduled trades', () => {
    it('stores pending batches and returns them in execution order', async () => {
      const trades = new ScheduledTradeRepository(store.db)
      expect(await trades.insertMany([])).toEqual([])
      const stored = await trades.insertMany([
        aBatch(3, { dueAtMs: T0 + 4 * HOUR, batchIndex: 1, batchCount: 2 }),
        aBatch(2, { priority: 2, side: 'buy', symbol: 'XRP/USDT', executionType: 'market' }),
        aBatch(1, { batchCount: 2 }),
      ])
      expect(stored).toEqual(await trades.pending())
      expect((await trades.pending()).map((batch) => batch.id)).toEqual([id(1), id(2), id(3)])
      expect((await trades.pending(T0)).map((batch) => batch.id)).toEqual([id(1), id(2)])
      expect(await trades.get(id(1))).toEqual({
        ...aBatch(1, { batchCount: 2 }),
        status: 'pending',
        orderId: null,
        error: null,
        executedAtMs: null,
      })
      expect(await trades.get(id(404))).toBeNull()
      expect((await trades.byIds([id(3), id(1)])).map((batch) => batch.id)).toEqual([id(1), id(3)])
      expect(await trades.byIds([])).toEqual([])
    })

    it('changes a status only from the expected one', async () => {
      const trades = new ScheduledTradeRepository(store.db)
      const started = await trades.changeStatus(id(1), 'pending', 'executing')
      expect(started?.status).toBe('executing')
      expect(await trades.changeStatus(id(1), 'pending', 'executing')).toBeNull()
      const done = await trades.changeStatus(id(1), 'executing', 'executed', {
        orderId: 'order-1',
        error: null,
        executedAtMs: T0 + 5,
      })
      expect(done).toMatchObject({ status: 'executed', orderId: 'order-1', executedAtMs: T0 + 5 })
      expect((await trades.withStatus('executed')).map((batch) => batch.id)).toEqual([id(1)])
      expect((await trades.pending()).map((batch) => batch.id)).toEqual([id(2), id(3)])
    })

    it('changes every batch in a status, of one rebalance when asked', async () => {
      const trades = new ScheduledTradeRepository(store.db)
      await trades.insertMany([aBatch(4, { rebalanceId: REBALANCE_B, dueAtMs: T0 + HOUR })])
      const cancelled = await trades.changeAllStatus('pending', 'cancelled', {
        rebalanceId: REBALANCE_A,
        error: 'CANCELLED: test',
      })
      expect(cancelled.map((batch) => [batch.id, batch.status, batch.error])).toEqual([
        [id(2), 'cancelled', 'CANCELLED: test'],
        [id(3), 'cancelled', 'CANCELLED: test'],
      ])
      expect((await trades.ofRebalance(REBALANCE_B)).map((batch) => batch.status)).toEqual([
        'pending',
      ])
      expect((await trades.pending()).map((batch) => batch.id)).toEqual([id(4)])
      const all = await trades.changeAllStatus('pending', 'cancelled', { executedAtMs: null })
      expect(all.map((batch) => batch.id)).toEqual([id(4)])
      expect(await trades.pending()).toEqual([])
    })

    it('moves the due time of a pending batch only', async () => {
      const trades = new ScheduledTradeRepository(store.db)
      await trades.insertMany([aBatch(6, { dueAtMs: T0 + HOUR })])
      const moved = await trades.reschedule(id(6), T0 + 5 * HOUR)
      expect(moved).toMatchObject({ id: id(6), status: 'pending', dueAtMs: T0 + 5 * HOUR })
      expect(await trades.pending(T0 + 4 * HOUR)).toEqual([])
      expect((await trades.get(id(6)))?.dueAtMs).toBe(T0 + 5 * HOUR)
      // Batch 1 was executed above.
      expect(await trades.reschedule(id(1), T0 + 5 * HOUR)).toBeNull()
      expect((await trades.get(id(1)))?.dueAtMs).toBe(T0)
    })

    it('refuses to read a row with a status it does not know', async () => {
      const trades = new ScheduledTradeRepository(store.db)
      await trades.insertMany([aBatch(5)])
      await store.execute(`UPDATE scheduled_trades SET status = 'lost' WHERE id = '${id(5)}'`)
      await expect(trades.get(id(5))).rejects.toThrow(
        `scheduled_trades row id=${id(5)} is not a valid batch`,
      )
    })
  })

  describe('rebalancing history', () => {
    const record = (n: number, atMs: number): RebalanceRecord => ({
      id: id(100 + n),
      createdAtMs: atMs,
      correlationId: `corr-${n}`,
      action: 'rebalance',
      allocation,
      trades: [
        {
          symbol: 'BTC/USDT',
          side: 'sell',
          amountUsd: '168.47',
          executionType: 'limit',
          priority: 1,
          batches: 1,
          batchAmountsUsd: ['168.47'],
        },
      ],
      executionStrategy: {
        executionType: 'limit',
        tradeOrder: [],
        splitLargeTrades: true,
        model: null,
        fallbackReason: 'model failed: timeout after 15000 ms',
      },
      usedFallbackStrategy: true,
      reasoning: 'max deviation 4.11 % exceeds threshold 4 %',
    })

    it('stores each check and reads it back, newest first', async () => {
      const history = new RebalancingHistoryRepository(store.db)
      await history.record(record(1, T0))
      await history.record({
        ...record(2, T0 + HOUR),
        action: 'no_action',
        trades: [],
        executionStrategy: null,
        usedFallbackStrategy: false,
      })
      expect(await history.get(id(101))).toEqual(record(1, T0))
      expect(await history.get(id(404))).toBeNull()
      expect((await history.recent()).map((entry) => entry.id)).toEqual([id(102), id(101)])
      expect((await history.recent(1)).map((entry) => entry.action)).toEqual(['no_action'])
    })

    it('reads a check recorded before positions were counted as holding no coins', async () => {
      const history = new RebalancingHistoryRepository(store.db)
      const { inPositions: _, ...before } = allocation.assets[0]!
      await store.db.insert(schema.rebalancingHistory).values({
        id: id(104),
        createdAt: new Date(T0),
        action: 'no_action',
        allocation: { ...allocation, assets: [before] },
        trades: [],
        usedFallbackStrategy: false,
      })
      expect((await history.get(id(104)))?.allocation.assets[0]).toEqual(allocation.assets[0])
    })

    it('refuses a row whose JSON no longer parses', async () => {
      const history = new RebalancingHistoryRepository(store.db)
      await store.db.insert(schema.rebalancingHistory).values({
        id: id(103),
        createdAt: new Date(T0),
        action: 'rebalance',
        allocation: { totalEquity: 12 },
        trades: [],
        usedFallbackStrategy: false,
      })
      await expect(history.get(id(103))).rejects.toThrow(
        `rebalancing_history row id=${id(103)} cannot be read`,
      )
    })
  })

  describe('portfolio snapshots', () => {
    it('stores snapshots (replacing one at the same millisecond) and reads an equity range', async () => {
      const snapshots = new PortfolioSnapshotRepository(store.db)
      const snapshot = (atMs: number, equity: string) => ({
        timestampMs: atMs,
        equity: new Decimal(equity),
        realizedPnl: new Decimal('0'),
        unrealizedPnl: new Decimal('-1.5'),
        balances: { BTC: '0.05' },
      })
      await snapshots.record(snapshot(T0, '4100'))
      await snapshots.record(snapshot(T0 + HOUR, '4200.123456789012345678'))
      await snapshots.record(snapshot(T0 + 2 * HOUR, '4000'))
      await snapshots.record(snapshot(T0 + 2 * HOUR, '4050'))
      const view = (samples: { timestampMs: number; equity: Decimal }[]) =>
        samples.map((sample) => [sample.timestampMs - T0, sample.equity.toFixed()])
      expect(view(await snapshots.equityRange())).toEqual([
        [0, '4100'],
        [HOUR, '4200.123456789012345678'],
        [2 * HOUR, '4050'],
      ])
      expect(view(await snapshots.equityRange({ fromMs: T0 + HOUR }))).toEqual([
        [HOUR, '4200.123456789012345678'],
        [2 * HOUR, '4050'],
      ])
      expect(view(await snapshots.equityRange({ toMs: T0 + HOUR }))).toEqual([
        [0, '4100'],
        [HOUR, '4200.123456789012345678'],
      ])
      const [row] = await store.db.select().from(schema.portfolioSnapshots).limit(1)
      expect(row?.unrealizedPnl.toFixed()).toBe('-1.5')
      expect(row?.balances).toEqual({ BTC: '0.05' })
    })
  })
})
