import Decimal from 'decimal.js'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { rebalanceResultSchema } from '../../../src-shared/contract'
import { runSkipped } from '../../../src-main/engine/coordinator'
import { ManualPriceSource } from '../../../src-main/engine/execution/manual-price-source'
import { RISK_RETRY_DELAY_MS, rebalanceTask } from '../../../src-main/engine/portfolio'
import { schema, type Store } from '../../../src-main/engine/store'
import { HodlBagRepository } from '../../../src-main/engine/store/repositories/hodl-bag-repository'
import { RebalancingHistoryRepository } from '../../../src-main/engine/store/repositories/rebalancing-history-repository'
import { ScheduledTradeRepository } from '../../../src-main/engine/store/repositories/scheduled-trade-repository'
import { FakeMarket, FakeTradeExecutor, ScriptedAdvisor } from '../../fakes/portfolio'
import {
  HOUR,
  T0,
  aPortfolioKit,
  clearPortfolioTables,
  dcaMarket,
  seedMarket,
  type KitOptions,
  type PortfolioKit,
} from '../../helpers/portfolio-kit'
import { testStores, useTestStore } from '../../helpers/test-store'

const d = (value: string | number) => new Decimal(value)
const marketAnswer = (extra: Record<string, unknown> = {}) =>
  ScriptedAdvisor.text(
    JSON.stringify({
      execution_strategy: 'market',
      reasoning: 'liquid pairs, small sizes',
      ...extra,
    }),
  )
const lowerThreshold: KitOptions['configure'] = (yaml) => {
  yaml.portfolio.rebalancing.threshold_pct = 4
}

