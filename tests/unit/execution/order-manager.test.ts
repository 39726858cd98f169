import Decimal from 'decimal.js'
import { describe, expect, it, vi } from 'vitest'
import { VirtualClock } from '../../../src-main/engine/clock'
import type { Broker, PlaceOrderRequest } from '../../../src-main/engine/execution/broker/broker'
import type { ManualPriceSource } from '../../../src-main/engine/execution/manual-price-source'
import type {
  ExecutionEvent,
  ExecutionEventPublisher,
} from '../../../src-main/engine/execution/execution-event'
import type { ExecutionResult } from '../../../src-main/engine/execution/execution-result'
import type { Order } from '../../../src-main/engine/execution/order'
import type { OrderManager } from '../../../src-main/engine/execution/order-manager'
import type { Position } from '../../../src-main/engine/execution/position'
import { PaperBroker } from '../../../src-main/engine/execution/paper/paper-broker'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import type { Store } from '../../../src-main/engine/store'
import { WriteBehind } from '../../../src-main/engine/store/write-behind'
import { drive } from '../../helpers/drive-clock'
import {
  aRequest,
  executionHarness,
  executionSection,
  paperBrokerOn,
  truncateExecutionTables,
  type ExecutionSection,
  type HarnessOptions,
} from '../../helpers/execution-kit'
import { useMemoryStore } from '../../helpers/test-store'
import { faults, FaultyBroker } from '../../fakes/faulty-broker'

const d = (value: Decimal.Value) => new Decimal(value)
const T0 = Date.UTC(2025, 0, 1)

/** Places a 0.01 BTC limit buy straight on the exchange, as a trader would by hand. */
async function placeByHand(paper: PaperBroker, price: string): Promise<void> {
  await paper.placeOrder({
    clientOrderId: 'by-hand',
    symbol: 'BTC/USDT',
    side: 'buy',
    type: 'limit',
    size: d('0.01'),
    price: d(price),
    leverage: 1,
  })
}

/** What a test's broker is built on. */
interface BrokerParts {
  clock: VirtualClock
  prices: ManualPriceSource
  config: ExecutionSection
}

/** A paper broker that, once told to forget, answers every order query as unknown. */
function forgettingBroker() {
  let isForgotten = false
  return {
    forget: () => {
      isForgotten = true
    },
    broker: ({ clock, prices, config }: BrokerParts) =>
      overriding(paperBrokerOn({ clock, prices, config }, {}), (paper) => ({
        fetchOrder: async (id: string, symbol: string) => {
          if (isForgotten) throw faults.notFound()
          return paper.fetchOrder(id, symbol)
        },
        fetchOrderByClientId: async (id: string, symbol: string) =>
          isForgotten ? null : paper.fetchOrderByClientId(id, symbol),
      })),
  }
}

/**
 * The broker with some methods replaced. It offers no order revision unless one is given:
 * replaced answers can change without the paper broker's revision moving.
 */
function overriding(broker: PaperBroker, replace: (inner: PaperBroker) => Partial<Broker>): Broker {
  const replacements: Partial<Broker> = { orderRevision: undefined, ...replace(broker) }
  return new Proxy(broker, {
    get(target, property, receiver) {
      if (property in replacements) return replacements[property as keyof Broker]
      return Reflect.get(target, property, receiver) as unknown
    },
  }) as Broker
}

/** The paper broker with its order revision, noting the id of every order it is asked about. */
function revisionTellingBroker(fetched: string[]) {
  return ({ clock, prices, config }: BrokerParts): Broker =>
    overriding(paperBrokerOn({ clock, prices, config }, {}), (paper) => ({
      orderRevision: () => paper.orderRevision(),
      fetchOrder: async (id: string, symbol: string) => {
        fetched.push(id)
        return paper.fetchOrder(id, symbol)
      },
    }))
}

/**
 * Reads each order back from the manager when its event is published, as the engine's UI
 * events do (they send the order as the manager returns it).
 */
class ReadBackObserver implements ExecutionEventPublisher {
  manager: OrderManager | null = null
  /** Per order event: the status the event announces and the status read back. */
  readonly seen: { type: string; role: unknown; announced: unknown; readBack: string | null }[] = []

  async publish(event: ExecutionEvent): Promise<void> {
    if (!event.type.startsWith('order.') || !event.orderId || !this.manager) return
    const order = await this.manager.getOrder(event.orderId)
    this.seen.push({
      type: event.type,
      role: event.payload.role,
      announced: event.payload.status,
      readBack: order ? order.status.toLowerCase() : null,
    })
  }
}

function orderOf(result: ExecutionResult): Order {
  if (!result.order) throw new Error(`no order in ${JSON.stringify(result)}`)
  return result.order
}

/** Counts the store lookups of orders by exchange id. */
function countLookups(orders: { findByExternalId(externalId: string): Promise<Order | null> }) {
  const lookups = { count: 0 }
  const findByExternalId = orders.findByExternalId.bind(orders)
  orders.findByExternalId = (externalId: string) => {
    lookups.count++
    return findByExternalId(externalId)
  }
  return lookups
}

