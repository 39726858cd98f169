import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import type { MarketPriceSource } from '../../../src-main/engine/execution'
import { LatestPrices } from '../../../src-main/engine/market'
import { aCandle, minute } from '../../helpers/market/candles'
import { capturingLogger, linesWith } from '../../helpers/market/capturing-logger'

describe('LatestPrices', () => {
  it('keeps the newest price per symbol and never goes back in time', () => {
    const prices = new LatestPrices(capturingLogger().logger)
    expect(prices.price('BTC/USDT')).toBeNull()
    expect(prices.updatedAtMs('BTC/USDT')).toBeNull()
    expect(prices.priceText('BTC/USDT')).toBeNull()
    expect(prices.update('BTC/USDT', '100.5', minute(5))).toBe(true)
    expect(prices.update('BTC/USDT', '99', minute(4))).toBe(false)
    expect(prices.price('BTC/USDT')).toEqual(new Decimal('100.5'))
    expect(prices.updatedAtMs('BTC/USDT')).toBe(minute(5))
    const candle = aCandle(minute(0)).ohlc('1', '3', '1', '2.25').build()
    expect(prices.updateFromCandle('BTC/USDT', candle, 60_000)).toBe(false)
    expect(prices.updateFromCandle('XRP/USDT', candle, 60_000)).toBe(true)
    expect(prices.price('XRP/USDT')).toBe(candle.close)
    expect(prices.updatedAtMs('XRP/USDT')).toBe(minute(1))
  })

  it('tells listeners every new price and contains a throwing one', () => {
    const { logger, lines } = capturingLogger()
    const prices = new LatestPrices(logger)
    const seen: string[] = []
    prices.onPrice(() => {
      throw new Error('boom')
    })
    const off = prices.onPrice(({ symbol, price, timestampMs }) =>
      seen.push(`${symbol} ${price} ${timestampMs}`),
    )
    prices.update('BTC/USDT', '1', 1)
    prices.update('BTC/USDT', '0.5', 0)
    off()
    prices.update('BTC/USDT', '2', 2)
    expect(seen).toEqual(['BTC/USDT 1 1'])
    expect(linesWith(lines, 'price listener failed')).toHaveLength(2)
  })

  it('serves as execution’s MarketPriceSource', () => {
    const prices = new LatestPrices(capturingLogger().logger)
    const source: MarketPriceSource = prices
    const ticks: unknown[] = []
    source.onPrice((tick) => ticks.push(tick))
    prices.update('XRP/USDT', '0.51', 5)
    expect(source.latestPrice('XRP/USDT')).toEqual(new Decimal('0.51'))
    expect(ticks).toEqual([{ symbol: 'XRP/USDT', price: new Decimal('0.51'), timestampMs: 5 }])
  })
})