describe.each(testStores())('the portfolio service on $name', (testStore) => {
  let store: Store
  let started: PortfolioKit[] = []
  useTestStore(testStore, (opened) => (store = opened))

  beforeEach(async () => {
    for (const kit of started) await kit.portfolio.service.stop()
    started = []
    await clearPortfolioTables(store)
  })

  async function startKit(options: Omit<KitOptions, 'store'> = {}): Promise<PortfolioKit> {
    const kit = await aPortfolioKit({ store, ...options })
    await kit.portfolio.service.start()
    started.push(kit)
    return kit
  }

  const history = () => new RebalancingHistoryRepository(store.db)
  const batches = () => new ScheduledTradeRepository(store.db)

  describe('the worked example of seed 003 §3.3', () => {
    it('takes no action at 4.1 % < 5 %, records the check and asks no model', async () => {
      const kit = await startKit({ advisor: new ScriptedAdvisor(marketAnswer()) })
      const result = await kit.portfolio.service.rebalance()
      expect(rebalanceResultSchema.parse(result)).toEqual(result)
      expect(result.action).toBe('no_action')
      expect(result.trades).toEqual([])
      expect(result.usedFallbackStrategy).toBe(false)
      expect(result.reasoning).toBe('max deviation 4.11 % does not exceed threshold 5 %')
      expect(result.allocation.assets.map((asset) => [asset.asset, asset.pct])).toEqual([
        ['BTC', '37.44'],
        ['XRP', '31.46'],
        ['USDT', '31.10'],
      ])
      expect(kit.advisor.prompts).toEqual([])
      expect(kit.executor.requests).toEqual([])
      const [record] = await history().recent()
      expect(record).toMatchObject({
        action: 'no_action',
        trades: [],
        executionStrategy: null,
        usedFallbackStrategy: false,
        allocation: result.allocation,
        createdAtMs: T0,
      })
      expect(kit.updates.map((update) => update.eventType)).toEqual(['rebalance_checked'])
      expect(kit.updates[0]?.data).toMatchObject({ action: 'no_action', max_deviation_pct: '4.11' })
    })

    it('rebalances at a 4 % threshold: sells $168.47 of BTC, then buys $76.53 of XRP, as the model chose', async () => {
      const kit = await startKit({
        configure: lowerThreshold,
        advisor: new ScriptedAdvisor(marketAnswer()),
      })
      const result = await kit.portfolio.service.rebalance({ correlationId: 'corr-hourly' })
      expect(result).toMatchObject({
        action: 'rebalance',
        trades: [
          {
            symbol: 'BTC/USDT',
            side: 'sell',
            amountUsd: '168.47',
            executionType: 'market',
            priority: 1,
            batches: 1,
          },
          {
            symbol: 'XRP/USDT',
            side: 'buy',
            amountUsd: '76.53',
            executionType: 'market',
            priority: 2,
            batches: 1,
          },
        ],
        usedFallbackStrategy: false,
      })
      expect(result.reasoning).toBe(
        'max deviation 4.11 % exceeds threshold 4 %: sell 168.47 BTC/USDT, buy 76.53 XRP/USDT. Strategy: liquid pairs, small sizes',
      )

      // Sells first, sizes computed from the amounts at the current prices, through risk.
      expect(
        kit.executor.requests.map((request) => [
          request.side,
          request.symbol,
          request.size.toFixed(),
          request.amountUsd.toFixed(),
          request.orderType,
          request.limitPrice,
          request.role,
          request.correlationId,
        ]),
      ).toEqual([
        [
          'sell',
          'BTC/USDT',
          '0.00378645',
          '168.47',
          'market',
          undefined,
          'rebalance',
          'corr-hourly',
        ],
        ['buy', 'XRP/USDT', '127.55', '76.53', 'market', undefined, 'rebalance', 'corr-hourly'],
      ])

      const executed = kit.updates.filter(
        (update) => update.eventType === 'rebalance_trade_executed',
      )
      expect(executed.map((update) => update.data)).toEqual([
        expect.objectContaining({
          symbol: 'BTC/USDT',
          side: 'sell',
          amount_usd: '168.47',
          size: '0.00378645',
          order_id: 'order-1',
          batch_index: 0,
          batch_count: 1,
        }),
        expect.objectContaining({
          symbol: 'XRP/USDT',
          side: 'buy',
          amount_usd: '76.53',
          size: '127.55',
          price: '0.6',
          order_id: 'order-2',
        }),
      ])
      expect(executed.every((update) => update.correlationId === 'corr-hourly')).toBe(true)

      const [record] = await history().recent()
      expect(record).toMatchObject({
        action: 'rebalance',
        correlationId: 'corr-hourly',
        usedFallbackStrategy: false,
        executionStrategy: {
          executionType: 'market',
          tradeOrder: [],
          splitLargeTrades: true,
          model: 'deepseek',
          fallbackReason: null,
        },
      })
      expect(record?.trades.map((trade) => trade.batchAmountsUsd)).toEqual([['168.47'], ['76.53']])
      const stored = await batches().ofRebalance(record!.id)
      expect(
        stored.map((batch) => [batch.symbol, batch.status, batch.orderId, batch.executedAtMs]),
      ).toEqual([
        ['BTC/USDT', 'executed', 'order-1', T0],
        ['XRP/USDT', 'executed', 'order-2', T0],
      ])

      // Each asset now sits at its target; the next check has nothing to do.
      const after = await kit.portfolio.service.allocation()
      expect(after.assets.map((asset) => [asset.asset, asset.value, asset.pct])).toEqual([
        ['BTC', '1366.53', '33.33'],
        ['XRP', '1366.53', '33.33'],
        ['USDT', '1366.94', '33.34'],
      ])
      expect((await kit.portfolio.service.rebalance()).action).toBe('no_action')
    })

    it('falls back to the default strategy (limit orders) when the model fails, and says so', async () => {
      const kit = await startKit({
        configure: lowerThreshold,
        advisor: new ScriptedAdvisor({ ok: false, error: 'server: 503' }),
      })
      const result = await kit.portfolio.service.rebalance()
      expect(result.usedFallbackStrategy).toBe(true)
      expect(result.trades.map((trade) => trade.executionType)).toEqual(['limit', 'limit'])
      expect(result.reasoning).toContain('Strategy: default strategy (model failed: server: 503)')
      expect(kit.executor.requests.map((request) => request.limitPrice?.toFixed())).toEqual([
        '44492.753623188405797',
        '0.6',
      ])
      const [record] = await history().recent()
      expect(record?.usedFallbackStrategy).toBe(true)
      expect(record?.executionStrategy).toMatchObject({
        executionType: 'limit',
        model: null,
        fallbackReason: 'model failed: server: 503',
      })
      expect(
        kit.updates.find((update) => update.eventType === 'rebalance_checked')?.data,
      ).toMatchObject({
        used_fallback_strategy: true,
      })
    })
  })

  describe('hodl bags', () => {
    it('locks the configured amount once and excludes it: 0.05 BTC held, 0.0155 locked, 0.0345 used', async () => {
      const configure: KitOptions['configure'] = (yaml) => {
        yaml.portfolio.hodl_bags.amounts.BTC = '0.0155'
        yaml.portfolio.rebalancing.threshold_pct = 4
      }
      const market = new FakeMarket()
        .balance('BTC', '0.05')
        .balance('XRP', '2150')
        .balance('USDT', '1275')
        .price('BTC/USDT', '44492.753623188405797')
        .price('XRP/USDT', '0.6')
      const kit = await startKit({ configure, market })
      const btc = (await kit.portfolio.service.allocation()).assets[0]
      expect(btc).toMatchObject({
        balance: '0.05',
        hodl: '0.0155',
        available: '0.0345',
        value: '1535.00',
        pct: '37.44',
      })
      expect(kit.updates.map((update) => update.eventType)).toEqual(['hodl_bag_changed'])

      const again = await kit.restart()
      started.push(again)
      expect(await again.portfolio.hodlBags.history('BTC')).toHaveLength(1)

      // The rebalance sells only what lies outside the bag.
      await again.portfolio.service.rebalance()
      expect(again.executor.requests[0]).toMatchObject({ side: 'sell', symbol: 'BTC/USDT' })
      expect(market.total('BTC').gte('0.0155')).toBe(true)
      expect((await again.portfolio.service.allocation()).assets[0]?.hodl).toBe('0.0155')
    })

    it('accrues the configured share of realized profit in its currency, with history and an event', async () => {
      const kit = await startKit()
      const amount = await kit.portfolio.hodlBags.accrueProfitShare({
        asset: 'USDT',
        realizedProfit: d('52.5'),
        positionId: '00000000-0000-4000-8000-000000000042',
      })
      expect(amount?.toFixed()).toBe('5.25')
      await kit.portfolio.hodlBags.accrue({
        asset: 'USDT',
        amount: d('1'),
        positionId: null,
        reason: 'tracker share',
        atMs: T0 + 5,
      })
      await kit.portfolio.hodlBags.accrue({
        asset: 'USDT',
        amount: d('0'),
        positionId: null,
        reason: 'none',
        atMs: T0,
      })
      expect(
        await kit.portfolio.hodlBags.accrueProfitShare({
          asset: 'USDT',
          realizedProfit: d('-10'),
          positionId: null,
        }),
      ).toBeNull()
      expect((await kit.portfolio.hodlBags.amounts()).USDT?.toFixed()).toBe('6.25')
      expect(
        (await kit.portfolio.hodlBags.history('USDT')).map((change) => [
          change.change.toFixed(),
          change.reason,
          change.createdAtMs,
        ]),
      ).toEqual([
        ['5.25', 'profit share 10% of realized 52.50', T0],
        ['1', 'tracker share', T0 + 5],
      ])
      expect(
        kit.updates
          .filter((update) => update.eventType === 'hodl_bag_changed')
          .map((update) => update.data.balance_after),
      ).toEqual(['5.25', '6.25'])
      // The bag is excluded from the quote asset's allocation.
      expect((await kit.portfolio.service.allocation()).assets[2]).toMatchObject({
        hodl: '6.25',
        available: '1268.75',
      })
    })

    it('reads the bags from the store once and keeps them in step with each change', async () => {
      const kit = await startKit()
      const reads = vi.spyOn(HodlBagRepository.prototype, 'all')
      try {
        expect((await kit.portfolio.hodlBags.amounts()).USDT).toBeUndefined()
        await kit.portfolio.hodlBags.accrue({
          asset: 'USDT',
          amount: d('2.5'),
          positionId: null,
          reason: 'tracker share',
          atMs: T0,
        })
        expect((await kit.portfolio.hodlBags.amounts()).USDT?.toFixed()).toBe('2.5')
        await kit.portfolio.service.allocation()
        expect(reads).not.toHaveBeenCalled()
      } finally {
        reads.mockRestore()
      }
    })

    it('accrues nothing when hodl bags are disabled', async () => {
      const kit = await startKit({
        configure: (yaml) => {
          yaml.portfolio.hodl_bags.enabled = false
        },
      })
      expect(
        await kit.portfolio.hodlBags.accrueProfitShare({
          asset: 'USDT',
          realizedProfit: d('100'),
          positionId: null,
        }),
      ).toBeNull()
      expect(await kit.portfolio.hodlBags.amounts()).toEqual({})
    })
  })

  describe('coins held by open positions', () => {
    it("does not sell a trade's coins: a 0.03 BTC position on the seed example plans nothing", async () => {
      const market = seedMarket().balance('BTC', '0.0645')
      const heldByPositions: Record<string, Decimal> = {}
      const kit = await startKit({ market, heldByPositions })
      // Counted in, the position's BTC would be 52.8 %, 19.5 points over target: a sell.
      const overweight = await kit.portfolio.service.allocation()
      expect(overweight.assets[0]).toMatchObject({ asset: 'BTC', inPositions: '0', pct: '52.80' })
      heldByPositions.BTC = new Decimal('0.03')
      const result = await kit.portfolio.service.rebalance()
      expect(result.action).toBe('no_action')
      expect(result.allocation.assets[0]).toMatchObject({
        balance: '0.0645',
        inPositions: '0.03',
        available: '0.0345',
        pct: '37.44',
      })
      expect(kit.executor.requests).toEqual([])
    })
  })

  describe('DCA', () => {
    it('splits a large trade into 6 batches 4 h apart that run on the clock, across a restart', async () => {
      const first = await startKit({ market: dcaMarket() })
      const result = await first.portfolio.service.rebalance()
      expect(result.trades).toEqual([
        {
          symbol: 'BTC/USDT',
          side: 'sell',
          amountUsd: '2667.00',
          executionType: 'limit',
          priority: 1,
          batches: 6,
        },
        {
          symbol: 'XRP/USDT',
          side: 'buy',
          amountUsd: '333.00',
          executionType: 'limit',
          priority: 2,
          batches: 1,
        },
      ])
      expect(result.usedFallbackStrategy).toBe(true)
      // At once: the first sell batch, then the buy.
      expect(
        first.executor.requests.map((request) => [request.side, request.amountUsd.toFixed()]),
      ).toEqual([
        ['sell', '444.5'],
        ['buy', '333'],
      ])
      const pending = await first.portfolio.service.pendingBatches()
      expect(
        pending.map((batch) => [batch.batchIndex, batch.dueAtMs - T0, batch.amountUsd.toFixed()]),
      ).toEqual([
        [1, 4 * HOUR, '444.5'],
        [2, 8 * HOUR, '444.5'],
        [3, 12 * HOUR, '444.5'],
        [4, 16 * HOUR, '444.5'],
        [5, 20 * HOUR, '444.5'],
      ])

      // While batches are pending, the hourly check leaves them alone.
      await first.clock.advanceTo(T0 + HOUR)
      const hourly = await first.portfolio.service.rebalance()
      expect(hourly.action).toBe('no_action')
      expect(hourly.reasoning).toMatch(/^DCA in progress: 5 batches of rebalance .+ pending/)

      // The engine stops for 8 hours; nothing runs meanwhile.
      await first.portfolio.service.stop()
      await first.clock.advanceTo(T0 + 9 * HOUR)
      expect(first.executor.requests).toHaveLength(2)

      // On restart the first overdue batch runs; the later ones move back to keep 4 h apart
      // (a DCA spreads the trade over time: two at once would defeat it).
      const second = await first.restart()
      started.push(second)
      expect(second.executor.requests).toHaveLength(3)
      await second.portfolio.scheduler.runDue()
      expect(second.executor.requests).toHaveLength(3)
      expect(
        (await second.portfolio.service.pendingBatches()).map((batch) => [
          batch.batchIndex,
          (batch.dueAtMs - T0) / HOUR,
        ]),
      ).toEqual([
        [2, 13],
        [3, 17],
        [4, 21],
        [5, 25],
      ])
      for (const hours of [13, 17, 21, 25]) {
        await second.clock.advanceTo(T0 + hours * HOUR - 1)
        await second.portfolio.scheduler.whenIdle()
        const sent = second.executor.requests.length
        await second.clock.advanceTo(T0 + hours * HOUR)
        await second.portfolio.scheduler.whenIdle()
        expect(second.executor.requests).toHaveLength(sent + 1)
      }
      await second.clock.advanceTo(T0 + 48 * HOUR)
      await second.portfolio.scheduler.whenIdle()
      expect(second.executor.requests).toHaveLength(7)

      const sells = second.executor.requests.filter((request) => request.side === 'sell')
      const sold = sells.reduce((sum, request) => sum.plus(request.amountUsd), d(0))
      expect(sold.toFixed()).toBe('2667')
      const stored = await batches().ofRebalance(pending[0]!.rebalanceId)
      expect(
        stored.map((batch) => [batch.batchIndex, batch.status, (batch.executedAtMs ?? 0) - T0]),
      ).toEqual([
        [0, 'executed', 0],
        [0, 'executed', 0],
        [1, 'executed', 9 * HOUR],
        [2, 'executed', 13 * HOUR],
        [3, 'executed', 17 * HOUR],
        [4, 'executed', 21 * HOUR],
        [5, 'executed', 25 * HOUR],
      ])
      expect(
        second.updates.filter((update) => update.eventType === 'rebalance_trade_executed'),
      ).toHaveLength(5)
      expect(await second.portfolio.service.pendingBatches()).toEqual([])
    })

    it('cancels one batch or a whole rebalance; cancelled batches never run', async () => {
      const kit = await startKit({ market: dcaMarket() })
      await kit.portfolio.service.rebalance()
      const pending = await kit.portfolio.service.pendingBatches()
      expect(pending).toHaveLength(5)
      expect(await kit.portfolio.service.cancelBatch(pending[0]!.id)).toBe(true)
      expect(await kit.portfolio.service.cancelBatch(pending[0]!.id)).toBe(false)
      await kit.clock.advanceTo(T0 + 4 * HOUR)
      await kit.portfolio.scheduler.whenIdle()
      expect(kit.executor.requests).toHaveLength(2)
      await kit.clock.advanceTo(T0 + 8 * HOUR)
      await kit.portfolio.scheduler.whenIdle()
      expect(kit.executor.requests).toHaveLength(3)

      expect(await kit.portfolio.service.cancelRebalance(pending[0]!.rebalanceId)).toBe(3)
      expect(await kit.portfolio.service.cancelRebalance(pending[0]!.rebalanceId)).toBe(0)
      await kit.clock.advanceTo(T0 + 48 * HOUR)
      await kit.portfolio.scheduler.whenIdle()
      expect(kit.executor.requests).toHaveLength(3)
      expect(kit.clock.pendingTimers()).toBe(0)
      const stored = await batches().ofRebalance(pending[0]!.rebalanceId)
      expect(stored.map((batch) => batch.status)).toEqual([
        'executed',
        'executed',
        'cancelled',
        'executed',
        'cancelled',
        'cancelled',
        'cancelled',
      ])
      expect(
        kit.updates
          .filter((update) => update.eventType === 'rebalance_batches_cancelled')
          .map((update) => update.data.count),
      ).toEqual([1, 3])
    })

    it('lets a forced rebalance replace the pending batches of an earlier one', async () => {
      const kit = await startKit({ market: dcaMarket() })
      await kit.portfolio.service.rebalance()
      const earlier = (await kit.portfolio.service.pendingBatches())[0]!.rebalanceId
      await kit.clock.advanceTo(T0 + HOUR)
      const forced = await kit.portfolio.service.rebalance({ force: true })
      expect(forced.action).toBe('rebalance')
      expect(
        (await batches().ofRebalance(earlier)).filter((batch) => batch.status === 'cancelled'),
      ).toHaveLength(5)
      const now = await kit.portfolio.service.pendingBatches()
      expect(now.length).toBeGreaterThan(0)
      expect(now.every((batch) => batch.rebalanceId !== earlier)).toBe(true)
    })

    /**
     * Gives a check started while a batch is in flight time to go as far as it can: one that
     * does not wait for the batch plans at once and asks the model; one that waits cannot, and
     * this ends after a short real-time wait.
     */
    async function letCheckRun(kit: PortfolioKit): Promise<void> {
      const asked = kit.advisor.prompts.length
      await vi
        .waitFor(() => expect(kit.advisor.prompts.length).toBeGreaterThan(asked), { timeout: 300 })
        .catch(() => undefined)
    }

    it('lets a forced rebalance wait for a batch being sent, then plan from the balances it left', async () => {
      const kit = await startKit({ market: dcaMarket() })
      await kit.portfolio.service.rebalance()
      const earlier = (await kit.portfolio.service.pendingBatches())[0]!.rebalanceId
      // 4 h on, the second BTC sell ($444.50) is on its way when the trader forces a rebalance.
      const release = kit.executor.holdNext()
      await kit.clock.advanceTo(T0 + 4 * HOUR)
      await vi.waitFor(() => expect(kit.executor.requests).toHaveLength(3))
      const forced = kit.portfolio.service.rebalance({ force: true })
      await letCheckRun(kit)
      release()
      const result = await forced
      // BTC $5,111 after that sell: $1,778 over its $3,333 target. Planned from the balances
      // before it, the check would sell $2,222.50 and the $444.50 in flight a second time.
      expect(result.trades.map((trade) => [trade.side, trade.symbol, trade.amountUsd])).toEqual([
        ['sell', 'BTC/USDT', '1778.00'],
      ])
      expect(
        (await batches().ofRebalance(earlier)).map((batch) => [batch.batchIndex, batch.status]),
      ).toEqual([
        [0, 'executed'],
        [0, 'executed'],
        [1, 'executed'],
        [2, 'cancelled'],
        [3, 'cancelled'],
        [4, 'cancelled'],
        [5, 'cancelled'],
      ])
    })

    it('lets the hourly check wait for the last batch being sent instead of planning it again', async () => {
      const kit = await startKit({ market: dcaMarket(), configure: lowerThreshold })
      await kit.portfolio.service.rebalance()
      for (const hours of [4, 8, 12, 16]) {
        await kit.clock.advanceTo(T0 + hours * HOUR)
        await kit.portfolio.scheduler.whenIdle()
      }
      const release = kit.executor.holdNext()
      await kit.clock.advanceTo(T0 + 20 * HOUR)
      await vi.waitFor(() => expect(kit.executor.requests).toHaveLength(7))
      // Nothing is pending any more, and BTC is still 4.4 points over its target until the
      // last $444.50 lands: planned now, that sale would be made twice.
      const hourly = kit.portfolio.service.rebalance()
      await letCheckRun(kit)
      release()
      expect(await hourly).toMatchObject({ action: 'no_action' })
      expect(kit.executor.requests).toHaveLength(7)
      expect((await kit.portfolio.service.allocation()).assets[0]?.pct).toBe('33.33')
    })

    it('marks a batch caught mid-send as failed on restart and never sends it again', async () => {
      const kit = await startKit({ market: dcaMarket() })
      await kit.portfolio.service.rebalance()
      const [next] = await kit.portfolio.service.pendingBatches()
      await kit.portfolio.service.stop()
      await batches().changeStatus(next!.id, 'pending', 'executing')

      const restarted = await kit.restart()
      started.push(restarted)
      const batch = await batches().get(next!.id)
      expect(batch?.status).toBe('failed')
      expect(batch?.error).toMatch(/^INTERRUPTED: /)
      expect(
        restarted.updates.find((update) => update.eventType === 'rebalance_trade_failed')?.data,
      ).toMatchObject({
        batch_id: next!.id,
        status: 'failed',
      })
      await restarted.clock.advanceTo(T0 + 4 * HOUR)
      await restarted.portfolio.scheduler.whenIdle()
      expect(
        restarted.executor.requests.filter((request) => request.requestId === next!.id),
      ).toEqual([])
    })
  })

  describe("the exchange's minimum order", () => {
    it('plans no trade the exchange would refuse as too small, and says so', async () => {
      const kit = await startKit({
        market: seedMarket().minimum('XRP/USDT', '200'),
        configure: lowerThreshold,
        advisor: new ScriptedAdvisor(marketAnswer()),
      })
      const result = await kit.portfolio.service.rebalance()
      expect(result.trades.map((trade) => [trade.side, trade.symbol])).toEqual([
        ['sell', 'BTC/USDT'],
      ])
      expect(kit.executor.requests.map((request) => request.symbol)).toEqual(['BTC/USDT'])
    })
  })

  describe('rebalance orders still open', () => {
    /** The seed example at a 4 % threshold, its BTC sell left resting on the book. */
    async function withRestingSell() {
      const market = seedMarket()
      const executor = new FakeTradeExecutor(market).restNext(1)
      const kit = await startKit({
        market,
        executor,
        configure: lowerThreshold,
        advisor: new ScriptedAdvisor(marketAnswer(), marketAnswer()),
      })
      expect((await kit.portfolio.service.rebalance()).action).toBe('rebalance')
      expect(executor.requests.map((request) => [request.side, request.symbol])).toEqual([
        ['sell', 'BTC/USDT'],
        ['buy', 'XRP/USDT'],
      ])
      await kit.clock.advanceTo(T0 + HOUR)
      return { kit, executor }
    }

    it('waits while one rests unfilled, instead of selling its amount a second time', async () => {
      const { kit, executor } = await withRestingSell()
      const hourly = await kit.portfolio.service.rebalance()
      expect(hourly.action).toBe('no_action')
      expect(hourly.reasoning).toBe(
        'rebalance orders still open: sell BTC/USDT order-1; no new trades until they fill or are cancelled',
      )
      expect(executor.requests).toHaveLength(2)
      expect(executor.cancelled).toEqual([])
    })

    it('cancels them when forced, then plans from the balances', async () => {
      const { kit, executor } = await withRestingSell()
      const forced = await kit.portfolio.service.rebalance({ force: true })
      expect(executor.cancelled).toEqual(['order-1'])
      expect(forced.action).toBe('rebalance')
      // The cancelled sell never happened: BTC is still over its target and is sold again.
      expect(
        executor.requests.slice(2).map((request) => [request.side, request.symbol]),
      ).toContainEqual(['sell', 'BTC/USDT'])
    })
  })

  describe('risk and execution failures', () => {
    it('lets a rebalance sell through a tripped breaker and keeps the buy waiting', async () => {
      const kit = await startKit({ configure: lowerThreshold })
      await kit.risk.updateVolatility({ symbol: 'BTC/USDT', atrPct: 6 })
      await kit.portfolio.service.rebalance()
      expect(kit.executor.requests.map((request) => request.side)).toEqual(['sell'])
      const [record] = await history().recent()
      const stored = await batches().ofRebalance(record!.id)
      expect(stored.map((batch) => batch.status)).toEqual(['executed', 'pending'])
      expect(stored[1]?.error).toMatch(/^CIRCUIT_BREAKER: breaker=volatility/)
      const failed = kit.updates.find((update) => update.eventType === 'rebalance_trade_failed')
      expect(failed?.data).toMatchObject({ symbol: 'XRP/USDT', status: 'pending' })
    })

    /** Three losing trades in a row: new entries pause for 60 minutes (config/risk.yaml). */
    async function loseThreeTrades(kit: PortfolioKit): Promise<void> {
      for (let loss = 0; loss < 3; loss++) {
        await kit.risk.recordTradeResult({ symbol: 'BTC/USDT', realizedPnl: d(-5) })
      }
    }

    it('keeps a rebalance buy the cooldown refused waiting, says so once and sends it after the cooldown', async () => {
      const kit = await startKit({
        configure: lowerThreshold,
        advisor: new ScriptedAdvisor(marketAnswer()),
      })
      await loseThreeTrades(kit)
      await kit.portfolio.service.rebalance()
      expect(kit.executor.requests.map((request) => request.side)).toEqual(['sell'])
      const [record] = await history().recent()
      const cooldown = 'COOLDOWN: consecutive_losses=3 until=2025-01-06T13:00:00.000Z'
      expect((await batches().ofRebalance(record!.id))[1]).toMatchObject({
        symbol: 'XRP/USDT',
        status: 'pending',
        error: cooldown,
        dueAtMs: T0 + RISK_RETRY_DELAY_MS,
      })
      const told = () =>
        kit.updates
          .filter((update) => update.eventType === 'rebalance_trade_failed')
          .map((update) => update.data)
      expect(told()).toEqual([
        expect.objectContaining({ symbol: 'XRP/USDT', status: 'pending', error: cooldown }),
      ])

      // Tried again every quarter of an hour. While it waits, a check plans nothing on top of it.
      const quarter = async (n: number) => {
        await kit.clock.advanceTo(T0 + n * RISK_RETRY_DELAY_MS)
        await kit.portfolio.scheduler.whenIdle()
      }
      await quarter(1)
      await quarter(2)
      const hourly = await kit.portfolio.service.rebalance()
      expect(hourly.reasoning).toMatch(/^DCA in progress: 1 batches of rebalance /)
      expect(hourly.reasoning).toContain(
        `; refused for now, tried again: buy XRP/USDT: ${cooldown}`,
      )
      expect((await history().recent())[0]?.reasoning).toBe(hourly.reasoning)
      await quarter(3)
      expect(kit.executor.requests).toHaveLength(1)
      await quarter(4)
      expect(kit.executor.requests.map((request) => request.side)).toEqual(['sell', 'buy'])
      expect((await batches().ofRebalance(record!.id))[1]).toMatchObject({
        status: 'executed',
        error: null,
        executedAtMs: T0 + HOUR,
      })
      expect(told()).toHaveLength(1)
      const after = await kit.portfolio.service.allocation()
      expect(after.assets.map((asset) => asset.value)).toEqual(['1366.53', '1366.53', '1366.94'])
    })

    it("keeps a DCA buy batch the cooldown refused waiting, and the rebalance's later batches their spacing", async () => {
      const market = new FakeMarket()
        .balance('USDT', '10000')
        .price('BTC/USDT', '50000')
        .price('XRP/USDT', '0.5')
      const kit = await startKit({ market })
      // Buy $3,333 of BTC and of XRP, 6 batches of $555.50 each, 4 h apart.
      await kit.portfolio.service.rebalance()
      expect(kit.executor.requests).toHaveLength(2)
      // A losing streak 3.5 h in pauses entries until 4.5 h: the second batches fall due in it.
      await kit.clock.advanceTo(T0 + 3.5 * HOUR)
      await loseThreeTrades(kit)
      const due = async () =>
        (await kit.portfolio.service.pendingBatches()).map((batch) => [
          batch.symbol,
          batch.batchIndex,
          (batch.dueAtMs - T0) / HOUR,
        ])
      await kit.clock.advanceTo(T0 + 4 * HOUR)
      await kit.portfolio.scheduler.whenIdle()
      expect(kit.executor.requests).toHaveLength(2)
      expect((await due()).slice(0, 4)).toEqual([
        ['BTC/USDT', 1, 4.25],
        ['XRP/USDT', 1, 4.25],
        ['BTC/USDT', 2, 8.25],
        ['XRP/USDT', 2, 8.25],
      ])

      // Tried again at 4.25 h, still refused; at 4.5 h the cooldown is over.
      await kit.clock.advanceTo(T0 + 4.25 * HOUR)
      await kit.portfolio.scheduler.whenIdle()
      expect(kit.executor.requests).toHaveLength(2)
      await kit.clock.advanceTo(T0 + 4.5 * HOUR)
      await kit.portfolio.scheduler.whenIdle()
      expect(kit.executor.requests).toHaveLength(4)
      expect(await due()).toEqual(
        [2, 3, 4, 5].flatMap((index) => [
          ['BTC/USDT', index, 4.5 + (index - 1) * 4],
          ['XRP/USDT', index, 4.5 + (index - 1) * 4],
        ]),
      )
      for (const hours of [8.5, 12.5, 16.5, 20.5]) {
        await kit.clock.advanceTo(T0 + hours * HOUR)
        await kit.portfolio.scheduler.whenIdle()
      }
      expect(await due()).toEqual([])
      const bought = (symbol: string) =>
        kit.executor.requests
          .filter((request) => request.symbol === symbol)
          .reduce((sum, request) => sum.plus(request.amountUsd), d(0))
          .toFixed()
      expect([bought('BTC/USDT'), bought('XRP/USDT')]).toEqual(['3333', '3333'])
    })

    it('records a failed execution with its error and carries on with the next trade', async () => {
      const kit = await startKit({ configure: lowerThreshold })
      kit.executor.answer({ success: false, error: 'INSUFFICIENT_FUNDS: asset=BTC' })
      await kit.portfolio.service.rebalance()
      const [record] = await history().recent()
      const stored = await batches().ofRebalance(record!.id)
      expect(stored.map((batch) => [batch.status, batch.error])).toEqual([
        ['failed', 'INSUFFICIENT_FUNDS: asset=BTC'],
        ['executed', null],
      ])
    })
  })

  describe('the coordinator task', () => {
    const taskContext = {
      correlationId: 'task-run-1',
      signal: new AbortController().signal,
      degradationLevel: 'NORMAL',
      timeoutMs: 120_000,
    } as const

    /** The task over the kit's service, with the feed's prices of BTC/USDT and XRP/USDT at T0. */
    function aTask(kit: Awaited<ReturnType<typeof startKit>>) {
      const prices = new ManualPriceSource()
      prices.setPrice('BTC/USDT', d('50000'), T0)
      prices.setPrice('XRP/USDT', d('0.6'), T0)
      const options = {
        markets: ['BTC/USDT', 'XRP/USDT'],
        prices,
        clock: kit.clock,
        maxPriceAgeMs: 180_000,
      }
      return { run: rebalanceTask(kit.portfolio.service, options), prices }
    }

    it('runs an unforced check under the run correlation id', async () => {
      const kit = await startKit()
      await expect(aTask(kit).run('PORTFOLIO', taskContext)).resolves.toBeUndefined()
      const [record] = await history().recent()
      expect(record).toMatchObject({ correlationId: 'task-run-1', action: 'no_action' })
    })

    it('skips the check while a market price is older than the limit (a stalled feed)', async () => {
      const kit = await startKit()
      const { run, prices } = aTask(kit)
      await kit.clock.advanceTo(T0 + 181_000)
      prices.setPrice('BTC/USDT', d('50000'), kit.clock.now())
      await expect(run('PORTFOLIO', taskContext)).resolves.toEqual(
        runSkipped('STALE_DATA', 'STALE_DATA: stale=XRP/USDT max_price_age_ms=180000'),
      )
      expect(await history().recent()).toEqual([])
    })
  })

  describe('edge cases', () => {
    it('returns the target allocation and takes no action at zero equity', async () => {
      const kit = await startKit({
        market: new FakeMarket().price('BTC/USDT', '50000').price('XRP/USDT', '0.6'),
      })
      const allocation = await kit.portfolio.service.allocation()
      expect(allocation.totalEquity).toBe('0.00')
      expect(allocation.assets.map((asset) => [asset.pct, asset.deviationPct])).toEqual([
        ['33.33', '0.00'],
        ['33.33', '0.00'],
        ['33.34', '0.00'],
      ])
      const result = await kit.portfolio.service.rebalance({ force: true })
      expect(result).toMatchObject({
        action: 'no_action',
        trades: [],
        reasoning: 'zero equity: nothing to rebalance',
      })
    })

    it('warns about targets that do not sum to 100', async () => {
      const kit = await startKit({
        configure: (yaml) => {
          yaml.portfolio.target_allocation.USDT = 33.33
        },
      })
      const allocation = await kit.portfolio.service.allocation()
      expect(allocation.warnings).toEqual(['target_allocation sums to 99.99 %, not 100 %'])
      expect(allocation.assets[2]?.deviationPct).toBe('-2.23')
    })

    it('fails a check when the balances cannot be read, without recording it', async () => {
      const kit = await startKit()
      kit.market.failure = new Error('EAPI:Rate limit exceeded')
      await expect(kit.portfolio.service.rebalance()).rejects.toThrow('EAPI:Rate limit exceeded')
      await expect(kit.portfolio.service.allocation()).rejects.toThrow('EAPI:Rate limit exceeded')
      expect(await history().recent()).toEqual([])
      kit.market.failure = null
      expect((await kit.portfolio.service.rebalance()).action).toBe('no_action')
    })
  })

  describe('equity curve', () => {
    it('stores each snapshot with the equity, the exact balances and the P&L given', async () => {
      const kit = await startKit()
      await kit.portfolio.service.recordSnapshot({ realizedPnl: d('12.5'), unrealizedPnl: d('-3') })
      const [row] = await store.db.select().from(schema.portfolioSnapshots)
      expect(row?.equity.toFixed()).toBe('4100')
      expect(row?.realizedPnl.toFixed()).toBe('12.5')
      expect(row?.unrealizedPnl.toFixed()).toBe('-3')
      expect(row?.balances).toEqual({ BTC: '0.0345', XRP: '2150', USDT: '1275' })
      expect(Object.keys(row ?? {}).sort()).toEqual([
        'balances',
        'equity',
        'realizedPnl',
        'timestamp',
        'unrealizedPnl',
      ])
    })

    it('records the balances it is given as a snapshot that reads them would, without reading them again', async () => {
      const kit = await startKit()
      const service = kit.portfolio.service
      const read = await kit.market.fetchBalances()
      const fetches = kit.market.fetchCount
      expect(await service.recordSnapshot({ balances: read })).toEqual({
        timestamp: T0,
        equity: '4100.00',
      })
      expect(kit.market.fetchCount).toBe(fetches)

      await kit.clock.advanceTo(T0 + HOUR)
      await service.recordSnapshot()
      const [given, readItself] = await store.db
        .select()
        .from(schema.portfolioSnapshots)
        .orderBy(schema.portfolioSnapshots.timestamp)
      expect(kit.market.fetchCount).toBe(fetches + 1)
      expect(given?.balances).toEqual(readItself?.balances)
      expect(given?.equity.toFixed()).toBe(readItself?.equity.toFixed())
    })

    it("records the open margin positions' P&L the balances do not hold yet as equity", async () => {
      const kit = await startKit()
      // A 3x long down 250: settled into USDT only as the position is reduced.
      expect(await kit.portfolio.service.recordSnapshot({ marginPnl: d('-250') })).toEqual({
        timestamp: T0,
        equity: '3850.00',
      })
    })

    it('records snapshots with the whole equity and returns the curve, thinned on request', async () => {
      const kit = await startKit()
      const service = kit.portfolio.service
      expect(await service.recordSnapshot()).toEqual({ timestamp: T0, equity: '4100.00' })
      await kit.clock.advanceTo(T0 + HOUR)
      kit.market.price('XRP/USDT', '0.7')
      await service.recordSnapshot({ realizedPnl: d('12.5'), unrealizedPnl: d('-3') })
      await kit.clock.advanceTo(T0 + 2 * HOUR)
      kit.market.balance('USDT', '1000')
      await service.recordSnapshot()
      expect(await service.equityCurve()).toEqual([
        { timestamp: T0, equity: '4100.00' },
        { timestamp: T0 + HOUR, equity: '4315.00' },
        { timestamp: T0 + 2 * HOUR, equity: '4040.00' },
      ])
      expect(await service.equityCurve({ fromMs: T0 + HOUR, toMs: T0 + HOUR })).toEqual([
        { timestamp: T0 + HOUR, equity: '4315.00' },
      ])
      expect(await service.equityCurve({ maxPoints: 2 })).toEqual([
        { timestamp: T0, equity: '4100.00' },
        { timestamp: T0 + 2 * HOUR, equity: '4040.00' },
      ])
      expect(await service.equityCurve({ maxPoints: 1 })).toEqual([
        { timestamp: T0 + 2 * HOUR, equity: '4040.00' },
      ])
    })
  })
})
