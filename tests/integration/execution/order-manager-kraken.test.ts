import Decimal from 'decimal.js'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SystemClock, VirtualClock } from '../../../src-main/engine/clock'
import type { Order } from '../../../src-main/engine/execution/order'
import type { OrderStatus } from '../../../src-main/engine/execution/order-status'
import type { Store } from '../../../src-main/engine/store'
import { KrakenSimulator, type OrderSnapshot } from '../../fakes/kraken'
import { aRequest, executionHarness, truncateExecutionTables } from '../../helpers/execution-kit'
import { openMemoryStore } from '../../helpers/test-store'
import { simulatorBroker, simulatorConfig } from './kraken-sim-kit'

/*
 * The order manager, position tracker and Kraken broker on the real ccxt client against the
 * Kraken simulator: every order type and state, partial fills, contingent orders, trailing
 * stops and each injected fault, each ending with the exchange and our books equal and no
 * order twice on the exchange.
 */

const d = (value: Decimal.Value) => new Decimal(value)

function statusOnExchange(order: OrderSnapshot): OrderStatus {
  switch (order.status) {
    case 'open':
    case 'pending':
      return d(order.filled).gt(0) ? 'PARTIALLY_FILLED' : 'OPEN'
    case 'closed':
      return 'FILLED'
    case 'canceled':
      return 'CANCELLED'
    case 'expired':
      return 'EXPIRED'
    default:
      throw new Error(`unexpected simulator status ${order.status}`)
  }
}