describe('OrderManager', () => {
  let store: Store
  useMemoryStore((opened) => (store = opened), truncateExecutionTables)

  /** A harness whose paper broker sits behind a FaultyBroker, prices set, synced. */
  async function setup(
    options: Partial<HarnessOptions> & {
      configOverrides?: Parameters<typeof executionSection>[0]
    } = {},
  ) {
    let faulty: FaultyBroker | null = null
    let paper: PaperBroker | null = null
    const config: ExecutionSection =
      options.config ??
      executionSection({
        paper: { starting_balances: { USDT: '100000', BTC: '1', XRP: '0' } },
        ...options.configOverrides,
      })
    const harness = executionHarness({
      store,
      clock: options.clock ?? new VirtualClock(T0),
      config,
      probes: options.probes,
      prices: options.prices,
      observers: options.observers,
      writes: options.writes,
      broker:
        options.broker ??
        (({ clock, prices }) => {
          paper = new PaperBroker({
            clock,
            prices,
            config: config.paper,
            fallbackPrices: config.fallback_prices,
            logger: silentLogger(),
          })
          faulty = new FaultyBroker(paper)
          return faulty
        }),
    })
    harness.prices.setPrice('BTC/USDT', d('45000'), T0)
    harness.prices.setPrice('XRP/USDT', d('0.6'), T0)
    await harness.tracker.load()
    const synced = await harness.manager.sync()
    const run = <T>(promise: Promise<T>) => drive(harness.clock, promise)
    return {
      ...harness,
      synced,
      faulty: faulty! as FaultyBroker,
      paper: paper! as PaperBroker,
      run,
    }
  }

  describe('validation and limits', () => {
    it('refuses to trade before the first sync', async () => {
      const harness = executionHarness({ store })
      const result = await harness.manager.execute(aRequest().build())
      expect(result).toMatchObject({ success: false, code: 'NOT_SYNCED' })
      expect(harness.manager.isSynced).toBe(false)
    })

    it.each([
      ['an unknown symbol', aRequest().symbol('bad'), 'INVALID_REQUEST', 'reason=unknown symbol'],
      [
        'no correlation id',
        aRequest().correlation(''),
        'INVALID_REQUEST',
        'correlationId required',
      ],
      ['size 0', aRequest().buy('0'), 'INVALID_SIZE', 'size=0'],
      ['a negative size', aRequest().buy('-1'), 'INVALID_SIZE', 'size=-1'],
      ['a size below one step', aRequest().buy('0.000000001'), 'INVALID_SIZE', 'computed=0'],
      ['leverage 0', aRequest().leverage(0), 'INVALID_REQUEST', 'leverage=0 allowed=1..5'],
      ['leverage 6', aRequest().leverage(6), 'INVALID_REQUEST', 'leverage=6'],
      [
        'a limit without price',
        aRequest().with({ orderType: 'limit' }),
        'INVALID_REQUEST',
        'limit price',
      ],
      [
        'a limit 10 % off the market',
        aRequest().limit('49500'),
        'PRICE_OUT_OF_RANGE',
        'deviation_pct=10.00 max=5',
      ],
      [
        'a long stop above the price',
        aRequest().stopLoss('45500'),
        'INVALID_PROTECTION',
        'stop_loss=45500',
      ],
      [
        'a long target below the price',
        aRequest().takeProfit('44000'),
        'INVALID_PROTECTION',
        'take_profit=44000',
      ],
      [
        'a short stop below the price',
        aRequest().sell('0.1').stopLoss('44000'),
        'INVALID_PROTECTION',
        'side=sell',
      ],
      [
        'a short target above the price',
        aRequest().sell('0.1').takeProfit('46000'),
        'INVALID_PROTECTION',
        'take_profit=46000',
      ],
      [
        'an expiry on a market order',
        aRequest().with({ expiresAfterSeconds: 10 }),
        'INVALID_REQUEST',
        'expires_after_seconds=10',
      ],
      [
        'a zero expiry',
        aRequest().limit('45000').with({ expiresAfterSeconds: 0 }),
        'INVALID_REQUEST',
        'limit orders only',
      ],
      [
        'closing an unknown position',
        aRequest().close('00000000-0000-4000-8000-0000000000ff'),
        'POSITION_NOT_FOUND',
        'position=',
      ],
    ])('refuses %s as data', async (_name, builder, code, detail) => {
      const { manager, repositories } = await setup()
      const result = await manager.execute(builder.build())
      expect(result).toMatchObject({ success: false, code, order: null })
      if (!result.success) expect(result.message).toContain(detail)
      expect(await repositories.orders.recent(10)).toEqual([])
    })

    it('refuses an order below the market minimum cost', async () => {
      const { manager } = await setup({
        broker: ({ clock, prices, config }) =>
          new PaperBroker({
            clock,
            prices,
            config: config.paper,
            fallbackPrices: {},
            logger: silentLogger(),
            marketRules: {
              'BTC/USDT': {
                symbol: 'BTC/USDT',
                amountStep: d('0.0001'),
                priceStep: d('0.1'),
                minSize: d('0.0001'),
                minCost: d('10'),
              },
            },
          }),
      })
      const result = await manager.execute(aRequest().buy('0.0002').build())
      expect(result).toMatchObject({ success: false, code: 'INVALID_SIZE' })
      if (!result.success) expect(result.message).toContain('cost=9 min_cost=10')
      const rounded = await manager.execute(aRequest().buy('0.00129').build())
      expect(orderOf(rounded).size.toString()).toBe('0.0012')
    })

    it("puts prices on the market's tick (BTC/USDT: 0.1): levels to the nearest, limits toward the market", async () => {
      const { manager } = await setup()
      const entry = await manager.execute(
        aRequest()
          .limit('44000.03')
          .buy('0.01')
          .stopLoss('43000.06')
          .takeProfit('46000.04')
          .build(),
      )
      expect(orderOf(entry)).toMatchObject({
        price: d('44000.1'),
        stopLoss: d('43000.1'),
        takeProfit: d('46000'),
      })
      // A sell's limit goes down to the tick: it asks for less than a tick below the price given.
      const sell = await manager.execute(
        aRequest().limit('45000.09').sell('0.01').leverage(2).build(),
      )
      expect(orderOf(sell).price).toEqual(d('45000'))
      // A stop-loss half a tick under the market would round onto it: refused, not placed.
      const onMarket = await manager.execute(aRequest().buy('0.01').stopLoss('44999.96').build())
      expect(onMarket).toMatchObject({ success: false, code: 'INVALID_PROTECTION' })
    })

    it('shrinks a buy whose limit moved up to the tick, so it costs no more than the funds it was sized to', async () => {
      // The risk engine sized the entry to the free balance at the price asked (44000.03).
      const funded = d('0.5').times('44000.03').times('1.0026')
      const { manager } = await setup({
        configOverrides: { paper: { starting_balances: { USDT: funded.toString(), BTC: '0' } } },
      })
      const entry = orderOf(
        await manager.execute(aRequest().limit('44000.03').buy('0.5').stopLoss('43000').build()),
      )
      expect(entry.status).not.toBe('ERROR')
      expect(entry.price).toEqual(d('44000.1'))
      // 0.5 × 44000.03 / 44000.1, down to the amount step
      expect(entry.size).toEqual(d('0.49999920'))
      expect(entry.size.times(entry.price!).lte(d('0.5').times('44000.03'))).toBe(true)
    })

    it('refuses entries and rebalance trades on a market price older than 180 s, never a close', async () => {
      const { manager, clock, prices } = await setup()
      const entry = await manager.execute(aRequest().buy('0.01').build())
      const position = orderOf(entry).positionId!
      await clock.advanceTo(T0 + 181_000)
      for (const request of [aRequest().buy('0.01'), aRequest().rebalance().buy('0.01')]) {
        const refused = await manager.execute(request.build())
        expect(refused).toMatchObject({ success: false, code: 'STALE_PRICE' })
        if (!refused.success) expect(refused.message).toContain('price_age_ms=181000 max_ms=180000')
      }
      expect((await manager.execute(aRequest().sell('0.01').close(position).build())).success).toBe(
        true,
      )
      // A fresh price: trading goes on.
      prices.setPrice('BTC/USDT', d('45000'), clock.now())
      expect((await manager.execute(aRequest().buy('0.01').build())).success).toBe(true)
    })

    it('enforces 2 positions per symbol and 5 in total, counting entries in flight', async () => {
      const { manager, prices } = await setup()
      for (const symbol of ['ETH/USDT', 'SOL/USDT']) prices.setPrice(symbol, d('100'), T0)
      // Sizes above each market's minimum (XRP/USDT: 10 XRP on Kraken).
      const entry = (symbol: string) =>
        manager.execute(
          aRequest()
            .symbol(symbol)
            .buy(symbol === 'XRP/USDT' ? '20' : '0.01')
            .build(),
        )
      expect((await entry('BTC/USDT')).success).toBe(true)
      // a resting limit entry counts although it has no position yet
      expect((await manager.execute(aRequest().limit('44000').buy('0.01').build())).success).toBe(
        true,
      )
      const third = await entry('BTC/USDT')
      expect(third).toMatchObject({ success: false, code: 'MAX_POSITIONS_PER_SYMBOL' })
      if (!third.success)
        expect(third.message).toBe(
          'MAX_POSITIONS_PER_SYMBOL: symbol=BTC/USDT correlation=corr-1 open=2 limit=2',
        )
      expect((await entry('XRP/USDT')).success).toBe(true)
      expect((await entry('ETH/USDT')).success).toBe(true)
      expect((await entry('SOL/USDT')).success).toBe(true)
      expect(await entry('SOL/USDT')).toMatchObject({ success: false, code: 'MAX_POSITIONS_TOTAL' })
      // closing and rebalancing are never limited
      expect((await manager.execute(aRequest().rebalance().sell('0.01').build())).success).toBe(
        true,
      )
    })

    it('lets only one of two entries sent together take the last place', async () => {
      const { manager } = await setup({ configOverrides: { positions: { max_total: 1 } } })
      const results = await Promise.all([
        manager.execute(aRequest().buy('0.01').build()),
        manager.execute(aRequest().symbol('XRP/USDT').buy('20').build()),
      ])
      expect(results.map((result) => result.success)).toEqual([true, false])
      expect(results[1]).toMatchObject({ code: 'MAX_POSITIONS_TOTAL' })
      expect(manager.openOrders().filter((order) => order.role === 'entry')).toEqual([])
    })
  })

  describe('order flow on the paper broker', () => {
    it('opens the position of a filled entry without looking for it in the store', async () => {
      const { manager, repositories } = await setup()
      const reads = vi.spyOn(repositories.positions, 'findById')
      const result = await manager.execute(aRequest().buy('0.05').build())
      expect(result.success && result.position?.status).toBe('open')
      expect(reads).not.toHaveBeenCalled()
    })

    it('fills a market entry, opens the position and places both protective orders', async () => {
      const { manager, repositories, events, tracker } = await setup()
      const result = await manager.execute(
        aRequest()
          .buy('0.05')
          .leverage(2)
          .stopLoss('44300')
          .takeProfit('47000')
          .correlation('sig-42')
          .build(),
      )
      expect(result.success).toBe(true)
      const entry = orderOf(result)
      expect(entry).toMatchObject({
        status: 'FILLED',
        role: 'entry',
        correlationId: 'sig-42',
        externalId: 'PAPER-000001',
      })
      expect(entry.averageFillPrice?.toString()).toBe('45022.5')
      expect(result.success && result.position).toMatchObject({
        side: 'long',
        leverage: 2,
        correlationId: 'sig-42',
      })
      const log = await repositories.statusLog.forOrder(entry.id)
      expect(log.map((row) => row.status)).toEqual(['PENDING', 'FILLED'])
      const [position] = tracker.openPositions()
      const protective = manager.openOrders()
      expect(
        protective.map((o) => [
          o.role,
          o.type,
          o.side,
          o.triggerPrice?.toString(),
          o.size.toString(),
          o.leverage,
        ]),
      ).toEqual([
        ['stop-loss', 'stop-loss', 'sell', '44300', '0.05', 2],
        ['take-profit', 'take-profit', 'sell', '47000', '0.05', 2],
      ])
      expect(
        protective.every(
          (o) =>
            o.status === 'OPEN' && o.parentOrderId === entry.id && o.correlationId === 'sig-42',
        ),
      ).toBe(true)
      expect(position?.stopLossOrderId).toBe(protective[0]?.id)
      expect(position?.takeProfitOrderId).toBe(protective[1]?.id)
      expect(await repositories.fills.forOrder(entry.id)).toMatchObject([
        { externalTradeId: 'PT-000001', feeAsset: 'USDT' },
      ])
      expect(events.events.filter((e) => e.correlationId === 'sig-42').map((e) => e.type)).toEqual([
        'order.pending',
        // the position is written before the order row, so a crash between them re-applies harmlessly
        'position.opened',
        'order.filled',
        'order.pending',
        'order.open',
        'order.pending',
        'order.open',
      ])
    })

    it('closes the position when the take-profit fills and cancels the stop-loss', async () => {
      const { manager, prices, tracker, repositories, run } = await setup()
      await manager.execute(
        aRequest().buy('0.05').leverage(2).stopLoss('44300').takeProfit('47000').build(),
      )
      const [stop, target] = manager.openOrders()
      prices.setPrice('BTC/USDT', d('47100'), T0)
      await run(manager.poll())
      expect(tracker.openPositions()).toEqual([])
      const closed = (await tracker.closedPositions())[0]!
      expect(closed.closeReason).toBe('take_profit')
      // 47100 less 0.05 % slippage is 47076.45, filled on the 0.1 tick below it.
      expect(closed.exitPrice?.toString()).toBe('47076.4')
      expect((await manager.getOrder(target!.id))?.status).toBe('FILLED')
      expect((await manager.getOrder(stop!.id))?.status).toBe('CANCELLED')
      expect(manager.openOrders()).toEqual([])
      expect((await repositories.hodl.amount('USDT')).gt(0)).toBe(true)
    })

    it('closes on the stop-loss and cancels the take-profit', async () => {
      const { manager, prices, tracker, run } = await setup()
      await manager.execute(
        aRequest().sell('0.05').leverage(3).stopLoss('46000').takeProfit('43000').build(),
      )
      const [stop, target] = manager.openOrders()
      expect(stop?.side).toBe('buy')
      prices.setPrice('BTC/USDT', d('46100'), T0)
      await run(manager.poll())
      const closed = (await tracker.closedPositions())[0]!
      expect(closed).toMatchObject({ side: 'short', closeReason: 'stop_loss' })
      expect(closed.realizedPnl.lt(0)).toBe(true)
      expect((await manager.getOrder(target!.id))?.status).toBe('CANCELLED')
    })

    it('keeps the same records when its writes are batched, as in a replay', async () => {
      const writes = new WriteBehind({ db: store.db, logger: silentLogger(), batchRows: 1000 })
      const { manager, prices, tracker, repositories, run } = await setup({ writes })
      const entry = orderOf(
        await manager.execute(
          aRequest().buy('0.05').leverage(2).stopLoss('44300').takeProfit('47000').build(),
        ),
      )
      const [stop, target] = manager.openOrders()
      prices.setPrice('BTC/USDT', d('47100'), T0)
      await run(manager.poll())
      expect(writes.stats.pending).toBeGreaterThan(0)
      // Every read goes through the store after a flush, so it sees what was queued.
      expect((await manager.allOrders(10)).map((order) => [order.id, order.status])).toEqual([
        [target!.id, 'FILLED'],
        [stop!.id, 'CANCELLED'],
        [entry.id, 'FILLED'],
      ])
      const [closed] = await tracker.closedPositions()
      expect(closed).toMatchObject({ closeReason: 'take_profit', status: 'closed' })
      expect((await repositories.statusLog.forOrder(stop!.id)).map((row) => row.status)).toEqual([
        'PENDING',
        'OPEN',
        'CANCELLED',
      ])
      expect(await repositories.fills.forOrder(target!.id)).toHaveLength(1)
      expect(writes.stats).toMatchObject({ pending: 0, rowsFailed: 0 })
    })

    it('rests a limit entry until the price crosses, then protects it', async () => {
      const { manager, prices, repositories, run } = await setup()
      const result = await manager.execute(
        aRequest().limit('44500').buy('0.1').stopLoss('44000').build(),
      )
      const entry = orderOf(result)
      expect(entry.status).toBe('OPEN')
      expect(result.success && result.position).toBeNull()
      await run(manager.poll())
      expect((await manager.getOrder(entry.id))?.status).toBe('OPEN')
      prices.setPrice('BTC/USDT', d('44400'), T0)
      await run(manager.poll())
      const filled = await manager.getOrder(entry.id)
      expect(filled?.status).toBe('FILLED')
      expect(filled?.averageFillPrice?.toString()).toBe('44500')
      expect((await repositories.statusLog.forOrder(entry.id)).map((r) => r.status)).toEqual([
        'PENDING',
        'OPEN',
        'FILLED',
      ])
      expect(manager.openOrders().map((o) => o.role)).toEqual(['stop-loss'])
    })

    it('follows a large order through partial fills and protects the full size once filled', async () => {
      const { manager, prices, tracker, repositories, run } = await setup()
      const result = await manager.execute(aRequest().buy('2').stopLoss('40000').build())
      const entry = orderOf(result)
      expect(entry.status).toBe('PARTIALLY_FILLED')
      expect(tracker.openPositions()[0]?.size.toString()).toBe('1.11055583')
      expect(manager.openOrders().map((o) => [o.role, o.size.toString()])).toEqual([
        ['entry', '2'],
        ['stop-loss', '1.11055583'],
      ])
      // The position exists, so the entry no longer counts as one more position; its unfilled
      // rest still counts as exposure.
      expect(manager.pendingEntries()).toEqual([])
      expect(manager.unfilledEntries().map((o) => o.size.minus(o.filledSize).toString())).toEqual([
        '0.88944417',
      ])
      prices.setPrice('BTC/USDT', d('45100'), T0)
      await run(manager.poll())
      expect((await manager.getOrder(entry.id))?.status).toBe('FILLED')
      expect((await repositories.statusLog.forOrder(entry.id)).map((r) => r.status)).toEqual([
        'PENDING',
        'PARTIALLY_FILLED',
        'FILLED',
      ])
      expect(tracker.openPositions()[0]?.size.toString()).toBe('2')
      expect(manager.openOrders().map((o) => [o.role, o.size.toString()])).toEqual([
        ['stop-loss', '2'],
      ])
      expect(manager.unfilledEntries()).toEqual([])
      expect(await repositories.fills.forOrder(entry.id)).toHaveLength(2)
    })

    it('lets a good-till-date limit order expire', async () => {
      const { manager, clock, repositories } = await setup()
      const order = orderOf(
        await manager.execute(
          aRequest().limit('44000').buy('0.1').with({ expiresAfterSeconds: 60 }).build(),
        ),
      )
      expect(order.expiresAtMs).toBe(T0 + 60_000)
      expect((await repositories.orders.findById(order.id))?.expiresAtMs).toBe(T0 + 60_000)
      await clock.advance(61_000)
      await manager.poll()
      expect((await manager.getOrder(order.id))?.status).toBe('EXPIRED')
    })

    it('lets a limit entry rest at most entry_expiry_seconds; market and closing orders do not expire', async () => {
      const { manager, clock, tracker, prices } = await setup()
      const resting = orderOf(await manager.execute(aRequest().limit('44000').buy('0.1').build()))
      // One filling while the app is down has no stop until the app sees it: it may not rest long.
      expect(resting.expiresAtMs).toBe(T0 + 3_600_000)
      const market = orderOf(await manager.execute(aRequest().buy('0.01').build()))
      expect(market.expiresAtMs).toBeNull()
      const close = await manager.closePosition(tracker.openPositions()[0]!.id, 'manual')
      expect(close.order?.expiresAtMs).toBeNull()
      await clock.advance(3_600_000)
      // The market reaches the limit only after the expiry: the entry expired unfilled.
      prices.setPrice('BTC/USDT', d('43900'), clock.now())
      await manager.poll()
      expect(await manager.getOrder(resting.id)).toMatchObject({ status: 'EXPIRED' })
      expect(tracker.openPositions()).toEqual([])
    })

    it('does not send an order cancelled between its write-ahead and its sending', async () => {
      let manager: OrderManager | null = null
      const harness = await setup({
        // The order is stored; before it is sent, something cancels it (a close, the trader).
        probes: { afterStore: async (order) => void (await manager!.cancelOrder(order.id)) },
      })
      manager = harness.manager
      const result = await manager.execute(aRequest().buy('0.01').stopLoss('44000').build())
      expect(result.order?.status).toBe('CANCELLED')
      expect(harness.faulty.count('placeOrder')).toBe(0)
      expect(await harness.paper.fetchMyTrades()).toEqual([])
      expect(harness.events.ofType('order.illegal_transition')).toEqual([])
      expect(harness.tracker.openPositions()).toEqual([])
    })

    it('cancels a resting order and explains what cannot be cancelled', async () => {
      const { manager } = await setup()
      const resting = orderOf(await manager.execute(aRequest().limit('44000').buy('0.1').build()))
      const cancelled = await manager.cancelOrder(resting.id)
      expect(cancelled).toMatchObject({ success: true, order: { status: 'CANCELLED' } })
      expect(await manager.cancelOrder(resting.id)).toMatchObject({
        success: false,
        code: 'ORDER_NOT_CANCELLABLE',
      })
      expect(await manager.cancelOrder('00000000-0000-4000-8000-0000000000ff')).toMatchObject({
        success: false,
        code: 'ORDER_NOT_FOUND',
      })
    })

    it('closes a position through the exchange after cancelling its protection', async () => {
      const { manager, tracker, prices } = await setup()
      const entry = await manager.execute(
        aRequest().buy('0.05').leverage(2).stopLoss('44000').takeProfit('47000').build(),
      )
      const positionId = orderOf(entry).positionId!
      prices.setPrice('BTC/USDT', d('46000'), T0)
      const close = await manager.closePosition(positionId, 'manual')
      expect(close).toMatchObject({
        success: true,
        order: { role: 'close', status: 'FILLED', closeReason: 'manual' },
      })
      expect(close.success && close.position).toMatchObject({
        status: 'closed',
        closeReason: 'manual',
      })
      expect(manager.openOrders()).toEqual([])
      expect(tracker.openPositions()).toEqual([])
      expect(await manager.closePosition(positionId, 'again')).toMatchObject({
        success: false,
        code: 'POSITION_NOT_FOUND',
      })
    })

    it('cancels an entry still filling before closing its position, so nothing is bought after the close', async () => {
      const { manager, tracker, prices, events, run } = await setup()
      const entry = orderOf(await manager.execute(aRequest().buy('2').stopLoss('40000').build()))
      expect(entry.status).toBe('PARTIALLY_FILLED')
      const close = await manager.closePosition(entry.positionId!, 'manual')
      expect(close).toMatchObject({ success: true, order: { role: 'close', status: 'FILLED' } })
      expect((await manager.getOrder(entry.id))?.status).toBe('CANCELLED')
      // The stop-loss of the part filled before the close is cancelled with the entry.
      expect(manager.recentOrders().map((order) => [order.role, order.status])).toEqual([
        ['entry', 'CANCELLED'],
        ['stop-loss', 'CANCELLED'],
        ['close', 'FILLED'],
      ])
      // The next price would have filled the rest of the entry into a position already closed.
      prices.setPrice('BTC/USDT', d('45100'), T0)
      await run(manager.poll())
      expect(manager.openOrders()).toEqual([])
      expect(tracker.openPositions()).toEqual([])
      expect(events.ofType('position.overfilled')).toEqual([])
    })

    it('reduces a position with a partial close request', async () => {
      const { manager, tracker } = await setup()
      const entry = await manager.execute(aRequest().buy('0.1').leverage(2).build())
      const positionId = orderOf(entry).positionId!
      const close = await manager.execute(
        aRequest().close(positionId, 'trim').sell('0.04').leverage(2).build(),
      )
      expect(close).toMatchObject({ success: true, order: { role: 'close', status: 'FILLED' } })
      expect(tracker.openPositions()[0]?.size.toString()).toBe('0.06')
      const wrongSymbol = await manager.execute(
        aRequest().close(positionId).symbol('XRP/USDT').sell('20').build(),
      )
      expect(wrongSymbol).toMatchObject({ success: false, code: 'INVALID_REQUEST' })
    })

    it('amends the stop-loss order in place when the stop is modified, and announces it', async () => {
      const { manager, paper, faulty, events, repositories } = await setup()
      const entry = await manager.execute(
        aRequest().buy('0.05').leverage(2).stopLoss('44000').takeProfit('47000').build(),
      )
      const positionId = orderOf(entry).positionId!
      const [stop, target] = manager.openOrders()
      const modified = await manager.modifyProtection(positionId, { stopLoss: d('44500') })
      expect(modified.stopLoss?.toString()).toBe('44500')
      expect(
        manager.openOrders().map((o) => [o.id, o.externalId, o.triggerPrice?.toString()]),
      ).toEqual([
        [stop!.id, stop!.externalId, '44500'],
        [target!.id, target!.externalId, '47000'],
      ])
      expect([faulty.count('amendOrder'), faulty.count('cancelOrder')]).toEqual([1, 0])
      expect((await manager.getOrder(stop!.id))?.triggerPrice?.toString()).toBe('44500')
      expect(events.ofType('order.amended').map((event) => event.payload)).toMatchObject([
        {
          role: 'stop-loss',
          trigger_price: '44500',
          previous_trigger_price: '44000',
          size: '0.05',
        },
      ])
      // The order's timeline keeps the move.
      expect((await repositories.statusLog.forOrder(stop!.id)).at(-1)).toMatchObject({
        status: 'OPEN',
        details: { amended_trigger_price: '44500', previous_trigger_price: '44000' },
      })
      expect((await paper.fetchOpenOrders()).map((o) => o.triggerPrice?.toString())).toEqual([
        '44500',
        '47000',
      ])
    })

    it('cancels and replaces the stop-loss order on a venue that cannot amend', async () => {
      let paper: PaperBroker | null = null
      const { manager } = await setup({
        broker: ({ clock, prices, config }) => {
          paper = paperBrokerOn({ clock, prices, config }, {})
          return new FaultyBroker(paper, { isAmending: false })
        },
      })
      const entry = await manager.execute(
        aRequest().buy('0.05').leverage(2).stopLoss('44000').takeProfit('47000').build(),
      )
      const positionId = orderOf(entry).positionId!
      const [oldStop, target] = manager.openOrders()
      const modified = await manager.modifyProtection(positionId, { stopLoss: d('44500') })
      expect(modified.stopLoss?.toString()).toBe('44500')
      expect((await manager.getOrder(oldStop!.id))?.status).toBe('CANCELLED')
      const open = manager.openOrders()
      expect(open.map((o) => [o.role, o.triggerPrice?.toString()])).toEqual([
        ['take-profit', '47000'],
        ['stop-loss', '44500'],
      ])
      expect(open[0]?.id).toBe(target?.id)
      expect((await paper!.fetchOpenOrders()).map((o) => o.triggerPrice?.toString())).toEqual([
        '47000',
        '44500',
      ])
    })

    it('cancels and replaces a stop the exchange refuses to amend, so the position stays protected', async () => {
      const { manager, faulty } = await setup()
      const entry = await manager.execute(
        aRequest().buy('0.05').leverage(2).stopLoss('44000').build(),
      )
      const [stop] = manager.openOrders()
      faulty.failNext('amendOrder', faults.invalid())
      await manager.modifyProtection(orderOf(entry).positionId!, { stopLoss: d('44500') })
      expect((await manager.getOrder(stop!.id))?.status).toBe('CANCELLED')
      expect(manager.openOrders().map((o) => [o.role, o.triggerPrice?.toString()])).toEqual([
        ['stop-loss', '44500'],
      ])
    })

    it('places a new stop when the one it would amend is gone from the exchange', async () => {
      const { manager, paper } = await setup()
      const entry = await manager.execute(
        aRequest().buy('0.05').leverage(2).stopLoss('44000').build(),
      )
      const [stop] = manager.openOrders()
      // cancelled by hand on the exchange
      await paper.cancelOrder(stop!.externalId!, 'BTC/USDT')
      await manager.modifyProtection(orderOf(entry).positionId!, { stopLoss: d('44500') })
      expect((await manager.getOrder(stop!.id))?.status).toBe('CANCELLED')
      expect((await paper.fetchOpenOrders()).map((o) => o.triggerPrice?.toString())).toEqual([
        '44500',
      ])
    })

    it('moves the exchange stop with the trailing stop', async () => {
      const { manager, tracker, prices } = await setup()
      await manager.execute(aRequest().buy('0.05').leverage(2).stopLoss('44000').build())
      prices.setPrice('BTC/USDT', d('46000'), T0)
      await tracker.monitor()
      // 46000 × 0.985
      expect(manager.openOrders().map((o) => o.triggerPrice?.toString())).toEqual(['45310'])
    })

    it('closes as a safety net when a level is reached but the exchange order is gone', async () => {
      const { manager, tracker, prices, paper } = await setup()
      await manager.execute(
        aRequest().buy('0.05').leverage(2).stopLoss('44000').takeProfit('47000').build(),
      )
      const [stop] = manager.openOrders()
      // someone cancels the stop on the exchange; the price then falls through it
      await paper.cancelOrder(stop!.externalId!, 'BTC/USDT')
      prices.setPrice('BTC/USDT', d('43900'), T0)
      await tracker.monitor()
      const closed = (await tracker.closedPositions())[0]
      expect(closed).toMatchObject({ closeReason: 'stop_loss', status: 'closed' })
      expect((await manager.getOrder(stop!.id))?.status).toBe('CANCELLED')
      expect(manager.openOrders()).toEqual([])
    })

    it('trades a rebalance without any position', async () => {
      const { manager, tracker } = await setup()
      const result = await manager.execute(
        aRequest().rebalance().symbol('XRP/USDT').buy('100').build(),
      )
      expect(result).toMatchObject({
        success: true,
        order: { role: 'rebalance', status: 'FILLED', positionId: null },
        position: null,
      })
      expect(tracker.openPositions()).toEqual([])
    })

    it('lists open and finished orders from the store, newest first, also after a restart', async () => {
      const clock = new VirtualClock(T0)
      const { manager, faulty, prices } = await setup({ clock })
      const filled = orderOf(await manager.execute(aRequest().buy('0.01').build()))
      await clock.advance(1_000)
      const resting = orderOf(await manager.execute(aRequest().limit('44000').buy('0.01').build()))
      await clock.advance(1_000)
      const xrp = orderOf(
        await manager.execute(aRequest().symbol('XRP/USDT').limit('0.59').buy('10').build()),
      )
      const restarted = await setup({ clock, broker: () => faulty, prices })
      const listed = await restarted.manager.allOrders(10)
      expect(listed.map((order) => [order.id, order.status])).toEqual([
        [xrp.id, 'OPEN'],
        [resting.id, 'OPEN'],
        [filled.id, 'FILLED'],
      ])
      expect((await restarted.manager.allOrders(1)).map((order) => order.id)).toEqual([xrp.id])
      expect((await restarted.manager.allOrders(10, 'BTC/USDT')).map((order) => order.id)).toEqual([
        resting.id,
        filled.id,
      ])
      expect(restarted.manager.recentOrders()).toEqual([])
    })

    it('keeps a bounded history of finished orders', async () => {
      const { manager } = await setup({
        configOverrides: {
          paper: { starting_balances: { USDT: '100000', BTC: '1' } },
          orders: { max_history_size: 2 },
        },
      })
      for (let i = 0; i < 3; i++) await manager.execute(aRequest().rebalance().buy('0.01').build())
      expect(manager.recentOrders()).toHaveLength(2)
      expect(manager.lastBalances().USDT?.total.toString()).toBe('100000')
    })

    it('asks a broker that tells its order revision about orders only when something changed', async () => {
      const fetched: string[] = []
      const { manager, prices, run } = await setup({ broker: revisionTellingBroker(fetched) })
      const resting = orderOf(await manager.execute(aRequest().limit('44500').buy('0.1').build()))
      await run(manager.poll())
      expect(fetched).toEqual([resting.externalId])
      prices.setPrice('BTC/USDT', d('44600'), T0)
      await run(manager.poll())
      await run(manager.poll())
      expect(fetched).toHaveLength(1)
      prices.setPrice('BTC/USDT', d('44400'), T0)
      await run(manager.poll())
      expect(fetched).toHaveLength(2)
      expect((await manager.getOrder(resting.id))?.status).toBe('FILLED')
    })

    it('its monitor asks about nothing while the paper broker changed no order', async () => {
      const fetched: string[] = []
      const { manager, prices, clock } = await setup({ broker: revisionTellingBroker(fetched) })
      await manager.start()
      const resting = orderOf(await manager.execute(aRequest().limit('44500').buy('0.1').build()))
      await clock.advance(5_000)
      expect(fetched).toEqual([resting.externalId])
      await clock.advance(20_000)
      expect(fetched).toHaveLength(1)
      prices.setPrice('BTC/USDT', d('44400'), T0)
      await clock.advance(5_000)
      await drive(clock, manager.getOrder(resting.id))
      expect(fetched).toHaveLength(2)
      expect((await manager.getOrder(resting.id))?.status).toBe('FILLED')
      await manager.stop()
    })

    it('its reconciliation asks the paper broker nothing while nothing changed', async () => {
      const balanceReads = { count: 0 }
      const { manager, clock, events, prices } = await setup({
        broker: ({ clock, prices, config }) =>
          overriding(paperBrokerOn({ clock, prices, config }, {}), (paper) => ({
            orderRevision: () => paper.orderRevision(),
            fetchBalances: () => {
              balanceReads.count++
              return paper.fetchBalances()
            },
          })),
      })
      await manager.start()
      const afterStart = balanceReads.count
      await clock.advance(5 * 60_000)
      expect(balanceReads.count).toBe(afterStart)
      // A resting order changes the broker: the next reconciliation looks and finds nothing
      // to do, so the later ones stand until the order fills.
      prices.setPrice('BTC/USDT', d('45000'), clock.now())
      const resting = orderOf(await manager.execute(aRequest().limit('44500').buy('0.1').build()))
      await clock.advance(60_000)
      expect(balanceReads.count).toBe(afterStart + 1)
      await clock.advance(5 * 60_000)
      expect(balanceReads.count).toBe(afterStart + 1)
      prices.setPrice('BTC/USDT', d('44400'), clock.now())
      await clock.advance(30_000)
      await drive(clock, manager.getOrder(resting.id))
      expect((await manager.getOrder(resting.id))?.status).toBe('FILLED')
      expect(balanceReads.count).toBeGreaterThan(afterStart + 1)
      expect(events.ofType('sync.completed')).toHaveLength(1)
      await manager.stop()
    })

    it('reconciles again once a position changed, whatever the broker says', async () => {
      const balanceReads = { count: 0 }
      const { manager, clock, tracker } = await setup({
        broker: ({ clock, prices, config }) =>
          overriding(paperBrokerOn({ clock, prices, config }, {}), (paper) => ({
            // A revision that never moves: only the positions can say something changed.
            orderRevision: () => 7,
            fetchBalances: () => {
              balanceReads.count++
              return paper.fetchBalances()
            },
          })),
      })
      await manager.start()
      const afterStart = balanceReads.count
      await clock.advance(60_000)
      expect(balanceReads.count).toBe(afterStart)
      const revision = tracker.revision
      await manager.execute(aRequest().buy('0.1').build())
      expect(tracker.revision).toBeGreaterThan(revision)
      await clock.advance(30_000)
      expect(balanceReads.count).toBe(afterStart + 1)
      await manager.stop()
    })

    it('reconciles again at the next tick after a reconciliation failed', async () => {
      const balanceReads = { count: 0, isFailing: false }
      const { manager, clock, run } = await setup({
        broker: ({ clock, prices, config }) =>
          overriding(paperBrokerOn({ clock, prices, config }, {}), (paper) => ({
            orderRevision: () => paper.orderRevision(),
            fetchBalances: () => {
              balanceReads.count++
              return balanceReads.isFailing ? Promise.reject(faults.auth()) : paper.fetchBalances()
            },
          })),
      })
      await manager.start()
      const afterStart = balanceReads.count
      // Asked for while nothing changed, and failing part-way.
      balanceReads.isFailing = true
      await expect(run(manager.sync())).rejects.toMatchObject({ kind: 'authentication' })
      expect(balanceReads.count).toBe(afterStart + 1)
      balanceReads.isFailing = false
      await clock.advance(30_000)
      expect(balanceReads.count).toBe(afterStart + 2)
      await clock.advance(60_000)
      expect(balanceReads.count).toBe(afterStart + 2)
      await manager.stop()
    })

    it('publishes a reconciliation only when it found or did something', async () => {
      const { manager, events, paper, run } = await setup()
      const syncs = () => events.ofType('sync.completed')
      expect(syncs()).toHaveLength(1)
      await run(manager.sync())
      expect(syncs()).toHaveLength(1)
      // An order placed on the exchange by hand is news.
      await placeByHand(paper, '40000')
      await run(manager.sync())
      expect(syncs()).toHaveLength(2)
      expect(syncs()[1]?.payload).toMatchObject({ foreign_open_orders: 1 })
    })

    it('monitors orders on its own interval once started', async () => {
      const { manager, prices, clock } = await setup()
      await manager.start()
      const resting = orderOf(await manager.execute(aRequest().limit('44500').buy('0.1').build()))
      prices.setPrice('BTC/USDT', d('44400'), T0)
      await clock.advance(5_000)
      await drive(clock, manager.getOrder(resting.id))
      for (let i = 0; i < 20 && (await manager.getOrder(resting.id))?.status !== 'FILLED'; i++) {
        await new Promise((resolve) => setImmediate(resolve))
      }
      expect((await manager.getOrder(resting.id))?.status).toBe('FILLED')
      await manager.stop()
      expect(clock.pendingTimers()).toBe(0)
    })

    it('waits, when stopped, for the poll its timer started, so it is written before the store closes', async () => {
      let answer: () => void = () => undefined
      const { manager, clock } = await setup({
        broker: ({ clock, prices, config }) =>
          overriding(paperBrokerOn({ clock, prices, config }, {}), (paper) => ({
            fetchOrder: async (id: string, symbol: string) => {
              // The exchange is slow to answer this poll.
              await new Promise<void>((resolve) => (answer = resolve))
              return paper.fetchOrder(id, symbol)
            },
          })),
      })
      await manager.start()
      await manager.execute(aRequest().limit('44500').buy('0.1').build())
      await clock.advance(5_000)
      let isStopped = false
      const stopping = manager.stop().then(() => (isStopped = true))
      await new Promise((resolve) => setImmediate(resolve))
      expect(isStopped).toBe(false)
      answer()
      await stopping
      expect(isStopped).toBe(true)
    })
  })

  describe('broker failures', () => {
    it('retries a placement that never arrived, after looking it up, and places it once', async () => {
      const { manager, faulty, paper, run } = await setup()
      faulty.failNext('placeOrder', faults.timeout())
      const result = await run(manager.execute(aRequest().buy('0.01').build()))
      expect(result).toMatchObject({ success: true, order: { status: 'FILLED' } })
      expect(faulty.count('placeOrder')).toBe(2)
      expect(faulty.count('fetchOrderByClientId')).toBe(1)
      expect(await paper.fetchClosedOrders()).toHaveLength(1)
    })

    it('adopts an order whose acknowledgement was lost instead of placing it again', async () => {
      const { manager, faulty, paper, run } = await setup()
      faulty.loseNextAnswer('placeOrder', faults.unavailable())
      const result = await run(manager.execute(aRequest().buy('0.01').build()))
      expect(result).toMatchObject({
        success: true,
        order: { status: 'FILLED', externalId: 'PAPER-000001' },
      })
      expect(faulty.count('placeOrder')).toBe(1)
      expect(await paper.fetchClosedOrders()).toHaveLength(1)
    })

    it('backs off on rate limits without lookups', async () => {
      const { manager, faulty, clock, run } = await setup()
      faulty.failNext('placeOrder', faults.rateLimited(), 2)
      const result = await run(manager.execute(aRequest().buy('0.01').build()))
      expect(result.success).toBe(true)
      expect(faulty.count('placeOrder')).toBe(3)
      expect(faulty.count('fetchOrderByClientId')).toBe(0)
      // 5 s then 10 s of backoff on the injected clock
      expect(clock.now()).toBe(T0 + 15_000)
    })

    it('gives up on persistent rate limits with BROKER_UNAVAILABLE', async () => {
      const { manager, faulty, run } = await setup()
      faulty.failNext('placeOrder', faults.rateLimited(), 4)
      const result = await run(manager.execute(aRequest().buy('0.01').build()))
      expect(result).toMatchObject({
        success: false,
        code: 'BROKER_UNAVAILABLE',
        order: { status: 'ERROR' },
      })
    })

    it.each([
      { kind: 'invalid-order', fault: faults.invalid, code: 'ORDER_REJECTED', isAlert: false },
      {
        kind: 'insufficient-funds',
        fault: faults.funds,
        code: 'INSUFFICIENT_FUNDS',
        isAlert: true,
      },
      { kind: 'authentication', fault: faults.auth, code: 'AUTHENTICATION_FAILED', isAlert: true },
      { kind: 'operational', fault: faults.operational, code: 'OPERATIONAL_ERROR', isAlert: true },
    ])('does not retry $kind: $code, alert=$isAlert', async ({ fault, code, isAlert }) => {
      const { manager, faulty, events } = await setup()
      faulty.failNext('placeOrder', fault())
      const result = await manager.execute(aRequest().buy('0.01').build())
      expect(result).toMatchObject({ success: false, code, order: { status: 'ERROR' } })
      expect(faulty.count('placeOrder')).toBe(1)
      expect(events.ofType('broker.alert').length > 0).toBe(isAlert)
    })

    it('looks up after an ambiguous failure even when a retry is then rejected', async () => {
      const { manager, faulty, run } = await setup()
      faulty.loseNextAnswer('placeOrder', faults.timeout())
      faulty.failNext('fetchOrderByClientId', faults.operational())
      // the lookup failed, so the order stays PENDING instead of being sent again
      const result = await run(manager.execute(aRequest().buy('0.01').build()))
      expect(result).toMatchObject({
        success: false,
        code: 'ORDER_UNCONFIRMED',
        order: { status: 'PENDING' },
      })
      expect(faulty.count('placeOrder')).toBe(1)
      await run(manager.poll())
      expect(manager.openOrders()).toEqual([])
      expect((await manager.getOrder(orderOf(result).id))?.status).toBe('FILLED')
    })

    it('leaves an order PENDING when every attempt is ambiguous, then gives it up after repeated misses', async () => {
      const { manager, faulty, paper, run } = await setup()
      faulty.failNext('placeOrder', faults.timeout(), 4)
      const result = await run(manager.execute(aRequest().buy('0.01').build()))
      expect(result).toMatchObject({
        success: false,
        code: 'ORDER_UNCONFIRMED',
        order: { status: 'PENDING' },
      })
      expect(faulty.count('placeOrder')).toBe(4)
      for (let i = 0; i < 4; i++) await run(manager.poll())
      const final = await manager.getOrder(orderOf(result).id)
      expect(final?.status).toBe('CANCELLED')
      expect(final?.error).toContain('NOT_PLACED')
      expect(await paper.fetchClosedOrders()).toEqual([])
    })

    it('marks an order the exchange no longer knows as ERROR', async () => {
      const forgetting = forgettingBroker()
      const { manager, run } = await setup({ broker: forgetting.broker })
      const resting = orderOf(await manager.execute(aRequest().limit('44000').buy('0.01').build()))
      forgetting.forget()
      await run(manager.poll())
      const vanished = await manager.getOrder(resting.id)
      expect(vanished?.status).toBe('ERROR')
      expect(vanished?.error).toContain('VANISHED')
    })

    it('ends an order that filled in part and then vanished as CANCELLED, keeps its fill and reconciles on', async () => {
      const forgetting = forgettingBroker()
      const { manager, tracker, run } = await setup({ broker: forgetting.broker })
      const entry = orderOf(await manager.execute(aRequest().buy('2').stopLoss('40000').build()))
      expect(entry.status).toBe('PARTIALLY_FILLED')
      forgetting.forget()
      // Until now an illegal PARTIALLY_FILLED → ERROR threw out of every sync, a restart's too.
      await run(manager.sync())
      const vanished = await manager.getOrder(entry.id)
      expect(vanished?.status).toBe('CANCELLED')
      expect(vanished?.error).toContain('VANISHED')
      const position = tracker.openPositions()[0]!
      expect(position.size.toString()).toBe('1.11055583')
      expect(manager.openOrders().map((o) => [o.role, o.size.toString()])).toEqual([
        ['stop-loss', '1.11055583'],
      ])
    })

    it('tells the trader once when the coins of a spot long were sold outside the app, confirmed by a second sync', async () => {
      const { manager, tracker, paper, events, run } = await setup({
        configOverrides: { paper: { starting_balances: { USDT: '100000', BTC: '0' } } },
      })
      const entry = orderOf(await manager.execute(aRequest().buy('0.05').stopLoss('44000').build()))
      const notHeld = () =>
        events.ofType('broker.alert').filter((e) => e.payload.alert === 'POSITIONS_NOT_HELD')
      await run(manager.sync())
      expect(notHeld()).toEqual([])
      // sold by hand on the exchange's website
      await paper.placeOrder({
        clientOrderId: 'by-hand',
        symbol: 'BTC/USDT',
        side: 'sell',
        type: 'market',
        size: d('0.04'),
        leverage: 1,
      })
      await run(manager.sync())
      expect(notHeld()).toEqual([])
      await run(manager.sync())
      expect(notHeld().map((e) => [e.symbol, e.payload.booked, e.payload.held])).toEqual([
        ['BTC/USDT', '0.05', '0.01'],
      ])
      expect(notHeld()[0]?.payload.message).toContain('Already sold on the exchange?')
      await run(manager.sync())
      expect(notHeld()).toHaveLength(1)
      // Recorded as closed elsewhere: nothing left to tell.
      await tracker.closePosition(entry.positionId!, d('45100'), 'closed_elsewhere')
      await run(manager.sync())
      await run(manager.sync())
      expect(notHeld()).toHaveLength(1)
    })

    it('keeps the state and reports an illegal transition the exchange reports', async () => {
      let isLying = false
      const { manager, events, run } = await setup({
        broker: ({ clock, prices, config }) =>
          overriding(paperBrokerOn({ clock, prices, config }, {}), (paper) => ({
            fetchOrder: async (id: string, symbol: string) => {
              const real = await paper.fetchOrder(id, symbol)
              return isLying ? { ...real, filledSize: d(0) } : real
            },
          })),
      })
      const order = orderOf(await manager.execute(aRequest().buy('2').build()))
      expect(order.status).toBe('PARTIALLY_FILLED')
      isLying = true
      await run(manager.poll())
      expect((await manager.getOrder(order.id))?.status).toBe('PARTIALLY_FILLED')
      expect(events.ofType('order.illegal_transition')[0]?.payload).toMatchObject({
        reported_status: 'OPEN',
      })
    })

    it('applies a fill the exchange reports without an average price once it tells the price, never the order alone', async () => {
      let isPriceHidden = false
      const { manager, tracker, prices, logger, run } = await setup({
        broker: ({ clock, prices, config }) =>
          overriding(paperBrokerOn({ clock, prices, config }, {}), (paper) => ({
            fetchOrder: async (id: string, symbol: string) => {
              const real = await paper.fetchOrder(id, symbol)
              return isPriceHidden ? { ...real, averagePrice: null } : real
            },
          })),
      })
      const entry = orderOf(await manager.execute(aRequest().buy('2').stopLoss('40000').build()))
      expect(entry.status).toBe('PARTIALLY_FILLED')
      const warn = vi.spyOn(logger, 'warn')
      isPriceHidden = true
      prices.setPrice('BTC/USDT', d('45100'), T0)
      await run(manager.poll())
      // The rest filled without a price: the order keeps what the position holds, and stays active.
      const waiting = await manager.getOrder(entry.id)
      expect([waiting?.status, waiting?.filledSize.toString()]).toEqual([
        'PARTIALLY_FILLED',
        '1.11055583',
      ])
      expect(tracker.openPositions()[0]?.size.toString()).toBe('1.11055583')
      expect(manager.openOrders().map((o) => o.id)).toContain(entry.id)
      expect(warn).toHaveBeenCalledWith(
        expect.objectContaining({ orderId: entry.id, externalId: entry.externalId }),
        expect.stringContaining('without an average price'),
      )
      isPriceHidden = false
      await run(manager.poll())
      expect((await manager.getOrder(entry.id))?.status).toBe('FILLED')
      expect(tracker.openPositions()[0]?.size.toString()).toBe('2')
      expect(manager.openOrders().map((o) => [o.role, o.size.toString()])).toEqual([
        ['stop-loss', '2'],
      ])
    })

    it('warns once while a fill waits for its price, not at every poll, and says when it is applied', async () => {
      let isPriceHidden = false
      const { manager, tracker, prices, logger, run } = await setup({
        configOverrides: { paper: { starting_balances: { USDT: '200000', BTC: '1', XRP: '0' } } },
        broker: ({ clock, prices, config }) =>
          overriding(paperBrokerOn({ clock, prices, config }, {}), (paper) => ({
            fetchOrder: async (id: string, symbol: string) => {
              const real = await paper.fetchOrder(id, symbol)
              return isPriceHidden ? { ...real, averagePrice: null } : real
            },
          })),
      })
      const warn = vi.spyOn(logger, 'warn')
      const info = vi.spyOn(logger, 'info')
      const unpricedWarnings = () =>
        warn.mock.calls.filter(([, message]) =>
          String(message).includes('without an average price'),
        )
      const appliedNotes = () =>
        info.mock.calls.filter(([, message]) => String(message).includes('price of the held fill'))
      const entry = orderOf(await manager.execute(aRequest().buy('3').build()))
      expect(entry.status).toBe('PARTIALLY_FILLED')
      const heldSize = () => tracker.openPositions()[0]?.size.toString()
      const firstPart = heldSize()

      // The second part fills without a price: one warning however often the order is polled.
      isPriceHidden = true
      prices.setPrice('BTC/USDT', d('45100'), T0)
      for (let poll = 0; poll < 3; poll++) await run(manager.poll())
      expect(heldSize()).toBe(firstPart)
      expect(unpricedWarnings()).toHaveLength(1)
      expect(unpricedWarnings()[0]?.[0]).toMatchObject({ orderId: entry.id })
      expect(appliedNotes()).toHaveLength(0)

      isPriceHidden = false
      await run(manager.poll())
      expect(heldSize()).not.toBe(firstPart)
      expect(appliedNotes()).toHaveLength(1)
      expect(appliedNotes()[0]?.[0]).toMatchObject({ orderId: entry.id })

      // A later part of the same order without a price is a new wait: warned about again.
      isPriceHidden = true
      prices.setPrice('BTC/USDT', d('45200'), T0)
      for (let poll = 0; poll < 2; poll++) await run(manager.poll())
      expect(unpricedWarnings()).toHaveLength(2)
      isPriceHidden = false
      await run(manager.poll())
      expect((await manager.getOrder(entry.id))?.status).toBe('FILLED')
      expect(tracker.openPositions()[0]?.size.toString()).toBe('3')
      expect(appliedNotes()).toHaveLength(2)
    })

    it('keeps an entry whose placement answer reports it filled without a price unconfirmed, then applies the fill', async () => {
      let isPriceHidden = true
      const { manager, tracker, run } = await setup({
        broker: ({ clock, prices, config }) =>
          overriding(paperBrokerOn({ clock, prices, config }, {}), (paper) => ({
            placeOrder: async (request: PlaceOrderRequest) => {
              const real = await paper.placeOrder(request)
              return isPriceHidden ? { ...real, averagePrice: null } : real
            },
          })),
      })
      const result = await manager.execute(aRequest().buy('0.05').stopLoss('44000').build())
      // Its exchange id is kept, so the monitor asks about it by that id.
      expect(orderOf(result)).toMatchObject({ status: 'PENDING', externalId: 'PAPER-000001' })
      expect(tracker.openPositions()).toEqual([])
      isPriceHidden = false
      await run(manager.poll())
      const filled = await manager.getOrder(orderOf(result).id)
      expect([filled?.status, filled?.averageFillPrice?.toString()]).toEqual(['FILLED', '45022.5'])
      expect(tracker.openPositions()[0]?.size.toString()).toBe('0.05')
      expect(manager.openOrders().map((o) => [o.role, o.size.toString()])).toEqual([
        ['stop-loss', '0.05'],
      ])
    })
  })

  describe('restart and reconciliation', () => {
    const hang = () => new Promise<void>(() => {})

    it('sends an intent stored just before a crash exactly once after restart', async () => {
      const clock = new VirtualClock(T0)
      const first = await setup({ clock, probes: { afterStore: hang } })
      void first.manager.execute(aRequest().buy('0.01').stopLoss('44000').build())
      await drive(clock, new Promise((resolve) => setTimeout(resolve, 50)))
      expect(await first.paper.fetchClosedOrders()).toEqual([])
      const [stored] = await first.repositories.orders.findNonTerminal()
      expect(stored?.status).toBe('PENDING')
      // restart: a new manager on the same store and exchange
      const second = await setup({ clock, broker: () => first.faulty, prices: first.prices })
      const entry = await second.manager.getOrder(stored!.id)
      expect(entry).toMatchObject({ status: 'FILLED', id: stored!.id })
      expect((await first.paper.fetchClosedOrders()).map((o) => o.clientOrderId)).toEqual([
        stored!.clientOrderId,
      ])
      expect(second.manager.openOrders().map((o) => o.role)).toEqual(['stop-loss'])
    })

    it('abandons a stale unsent entry after restart and keeps it off the exchange', async () => {
      const clock = new VirtualClock(T0)
      const first = await setup({ clock, probes: { afterStore: hang } })
      void first.manager.execute(aRequest().buy('0.01').build())
      await drive(clock, new Promise((resolve) => setTimeout(resolve, 50)))
      await clock.advance(120_000)
      const second = executionHarness({
        store,
        clock,
        broker: () => first.faulty,
        prices: first.prices,
      })
      const report = await second.manager.start()
      expect(report).toMatchObject({ ordersChecked: 1, ordersAbandoned: 1, ordersResent: 0 })
      const [abandoned] = await first.repositories.orders.recent(1)
      expect(abandoned?.status).toBe('CANCELLED')
      expect(abandoned?.error).toContain('NOT_SENT')
      expect(await first.paper.fetchClosedOrders()).toEqual([])
      await second.manager.stop()
    })

    it('adopts an order sent just before a crash and finishes its work (position, protection)', async () => {
      const clock = new VirtualClock(T0)
      const first = await setup({ clock, probes: { afterSend: hang } })
      void first.manager.execute(
        aRequest().buy('0.01').leverage(2).stopLoss('44000').takeProfit('46000').build(),
      )
      await drive(clock, new Promise((resolve) => setTimeout(resolve, 50)))
      const [stored] = await first.repositories.orders.findNonTerminal()
      expect(stored).toMatchObject({ status: 'PENDING', externalId: null })
      expect(await first.paper.fetchClosedOrders()).toHaveLength(1)
      const second = await setup({ clock, broker: () => first.faulty, prices: first.prices })
      expect(await second.manager.getOrder(stored!.id)).toMatchObject({
        status: 'FILLED',
        externalId: 'PAPER-000001',
      })
      expect(second.tracker.openPositions()).toHaveLength(1)
      expect(second.manager.openOrders().map((o) => o.role)).toEqual(['stop-loss', 'take-profit'])
      const entries = (await first.paper.fetchClosedOrders()).filter((o) => o.side === 'buy')
      expect(entries).toHaveLength(1)
      expect((await second.repositories.fills.forOrder(stored!.id)).length).toBe(1)
    })

    describe('a protective order stored but not sent when the position changed meanwhile', () => {
      /**
       * A 0.05 BTC long at 2× (stop-loss 44000, take-profit 47000) whose stop-loss was stored
       * but not sent before a crash; `change` edits the stored position as what happened before
       * the restart would have, `ageMs` after the crash. Returns the restarted harness, the
       * stored intent and what the restart placed on the exchange (role, size, trigger).
       */
      async function restartAfter(change: (position: Position) => Position, ageMs = 0) {
        const clock = new VirtualClock(T0)
        let isCrashing = false
        const first = await setup({
          clock,
          probes: {
            afterStore: (order) => (isCrashing && order.role === 'stop-loss' ? hang() : undefined),
          },
        })
        isCrashing = true
        void first.manager.execute(
          aRequest().buy('0.05').leverage(2).stopLoss('44000').takeProfit('47000').build(),
        )
        await drive(clock, new Promise((resolve) => setTimeout(resolve, 50)))
        const [intent] = (await first.repositories.orders.findNonTerminal()).filter(
          (order) => order.role === 'stop-loss',
        )
        expect(intent).toMatchObject({ status: 'PENDING', externalId: null, size: d('0.05') })
        const [position] = first.tracker.openPositions()
        await first.repositories.positions.save(change(position!))
        await clock.advance(ageMs)
        const placed: PlaceOrderRequest[] = []
        const placeOrder = first.faulty.placeOrder.bind(first.faulty)
        vi.spyOn(first.faulty, 'placeOrder').mockImplementation((request) => {
          placed.push(request)
          return placeOrder(request)
        })
        const second = await setup({ clock, broker: () => first.faulty, prices: first.prices })
        const sent = placed.map((request) => [
          request.type,
          request.size.toString(),
          request.triggerPrice?.toString(),
        ])
        return { ...second, intent: intent!, sent, exchange: first.paper }
      }

      it('sends nothing for a position closed meanwhile, and abandons the intent', async () => {
        const { manager, intent, sent, exchange } = await restartAfter((position) => ({
          ...position,
          size: d(0),
          status: 'closed',
          exitPrice: d('45500'),
          closeReason: 'close',
          closedAtMs: T0,
        }))
        expect(sent).toEqual([])
        expect(await exchange.fetchOrderByClientId(intent.clientOrderId, intent.symbol)).toBeNull()
        expect(await exchange.fetchOpenOrders()).toEqual([])
        expect(await manager.getOrder(intent.id)).toMatchObject({
          status: 'CANCELLED',
          error: expect.stringContaining('NOT_SENT'),
        })
        expect(manager.openOrders()).toEqual([])
      })

      it('protects the size the position holds now, not the size stored with the intent', async () => {
        const { manager, intent, sent, exchange } = await restartAfter((position) => ({
          ...position,
          size: d('0.03'),
        }))
        expect(sent).toEqual([
          ['stop-loss', '0.03', '44000'],
          ['take-profit', '0.03', '47000'],
        ])
        expect(await exchange.fetchOrderByClientId(intent.clientOrderId, intent.symbol)).toBeNull()
        expect(protectionOf(manager.openOrders())).toEqual([
          ['stop-loss', '0.03', '44000'],
          ['take-profit', '0.03', '47000'],
        ])
      })

      it('protects at the levels modified after the intent was stored', async () => {
        const { manager, tracker, sent, exchange } = await restartAfter((position) => ({
          ...position,
          stopLoss: d('44500'),
          takeProfit: d('46500'),
        }))
        expect(sent).toEqual([
          ['stop-loss', '0.05', '44500'],
          ['take-profit', '0.05', '46500'],
        ])
        expect(
          (await exchange.fetchOpenOrders()).map((o) => [o.type, o.triggerPrice?.toString()]),
        ).toEqual([
          ['stop-loss', '44500'],
          ['take-profit', '46500'],
        ])
        const [position] = tracker.openPositions()
        const open = manager.openOrders()
        expect(position).toMatchObject({
          stopLossOrderId: open[0]?.id,
          takeProfitOrderId: open[1]?.id,
        })
      })

      it('places the protection afresh, linked to the position, even where the intent still fits, however old', async () => {
        const { manager, tracker, intent, sent, synced } = await restartAfter(
          (position) => position,
          3_600_000,
        )
        expect(synced).toMatchObject({
          ordersAbandoned: 1,
          ordersResent: 0,
          protectiveOrdersPlaced: 2,
        })
        expect(sent).toEqual([
          ['stop-loss', '0.05', '44000'],
          ['take-profit', '0.05', '47000'],
        ])
        expect((await manager.getOrder(intent.id))?.status).toBe('CANCELLED')
        const open = manager.openOrders()
        expect(open.map((o) => [o.role, o.status])).toEqual([
          ['stop-loss', 'OPEN'],
          ['take-profit', 'OPEN'],
        ])
        // Linked, the tracker leaves the levels to the exchange orders (no safety-net close).
        expect(tracker.openPositions()[0]).toMatchObject({
          stopLossOrderId: open[0]?.id,
          takeProfitOrderId: open[1]?.id,
        })
      })
    })

    it('cancels an orphaned exchange order we consider finished and leaves foreign orders alone', async () => {
      const { manager, paper, repositories, events } = await setup()
      const resting = orderOf(await manager.execute(aRequest().limit('44000').buy('0.01').build()))
      // our books say CANCELLED, the exchange still has it open
      await repositories.orders.update({ ...resting, status: 'CANCELLED' })
      await placeByHand(paper, '43000')
      const restarted = executionHarness({
        store,
        clock: new VirtualClock(T0),
        broker: () => paper,
        prices: undefined,
      })
      restarted.prices.setPrice('BTC/USDT', d('45000'), T0)
      const report = await restarted.manager.sync()
      expect(report.foreignOpenOrders).toBe(1)
      expect((await paper.fetchOpenOrders()).map((o) => o.clientOrderId)).toEqual(['by-hand'])
      expect(restarted.events.ofType('broker.alert')[0]?.payload).toMatchObject({
        alert: 'ORPHAN_ORDER_CANCELLED',
      })
      expect(events).toBeDefined()
    })

    it('goes on reconciling the other orders when one cannot be read, then restores missing protection', async () => {
      let unreadableId: string | null = null
      let exchange: PaperBroker | null = null
      const { manager } = await setup({
        broker: ({ clock, prices, config }) =>
          overriding((exchange = paperBrokerOn({ clock, prices, config }, {})), (paper) => ({
            fetchOrder: async (id: string, symbol: string) => {
              if (id === unreadableId) throw faults.operational()
              return paper.fetchOrder(id, symbol)
            },
          })),
      })
      const resting = orderOf(await manager.execute(aRequest().limit('44000').buy('0.01').build()))
      unreadableId = resting.externalId
      await manager.execute(aRequest().buy('0.01').leverage(2).stopLoss('44000').build())
      const stop = manager.openOrders().find((order) => order.role === 'stop-loss')!
      // The stop is cancelled on the exchange behind our back: the reconciliation must replace it.
      await exchange!.cancelOrder(stop.externalId!, stop.symbol)
      await manager.sync()
      expect((await manager.getOrder(stop.id))?.status).toBe('CANCELLED')
      const stops = manager.openOrders().filter((order) => order.role === 'stop-loss')
      expect(stops.map((order) => [order.status, order.triggerPrice?.toString()])).toEqual([
        ['OPEN', '44000'],
      ])
      expect((await manager.getOrder(resting.id))?.status).toBe('OPEN')
    })

    it('records fills idempotently by trade id across syncs', async () => {
      const { manager, repositories } = await setup()
      const order = orderOf(await manager.execute(aRequest().buy('0.01').build()))
      const again = await manager.sync()
      expect(again.fillsRecorded).toBe(0)
      expect(await repositories.fills.forOrder(order.id)).toHaveLength(1)
      await manager.sync()
      expect(await repositories.fills.forOrder(order.id)).toHaveLength(1)
    })

    it('records the trade of an order it holds without looking the order up in the store', async () => {
      const { manager, repositories } = await setup()
      const lookups = countLookups(repositories.orders)
      const order = orderOf(await manager.execute(aRequest().buy('0.01').build()))
      expect(await repositories.fills.forOrder(order.id)).toHaveLength(1)
      expect(lookups.count).toBe(0)
    })

    it('stores at the next sync a fill it could not store the first time', async () => {
      const { manager, repositories } = await setup()
      const record = repositories.fills.record.bind(repositories.fills)
      repositories.fills.record = () => Promise.reject(new Error('store unavailable'))
      const order = orderOf(await manager.execute(aRequest().buy('0.01').build()))
      expect(await repositories.fills.forOrder(order.id)).toEqual([])
      repositories.fills.record = record
      expect((await manager.sync()).fillsRecorded).toBe(1)
      expect(await repositories.fills.forOrder(order.id)).toHaveLength(1)
    })

    it('neither counts nor looks up after a restart the fills an earlier run stored', async () => {
      const first = await setup()
      await first.manager.execute(aRequest().buy('0.01').build())
      const restarted = executionHarness({
        store,
        clock: new VirtualClock(T0),
        broker: () => first.paper,
        prices: first.prices,
      })
      const lookups = countLookups(restarted.repositories.orders)
      await restarted.tracker.load()
      const report = await restarted.manager.sync()
      expect(report.fillsRecorded).toBe(0)
      expect(lookups.count).toBe(0)
    })

    it('does not look up again a trade it already stored when the next sync sees it', async () => {
      const { manager, repositories } = await setup()
      await manager.execute(aRequest().buy('0.01').build())
      await manager.sync()
      const lookups = countLookups(repositories.orders)
      const report = await manager.sync()
      expect(report.fillsRecorded).toBe(0)
      expect(lookups.count).toBe(0)
    })
  })

  /** A 0.05 BTC long at 2× protected by a stop-loss at 44000 and a take-profit at 47000. */
  async function protectedLong(options: Parameters<typeof setup>[0] = {}) {
    const harness = await setup(options)
    const entry = await harness.manager.execute(
      aRequest().buy('0.05').leverage(2).stopLoss('44000').takeProfit('47000').build(),
    )
    const positionId = orderOf(entry).positionId!
    const protective = harness.manager.openOrders()
    expect(protective.map((o) => [o.role, o.status])).toEqual([
      ['stop-loss', 'OPEN'],
      ['take-profit', 'OPEN'],
    ])
    return { ...harness, positionId, protective }
  }

  /** Role, size still to fill and trigger price of each open order, oldest first. */
  const protectionOf = (orders: readonly Order[]) =>
    orders.map((o) => [o.role, o.size.minus(o.filledSize).toString(), o.triggerPrice?.toString()])

  describe('protective orders of an entry still filling', () => {
    /** What rests on the paper exchange: type, size still to fill and trigger, oldest first. */
    const restingOn = async (exchange: Broker) =>
      (await exchange.fetchOpenOrders())
        .filter((o) => o.type !== 'market' && o.type !== 'limit')
        .map((o) => [o.type, o.size.minus(o.filledSize).toString(), o.triggerPrice?.toString()])

    /**
     * A 3 BTC long at 2× with a stop-loss at 40000 and a take-profit at 50000: above
     * partial_fill_above_quote (50000) the paper broker fills one part per price update, so the
     * entry fills in three parts, the first on placement.
     */
    async function fillingLong(options: Parameters<typeof setup>[0] = {}) {
      const harness = await setup(options)
      const result = await harness.manager.execute(
        aRequest().buy('3').leverage(2).stopLoss('40000').takeProfit('50000').build(),
      )
      const entry = orderOf(result)
      expect(entry.status).toBe('PARTIALLY_FILLED')
      const nextPart = async (price: string) => {
        harness.prices.setPrice('BTC/USDT', d(price), T0)
        await harness.run(harness.manager.poll())
      }
      const filled = () => harness.tracker.openPositions()[0]!.size.toString()
      return { ...harness, entry, result, nextPart, filled }
    }

    it('protects the first part filled on the exchange at once, at its size', async () => {
      const { manager, paper, tracker, filled } = await fillingLong()
      expect(filled()).toBe('1.11055583')
      expect(protectionOf(manager.openOrders().filter((o) => o.role !== 'entry'))).toEqual([
        ['stop-loss', '1.11055583', '40000'],
        ['take-profit', '1.11055583', '50000'],
      ])
      expect(await restingOn(paper)).toEqual([
        ['stop-loss', '1.11055583', '40000'],
        ['take-profit', '1.11055583', '50000'],
      ])
      const [stop, target] = manager.openOrders().filter((o) => o.role !== 'entry')
      expect(tracker.openPositions()[0]).toMatchObject({
        stopLossOrderId: stop?.id,
        takeProfitOrderId: target?.id,
      })
    })

    it('resizes the protection with every further part, and ends with one stop-loss and one take-profit for the full size', async () => {
      const { manager, paper, repositories, entry, nextPart, filled } = await fillingLong()
      const first = manager.openOrders().filter((o) => o.role !== 'entry')
      await nextPart('45100')
      expect((await manager.getOrder(entry.id))?.status).toBe('PARTIALLY_FILLED')
      const second = manager.openOrders().filter((o) => o.role !== 'entry')
      expect(protectionOf(second)).toEqual([
        ['stop-loss', filled(), '40000'],
        ['take-profit', filled(), '50000'],
      ])
      expect(await restingOn(paper)).toEqual(protectionOf(second))
      // Resized in place: the same orders, never off the book.
      expect(second.map((o) => o.id)).toEqual(first.map((o) => o.id))
      for (const order of first) {
        expect((await repositories.orders.findById(order.id))?.status).toBe('OPEN')
      }
      await nextPart('45200')
      expect((await manager.getOrder(entry.id))?.status).toBe('FILLED')
      expect(protectionOf(manager.openOrders())).toEqual([
        ['stop-loss', '3', '40000'],
        ['take-profit', '3', '50000'],
      ])
      expect(await restingOn(paper)).toEqual([
        ['stop-loss', '3', '40000'],
        ['take-profit', '3', '50000'],
      ])
      await manager.sync()
      expect(await restingOn(paper)).toHaveLength(2)
    })

    it('keeps the protection of what was filled when the rest of the entry is cancelled', async () => {
      const { manager, paper, entry, filled } = await fillingLong()
      const protective = manager.openOrders().filter((o) => o.role !== 'entry')
      const cancelled = await manager.cancelOrder(entry.id)
      expect(cancelled).toMatchObject({ success: true, order: { status: 'CANCELLED' } })
      expect(manager.openOrders().map((o) => o.id)).toEqual(protective.map((o) => o.id))
      expect(await restingOn(paper)).toEqual([
        ['stop-loss', filled(), '40000'],
        ['take-profit', filled(), '50000'],
      ])
    })

    it('cancels the entry and its protection when the position is closed meanwhile', async () => {
      const { manager, paper, tracker, repositories, entry, nextPart, events } = await fillingLong()
      const protective = manager.openOrders().filter((o) => o.role !== 'entry')
      const close = await manager.closePosition(entry.positionId!, 'manual')
      expect(close).toMatchObject({ success: true, order: { role: 'close', status: 'FILLED' } })
      expect((await manager.getOrder(entry.id))?.status).toBe('CANCELLED')
      for (const order of protective) {
        expect((await repositories.orders.findById(order.id))?.status).toBe('CANCELLED')
      }
      expect(await paper.fetchOpenOrders()).toEqual([])
      await nextPart('45100')
      expect(manager.openOrders()).toEqual([])
      expect(tracker.openPositions()).toEqual([])
      expect(events.ofType('position.overfilled')).toEqual([])
    })

    it('cancels the rest of the entry when the protection of its filled part closes the position', async () => {
      const { manager, paper, prices, tracker, events, run } = await setup()
      const entry = orderOf(
        await manager.execute(
          aRequest()
            .limit('45000')
            .buy('3')
            .leverage(2)
            .stopLoss('40000')
            .takeProfit('46000')
            .build(),
        ),
      )
      expect(entry.status).toBe('PARTIALLY_FILLED')
      // The price rises away from the resting bid and through the take-profit of the filled part
      // (which fills in two parts).
      for (const price of ['46100', '46200']) {
        prices.setPrice('BTC/USDT', d(price), T0)
        await run(manager.poll())
      }
      expect((await tracker.closedPositions())[0]).toMatchObject({ closeReason: 'take_profit' })
      expect((await manager.getOrder(entry.id))?.status).toBe('CANCELLED')
      expect(manager.openOrders()).toEqual([])
      expect(await paper.fetchOpenOrders()).toEqual([])
      // Back at the bid, nothing is bought into the closed position.
      prices.setPrice('BTC/USDT', d('44900'), T0)
      await run(manager.poll())
      expect(events.ofType('position.overfilled')).toEqual([])
    })

    it('cancels the rest of the entry and its protection when the position is closed in the books', async () => {
      const { manager, paper, tracker, entry, run } = await fillingLong()
      await run(tracker.closePosition(entry.positionId!, d('45000'), 'manual'))
      expect((await manager.getOrder(entry.id))?.status).toBe('CANCELLED')
      expect(manager.openOrders()).toEqual([])
      expect(await paper.fetchOpenOrders()).toEqual([])
    })

    it('places nothing twice when reconciling, nor after a restart that finds the entry further filled', async () => {
      const clock = new VirtualClock(T0)
      const first = await fillingLong({ clock })
      expect((await first.manager.sync()).protectiveOrdersPlaced).toBe(0)
      expect(await restingOn(first.paper)).toHaveLength(2)
      // The app is down while the next part fills.
      first.prices.setPrice('BTC/USDT', d('45100'), T0)
      const second = await setup({ clock, broker: () => first.faulty, prices: first.prices })
      const size = second.tracker.openPositions()[0]!.size.toString()
      expect(size).not.toBe('1.11055583')
      expect(await restingOn(first.paper)).toEqual([
        ['stop-loss', size, '40000'],
        ['take-profit', size, '50000'],
      ])
      expect((await second.manager.sync()).protectiveOrdersPlaced).toBe(0)
      expect(protectionOf(second.manager.openOrders().filter((o) => o.role !== 'entry'))).toEqual([
        ['stop-loss', size, '40000'],
        ['take-profit', size, '50000'],
      ])
    })

    it('leaves a first part below the market minimum to the tracker until more has filled', async () => {
      const market = { price_step: '0.1', amount_step: '0.00000001', min_cost: '0.5' }
      const { paper, events, nextPart, filled } = await fillingLong({
        configOverrides: {
          paper: {
            starting_balances: { USDT: '100000', BTC: '1', XRP: '0' },
            markets: { 'BTC/USDT': { ...market, min_size: '1.5' } },
          },
        },
      })
      expect(filled()).toBe('1.11055583')
      expect(await restingOn(paper)).toEqual([])
      expect(events.ofType('broker.alert')).toEqual([])
      await nextPart('45100')
      expect(await restingOn(paper)).toEqual([
        ['stop-loss', filled(), '40000'],
        ['take-profit', filled(), '50000'],
      ])
    })

    it('alerts the trader, and goes on, when the protection of a part cannot be placed', async () => {
      let isRefusing = true
      const { manager, broker, result, events, nextPart, run, filled } = await fillingLong({
        broker: ({ clock, prices, config }) =>
          overriding(paperBrokerOn({ clock, prices, config }, {}), (inner) => ({
            placeOrder: async (request) => {
              if (isRefusing && request.type === 'stop-loss') throw faults.invalid()
              return inner.placeOrder(request)
            },
          })),
      })
      expect(result.success).toBe(true)
      expect(events.ofType('broker.alert').map((event) => event.payload.alert)).toContain(
        'PROTECTION_NOT_PLACED',
      )
      await nextPart('45100')
      await run(manager.sync())
      isRefusing = false
      await run(manager.sync())
      expect((await restingOn(broker)).sort()).toEqual([
        ['stop-loss', filled(), '40000'],
        ['take-profit', filled(), '50000'],
      ])
    })
  })

  describe('protective orders of a reduced position', () => {
    it('replaces them after a partial close with orders for the remaining size, at the same levels', async () => {
      const { manager, paper, repositories, events, positionId, protective } = await protectedLong()
      const close = await manager.closePosition(positionId, 'trim', { size: d('0.02') })
      expect(close).toMatchObject({ success: true, order: { role: 'close', status: 'FILLED' } })
      expect(orderOf(close).size.toString()).toBe('0.02')
      for (const order of protective) {
        expect((await repositories.orders.findById(order.id))?.status).toBe('CANCELLED')
      }
      const replaced = manager.openOrders()
      expect(protectionOf(replaced)).toEqual([
        ['stop-loss', '0.03', '44000'],
        ['take-profit', '0.03', '47000'],
      ])
      expect(
        (await paper.fetchOpenOrders()).map((o) => [o.size.toString(), o.triggerPrice?.toString()]),
      ).toEqual([
        ['0.03', '44000'],
        ['0.03', '47000'],
      ])
      const position = close.success ? close.position : null
      expect(position?.size.toString()).toBe('0.03')
      expect(position).toMatchObject({
        stopLossOrderId: replaced[0]?.id,
        takeProfitOrderId: replaced[1]?.id,
      })
      expect(events.ofType('order.cancelled').map((event) => event.orderId)).toEqual(
        protective.map((order) => order.id),
      )
    })

    it('lets the replaced stop-loss sell exactly what the partial close left', async () => {
      const { manager, tracker, prices, events, positionId, run } = await protectedLong()
      await manager.execute(aRequest().close(positionId, 'trim').sell('0.02').leverage(2).build())
      prices.setPrice('BTC/USDT', d('43900'), T0)
      await run(manager.poll())
      const closed = (await tracker.closedPositions())[0]
      expect(closed).toMatchObject({ status: 'closed', closeReason: 'stop_loss' })
      expect(events.ofType('position.overfilled')).toEqual([])
      expect(manager.openOrders()).toEqual([])
    })

    it('cancels the take-profit while the stop-loss sells the position off in parts', async () => {
      const { manager, tracker, prices, repositories, events, run } = await setup()
      // Above partial_fill_above_quote (50000) the paper broker fills one part per price update.
      await manager.execute(
        aRequest().buy('2').leverage(2).stopLoss('44000').takeProfit('47000').build(),
      )
      prices.setPrice('BTC/USDT', d('45100'), T0)
      await run(manager.poll())
      const [stop, target] = manager.openOrders()
      expect(protectionOf([stop!, target!])).toEqual([
        ['stop-loss', '2', '44000'],
        ['take-profit', '2', '47000'],
      ])
      prices.setPrice('BTC/USDT', d('43900'), T0)
      await run(manager.poll())
      const remaining = tracker.openPositions()[0]!.size
      expect(remaining.gt(0) && remaining.lt(2)).toBe(true)
      // The triggered stop goes on selling; a take-profit resized to the rest would sell the
      // same coins again were its level reached meanwhile.
      expect((await manager.getOrder(stop!.id))?.status).toBe('PARTIALLY_FILLED')
      expect((await repositories.orders.findById(target!.id))?.status).toBe('CANCELLED')
      expect(manager.openOrders().map((o) => o.id)).toEqual([stop!.id])
      for (const price of ['43850', '43800', '43750']) {
        prices.setPrice('BTC/USDT', d(price), T0)
        await run(manager.poll())
      }
      expect((await manager.getOrder(stop!.id))?.status).toBe('FILLED')
      expect(tracker.openPositions()).toEqual([])
      expect(events.ofType('position.overfilled')).toEqual([])
    })

    it('never lets the stop-loss sell what a triggered take-profit is selling', async () => {
      const { manager, tracker, prices, paper, events, run } = await setup()
      // The account holds 1 BTC of its own besides the position's 2.
      await manager.execute(aRequest().buy('2').stopLoss('44000').takeProfit('46000').build())
      prices.setPrice('BTC/USDT', d('45100'), T0)
      await run(manager.poll())
      expect((await paper.fetchBalances()).BTC?.total.toString()).toBe('3')
      // The take-profit triggers and sells one part; then the price falls through the stop.
      prices.setPrice('BTC/USDT', d('46100'), T0)
      await run(manager.poll())
      expect(protectionOf(manager.openOrders()).map(([role]) => role)).toEqual(['take-profit'])
      for (const price of ['43900', '43850', '43800']) {
        prices.setPrice('BTC/USDT', d(price), T0)
        await run(manager.poll())
      }
      expect(tracker.openPositions()).toEqual([])
      expect(events.ofType('position.overfilled')).toEqual([])
      expect((await paper.fetchBalances()).BTC?.total.toString()).toBe('1')
    })

    it('protects what is left when a triggered protective order ends before selling it all', async () => {
      const { manager, tracker, prices, run } = await setup()
      await manager.execute(
        aRequest().buy('4').leverage(2).stopLoss('44000').takeProfit('47000').build(),
      )
      prices.setPrice('BTC/USDT', d('45100'), T0)
      await run(manager.poll())
      // Each price update fills about 50,000 USDT of it: the entry needs a few.
      for (const price of ['45110', '45120', '45130']) {
        prices.setPrice('BTC/USDT', d(price), T0)
        await run(manager.poll())
      }
      expect(tracker.openPositions()[0]?.size.toString()).toBe('4')
      prices.setPrice('BTC/USDT', d('43900'), T0)
      await run(manager.poll())
      const [stop] = manager.openOrders()
      expect(stop?.status).toBe('PARTIALLY_FILLED')
      // The working stop is cancelled (by hand, say) before it sold the rest: a new stop-loss
      // takes over, at once, below the stop as the price is.
      await manager.cancelOrder(stop!.id)
      expect((await manager.getOrder(stop!.id))?.status).toBe('CANCELLED')
      expect(tracker.openPositions()).toHaveLength(1)
      const [next] = manager.openOrders()
      expect([next?.role, next?.id === stop!.id]).toEqual(['stop-loss', false])
    })

    it('closes no more than a stop-loss that filled in part while it was cancelled left', async () => {
      let isFillingBeforeCancel = false
      const { manager, prices, tracker, events, run } = await setup({
        broker: ({ clock, prices, config }) =>
          overriding(paperBrokerOn({ clock, prices, config }, {}), (paper) => ({
            cancelOrder: async (id: string, symbol: string) => {
              if (isFillingBeforeCancel) {
                // The stop triggers and fills one part just before the cancel reaches it.
                isFillingBeforeCancel = false
                prices.setPrice('BTC/USDT', d('43900'), T0)
              }
              return paper.cancelOrder(id, symbol)
            },
          })),
      })
      const entry = await manager.execute(aRequest().buy('2').leverage(2).stopLoss('44000').build())
      prices.setPrice('BTC/USDT', d('45100'), T0)
      await run(manager.poll())
      expect(tracker.openPositions()[0]?.size.toString()).toBe('2')
      isFillingBeforeCancel = true
      const close = await run(
        manager.closePosition(orderOf(entry).positionId!, 'trim', { size: d('1.5') }),
      )
      expect(close).toMatchObject({ success: true, order: { role: 'close' } })
      expect(orderOf(close).size.lt('1.5')).toBe(true)
      expect(tracker.openPositions()).toEqual([])
      expect(events.ofType('position.overfilled')).toEqual([])
    })

    it('closes all that is left when a full close is asked while a trim still fills', async () => {
      const { manager, tracker, prices, run } = await setup()
      // Above partial_fill_above_quote (50000) the paper broker fills one part per price update.
      const entry = orderOf(await manager.execute(aRequest().buy('2').stopLoss('40000').build()))
      prices.setPrice('BTC/USDT', d('45100'), T0)
      await run(manager.poll())
      const positionId = entry.positionId!
      const trim = await manager.closePosition(positionId, 'trim', { size: d('1.5') })
      expect(orderOf(trim).status).toBe('PARTIALLY_FILLED')
      // The kill switch, a breaker or the stop-loss safety net asks for a full close now.
      const full = await manager.closePosition(positionId, 'kill switch')
      expect(full).toMatchObject({ success: true, order: { role: 'close' } })
      expect(orderOf(full).id).not.toBe(orderOf(trim).id)
      expect((await manager.getOrder(orderOf(trim).id))?.status).toBe('CANCELLED')
      for (const price of ['45050', '45000']) {
        prices.setPrice('BTC/USDT', d(price), T0)
        await run(manager.poll())
      }
      expect(tracker.openPositions()).toEqual([])
    })

    it('puts the protection back when the exchange refuses the close', async () => {
      const { manager, faulty, tracker, positionId, protective } = await protectedLong()
      faulty.failNext('placeOrder', faults.invalid())
      const close = await manager.closePosition(positionId, 'manual')
      expect(close).toMatchObject({ success: false, code: 'ORDER_REJECTED' })
      expect(tracker.openPositions()).toHaveLength(1)
      const restored = manager.openOrders()
      expect(protectionOf(restored)).toEqual([
        ['stop-loss', '0.05', '44000'],
        ['take-profit', '0.05', '47000'],
      ])
      expect(restored.map((o) => o.id)).not.toContain(protective[0]?.id)
    })

    it('refuses the close as data and puts the stop-loss back when the take-profit cannot be cancelled', async () => {
      let refusedId: string | null = null
      const { manager, tracker, positionId, protective } = await protectedLong({
        broker: ({ clock, prices, config }) =>
          overriding(paperBrokerOn({ clock, prices, config }, {}), (paper) => ({
            cancelOrder: async (id: string, symbol: string) => {
              if (id === refusedId) throw faults.operational()
              return paper.cancelOrder(id, symbol)
            },
          })),
      })
      const [stop, target] = protective
      refusedId = target!.externalId
      const close = await manager.closePosition(positionId, 'manual')
      expect(close).toMatchObject({ success: false, code: 'OPERATIONAL_ERROR', order: null })
      expect(close.success || close.message).toContain(`position=${positionId}`)
      expect(tracker.openPositions()).toHaveLength(1)
      expect((await manager.getOrder(stop!.id))?.status).toBe('CANCELLED')
      expect(protectionOf(manager.openOrders())).toEqual([
        ['take-profit', '0.05', '47000'],
        ['stop-loss', '0.05', '44000'],
      ])
    })

    it('alerts the trader when a reached level cannot close the position (tried again later)', async () => {
      let refusedId: string | null = null
      const { manager, tracker, events, positionId, protective } = await protectedLong({
        broker: ({ clock, prices, config }) =>
          overriding(paperBrokerOn({ clock, prices, config }, {}), (paper) => ({
            cancelOrder: async (id: string, symbol: string) => {
              if (id === refusedId) throw faults.operational()
              return paper.cancelOrder(id, symbol)
            },
          })),
      })
      refusedId = protective[1]!.externalId
      const position = (await tracker.get(positionId))!
      await manager.closeTriggered(position, 'stop_loss', d('43900'))
      expect(tracker.openPositions()).toHaveLength(1)
      expect(events.ofType('broker.alert').at(-1)).toMatchObject({
        positionId,
        symbol: 'BTC/USDT',
        payload: { alert: 'SAFETY_NET_CLOSE_FAILED', trigger: 'stop_loss' },
      })
    })

    it('replaces protective orders left at a size the position no longer holds when reconciling', async () => {
      const clock = new VirtualClock(T0)
      const first = await protectedLong({ clock })
      // What a partial close left behind before protective orders were resized.
      const position = (await first.tracker.get(first.positionId))!
      await first.repositories.positions.save({ ...position, size: d('0.03') })
      const second = await setup({ clock, broker: () => first.faulty, prices: first.prices })
      expect(protectionOf(second.manager.openOrders())).toEqual([
        ['stop-loss', '0.03', '44000'],
        ['take-profit', '0.03', '47000'],
      ])
      expect((await first.paper.fetchOpenOrders()).map((o) => o.size.toString())).toEqual([
        '0.03',
        '0.03',
      ])
      expect(second.manager.openOrders().map((o) => o.id)).toEqual(
        first.protective.map((o) => o.id),
      )
    })
  })

  describe('protective orders of a closed position', () => {
    it('publishes every order event once the order reads back in the announced state', async () => {
      const observer = new ReadBackObserver()
      const { manager, positionId } = await protectedLong({ observers: [observer] })
      observer.manager = manager
      await manager.closePosition(positionId, 'kill switch')
      expect(observer.seen.length).toBeGreaterThan(0)
      expect(observer.seen.filter((seen) => seen.announced !== seen.readBack)).toEqual([])
      expect(
        observer.seen
          .filter((seen) => seen.role === 'stop-loss' || seen.role === 'take-profit')
          .map((seen) => [seen.role, seen.readBack]),
      ).toEqual([
        ['stop-loss', 'cancelled'],
        ['take-profit', 'cancelled'],
      ])
    })

    it('cancels them, logged and announced, when the position closes through the exchange', async () => {
      const { manager, paper, repositories, events, positionId, protective } = await protectedLong()
      await manager.closePosition(positionId, 'kill switch')
      for (const order of protective) {
        expect((await repositories.orders.findById(order.id))?.status).toBe('CANCELLED')
        expect((await repositories.statusLog.forOrder(order.id)).map((row) => row.status)).toEqual([
          'PENDING',
          'OPEN',
          'CANCELLED',
        ])
      }
      expect(events.ofType('order.cancelled').map((event) => event.orderId)).toEqual(
        protective.map((order) => order.id),
      )
      expect(await paper.fetchOpenOrders()).toEqual([])
    })

    it('cancels them when the position is closed in the books at a given exit price', async () => {
      const { manager, tracker, paper, repositories, events, positionId, protective } =
        await protectedLong()
      const closed = await tracker.closePosition(positionId, d('45500'), 'closed elsewhere')
      expect(closed.status).toBe('closed')
      expect(manager.openOrders()).toEqual([])
      expect(await paper.fetchOpenOrders()).toEqual([])
      for (const order of protective) {
        expect((await repositories.orders.findById(order.id))?.status).toBe('CANCELLED')
      }
      expect(events.ofType('order.cancelled').map((event) => event.orderId)).toEqual(
        protective.map((order) => order.id),
      )
    })

    it('cancels those a closed position left open when reconciling (e.g. after a crash)', async () => {
      const clock = new VirtualClock(T0)
      const first = await protectedLong({ clock })
      // A crash between closing the position and cancelling its protection.
      const position = (await first.tracker.get(first.positionId))!
      await first.repositories.positions.save({
        ...position,
        size: d(0),
        status: 'closed',
        exitPrice: d('45500'),
        closeReason: 'close',
        closedAtMs: T0,
      })
      const second = await setup({ clock, broker: () => first.faulty, prices: first.prices })
      expect(second.manager.openOrders()).toEqual([])
      expect(await first.paper.fetchOpenOrders()).toEqual([])
      for (const order of first.protective) {
        expect((await second.repositories.orders.findById(order.id))?.status).toBe('CANCELLED')
      }
    })

    it('retries at the next reconciliation when the exchange refuses to cancel them', async () => {
      const { manager, tracker, faulty, paper, positionId, protective } = await protectedLong()
      faulty.failNext('cancelOrder', faults.operational(), 2)
      await tracker.closePosition(positionId, d('45500'), 'closed elsewhere')
      expect(manager.openOrders().map((order) => order.id)).toEqual(
        protective.map((order) => order.id),
      )
      const first = await manager.sync()
      expect(first.protectiveOrdersCancelled).toBe(0)
      expect(manager.openOrders().length).toBeGreaterThan(0)
      const second = await manager.sync()
      expect(second.protectiveOrdersCancelled).toBeGreaterThan(0)
      expect(manager.openOrders()).toEqual([])
      expect(await paper.fetchOpenOrders()).toEqual([])
    })

    it('keeps them while the position stays open', async () => {
      const { manager, paper, protective } = await protectedLong()
      await manager.sync()
      expect(manager.openOrders().map((o) => o.id)).toEqual(protective.map((o) => o.id))
      expect(await paper.fetchOpenOrders()).toHaveLength(2)
    })
  })
})
