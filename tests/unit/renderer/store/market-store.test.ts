import { describe, expect, it } from 'vitest'
import {
  createMarketStore,
  seriesKey,
  withTick,
} from '../../../../src-renderer/src/store/market-store'
import { aCandleSeries, events } from '../../../helpers/renderer/builders'
import { InMemoryEngineApi } from '../../../helpers/renderer/in-memory-engine-api'

describe('market store', () => {
  it('loads candles per symbol and timeframe', async () => {
    const api = new InMemoryEngineApi()
    const store = createMarketStore(api)
    await store.getState().loadCandles('XRP/USDT', '4h', 120)
    expect(api.callsOf('market:candles')).toEqual([
      { symbol: 'XRP/USDT', timeframe: '4h', limit: 120 },
    ])
    expect(store.getState().series[seriesKey('XRP/USDT', '4h')]?.data?.candles).toHaveLength(120)
  })

  it('records a candle load error with the engine message', async () => {
    const api = new InMemoryEngineApi().reject(
      'market:candles',
      'UNAVAILABLE',
      'no market data yet symbol=ETH/BTC',
    )
    const store = createMarketStore(api)
    await store.getState().loadCandles('ETH/BTC', '1h')
    expect(store.getState().series[seriesKey('ETH/BTC', '1h')]?.error?.message).toBe(
      'no market data yet symbol=ETH/BTC',
    )
  })

  it('loads snapshots and remembers the latest tick per symbol', async () => {
    const store = createMarketStore(new InMemoryEngineApi())
    await store.getState().loadSnapshot('BTC/USDT')
    expect(store.getState().snapshots['BTC/USDT']?.data?.price).toBe('66000.00')
    store
      .getState()
      .applyEvents([
        events.tick('BTC/USDT', '1', 1),
        events.tick('XRP/USDT', '2', 2),
        events.tick('BTC/USDT', '3', 3),
      ])
    expect(store.getState().lastPrices).toEqual({
      'BTC/USDT': { price: '3', at: 3 },
      'XRP/USDT': { price: '2', at: 2 },
    })
  })

  it('selects symbol and timeframe, and resets', () => {
    const store = createMarketStore(new InMemoryEngineApi())
    store.getState().selectSymbol('ETH/USDT')
    store.getState().selectTimeframe('15m')
    expect(store.getState()).toMatchObject({ symbol: 'ETH/USDT', timeframe: '15m' })
    store.getState().reset()
    expect(store.getState()).toMatchObject({ symbol: 'BTC/USDT', timeframe: '1h' })
  })
})

describe('withTick', () => {
  const HOUR = 3_600_000
  const forming = { t: 10 * HOUR, o: '100', h: '105', l: '95', c: '101', v: '3' }
  const series = aCandleSeries(3, { symbol: 'BTC/USDT', timeframe: '1h', forming })

  it('moves the forming candle with a tick of its symbol inside the candle', () => {
    expect(
      withTick(series, { symbol: 'BTC/USDT', price: '107.5', at: 10 * HOUR + 60_000 })?.forming,
    ).toEqual({ ...forming, h: '107.5', c: '107.5' })
    expect(
      withTick(series, { symbol: 'BTC/USDT', price: '94', at: 11 * HOUR - 1 })?.forming,
    ).toEqual({ ...forming, l: '94', c: '94' })
    expect(withTick(series, { symbol: 'BTC/USDT', price: '102', at: 10 * HOUR })?.forming).toEqual({
      ...forming,
      c: '102',
    })
  })

  it('leaves other symbols, ticks outside the candle and series without one alone', () => {
    expect(withTick(series, { symbol: 'XRP/USDT', price: '1', at: 10 * HOUR })).toBeNull()
    expect(withTick(series, { symbol: 'BTC/USDT', price: '1', at: 11 * HOUR })).toBeNull()
    expect(withTick(series, { symbol: 'BTC/USDT', price: '1', at: 10 * HOUR - 1 })).toBeNull()
    const closedOnly = aCandleSeries(3, { symbol: 'BTC/USDT', timeframe: '1h' })
    expect(withTick(closedOnly, { symbol: 'BTC/USDT', price: '1', at: 10 * HOUR })).toBeNull()
  })

  it('is applied to every loaded series of the ticking symbol', async () => {
    const api = new InMemoryEngineApi().handle('market:candles', ({ symbol, timeframe }) =>
      aCandleSeries(3, {
        symbol,
        timeframe,
        forming: { ...forming, t: timeframe === '4h' ? 8 * HOUR : forming.t },
      }),
    )
    const store = createMarketStore(api)
    await store.getState().loadCandles('BTC/USDT', '1h')
    await store.getState().loadCandles('BTC/USDT', '4h')
    await store.getState().loadCandles('XRP/USDT', '1h')
    store.getState().applyEvents([events.tick('BTC/USDT', '110', 10 * HOUR + 5)])
    const closes = Object.fromEntries(
      Object.entries(store.getState().series).map(([key, entry]) => [key, entry.data?.forming?.c]),
    )
    expect(closes).toEqual({ 'BTC/USDT|1h': '110', 'BTC/USDT|4h': '110', 'XRP/USDT|1h': '101' })
  })
})
