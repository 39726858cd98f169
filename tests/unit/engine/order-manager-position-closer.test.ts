import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../../../src-main/engine/clock'
import { BrokerError } from '../../../src-main/engine/execution/broker/broker-error'
import type { OrderManager, PositionTracker } from '../../../src-main/engine/execution'
import { OrderManagerPositionCloser } from '../../../src-main/engine/wiring/order-manager-position-closer'
import type { Store } from '../../../src-main/engine/store'
import {
  aRequest,
  executionHarness,
  executionSection,
  paperBrokerOn,
  truncateExecutionTables,
} from '../../helpers/execution-kit'
import { useMemoryStore } from '../../helpers/test-store'
import { FaultyBroker } from '../../fakes/faulty-broker'

const T0 = Date.UTC(2025, 0, 1)
const d = (value: Decimal.Value) => new Decimal(value)

describe('OrderManagerPositionCloser (kill switch and breakers)', () => {
  let store: Store
  useMemoryStore((opened) => (store = opened), truncateExecutionTables)

  /** Two protected positions (BTC, XRP) and a resting limit entry, on the paper broker. */
  async function tradingAccount() {
    let faulty: FaultyBroker | null = null
    const harness = executionHarness({
      store,
      clock: new VirtualClock(T0),
      config: executionSection({ paper: { starting_balances: { USDT: '100000' } } }),
      broker: ({ clock, prices, config }) =>
        (faulty = new FaultyBroker(paperBrokerOn({ clock, prices, config }, {}))),
    })
    harness.prices.setPrice('BTC/USDT', d('45000'), T0)
    harness.prices.setPrice('XRP/USDT', d('0.6'), T0)
    await harness.tracker.load()
    await harness.manager.sync()
    const { manager } = harness
    await manager.execute(aRequest().buy('0.05').stopLoss('44000').takeProfit('47000').build())
    await manager.execute(
      aRequest().symbol('XRP/USDT').buy('1000').stopLoss('0.55').takeProfit('0.7').build(),
    )
    await manager.execute(aRequest().limit('44000').buy('0.01').build())
    const closer = new OrderManagerPositionCloser(manager, harness.tracker)
    return { ...harness, closer, faulty: faulty! as FaultyBroker }
  }

  it('cancels the orders that protect nothing and keeps the stop-losses of open positions', async () => {
    const { closer, manager } = await tradingAccount()
    expect(await closer.cancelAllOrders('kill switch', 'corr-kill')).toEqual({
      count: 1,
      errors: [],
    })
    expect(manager.openOrders().map((order) => `${order.symbol} ${order.role}`)).toEqual([
      'BTC/USDT stop-loss',
      'BTC/USDT take-profit',
      'XRP/USDT stop-loss',
      'XRP/USDT take-profit',
    ])
  })

  it('cancels only orders that open or add to a position: a close still working goes on', async () => {
    const cancelled: string[] = []
    const roles = ['entry', 'rebalance', 'close', 'stop-loss', 'take-profit'] as const
    const manager = {
      whenAdmitted: async () => {},
      openOrders: () => roles.map((role) => ({ id: role, role })),
      cancelOrder: async (id: string) => {
        cancelled.push(id)
        return { success: true }
      },
    } as unknown as OrderManager
    const closer = new OrderManagerPositionCloser(manager, {} as PositionTracker)
    expect(await closer.cancelAllOrders('daily loss', 'corr-halt')).toEqual({
      count: 2,
      errors: [],
    })
    expect(cancelled).toEqual(['entry', 'rebalance'])
  })

  it('cancels an entry that was being stored when the kill switch came', async () => {
    const { closer, manager, broker } = await tradingAccount()
    // Admitted before the halt: its write-ahead is still being stored when the sweep starts;
    // the sweep waits for it and cancels it (before or just after it reached the exchange).
    const entry = manager.execute(aRequest().symbol('XRP/USDT').limit('0.59').buy('100').build())
    const swept = await closer.cancelAllOrders('kill switch', 'corr-kill')
    const result = await entry
    expect(swept).toEqual({ count: 2, errors: [] })
    expect((await manager.getOrder(result.order!.id))?.status).toBe('CANCELLED')
    expect((await broker.fetchOpenOrders()).map((order) => order.price?.toString())).not.toContain(
      '0.59',
    )
  })

  it('closes every position with its protective orders and counts them', async () => {
    const { closer, manager, tracker, broker, events } = await tradingAccount()
    await closer.cancelAllOrders('kill switch', 'corr-kill')
    expect(await closer.closeAllPositions('kill switch', 'corr-kill')).toEqual({
      count: 2,
      cancelledOrders: 4,
      errors: [],
    })
    expect(tracker.openPositions()).toEqual([])
    expect(manager.openOrders()).toEqual([])
    expect(await broker.fetchOpenOrders()).toEqual([])
    expect(events.ofType('order.cancelled')).toHaveLength(5)
    expect(
      events
        .ofType('position.closed')
        .map((event) => [event.symbol, event.correlationId, event.payload.reason]),
    ).toEqual([
      ['BTC/USDT', 'corr-1', 'kill switch'],
      ['XRP/USDT', 'corr-1', 'kill switch'],
    ])
  })

  it('closes the other positions when one cannot be closed, and reports it', async () => {
    const { closer, tracker, faulty } = await tradingAccount()
    await closer.cancelAllOrders('kill switch', 'corr-kill')
    // The BTC position's stop-loss cannot be cancelled: its close is not sent.
    faulty.failNext('cancelOrder', new BrokerError('operational', 'EXCHANGE_ERROR'))
    const report = await closer.closeAllPositions('kill switch', 'corr-kill')
    expect(report.count).toBe(1)
    expect(report.errors).toEqual([expect.stringContaining('EXCHANGE_ERROR')])
    expect(report.errors[0]).toContain(`position=${tracker.openPositions()[0]!.id}`)
    expect(tracker.openPositions().map((position) => position.symbol)).toEqual(['BTC/USDT'])
  })
})
