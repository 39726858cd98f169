import { describe, expect, it } from 'vitest'
import { idOf, useSimulator } from './simulator-setup'

/** ccxt adds a numeric `fees` list to kraken orders that its Order type does not declare. */
const feesOf = (order: object) =>
  (order as { fees?: Array<{ cost: number; currency?: string }> }).fees

describe('Kraken simulator order types through ccxt', () => {
  const { sim, exchange, clock } = useSimulator({
    balances: { USDT: '100000', BTC: '2', XRP: '10000' },
    prices: { 'BTC/USDT': '30000.0', 'XRP/USDT': '0.5', 'XRP/BTC': '0.00001667' },
  })

  describe('market', () => {
    it('buys at the mark as taker and moves balances by cost plus fee exactly', async () => {
      const created = await exchange().createOrder('BTC/USDT', 'market', 'buy', 0.01)
      expect(created).toMatchObject({
        symbol: 'BTC/USDT',
        side: 'buy',
        type: 'market',
        amount: 0.01,
      })
      expect(sim().requests('AddOrder')[0]?.params).toMatchObject({
        pair: 'XBTUSDT',
        type: 'buy',
        ordertype: 'market',
        volume: '0.01',
      })

      const order = await exchange().fetchOrder(idOf(created))
      expect(order).toMatchObject({
        status: 'closed',
        filled: 0.01,
        remaining: 0,
        average: 30000,
        cost: 300,
      })
      // ccxt leaves kraken's order.fee.cost as the raw string; order.fees[] has numbers.
      expect(order.fee).toMatchObject({ cost: '0.78000000', currency: 'USDT' })
      expect(feesOf(order)).toEqual([{ cost: 0.78, currency: 'USDT', rate: undefined }])
      expect(sim().balance('USDT').total).toBe('99699.22')
      expect(sim().balance('BTC').total).toBe('2.01')
      const balance = await exchange().fetchBalance()
      expect(balance['USDT']).toMatchObject({ total: 99699.22, used: 0, free: 99699.22 })
    })

    it('sells at the mark and credits cost minus fee', async () => {
      await exchange().createOrder('XRP/USDT', 'market', 'sell', 100)
      expect(sim().balance('XRP').total).toBe('9900')
      expect(sim().balance('USDT').total).toBe('100049.87')
    })

    it('charges fees in the quote asset at its decimals on a BTC-quoted pair', async () => {
      await exchange().createOrder('XRP/BTC', 'market', 'buy', 1000)
      // cost 0.01667 BTC, fee 0.26 % = 0.000043342 BTC
      expect(sim().balance('BTC').total).toBe('1.983286658')
      expect(sim().trades()[0]).toMatchObject({ cost: '0.01667', fee: '0.000043342' })
    })

    it('walks an explicit book level by level', async () => {
      sim().setOrderBook('BTC/USDT', {
        bids: [],
        asks: [
          ['30010.0', '0.004'],
          ['30020.0', '1'],
        ],
      })
      const created = await exchange().createOrder('BTC/USDT', 'market', 'buy', 0.01)
      expect(
        sim()
          .trades()
          .map((trade) => [trade.price, trade.volume]),
      ).toEqual([
        ['30010', '0.004'],
        ['30020', '0.006'],
      ])
      const order = await exchange().fetchOrder(idOf(created))
      expect(order.average).toBeCloseTo(30016, 6)
      const book = await exchange().fetchOrderBook('BTC/USDT')
      expect(book.asks[0]?.slice(0, 2)).toEqual([30020, 0.994])
    })

    it('buys for a quote amount with createMarketBuyOrderWithCost (oflags=viqc)', async () => {
      const created = await exchange().createMarketBuyOrderWithCost('BTC/USDT', 300)
      expect(sim().requests('AddOrder')[0]?.params).toMatchObject({ volume: '300', oflags: 'viqc' })
      expect(sim().order(idOf(created))).toMatchObject({
        volume: '0.01',
        filled: '0.01',
        status: 'closed',
      })
    })
  })

  describe('limit', () => {
    it('rests below the market, holds quote plus taker fee, and fills at its price as maker when crossed', async () => {
      const created = await exchange().createOrder('BTC/USDT', 'limit', 'buy', 0.01, 29000)
      expect(created).toMatchObject({ type: 'limit', price: 29000, amount: 0.01 })
      expect((await exchange().fetchOrder(idOf(created))).status).toBe('open')
      expect(sim().balance('USDT').held).toBe('290.754')
      expect((await exchange().fetchBalance())['USDT']).toMatchObject({ used: 290.754 })

      sim().setPrice('BTC/USDT', '29000.1')
      expect(sim().order(idOf(created))?.status).toBe('open')
      sim().setPrice('BTC/USDT', '28950.0')

      const order = await exchange().fetchOrder(idOf(created))
      expect(order).toMatchObject({ status: 'closed', filled: 0.01, average: 29000, cost: 290 })
      expect(feesOf(order)?.[0]?.cost).toBe(0.464)
      expect(sim().balance('USDT')).toEqual({ total: '99709.536', held: '0', free: '99709.536' })
      const [trade] = await exchange().fetchMyTrades('BTC/USDT')
      expect(trade).toMatchObject({
        order: created.id,
        takerOrMaker: 'maker',
        price: 29000,
        amount: 0.01,
      })
    })

    it('fills at once at the mark as taker when marketable', async () => {
      const created = await exchange().createOrder('BTC/USDT', 'limit', 'buy', 0.01, 31000)
      const order = await exchange().fetchOrder(idOf(created))
      expect(order).toMatchObject({ status: 'closed', average: 30000 })
      expect(sim().trades()[0]?.isMaker).toBe(false)
    })

    it('sell limit above the market fills when the price rises to it', async () => {
      const created = await exchange().createOrder('BTC/USDT', 'limit', 'sell', 0.5, 31000)
      expect(sim().balance('BTC').held).toBe('0.5')
      sim().setPrice('BTC/USDT', '31000.0')
      expect(sim().order(idOf(created))).toMatchObject({
        status: 'closed',
        filled: '0.5',
        cost: '15500',
      })
    })

    it('is cancelled when post-only and marketable', async () => {
      const created = await exchange().createOrder('BTC/USDT', 'limit', 'buy', 0.01, 31000, {
        postOnly: true,
      })
      expect(sim().requests('AddOrder')[0]?.params).toMatchObject({ oflags: 'post' })
      const order = await exchange().fetchOrder(idOf(created))
      expect(order).toMatchObject({ status: 'canceled', filled: 0, postOnly: true })
      expect(order.info['reason']).toBe('Post only order')
    })

    it('IOC cancels what it cannot fill at once', async () => {
      const created = await exchange().createOrder('BTC/USDT', 'limit', 'buy', 0.01, 29000, {
        timeInForce: 'IOC',
      })
      expect((await exchange().fetchOrder(idOf(created))).status).toBe('canceled')
    })

    it('GTD expires when the simulator clock passes expiretm', async () => {
      const created = await exchange().createOrder('BTC/USDT', 'limit', 'buy', 0.01, 29000, {
        timeInForce: 'GTD',
        expiretm: '+60',
      })
      await clock().advance(59_000)
      expect((await exchange().fetchOrder(idOf(created))).status).toBe('open')
      await clock().advance(1_000)
      const [closed] = await exchange().fetchClosedOrders('BTC/USDT')
      expect(closed).toMatchObject({ id: created.id, status: 'expired' })
    })
  })

  describe('stop-loss and take-profit', () => {
    it('stop-loss ({stopLossPrice}) waits for the mark to fall to the trigger, then sells at the mark', async () => {
      const created = await exchange().createOrder('BTC/USDT', 'market', 'sell', 0.1, undefined, {
        stopLossPrice: 28000,
      })
      expect(sim().requests('AddOrder')[0]?.params).toMatchObject({
        ordertype: 'stop-loss',
        price: '28000',
      })
      expect(created).toMatchObject({ type: 'market', stopLossPrice: 28000, triggerPrice: 28000 })
      expect(sim().balance('BTC').held).toBe('0.1')

      sim().setPrice('BTC/USDT', '28000.1')
      expect((await exchange().fetchOrder(idOf(created))).status).toBe('open')
      sim().setPrice('BTC/USDT', '27990.0')

      const order = await exchange().fetchOrder(idOf(created))
      expect(order).toMatchObject({
        status: 'closed',
        stopLossPrice: 28000,
        average: 27990,
        filled: 0.1,
      })
      expect(sim().trades()[0]).toMatchObject({ price: '27990', isMaker: false })
    })

    it('stop-loss-limit (limit type + stopLossPrice) sends price2 and rests at the limit after triggering', async () => {
      const created = await exchange().createOrder('BTC/USDT', 'limit', 'sell', 0.1, 27500, {
        stopLossPrice: 28000,
      })
      expect(sim().requests('AddOrder')[0]?.params).toMatchObject({
        ordertype: 'stop-loss-limit',
        price: '28000',
        price2: '27500',
      })
      expect(created).toMatchObject({ type: 'limit', stopLossPrice: 28000, price: 27500 })

      sim().setPrice('BTC/USDT', '27400.0')
      // Triggered at 27400, below the 27500 limit: the sell rests until the price comes back.
      expect(sim().order(idOf(created))).toMatchObject({ status: 'open', filled: '0' })
      sim().setPrice('BTC/USDT', '27600.0')
      expect(sim().order(idOf(created))).toMatchObject({
        status: 'closed',
        filled: '0.1',
        cost: '2750',
      })
    })

    it('take-profit ({takeProfitPrice}) sells once the mark rises to the trigger', async () => {
      const created = await exchange().createOrder('BTC/USDT', 'market', 'sell', 0.1, undefined, {
        takeProfitPrice: 32000,
      })
      expect(sim().requests('AddOrder')[0]?.params).toMatchObject({
        ordertype: 'take-profit',
        price: '32000',
      })
      expect(created).toMatchObject({ takeProfitPrice: 32000 })
      sim().setPrice('BTC/USDT', '31999.9')
      expect(sim().order(idOf(created))?.status).toBe('open')
      sim().setPrice('BTC/USDT', '32000.0')
      const order = await exchange().fetchOrder(idOf(created))
      expect(order).toMatchObject({ status: 'closed', takeProfitPrice: 32000, average: 32000 })
    })

    it('take-profit-limit triggers and fills at the mark when its limit is marketable', async () => {
      const created = await exchange().createOrder('BTC/USDT', 'limit', 'sell', 0.1, 31900, {
        takeProfitPrice: 32000,
      })
      expect(sim().requests('AddOrder')[0]?.params).toMatchObject({
        ordertype: 'take-profit-limit',
        price2: '31900',
      })
      sim().setPrice('BTC/USDT', '32100.0')
      expect(sim().order(idOf(created))).toMatchObject({ status: 'closed', cost: '3210' })
    })

    it('a buy stop-loss triggers when the mark rises to it', async () => {
      const created = await exchange().createOrder('BTC/USDT', 'market', 'buy', 0.01, undefined, {
        stopLossPrice: 31000,
      })
      sim().setPrice('BTC/USDT', '30900.0')
      expect(sim().order(idOf(created))?.status).toBe('open')
      sim().setPrice('BTC/USDT', '31050.0')
      expect(sim().order(idOf(created))).toMatchObject({ status: 'closed', cost: '310.5' })
    })

    it('a stop already crossed at placement executes at once', async () => {
      const created = await exchange().createOrder('BTC/USDT', 'market', 'sell', 0.1, undefined, {
        stopLossPrice: 30500,
      })
      expect(sim().order(idOf(created))?.status).toBe('closed')
    })

    it('a buy trailing stop ({trailingAmount}) follows the trough up by a fixed amount', async () => {
      const created = await exchange().createOrder('BTC/USDT', 'market', 'buy', 0.01, undefined, {
        trailingAmount: '500',
      })
      expect(sim().requests('AddOrder')[0]?.params).toMatchObject({
        ordertype: 'trailing-stop',
        price: '+500',
      })
      sim().setPrice('BTC/USDT', '29000.0')
      sim().setPrice('BTC/USDT', '29499.9')
      expect(sim().order(idOf(created))?.status).toBe('open')
      sim().setPrice('BTC/USDT', '29500.0')
      expect(sim().order(idOf(created))).toMatchObject({ status: 'closed', cost: '295' })
    })

    it('a triggered order the balance can no longer pay for is cancelled with reason Insufficient funds', async () => {
      sim().setBalance('USDT', '1000')
      const created = await exchange().createOrder('BTC/USDT', 'market', 'buy', 0.03, undefined, {
        stopLossPrice: 31000,
      })
      sim().setPrice('BTC/USDT', '40000.0')
      const order = await exchange().fetchOrder(idOf(created))
      expect(order).toMatchObject({ status: 'canceled', filled: 0 })
      expect(order.info['reason']).toBe('Insufficient funds')
      expect(sim().balance('USDT').total).toBe('1000')
    })

    it('trailing stop ({trailingPercent}, JSON body) follows the peak and triggers on the reversal', async () => {
      const created = await exchange().createOrder('BTC/USDT', 'market', 'sell', 0.1, undefined, {
        trailingPercent: '5',
      })
      expect(sim().requests('AddOrder')[0]?.params).toMatchObject({
        ordertype: 'trailing-stop',
        price: '+5%',
        trigger: 'last',
      })
      sim().setPrice('BTC/USDT', '32000.0')
      sim().setPrice('BTC/USDT', '30401.0')
      expect(sim().order(idOf(created))?.status).toBe('open')
      sim().setPrice('BTC/USDT', '30400.0')
      const order = await exchange().fetchOrder(idOf(created))
      expect(order).toMatchObject({ status: 'closed', average: 30400 })
      expect(order.info['descr']).toMatchObject({
        order: 'sell 0.10000000 XBTUSDT @ trailing stop +5.0000%',
      })
    })
  })

  describe('conditional close', () => {
    it('places the close[...] order when the primary fills, linked by refid', async () => {
      const created = await exchange().createOrder('BTC/USDT', 'limit', 'buy', 0.1, 29500, {
        close: { ordertype: 'stop-loss', price: 28000 },
      })
      expect(created.info['descr']).toMatchObject({ close: 'close position @ stop loss 28000.0' })
      expect(sim().openOrders()).toHaveLength(1)
      sim().setPrice('BTC/USDT', '29400.0')

      const open = await exchange().fetchOpenOrders('BTC/USDT')
      expect(open).toHaveLength(1)
      expect(open[0]).toMatchObject({ side: 'sell', amount: 0.1, stopLossPrice: 28000 })
      expect(open[0]?.info['refid']).toBe(created.id)
    })
  })

  describe('validate=true', () => {
    it('answers the description only and creates nothing', async () => {
      const created = await exchange().createOrder('BTC/USDT', 'limit', 'buy', 0.01, 29000, {
        validate: true,
      })
      expect(created.id).toBeUndefined()
      expect(created.info['descr']).toEqual({ order: 'buy 0.01000000 XBTUSDT @ limit 29000.0' })
      expect(sim().orders()).toEqual([])
    })
  })

  describe('queries', () => {
    it('fetchOpenOrders, fetchClosedOrders and fetchMyTrades reflect the lifecycle', async () => {
      const resting = await exchange().createOrder('BTC/USDT', 'limit', 'buy', 0.01, 29000)
      const filled = await exchange().createOrder('XRP/USDT', 'market', 'buy', 100)
      const cancelled = await exchange().createOrder('BTC/USDT', 'limit', 'sell', 0.01, 35000)
      await exchange().cancelOrder(idOf(cancelled), 'BTC/USDT')

      expect((await exchange().fetchOpenOrders()).map((order) => order.id)).toEqual([resting.id])
      const closed = await exchange().fetchClosedOrders()
      expect(closed.map((order) => [order.id, order.status]).sort()).toEqual(
        [
          [filled.id, 'closed'],
          [cancelled.id, 'canceled'],
        ].sort(),
      )
      expect((await exchange().fetchClosedOrders('XRP/USDT')).map((order) => order.id)).toEqual([
        filled.id,
      ])
      const trades = await exchange().fetchMyTrades()
      expect(trades).toHaveLength(1)
      expect(trades[0]).toMatchObject({
        symbol: 'XRP/USDT',
        order: filled.id,
        side: 'buy',
        amount: 100,
        cost: 50,
      })
      expect(trades[0]?.fee).toMatchObject({ cost: 0.13, currency: 'USDT' })
    })

    it('fetchMyTrades honours since and until on the simulator clock', async () => {
      await exchange().createOrder('BTC/USDT', 'market', 'buy', 0.01)
      await clock().advance(10_000)
      const middle = clock().now()
      await clock().advance(10_000)
      await exchange().createOrder('BTC/USDT', 'market', 'buy', 0.02)
      const after = await exchange().fetchMyTrades('BTC/USDT', middle)
      expect(after.map((trade) => trade.amount)).toEqual([0.02])
      const before = await exchange().fetchMyTrades('BTC/USDT', undefined, undefined, {
        until: middle,
      })
      expect(before.map((trade) => trade.amount)).toEqual([0.01])
    })

    it('fetchOrder answers trades ids with the order', async () => {
      const created = await exchange().createOrder('BTC/USDT', 'market', 'buy', 0.01)
      const order = await exchange().fetchOrder(idOf(created))
      expect(order.trades.map((trade) => trade.id)).toEqual([sim().trades()[0]?.id])
      expect(sim().requests('QueryOrders')[0]?.params).toMatchObject({
        txid: created.id,
        trades: 'true',
      })
    })

    it('cancelAllOrders cancels every open order', async () => {
      await exchange().createOrder('BTC/USDT', 'limit', 'buy', 0.01, 29000)
      await exchange().createOrder('XRP/USDT', 'limit', 'sell', 100, 0.6)
      const [answer] = await exchange().cancelAllOrders()
      expect(answer?.info).toMatchObject({ result: { count: 2 } })
      expect(sim().openOrders()).toEqual([])
    })

    it('fetchOrderTrades looks the trades up with QueryTrades', async () => {
      sim().faults.partialFill('0.5')
      const created = await exchange().createOrder('BTC/USDT', 'market', 'buy', 0.02)
      sim().fillRemaining(idOf(created), '30100.0')
      const order = await exchange().fetchOrder(idOf(created))
      const trades = await exchange().fetchOrderTrades(
        idOf(created),
        'BTC/USDT',
        undefined,
        undefined,
        {
          trades: order.trades,
        },
      )
      expect(trades.map((trade) => [trade.price, trade.amount])).toEqual([
        [30000, 0.01],
        [30100, 0.01],
      ])
    })

    it('fetchTrades lists the fills on a pair as public trades', async () => {
      await exchange().createOrder('BTC/USDT', 'market', 'buy', 0.01)
      await exchange().createOrder('BTC/USDT', 'market', 'sell', 0.02)
      const trades = await exchange().fetchTrades('BTC/USDT')
      expect(trades.map((trade) => [trade.side, trade.amount, trade.price])).toEqual([
        ['buy', 0.01, 30000],
        ['sell', 0.02, 30000],
      ])
    })

    it('ClosedOrders pages by 50, newest first, with the total in count', async () => {
      for (let index = 0; index < 52; index++) {
        await exchange().createOrder('XRP/USDT', 'market', 'buy', 10, undefined, { userref: index })
        await clock().advance(1_000)
      }
      type Page = { result: { closed: Record<string, { userref: number }>; count: number } }
      const first = (await exchange().privatePostClosedOrders({})) as Page
      const second = (await exchange().privatePostClosedOrders({ ofs: 50 })) as Page
      expect(first.result.count).toBe(52)
      expect(
        Object.values(first.result.closed)
          .map((order) => order.userref)
          .slice(0, 2),
      ).toEqual([51, 50])
      expect(Object.values(second.result.closed).map((order) => order.userref)).toEqual([1, 0])
    })

    it('OpenOrders filters nothing out by default and answers the open map', async () => {
      const created = await exchange().createOrder('BTC/USDT', 'limit', 'buy', 0.01, 29000)
      const answer = (await exchange().privatePostOpenOrders({})) as {
        result: { open: Record<string, unknown> }
      }
      expect(Object.keys(answer.result.open)).toEqual([idOf(created)])
    })
  })
})
