import Decimal from 'decimal.js'
import { beforeEach, describe, expect, it } from 'vitest'
import { VirtualClock } from '../../../../src-main/engine/clock'
import type { PlaceOrderRequest } from '../../../../src-main/engine/execution/broker/broker'
import { ManualPriceSource } from '../../../../src-main/engine/execution/manual-price-source'
import {
  PaperBroker,
  type PaperConfig,
} from '../../../../src-main/engine/execution/paper/paper-broker'
import { silentLogger } from '../../../../src-main/engine/logging/logger'

const d = (value: Decimal.Value) => new Decimal(value)

const CONFIG: PaperConfig = {
  starting_balances: { USDT: '10000', BTC: '0' },
  taker_fee_pct: 0.26,
  maker_fee_pct: 0.16,
  slippage_pct: 0.05,
  partial_fill_above_quote: 50000,
}

let clientIds = 0
function request(fields: Partial<PlaceOrderRequest> = {}): PlaceOrderRequest {
  return {
    clientOrderId: `c-${++clientIds}`,
    symbol: 'BTC/USDT',
    side: 'buy',
    type: 'market',
    size: d('0.1'),
    leverage: 1,
    ...fields,
  }
}

describe('PaperBroker', () => {
  let clock: VirtualClock
  let prices: ManualPriceSource
  let broker: PaperBroker
  const make = (config: Partial<PaperConfig> = {}, fallbackPrices: Record<string, string> = {}) =>
    new PaperBroker({
      clock,
      prices,
      config: { ...CONFIG, ...config },
      fallbackPrices,
      logger: silentLogger(),
    })
  const balance = async (asset: string) => {
    const balances = await broker.fetchBalances()
    const entry = balances[asset]!
    return {
      total: entry.total.toString(),
      free: entry.free.toString(),
      used: entry.used.toString(),
    }
  }

  beforeEach(async () => {
    clock = new VirtualClock(1_000)
    prices = new ManualPriceSource()
    prices.setPrice('BTC/USDT', d('45000'), 0)
    broker = make()
    await broker.connect()
  })

  it('fills a market buy at once at price plus slippage with the taker fee, moving balances exactly', async () => {
    const order = await broker.placeOrder(request({ clientOrderId: 'buy-1' }))
    // 45000 × 1.0005 = 45022.5; cost 4502.25; fee 0.26 % = 11.70585
    expect(order).toMatchObject({ status: 'closed', clientOrderId: 'buy-1', leverage: 1 })
    expect(order.averagePrice?.toString()).toBe('45022.5')
    expect(order.fee.toString()).toBe('11.70585')
    expect(order.externalId).toBe('PAPER-000001')
    expect(await balance('USDT')).toEqual({ total: '5486.04415', free: '5486.04415', used: '0' })
    expect(await balance('BTC')).toEqual({ total: '0.1', free: '0.1', used: '0' })
    const [trade] = await broker.fetchMyTrades('BTC/USDT')
    expect(trade).toMatchObject({
      tradeId: 'PT-000001',
      externalOrderId: 'PAPER-000001',
      feeAsset: 'USDT',
    })
    expect(trade?.timestampMs).toBe(1_000)
  })

  it('sells spot holdings at price minus slippage', async () => {
    await broker.placeOrder(request())
    const sell = await broker.placeOrder(request({ side: 'sell' }))
    expect(sell.averagePrice?.toString()).toBe('44977.5')
    // 5486.04415 + 4497.75 − 11.69415 fee
    expect((await balance('USDT')).total).toBe('9972.1')
    expect((await balance('BTC')).total).toBe('0')
  })

  describe('with the market rules of the config', () => {
    const markets = {
      'BTC/USDT': {
        price_step: '0.1',
        amount_step: '0.00000001',
        min_size: '0.00005',
        min_cost: '0.5',
      },
    }
    beforeEach(() => {
      prices.setPrice('BTC/USDT', d('45000.03'), 0)
      broker = make({ markets })
    })

    it('fills on the tick, rounding the slippage against the taker', async () => {
      // 45000.03 × 1.0005 = 45022.530015 → 45022.6; × 0.9995 = 44977.529985 → 44977.5
      const buy = await broker.placeOrder(request())
      expect(buy.averagePrice?.toString()).toBe('45022.6')
      const sell = await broker.placeOrder(request({ side: 'sell' }))
      expect(sell.averagePrice?.toString()).toBe('44977.5')
      expect(broker.marketRules('BTC/USDT')).toMatchObject({
        priceStep: d('0.1'),
        minSize: d('0.00005'),
        minCost: d('0.5'),
      })
    })

    it('reserves for a market buy what its fill on the tick costs', async () => {
      // All in: 0.2214 BTC at 45022.6 plus the 0.26 % fee is 9998.71... of the 10000 USDT.
      const order = await broker.placeOrder(request({ size: d('0.2214') }))
      expect(order.status).toBe('closed')
      expect(order.averagePrice?.toString()).toBe('45022.6')
    })

    it('fills a triggered stop-loss on the tick below', async () => {
      await broker.placeOrder(request())
      const stop = await broker.placeOrder(
        request({ side: 'sell', type: 'stop-loss', triggerPrice: d('44000') }),
      )
      prices.setPrice('BTC/USDT', d('43999.99'), 1)
      // 43999.99 × 0.9995 = 43977.990005 → 43977.9
      const filled = await broker.fetchOrder(stop.externalId, 'BTC/USDT')
      expect(filled).toMatchObject({ status: 'closed' })
      expect(filled.averagePrice?.toString()).toBe('43977.9')
    })
  })

  it.each([
    ['a buy beyond the quote balance', request({ size: d('1') }), 'USDT'],
    ['a spot sell without holdings', request({ side: 'sell' }), 'BTC'],
  ])('refuses %s as insufficient funds', async (_name, order, asset) => {
    await expect(broker.placeOrder(order)).rejects.toMatchObject({
      kind: 'insufficient-funds',
      context: expect.objectContaining({ asset }),
    })
  })

  it('rests a limit buy, reserving quote, and fills it at its price as maker once the price crosses', async () => {
    const order = await broker.placeOrder(request({ type: 'limit', price: d('44000') }))
    expect(order.status).toBe('open')
    // 0.1 × 44000 = 4400 plus the higher (taker) fee 11.44, in case it fills on arrival
    expect(await balance('USDT')).toEqual({ total: '10000', free: '5588.56', used: '4411.44' })
    prices.setPrice('BTC/USDT', d('44500'), 1)
    expect((await broker.fetchOrder(order.externalId, 'BTC/USDT')).status).toBe('open')
    prices.setPrice('BTC/USDT', d('43900'), 2)
    const filled = await broker.fetchOrder(order.externalId, 'BTC/USDT')
    expect(filled.status).toBe('closed')
    expect(filled.averagePrice?.toString()).toBe('44000')
    expect(filled.fee.toString()).toBe('7.04')
    expect(await balance('USDT')).toEqual({ total: '5592.96', free: '5592.96', used: '0' })
  })

  it('fills a limit order marketable on arrival as taker, never worse than its limit', async () => {
    const buy = await broker.placeOrder(request({ type: 'limit', price: d('45010') }))
    expect(buy.averagePrice?.toString()).toBe('45010')
    const sell = await broker.placeOrder(
      request({ side: 'sell', type: 'limit', price: d('40000') }),
    )
    expect(sell.averagePrice?.toString()).toBe('44977.5')
  })

  it('reserves base for a resting limit sell', async () => {
    await broker.placeOrder(request())
    await broker.placeOrder(
      request({ side: 'sell', type: 'limit', size: d('0.04'), price: d('46000') }),
    )
    expect(await balance('BTC')).toEqual({ total: '0.1', free: '0.06', used: '0.04' })
    await expect(
      broker.placeOrder(request({ side: 'sell', size: d('0.07') })),
    ).rejects.toMatchObject({
      kind: 'insufficient-funds',
    })
  })

  it.each([
    ['sell stop-loss', 'sell', 'stop-loss', '44000', ['44500', '44000'], '43978'],
    ['sell take-profit', 'sell', 'take-profit', '46000', ['45500', '46100'], '46076.95'],
    ['buy stop-loss (short cover)', 'buy', 'stop-loss', '46000', ['45500', '46000'], '46023'],
    [
      'buy take-profit (short cover)',
      'buy',
      'take-profit',
      '44000',
      ['44500', '43900'],
      '43921.95',
    ],
  ] as const)(
    'triggers a %s and fills it like a market order',
    async (_name, side, type, trigger, path, fill) => {
      const order = await broker.placeOrder(
        request({ side, type, triggerPrice: d(trigger), leverage: 2, size: d('0.01') }),
      )
      expect(order.status).toBe('open')
      prices.setPrice('BTC/USDT', d(path[0]), 1)
      expect((await broker.fetchOrder(order.externalId, 'BTC/USDT')).status).toBe('open')
      prices.setPrice('BTC/USDT', d(path[1]), 2)
      const done = await broker.fetchOrder(order.externalId, 'BTC/USDT')
      expect(done.status).toBe('closed')
      expect(done.averagePrice?.toString()).toBe(fill)
      expect(done.triggerPrice?.toString()).toBe(trigger)
    },
  )

  it('fills an order above partial_fill_above_quote in parts, one per price update', async () => {
    broker = make({ starting_balances: { USDT: '200000' } })
    const order = await broker.placeOrder(request({ size: d('2') }))
    // 50000 / 45022.5 = 1.11055583… rounded down to 1e-8
    expect(order.status).toBe('open')
    expect(order.filledSize.toString()).toBe('1.11055583')
    prices.setPrice('BTC/USDT', d('45100'), 1)
    const done = await broker.fetchOrder(order.externalId, 'BTC/USDT')
    expect(done.status).toBe('closed')
    expect(done.filledSize.toString()).toBe('2')
    expect(await broker.fetchMyTrades()).toHaveLength(2)
  })

  it('uses the configured fallback price until the first market price arrives', async () => {
    broker = make({}, { 'XRP/USDT': '0.60' })
    expect(broker.currentPrice('XRP/USDT')?.toString()).toBe('0.6')
    const order = await broker.placeOrder(request({ symbol: 'XRP/USDT', size: d('100') }))
    expect(order.averagePrice?.toString()).toBe('0.6003')
    prices.setPrice('XRP/USDT', d('0.70'), 1)
    expect(broker.currentPrice('XRP/USDT')?.toString()).toBe('0.7')
    expect(broker.currentPrice('ETH/USDT')).toBeNull()
    await expect(broker.placeOrder(request({ symbol: 'ETH/USDT' }))).rejects.toMatchObject({
      kind: 'invalid-order',
      message: expect.stringContaining('NO_MARKET_PRICE'),
    })
  })

  it.each([
    ['an unknown symbol', request({ symbol: 'nonsense' }), 'UNKNOWN_SYMBOL'],
    ['size 0', request({ size: d(0) }), 'INVALID_SIZE'],
    ['leverage 6', request({ leverage: 6 }), 'INVALID_LEVERAGE'],
    ['a limit without price', request({ type: 'limit' }), 'LIMIT_PRICE_REQUIRED'],
    ['a stop without trigger', request({ type: 'stop-loss' }), 'TRIGGER_PRICE_REQUIRED'],
  ])('rejects %s as an invalid order', async (_name, order, code) => {
    await expect(broker.placeOrder(order)).rejects.toMatchObject({
      kind: 'invalid-order',
      message: expect.stringContaining(code),
    })
  })

  it('expires a good-till-date order once its time has passed', async () => {
    const order = await broker.placeOrder(
      request({ type: 'limit', price: d('44000'), expiresAtMs: 61_000 }),
    )
    await clock.advance(59_000)
    expect((await broker.fetchOrder(order.externalId, 'BTC/USDT')).status).toBe('open')
    await clock.advance(2_000)
    expect((await broker.fetchOpenOrders()).length).toBe(0)
    expect((await broker.fetchOrder(order.externalId, 'BTC/USDT')).status).toBe('expired')
    expect((await balance('USDT')).used).toBe('0')
  })

  it('raises its order revision on every order change and on nothing else', async () => {
    const start = broker.orderRevision()
    const resting = await broker.placeOrder(request({ type: 'limit', price: d('44000') }))
    const placed = broker.orderRevision()
    expect(placed).toBeGreaterThan(start)
    prices.setPrice('BTC/USDT', d('44500'), 1)
    await broker.fetchOrder(resting.externalId, 'BTC/USDT')
    expect(broker.orderRevision()).toBe(placed)
    prices.setPrice('BTC/USDT', d('43900'), 2)
    const filled = broker.orderRevision()
    expect(filled).toBeGreaterThan(placed)
    const other = await broker.placeOrder(request({ type: 'limit', price: d('43000') }))
    const beforeCancel = broker.orderRevision()
    await broker.cancelOrder(other.externalId, 'BTC/USDT')
    expect(broker.orderRevision()).toBeGreaterThan(beforeCancel)
    await broker.placeOrder(request({ type: 'limit', price: d('43000'), expiresAtMs: 61_000 }))
    const beforeExpiry = broker.orderRevision()
    await clock.advance(60_001)
    expect(broker.orderRevision()).toBeGreaterThan(beforeExpiry)
  })

  it('refuses a second order with the same client id', async () => {
    await broker.placeOrder(request({ clientOrderId: 'same' }))
    await expect(broker.placeOrder(request({ clientOrderId: 'same' }))).rejects.toMatchObject({
      message: expect.stringContaining('DUPLICATE_CLIENT_ORDER_ID'),
    })
  })

  it('cancels open orders, finds orders by client id and lists open and closed ones', async () => {
    const resting = await broker.placeOrder(
      request({ clientOrderId: 'rest', type: 'limit', price: d('44000') }),
    )
    await broker.placeOrder(request({ clientOrderId: 'done' }))
    expect((await broker.fetchOpenOrders()).map((o) => o.clientOrderId)).toEqual(['rest'])
    expect((await broker.fetchOpenOrders('XRP/USDT')).length).toBe(0)
    await broker.cancelOrder(resting.externalId, 'BTC/USDT')
    expect((await broker.fetchOrderByClientId('rest'))?.status).toBe('canceled')
    expect(await broker.fetchOrderByClientId('never')).toBeNull()
    expect((await broker.fetchClosedOrders('BTC/USDT', 1_000)).map((o) => o.clientOrderId)).toEqual(
      ['rest', 'done'],
    )
    expect(await broker.fetchClosedOrders(undefined, 2_000)).toEqual([])
    expect(await broker.fetchMyTrades('BTC/USDT', 2_000)).toEqual([])
    await expect(broker.cancelOrder(resting.externalId, 'BTC/USDT')).rejects.toMatchObject({
      kind: 'not-found',
    })
    await expect(broker.fetchOrder('PAPER-999999', 'BTC/USDT')).rejects.toMatchObject({
      kind: 'not-found',
    })
  })

  describe('amendOrder', () => {
    const stopOf = async () => {
      await broker.placeOrder(request())
      return broker.placeOrder(
        request({ side: 'sell', type: 'stop-loss', size: d('0.05'), triggerPrice: d('44000') }),
      )
    }

    it('moves and resizes a resting stop in place: same order, raised revision', async () => {
      const stop = await stopOf()
      const revision = broker.orderRevision()
      const amended = await broker.amendOrder({
        externalId: stop.externalId,
        symbol: 'BTC/USDT',
        size: d('0.1'),
        triggerPrice: d('44500'),
      })
      expect(amended).toMatchObject({ externalId: stop.externalId, status: 'open' })
      expect([amended.size.toString(), amended.triggerPrice?.toString()]).toEqual(['0.1', '44500'])
      expect(broker.orderRevision()).toBeGreaterThan(revision)
      prices.setPrice('BTC/USDT', d('44400'), 1)
      const filled = await broker.fetchOrder(stop.externalId, 'BTC/USDT')
      expect([filled.status, filled.filledSize.toString()]).toEqual(['closed', '0.1'])
    })

    it('executes at once a stop moved past the market, as a new one there would', async () => {
      const stop = await stopOf()
      const amended = await broker.amendOrder({
        externalId: stop.externalId,
        symbol: 'BTC/USDT',
        size: d('0.05'),
        triggerPrice: d('45100'),
      })
      expect(amended.status).toBe('closed')
    })

    it('refuses an order no longer open, a size within what filled and a trigger on a limit order', async () => {
      const stop = await stopOf()
      await broker.cancelOrder(stop.externalId, 'BTC/USDT')
      const amend = (externalId: string, size: string, triggerPrice?: string) =>
        broker.amendOrder({
          externalId,
          symbol: 'BTC/USDT',
          size: d(size),
          ...(triggerPrice ? { triggerPrice: d(triggerPrice) } : {}),
        })
      await expect(amend(stop.externalId, '0.05', '44500')).rejects.toMatchObject({
        kind: 'not-found',
      })
      const limit = await broker.placeOrder(request({ type: 'limit', price: d('44000') }))
      await expect(amend(limit.externalId, '0', undefined)).rejects.toMatchObject({
        kind: 'invalid-order',
        message: expect.stringContaining('INVALID_SIZE'),
      })
      await expect(amend(limit.externalId, '0.1', '43000')).rejects.toMatchObject({
        kind: 'invalid-order',
        message: expect.stringContaining('INVALID_TRIGGER_PRICE'),
      })
    })

    it('grows a resting limit order only with free funds, reserving the growth', async () => {
      const limit = await broker.placeOrder(request({ type: 'limit', price: d('44000') }))
      await expect(
        broker.amendOrder({ externalId: limit.externalId, symbol: 'BTC/USDT', size: d('0.3') }),
      ).rejects.toMatchObject({ kind: 'insufficient-funds' })
      await broker.amendOrder({ externalId: limit.externalId, symbol: 'BTC/USDT', size: d('0.2') })
      // 0.2 × 44000 = 8800 plus the reserved taker fee 22.88
      expect(await balance('USDT')).toMatchObject({ used: '8822.88' })
    })
  })

  it('trades leverage on margin: holds margin, settles P&L in quote, flips through zero', async () => {
    const long = await broker.placeOrder(request({ leverage: 2, size: d('0.2') }))
    expect(long.status).toBe('closed')
    // margin held 0.2 × 45022.5 / 2 = 4502.25; fee 23.4117
    expect(await balance('USDT')).toEqual({
      total: '9976.5883',
      free: '5474.3383',
      used: '4502.25',
    })
    expect((await balance('BTC')).total).toBe('0')
    prices.setPrice('BTC/USDT', d('46000'), 1)
    // selling 0.3 closes 0.2 (P&L (45977 − 45022.5) × 0.2 = 190.9) and opens a 0.1 short
    await broker.placeOrder(request({ side: 'sell', leverage: 2, size: d('0.3') }))
    // fee 0.3 × 45977 × 0.26 % = 35.86206
    expect((await balance('USDT')).total).toBe('10131.62624')
    expect((await balance('USDT')).used).toBe('2298.85')
    // a reducing margin order needs no free funds
    await broker.placeOrder(request({ side: 'buy', leverage: 2, size: d('0.1') }))
    expect((await balance('USDT')).used).toBe('0')
  })

  it('fills a reduce-only margin order only as far as it reduces the position, never flipping it', async () => {
    await broker.placeOrder(request({ leverage: 2, size: d('0.2') }))
    const reduceOnly = { side: 'sell', leverage: 2, reduceOnly: true } as const
    const target = await broker.placeOrder(
      request({ ...reduceOnly, type: 'take-profit', triggerPrice: d('46000'), size: d('0.2') }),
    )
    // Closing 0.3 of a 0.2 long stops at flat: the rest is cancelled, no 0.1 short opens.
    const close = await broker.placeOrder(request({ ...reduceOnly, size: d('0.3') }))
    expect(close).toMatchObject({ status: 'canceled', filledSize: d('0.2') })
    expect((await balance('USDT')).used).toBe('0')
    // The take-profit left resting after its position closed triggers and is cancelled unfilled.
    prices.setPrice('BTC/USDT', d('46100'), 1)
    expect(await broker.fetchOrder(target.externalId, 'BTC/USDT')).toMatchObject({
      status: 'canceled',
      filledSize: d(0),
    })
    expect((await balance('USDT')).used).toBe('0')
  })

  it('sums margin and resting orders per asset in one balance read', async () => {
    await broker.placeOrder(request({ size: d('0.1') }))
    // margin 0.05 × 45022.5 / 2 = 1125.5625; fee 5.852925
    await broker.placeOrder(request({ leverage: 2, size: d('0.05') }))
    // quote reserved 0.02 × 44000 = 880 plus the taker fee 2.288
    await broker.placeOrder(request({ type: 'limit', price: d('44000'), size: d('0.02') }))
    await broker.placeOrder(
      request({ side: 'sell', type: 'limit', price: d('46000'), size: d('0.04') }),
    )
    // A trigger order holds nothing until it triggers.
    await broker.placeOrder(
      request({ side: 'sell', type: 'stop-loss', triggerPrice: d('40000'), size: d('0.05') }),
    )
    expect(await balance('USDT')).toEqual({
      total: '5480.191225',
      free: '3472.340725',
      used: '2007.8505',
    })
    expect(await balance('BTC')).toEqual({ total: '0.1', free: '0.06', used: '0.04' })
  })

  it('rejects a triggered order whose funds are gone by the time it fills', async () => {
    await broker.placeOrder(request({ size: d('0.1') }))
    const stop = await broker.placeOrder(
      request({ side: 'sell', type: 'stop-loss', triggerPrice: d('44000') }),
    )
    await broker.placeOrder(request({ side: 'sell', size: d('0.1') }))
    prices.setPrice('BTC/USDT', d('43000'), 1)
    expect((await broker.fetchOrder(stop.externalId, 'BTC/USDT')).status).toBe('rejected')
  })

  it('stops listening to prices when closed and offers default market rules', async () => {
    const resting = await broker.placeOrder(request({ type: 'limit', price: d('44000') }))
    await broker.close()
    prices.setPrice('BTC/USDT', d('40000'), 1)
    expect((await broker.fetchOrder(resting.externalId, 'BTC/USDT')).status).toBe('open')
    expect(broker.marketRules('BTC/USDT')?.amountStep.toString()).toBe('1e-8')
    expect(broker.marketRules('bad')).toBeNull()
    const custom = new PaperBroker({
      clock,
      prices,
      config: CONFIG,
      fallbackPrices: {},
      logger: silentLogger(),
      marketRules: {
        'BTC/USDT': {
          symbol: 'BTC/USDT',
          amountStep: d('0.0001'),
          priceStep: d('0.1'),
          minSize: d('0.0001'),
          minCost: d('5'),
        },
      },
    })
    expect(custom.marketRules('BTC/USDT')?.minCost.toString()).toBe('5')
  })
})
