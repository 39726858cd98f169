import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../../src-main/engine/config'
import { liveStartWarmupUntilMs, type ReplaySeries } from '../../../src-main/engine/market'
import { flatCandles, loadResourceCandles, minute, minuteRange } from '../../helpers/market/candles'

const CONFIG_DIR = join(fileURLToPath(new URL('../../..', import.meta.url)), 'config')

function series(symbol: string, minutes: readonly number[]): ReplaySeries {
  return { symbol, candles: flatCandles('100', minutes) }
}

describe('liveStartWarmupUntilMs', () => {
  it('starts the bundled demo after as much history as a live start backfills (12 h)', () => {
    const backfillMinutes = loadConfig({ configDir: CONFIG_DIR, env: {} }).config.market.market
      .backfill_minutes
    expect(backfillMinutes).toBe(720)
    const bundled = [
      { symbol: 'BTC/USDT', candles: loadResourceCandles('BTCUSDT_1m.csv') },
      { symbol: 'XRP/USDT', candles: loadResourceCandles('XRPUSDT_1m.csv') },
      { symbol: 'XRP/BTC', candles: loadResourceCandles('XRPBTC_1m.csv') },
    ]
    expect(liveStartWarmupUntilMs(bundled, backfillMinutes)).toBe(Date.UTC(2021, 4, 10, 12))
  })

  it.each([
    // [data minutes, backfill minutes, warm-up minutes]
    [4320, 720, 720], // the bundled three days: the whole backfill fits
    [2880, 720, 720], // exactly a quarter
    [600, 720, 150], // shorter than the backfill: its first quarter, three quarters still play
    [601, 720, 150], // whole minutes only
    [3, 720, 0], // too short to spare a minute: everything plays
    [4320, 60, 60], // a shorter backfill configured: that much
  ])(
    'with %i minutes of data and a %i-minute backfill warms up %i minutes',
    (data, backfill, warmup) => {
      expect(liveStartWarmupUntilMs([series('BTC/USDT', minuteRange(0, data))], backfill)).toBe(
        minute(warmup),
      )
    },
  )

  it('counts from the earliest first candle to the latest last one, all symbols together', () => {
    const uneven = [
      series('BTC/USDT', minuteRange(40, 400)),
      series('XRP/USDT', minuteRange(0, 80)),
    ]
    expect(liveStartWarmupUntilMs(uneven, 60)).toBe(minute(60))
    expect(liveStartWarmupUntilMs(uneven, 720)).toBe(minute(100))
  })

  it('has nothing to warm up on without candles', () => {
    expect(liveStartWarmupUntilMs([], 720)).toBeUndefined()
    expect(liveStartWarmupUntilMs([series('BTC/USDT', [])], 720)).toBeUndefined()
  })
})
