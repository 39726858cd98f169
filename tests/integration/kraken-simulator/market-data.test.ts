import { beforeEach, describe, expect, it } from 'vitest'
import type { SimCandle } from '../../fakes/kraken'
import { START_MS, useSimulator } from './simulator-setup'

describe('Kraken simulator public market data through ccxt', () => {
  const { sim, exchange, clock } = useSimulator()

  describe('loadMarkets', () => {
    it('loads Assets then AssetPairs', async () => {
      await exchange().loadMarkets(true)
      expect(
        sim()
          .requests()
          .map((request) => request.method),
      ).toEqual(['Assets', 'AssetPairs'])
    })

    it.each([
      ['BTC/USDT', 'XBTUSDT', 'XBTUSDT', 1e-8, 0.1, 0.00005, 0.5, 5],
      ['XRP/USDT', 'XRPUSDT', 'XRPUSDT', 1e-8, 0.00001, 10, 0.5, 3],
      ['XRP/BTC', 'XXRPXXBT', 'XRPXBT', 1e-8, 1e-8, 10, 0.00002, 3],
      ['BTC/USD', 'XXBTZUSD', 'XBTUSD', 1e-8, 0.1, 0.00005, 0.5, 5],
    ])(
      'maps %s to id %s with Kraken precisions and minimums',
      (symbol, id, altname, amount, price, minAmount, minCost, maxLeverage) => {
        const market = exchange().market(symbol)
        expect(market.id).toBe(id)
        expect(market['info']['altname']).toBe(altname)
        expect(market.precision).toEqual({ amount, price })
        expect(market.limits.amount?.min).toBe(minAmount)
        expect(market.limits.cost?.min).toBe(minCost)
        expect(market.limits.leverage?.max).toBe(maxLeverage)
        expect(market.active).toBe(true)
      },
    )

    it('publishes the configured fees as percent, which ccxt turns into rates', async () => {
      sim().setFees({ takerPercent: '0.4', makerPercent: '0.25' })
      const markets = await exchange().loadMarkets(true)
      expect(markets['BTC/USDT']?.taker).toBe(0.004)
      expect(markets['BTC/USDT']?.maker).toBe(0.0025)
      sim().setFees({ takerPercent: '0.26', makerPercent: '0.16' })
      const restored = await exchange().loadMarkets(true)
      expect(restored['BTC/USDT']?.taker).toBe(0.0026)
    })

    it('lets ccxt round amounts and prices to the pair precision', () => {
      expect(exchange().amountToPrecision('BTC/USDT', 0.123456789)).toBe('0.12345678')
      expect(exchange().priceToPrecision('BTC/USDT', 30000.06)).toBe('30000.1')
      expect(exchange().priceToPrecision('XRP/USDT', 0.5123456)).toBe('0.51235')
    })
  })

  it('fetchTime returns the simulator clock in whole seconds', async () => {
    await clock().advance(1_234)
    expect(await exchange().fetchTime()).toBe(Math.floor((START_MS + 1_234) / 1000) * 1000)
  })

  it.each([
    ['online', 'ok'],
    ['maintenance', 'maintenance'],
  ] as const)('fetchStatus maps SystemStatus %s to %s', async (status, expected) => {
    sim().setSystemStatus(status)
    expect((await exchange().fetchStatus()).status).toBe(expected)
  })

  describe('fetchTicker', () => {
    it('reports the mark price as last, the synthetic book top as bid and ask, and the day range', async () => {
      sim().setPrice('BTC/USDT', '30000.0')
      sim().setPrice('BTC/USDT', '31000.0')
      sim().setPrice('BTC/USDT', '30500.0')
      const ticker = await exchange().fetchTicker('BTC/USDT')
      expect(ticker).toMatchObject({ symbol: 'BTC/USDT', last: 30500, bid: 30499.9, ask: 30500.1 })
      expect(ticker).toMatchObject({ open: 30000, high: 31000, low: 30000 })
    })

    it('fetchTickers answers several pairs in one Ticker call', async () => {
      sim().setPrice('BTC/USDT', '30000.0')
      sim().setPrice('XRP/USDT', '0.51234')
      const tickers = await exchange().fetchTickers(['BTC/USDT', 'XRP/USDT'])
      expect(tickers['BTC/USDT']?.last).toBe(30000)
      expect(tickers['XRP/USDT']?.last).toBe(0.51234)
      expect(sim().requests('Ticker').at(-1)?.params).toMatchObject({
        pair: 'XBTUSDT,XRPUSDT',
      })
    })
  })

  describe('fetchOHLCV', () => {
    const minute = 60_000
    const base = START_MS - (START_MS % (60 * minute)) - 2 * 60 * minute
    const candles: SimCandle[] = Array.from({ length: 120 }, (_, index) => ({
      time: base + index * minute,
      open: String(30000 + index),
      high: String(30010 + index),
      low: String(29990 + index),
      close: String(30005 + index),
      volume: '2',
    }))

    beforeEach(() => {
      sim().setCandles('BTC/USDT', candles)
    })

    it('returns the loaded candles as [ms, open, high, low, close, volume]', async () => {
      const rows = await exchange().fetchOHLCV('BTC/USDT', '1m')
      expect(rows).toHaveLength(120)
      expect(rows[0]).toEqual([base, 30000, 30010, 29990, 30005, 2])
    })

    it('honours since (ccxt asks one interval earlier and filters) and limit', async () => {
      const since = base + 10 * minute
      const rows = await exchange().fetchOHLCV('BTC/USDT', '1m', since, 5)
      expect(rows.map((row) => row[0])).toEqual(
        [0, 1, 2, 3, 4].map((offset) => since + offset * minute),
      )
      expect(sim().requests('OHLC').at(-1)?.params).toMatchObject({
        interval: '1',
        since: String(since / 1000 - 60),
      })
    })

    it('aggregates loaded candles into a larger interval', async () => {
      const rows = await exchange().fetchOHLCV('BTC/USDT', '1h')
      expect(rows).toEqual([
        [base, 30000, 30069, 29990, 30064, 120],
        [base + 60 * minute, 30060, 30129, 30050, 30124, 120],
      ])
    })

    it('answers nothing for an interval finer than the loaded one', async () => {
      sim().setCandles('BTC/USDT', candles, 5)
      expect(await exchange().fetchOHLCV('BTC/USDT', '1m')).toEqual([])
    })

    it('reports as last the newest candle already closed on the simulator clock', async () => {
      const response = (await exchange().publicGetOHLC({ pair: 'XBTUSDT', interval: 1 })) as {
        result: { last: number; XBTUSDT: unknown[] }
      }
      // All loaded candles ended before START_MS, so the newest one counts as committed.
      expect(response.result.last).toBe((base + 119 * minute) / 1000)
      expect(response.result.XBTUSDT).toHaveLength(120)
    })

    it('serves at most the latest 720 candles', async () => {
      const many = Array.from({ length: 800 }, (_, index) => ({
        ...candles[0]!,
        time: base - index * minute,
      }))
      sim().setCandles('BTC/USDT', many)
      const rows = await exchange().fetchOHLCV('BTC/USDT', '1m')
      expect(rows).toHaveLength(720)
      expect(rows.at(-1)?.[0]).toBe(base)
    })
  })

  describe('fetchOrderBook', () => {
    it('answers a synthetic book one tick apart around the mark', async () => {
      sim().setPrice('BTC/USDT', '30000.0')
      const book = await exchange().fetchOrderBook('BTC/USDT', 3)
      expect(book.bids.map(([price]) => price)).toEqual([29999.9, 29999.8, 29999.7])
      expect(book.asks.map(([price]) => price)).toEqual([30000.1, 30000.2, 30000.3])
      expect(sim().requests('Depth').at(-1)?.params).toMatchObject({
        pair: 'XBTUSDT',
        count: '3',
      })
    })

    it('answers an explicit book sorted best first', async () => {
      sim().setOrderBook('BTC/USDT', {
        bids: [
          ['29990.0', '0.5'],
          ['29995.0', '0.2'],
        ],
        asks: [['30010.0', '1.5']],
      })
      const book = await exchange().fetchOrderBook('BTC/USDT')
      const levels = (side: typeof book.bids) => side.map(([price, amount]) => [price, amount])
      expect(levels(book.bids)).toEqual([
        [29995, 0.2],
        [29990, 0.5],
      ])
      expect(levels(book.asks)).toEqual([[30010, 1.5]])
    })
  })
})