describe('order manager through ccxt against the Kraken simulator', () => {
  // The simulator's clock is virtual (so expiry can be forced); the manager waits in real time.
  const simClock = new VirtualClock(Date.now())
  const sim = new KrakenSimulator({ clock: simClock })
  let store: Store

  beforeAll(async () => {
    await sim.start()
    store = await openMemoryStore()
  })

  afterAll(async () => {
    await store.close()
    await sim.stop()
  })

  beforeEach(async () => {
    sim.reset()
    await truncateExecutionTables(store)
    sim.setBalance('USDT', '100000')
    sim.setBalance('BTC', '1')
  })

  async function setup(options: { timeoutMs?: number } = {}) {
    const config = simulatorConfig(sim, options.timeoutMs)
    const broker = simulatorBroker(sim, { timeoutMs: options.timeoutMs })
    await broker.connect()
    const harness = executionHarness({
      store,
      clock: new SystemClock(),
      config,
      broker: () => broker,
    })
    const setPrice = (price: string) => {
      sim.setPrice('BTC/USDT', price)
      harness.prices.setPrice('BTC/USDT', d(price), Date.now())
    }
    setPrice('30000.0')
    await harness.tracker.load()
    await harness.manager.sync()

    /** Brings our books up to date, then checks them against the exchange order by order. */
    const expectInSync = async () => {
      await harness.manager.poll()
      const local = await harness.repositories.orders.recent(1000)
      const remote = sim.orders()
      const clientIds = remote.map((order) => order.clientOrderId)
      expect(clientIds.every((id) => id !== undefined)).toBe(true)
      expect(new Set(clientIds).size).toBe(clientIds.length)
      for (const order of remote) {
        const mine = local.find((candidate) => candidate.clientOrderId === order.clientOrderId)
        expect(mine, `exchange order ${order.txid} unknown locally`).toBeDefined()
        expect(mine?.externalId).toBe(order.txid)
        expect(mine?.status).toBe(statusOnExchange(order))
        expect(mine?.filledSize.toString()).toBe(d(order.filled).toString())
      }
      for (const order of local) {
        if (order.externalId) expect(remote.some((r) => r.txid === order.externalId)).toBe(true)
        else expect(['CANCELLED', 'ERROR']).toContain(order.status)
      }
    }
    const remoteOf = (order: Order | null | undefined) =>
      order?.externalId ? sim.order(order.externalId) : undefined
    return { ...harness, broker, setPrice, expectInSync, remoteOf }
  }

  describe('order types and states', () => {
    it('market entry on margin: filled, position opened, stop-loss and take-profit resting on the exchange', async () => {
      const { manager, tracker, expectInSync, remoteOf } = await setup()
      const result = await manager.execute(
        aRequest()
          .buy('0.05')
          .leverage(2)
          .stopLoss('29000')
          .takeProfit('31000')
          .correlation('sig-1')
          .build(),
      )
      expect(result).toMatchObject({ success: true, order: { status: 'FILLED', type: 'market' } })
      expect(tracker.openPositions()[0]).toMatchObject({
        side: 'long',
        leverage: 2,
        correlationId: 'sig-1',
      })
      const protective = manager.openOrders()
      expect(protective.map((o) => [o.role, o.status])).toEqual([
        ['stop-loss', 'OPEN'],
        ['take-profit', 'OPEN'],
      ])
      expect(protective.map((o) => remoteOf(o)?.type)).toEqual(['stop-loss', 'take-profit'])
      expect(remoteOf(protective[1])?.leverage).toBe(2)
      // Only the exits are reduce-only: one left after its position closed cannot open another.
      expect(
        sim
          .requests('AddOrder')
          .map((call) => [call.params['ordertype'], call.params['reduce_only']]),
      ).toEqual([
        ['market', undefined],
        ['stop-loss', 'true'],
        ['take-profit', 'true'],
      ])
      await expectInSync()
    })

    it('take-profit fills: position closed with its exit, stop-loss cancelled on the exchange', async () => {
      const { manager, tracker, setPrice, expectInSync, remoteOf } = await setup()
      await manager.execute(
        aRequest().buy('0.05').leverage(2).stopLoss('29000').takeProfit('31000').build(),
      )
      const [stop, target] = manager.openOrders()
      setPrice('31100.0')
      await manager.poll()
      expect(tracker.openPositions()).toEqual([])
      expect((await tracker.closedPositions())[0]).toMatchObject({ closeReason: 'take_profit' })
      expect(remoteOf(target)?.status).toBe('closed')
      expect(remoteOf(stop)?.status).toBe('canceled')
      await expectInSync()
    })

    it('stop-loss fills on a short: take-profit cancelled', async () => {
      const { manager, tracker, setPrice, expectInSync, remoteOf } = await setup()
      await manager.execute(
        aRequest().sell('0.05').leverage(3).stopLoss('31000').takeProfit('29000').build(),
      )
      const [stop, target] = manager.openOrders()
      setPrice('31200.0')
      await manager.poll()
      expect((await tracker.closedPositions())[0]).toMatchObject({
        side: 'short',
        closeReason: 'stop_loss',
      })
      expect(remoteOf(stop)?.status).toBe('closed')
      expect(remoteOf(target)?.status).toBe('canceled')
      await expectInSync()
    })

    it('spot entry: only the stop-loss rests (Kraken holds the base for it); the tracker closes at the target', async () => {
      const { manager, tracker, setPrice, expectInSync, remoteOf } = await setup()
      await manager.execute(aRequest().buy('0.05').stopLoss('29000').takeProfit('31000').build())
      expect(manager.openOrders().map((o) => o.role)).toEqual(['stop-loss'])
      const [stop] = manager.openOrders()
      setPrice('31050.0')
      await tracker.monitor()
      const closed = (await tracker.closedPositions())[0]
      expect(closed).toMatchObject({ closeReason: 'take_profit', status: 'closed' })
      expect(remoteOf(stop)?.status).toBe('canceled')
      expect(sim.orders().filter((o) => o.type === 'market')).toHaveLength(2)
      await expectInSync()
    })

    it('spot: a stop-loss added to a position whose take-profit holds the base replaces it on the exchange', async () => {
      const { manager, tracker, expectInSync, remoteOf } = await setup()
      sim.setBalance('BTC', '0')
      await manager.execute(aRequest().buy('0.05').takeProfit('31000').build())
      const [target] = manager.openOrders()
      expect(target?.role).toBe('take-profit')
      const positionId = target!.positionId!
      await manager.modifyProtection(positionId, { stopLoss: d('29000') })
      // Kraken holds the base for the take-profit: the stop-loss could never rest beside it.
      expect(manager.openOrders().map((o) => [o.role, o.triggerPrice?.toString()])).toEqual([
        ['stop-loss', '29000'],
      ])
      expect(remoteOf(target)?.status).toBe('canceled')
      expect(sim.openOrders().map((o) => o.type)).toEqual(['stop-loss'])
      expect((await tracker.get(positionId))?.takeProfit?.toString()).toBe('31000')
      await expectInSync()
    })

    it('limit entry rests OPEN, fills when the price crosses, then gets its protection', async () => {
      const { manager, setPrice, expectInSync } = await setup()
      const entry = (
        await manager.execute(aRequest().limit('29800.0').buy('0.02').stopLoss('29000').build())
      ).order!
      expect(entry.status).toBe('OPEN')
      await expectInSync()
      setPrice('29700.0')
      await manager.poll()
      expect((await manager.getOrder(entry.id))?.status).toBe('FILLED')
      expect(manager.openOrders().map((o) => o.role)).toEqual(['stop-loss'])
      await expectInSync()
    })

    it('limit order cancelled', async () => {
      const { manager, expectInSync, remoteOf } = await setup()
      const entry = (await manager.execute(aRequest().limit('29000.0').buy('0.02').build())).order!
      // Entries rest at most orders.entry_expiry_seconds (3600): Kraken takes the expiry in seconds.
      expect(sim.requests('AddOrder')[0]?.params).toMatchObject({
        timeinforce: 'GTD',
        expiretm: String(Math.ceil(entry.expiresAtMs! / 1000)),
      })
      expect(entry.expiresAtMs! - entry.createdAtMs).toBe(3_600_000)
      const cancelled = await manager.cancelOrder(entry.id)
      expect(cancelled).toMatchObject({ success: true, order: { status: 'CANCELLED' } })
      expect(remoteOf(entry)?.status).toBe('canceled')
      await expectInSync()
    })

    it('limit order expires on the exchange (good-till-date)', async () => {
      const { manager, expectInSync } = await setup()
      const entry = (
        await manager.execute(
          aRequest().limit('29000.0').buy('0.02').with({ expiresAfterSeconds: 2 }).build(),
        )
      ).order!
      expect(sim.requests('AddOrder')[0]?.params).toMatchObject({ timeinforce: 'GTD' })
      // the simulator's clock jumps past the expiry (our clock is the system's)
      await simClock.advanceTo(Math.max(simClock.now(), Date.now()) + 5_000)
      await manager.poll()
      expect((await manager.getOrder(entry.id))?.status).toBe('EXPIRED')
      await expectInSync()
    })

    it('order refused by the exchange ends in ERROR and nothing rests there', async () => {
      const { manager, expectInSync } = await setup()
      sim.setBalance('USDT', '10')
      const result = await manager.execute(aRequest().buy('0.05').build())
      expect(result).toMatchObject({
        success: false,
        code: 'INSUFFICIENT_FUNDS',
        order: { status: 'ERROR' },
      })
      expect(sim.orders()).toEqual([])
      await expectInSync()
    })

    it('partial fills: PARTIALLY_FILLED, then FILLED; the position grows and is protected as it grows', async () => {
      const { manager, tracker, expectInSync, remoteOf } = await setup()
      sim.faults.partialFill('0.4')
      const entry = (
        await manager.execute(aRequest().buy('0.05').leverage(2).stopLoss('29000').build())
      ).order!
      expect(entry.status).toBe('PARTIALLY_FILLED')
      expect(tracker.openPositions()[0]?.size.toString()).toBe('0.02')
      expect(manager.openOrders().map((o) => [o.role, o.size.toString()])).toEqual([
        ['entry', '0.05'],
        ['stop-loss', '0.02'],
      ])
      expect(remoteOf(manager.openOrders()[1])?.volume).toBe('0.02')
      await expectInSync()
      sim.fillRemaining(entry.externalId!)
      await manager.poll()
      expect((await manager.getOrder(entry.id))?.status).toBe('FILLED')
      expect(tracker.openPositions()[0]?.size.toString()).toBe('0.05')
      expect(manager.openOrders().map((o) => [o.role, o.size.toString()])).toEqual([
        ['stop-loss', '0.05'],
      ])
      expect(remoteOf(manager.openOrders()[0])?.volume).toBe('0.05')
      expect(sim.openOrders().map((o) => [o.type, o.volume])).toEqual([['stop-loss', '0.05']])
      await expectInSync()
    })

    it('spot partial fill: only the stop-loss rests, for what has filled, and is resized once the entry fills', async () => {
      const { manager, setPrice, expectInSync } = await setup()
      const entry = (
        await manager.execute(
          aRequest().limit('29800.0').buy('0.04').stopLoss('29000').takeProfit('31000').build(),
        )
      ).order!
      sim.faults.partialFill('0.5')
      setPrice('29700.0')
      await manager.poll()
      expect((await manager.getOrder(entry.id))?.status).toBe('PARTIALLY_FILLED')
      // Kraken holds the base for a stop-loss: the take-profit is watched by the tracker.
      expect(manager.openOrders().map((o) => [o.role, o.size.toString()])).toEqual([
        ['entry', '0.04'],
        ['stop-loss', '0.02'],
      ])
      await expectInSync()
      sim.fillRemaining(entry.externalId!)
      await manager.poll()
      expect((await manager.getOrder(entry.id))?.status).toBe('FILLED')
      expect(sim.openOrders().map((o) => [o.type, o.volume])).toEqual([['stop-loss', '0.04']])
      await expectInSync()
    })

    it('partial fill then cancel: CANCELLED with the filled part, which is protected', async () => {
      const { manager, setPrice, expectInSync } = await setup()
      const entry = (
        await manager.execute(
          aRequest().limit('29800.0').buy('0.04').leverage(2).stopLoss('29000').build(),
        )
      ).order!
      sim.faults.partialFill('0.5')
      setPrice('29700.0')
      await manager.poll()
      expect((await manager.getOrder(entry.id))?.status).toBe('PARTIALLY_FILLED')
      const cancelled = await manager.cancelOrder(entry.id)
      expect(cancelled.order).toMatchObject({ status: 'CANCELLED' })
      expect(cancelled.order?.filledSize.toString()).toBe('0.02')
      expect(manager.openOrders().map((o) => [o.role, o.size.toString()])).toEqual([
        ['stop-loss', '0.02'],
      ])
      await expectInSync()
    })

    it('trailing stop: the exchange stop is amended in place as the price rises, never lowered', async () => {
      const { manager, tracker, setPrice, expectInSync, remoteOf } = await setup()
      await manager.execute(aRequest().buy('0.05').leverage(2).stopLoss('29000').build())
      const [first] = manager.openOrders()
      setPrice('30600.0')
      await tracker.monitor()
      const [second] = manager.openOrders()
      // 30600 × 0.985, on the same order: it never left the book.
      expect(second?.triggerPrice?.toString()).toBe('30141')
      expect([second?.id, second?.externalId]).toEqual([first?.id, first?.externalId])
      expect(remoteOf(second)).toMatchObject({ status: 'open', price: '30141', volume: '0.05' })
      expect(sim.requests('AmendOrder').map((call) => call.params)).toMatchObject([
        { txid: first?.externalId, order_qty: '0.05', trigger_price: '30141' },
      ])
      expect(sim.requests('CancelOrder')).toHaveLength(0)
      setPrice('30400.0')
      await tracker.monitor()
      expect(sim.requests('AmendOrder')).toHaveLength(1)
      expect(manager.openOrders().map((o) => o.id)).toEqual([first?.id])
      await expectInSync()
    })

    it('closing a position cancels its protection and sends a market close', async () => {
      const { manager, tracker, expectInSync } = await setup()
      const entry = (
        await manager.execute(
          aRequest().buy('0.05').leverage(2).stopLoss('29000').takeProfit('31000').build(),
        )
      ).order!
      const close = await manager.closePosition(entry.positionId!, 'manual')
      expect(close).toMatchObject({ success: true, order: { role: 'close', status: 'FILLED' } })
      expect(sim.requests('AddOrder').at(-1)?.params).toMatchObject({
        ordertype: 'market',
        reduce_only: 'true',
      })
      expect(tracker.openPositions()).toEqual([])
      expect(sim.positions()).toEqual([])
      await expectInSync()
    })
  })

  describe('partial close', () => {
    const restingProtection = () =>
      sim.openOrders().map((order) => [order.type, order.volume, order.price])

    it('on margin: the stop-loss and take-profit on the exchange are replaced for the remaining size', async () => {
      const { manager, tracker, expectInSync, remoteOf } = await setup()
      const entry = (
        await manager.execute(
          aRequest().buy('0.05').leverage(2).stopLoss('29000').takeProfit('31000').build(),
        )
      ).order!
      const [oldStop, oldTarget] = manager.openOrders()
      const close = await manager.closePosition(entry.positionId!, 'trim', { size: d('0.02') })
      expect(close).toMatchObject({ success: true, order: { role: 'close', status: 'FILLED' } })
      expect(tracker.openPositions()[0]?.size.toString()).toBe('0.03')
      expect(sim.positions().map((position) => position.volume)).toEqual(['0.03'])
      expect(remoteOf(oldStop)?.status).toBe('canceled')
      expect(remoteOf(oldTarget)?.status).toBe('canceled')
      expect(restingProtection()).toEqual([
        ['stop-loss', '0.03', '29000'],
        ['take-profit', '0.03', '31000'],
      ])
      await expectInSync()
    })

    it('on spot: the stop-loss no longer holds the base the close sells, and rests again for the rest', async () => {
      const { manager, tracker, expectInSync } = await setup()
      // The position's base is all there is: nothing else may be sold for it.
      sim.setBalance('BTC', '0')
      const entry = (
        await manager.execute(aRequest().buy('0.05').stopLoss('29000').takeProfit('31000').build())
      ).order!
      expect(restingProtection()).toEqual([['stop-loss', '0.05', '29000']])
      const close = await manager.closePosition(entry.positionId!, 'trim', { size: d('0.02') })
      expect(close).toMatchObject({ success: true, order: { role: 'close', status: 'FILLED' } })
      expect(tracker.openPositions()[0]?.size.toString()).toBe('0.03')
      expect(restingProtection()).toEqual([['stop-loss', '0.03', '29000']])
      expect(sim.balance('BTC')).toMatchObject({ total: '0.03', held: '0.03' })
      await expectInSync()
    })
  })

  describe('injected faults', () => {
    it.each([500, 502, 503, 520])('HTTP %i on AddOrder: retried, placed once', async (status) => {
      const { manager, expectInSync } = await setup()
      sim.faults.httpStatus('AddOrder', status)
      const result = await manager.execute(aRequest().buy('0.01').build())
      expect(result).toMatchObject({ success: true, order: { status: 'FILLED' } })
      expect(sim.requests('AddOrder')).toHaveLength(2)
      expect(sim.orders()).toHaveLength(1)
      await expectInSync()
    })

    it('timeout while the exchange still processes: found by client id after the deadline, not placed twice', async () => {
      const { manager, expectInSync } = await setup({ timeoutMs: 300 })
      sim.faults.delay('AddOrder', 800)
      const result = await manager.execute(aRequest().buy('0.01').build())
      expect(result).toMatchObject({ success: true, order: { status: 'FILLED' } })
      expect(sim.requests('AddOrder')).toHaveLength(1)
      expect(sim.orders()).toHaveLength(1)
      await expectInSync()
    })

    it('EAPI:Rate limit exceeded: backs off and places once', async () => {
      const { manager, expectInSync } = await setup()
      sim.faults.rateLimit('AddOrder', 2)
      const result = await manager.execute(aRequest().buy('0.01').build())
      expect(result.success).toBe(true)
      expect(sim.requests('AddOrder')).toHaveLength(3)
      expect(sim.orders()).toHaveLength(1)
      await expectInSync()
    })

    it('EService:Unavailable: looked up, retried, placed once', async () => {
      const { manager, expectInSync } = await setup()
      sim.faults.serviceUnavailable('AddOrder')
      const result = await manager.execute(aRequest().buy('0.01').build())
      expect(result.success).toBe(true)
      expect(sim.orders()).toHaveLength(1)
      await expectInSync()
    })

    it.each(['destroy-connection', 'http-status'] as const)(
      'order accepted but the response lost (%s): adopted, never placed twice',
      async (mode) => {
        const { manager, expectInSync } = await setup()
        sim.faults.loseResponse('AddOrder', { mode })
        const result = await manager.execute(aRequest().limit('29500.0').buy('0.01').build())
        expect(result).toMatchObject({ success: true, order: { status: 'OPEN' } })
        expect(sim.requests('AddOrder')).toHaveLength(1)
        expect(sim.orders()).toHaveLength(1)
        await expectInSync()
      },
    )

    it('cancel accepted but its response lost: the order ends CANCELLED', async () => {
      const { manager, expectInSync } = await setup()
      const entry = (await manager.execute(aRequest().limit('29000.0').buy('0.01').build())).order!
      sim.faults.loseResponse('CancelOrder')
      const result = await manager.cancelOrder(entry.id)
      expect(result).toMatchObject({ success: true, order: { status: 'CANCELLED' } })
      await expectInSync()
    })

    it('5xx and service errors while monitoring: retried, the fill is still seen', async () => {
      const { manager, setPrice, expectInSync } = await setup()
      const entry = (await manager.execute(aRequest().limit('29800.0').buy('0.01').build())).order!
      setPrice('29700.0')
      sim.faults.httpStatus('QueryOrders', 502).serviceUnavailable('QueryOrders')
      await manager.poll()
      expect((await manager.getOrder(entry.id))?.status).toBe('FILLED')
      await expectInSync()
    })

    it('faults while placing contingent orders: the protection still lands exactly once', async () => {
      const { manager, expectInSync } = await setup()
      sim.faults.loseResponse('AddOrder', {}, 1)
      // the entry's answer is lost; then the stop-loss placement meets a 502 and is retried
      await manager.execute(
        aRequest().buy('0.01').leverage(2).stopLoss('29000').takeProfit('31000').build(),
      )
      expect(
        manager
          .openOrders()
          .map((o) => o.role)
          .sort(),
      ).toEqual(['stop-loss', 'take-profit'])
      sim.faults.httpStatus('AddOrder', 502)
      await manager.modifyProtection(manager.openOrders()[0]!.positionId!, { stopLoss: d('29500') })
      expect(
        sim
          .openOrders()
          .map((o) => o.type)
          .sort(),
      ).toEqual(['stop-loss', 'take-profit'])
      await expectInSync()
    })
  })
})
