import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import { candleSeriesSchema } from '../../../src-shared/contract/market'
import { CommandError } from '../../../src-shared/result'
import { VirtualClock } from '../../../src-main/engine/clock'
import {
  aggregateCandles,
  buildSeries,
  CandleIngestService,
  CandleSeriesQuery,
  plainDecimal,
  type Candle,
} from '../../../src-main/engine/market'
import type { StoredCandle } from '../../../src-main/engine/store'
import { ManualMarketSource } from '../../fakes/market/manual-market-source'
import { MemoryCandleStore } from '../../fakes/market/memory-candle-store'
import { aCandle, loadResourceCandles, minute } from '../../helpers/market/candles'
import { capturingLogger } from '../../helpers/market/capturing-logger'
import * as textbook from '../../helpers/market/textbook-indicators'
import { expectSeriesClose } from '../../helpers/market/tolerance'

const BTC = loadResourceCandles('BTCUSDT_1m.csv')

function stored(candle: Candle): StoredCandle {
  return {
    timestampMs: candle.timestampMs,
    open: candle.open,
    high: candle.high,
    low: candle.low,
    close: candle.close,
    volume: candle.volume,
  }
}

async function setup(options: { memory?: readonly Candle[]; store?: MemoryCandleStore | null }) {
  const clock = new VirtualClock(minute(0))
  const { logger } = capturingLogger()
  const source = new ManualMarketSource(['BTC/USDT'], logger)
  const ingest = new CandleIngestService({ source, clock, logger, historyLength: 2000 })
  await ingest.start()
  for (const candle of options.memory ?? []) source.candle('BTC/USDT', candle)
  const query = new CandleSeriesQuery({ state: ingest, repository: options.store ?? null, logger })
  return { query }
}

describe('CandleSeriesQuery', () => {
  it('returns the newest candles from memory with EMA and Bollinger overlays aligned to them', async () => {
    const { query } = await setup({ memory: BTC.slice(0, 400) })
    const series = await query.candles({ symbol: 'BTC/USDT', timeframe: '1m', limit: 50 })
    expect(candleSeriesSchema.parse(series)).toEqual(series)
    expect(series.candles).toHaveLength(50)
    expect(series.candles[0]).toEqual({
      t: BTC[350]?.timestampMs,
      o: BTC[350]?.openText,
      h: BTC[350]?.highText,
      l: BTC[350]?.lowText,
      c: BTC[350]?.closeText,
      v: BTC[350]?.volumeText,
    })
    expect(Object.keys(series.overlays)).toEqual([
      'ema_9',
      'ema_21',
      'ema_50',
      'bb_upper',
      'bb_middle',
      'bb_lower',
    ])
    // The overlays run over the 200 warm-up candles before the first one returned.
    const closes = BTC.slice(150, 400).map((candle) => candle.numeric.close)
    const bands = textbook.bollinger(closes, 20, 2)
    const level = closes[0] as number
    expectSeriesClose(series.overlays.ema_9 ?? [], textbook.ema(closes, 9).slice(200), level)
    expectSeriesClose(series.overlays.ema_50 ?? [], textbook.ema(closes, 50).slice(200), level)
    expectSeriesClose(series.overlays.bb_upper ?? [], bands.upper.slice(200), level)
    expectSeriesClose(series.overlays.bb_lower ?? [], bands.lower.slice(200), level)
  })

  it('returns null overlay values while the history is too short', async () => {
    const { query } = await setup({ memory: BTC.slice(0, 30) })
    const series = await query.candles({ symbol: 'BTC/USDT', timeframe: '1m', limit: 300 })
    expect(series.candles).toHaveLength(30)
    expect(series.overlays.ema_9?.slice(0, 9)).toEqual([...Array(8).fill(null), expect.any(Number)])
    expect(series.overlays.ema_50?.every((value) => value === null)).toBe(true)
    expect(series.overlays.bb_middle?.[19]).toEqual(expect.any(Number))
  })

  it('reads the store and appends the newer candles still in memory, each once', async () => {
    const store = new MemoryCandleStore()
    await store.insertMany('BTC/USDT', '1m', BTC.slice(0, 100).map(stored))
    const { query } = await setup({ memory: BTC.slice(90, 120), store })
    const series = await query.candles({ symbol: 'BTC/USDT', timeframe: '1m', limit: 1000 })
    expect(series.candles.map((candle) => candle.t)).toEqual(
      BTC.slice(0, 120).map((candle) => candle.timestampMs),
    )
    expect(series.candles[5]?.c).toBe(new Decimal(BTC[5]?.closeText as string).toFixed())
  })

  it('aggregates closed buckets from stored 1m candles when the store has no candles of the timeframe', async () => {
    const store = new MemoryCandleStore()
    await store.insertMany('BTC/USDT', '1m', BTC.slice(0, 302).map(stored))
    const { query } = await setup({ store })
    const series = await query.candles({ symbol: 'BTC/USDT', timeframe: '5m', limit: 100 })
    const expected = aggregateCandles(BTC.slice(0, 302), '5m').candles
    expect(series.candles).toHaveLength(60)
    expect(series.candles.map((candle) => [candle.t, candle.h, candle.v])).toEqual(
      expected.map((candle) => [
        candle.timestampMs,
        new Decimal(candle.highText).toFixed(),
        new Decimal(candle.volumeText).toFixed(),
      ]),
    )
  })

  it('uses stored candles of the timeframe itself when there are some', async () => {
    const store = new MemoryCandleStore()
    const hourly = aCandle(minute(0)).ohlc('1', '2', '0.5', '1.5').volume('7').build()
    await store.insertMany('BTC/USDT', '1h', [stored(hourly)])
    await store.insertMany('BTC/USDT', '1m', BTC.slice(0, 120).map(stored))
    const { query } = await setup({ store })
    const series = await query.candles({ symbol: 'BTC/USDT', timeframe: '1h', limit: 10 })
    expect(series.candles).toEqual([{ t: minute(0), o: '1', h: '2', l: '0.5', c: '1.5', v: '7' }])
  })

  it('bounds the minutes read for a long timeframe', async () => {
    const store = new MemoryCandleStore()
    await store.insertMany('BTC/USDT', '1m', BTC.slice(0, 600).map(stored))
    const clock = new VirtualClock(0)
    const logger = capturingLogger().logger
    const ingest = new CandleIngestService({
      source: new ManualMarketSource(['BTC/USDT'], logger),
      clock,
      logger,
    })
    const query = new CandleSeriesQuery({
      state: ingest,
      repository: store,
      logger,
      maxAggregatedMinutes: 120,
    })
    const series = await query.candles({ symbol: 'BTC/USDT', timeframe: '1h', limit: 5 })
    expect(series.candles).toHaveLength(2)
  })

  it('says NOT_FOUND for a symbol neither memory nor a store knows, and serves an empty series from a store', async () => {
    const { query } = await setup({})
    await expect(query.candles({ symbol: 'ETH/USDT', timeframe: '1m', limit: 10 })).rejects.toEqual(
      new CommandError('NOT_FOUND', 'no market data: symbol=ETH/USDT'),
    )
    const withStore = await setup({ store: new MemoryCandleStore() })
    expect(
      await withStore.query.candles({ symbol: 'ETH/USDT', timeframe: '4h', limit: 10 }),
    ).toEqual({
      symbol: 'ETH/USDT',
      timeframe: '4h',
      candles: [],
      overlays: { ema_9: [], ema_21: [], ema_50: [], bb_upper: [], bb_middle: [], bb_lower: [] },
      forming: null,
    })
  })

  it('ends with the candle still forming: the minutes of it closed so far, after the closed ones', async () => {
    // 125 minutes: hours 0 and 1 closed, 5 minutes of hour 2.
    const { query } = await setup({ memory: BTC.slice(0, 125) })
    const series = await query.candles({ symbol: 'BTC/USDT', timeframe: '1h', limit: 10 })
    expect(candleSeriesSchema.parse(series)).toEqual(series)
    expect(series.candles.map((candle) => candle.t)).toEqual([minute(0), minute(60)])
    const minutes = BTC.slice(120, 125)
    const [forming] = aggregateCandles(minutes, '1h', { includePartial: true }).candles
    expect(series.forming).toEqual({
      t: minute(120),
      o: plainDecimal(forming?.openText as string),
      h: plainDecimal(forming?.highText as string),
      l: plainDecimal(forming?.lowText as string),
      c: plainDecimal(minutes.at(-1)?.closeText as string),
      v: plainDecimal(forming?.volumeText as string),
    })
    // Overlays stay aligned to the closed candles.
    expect(series.overlays.ema_9).toHaveLength(2)
  })

  it('has no forming candle for 1m, nor before a minute of the next candle closed', async () => {
    const { query } = await setup({ memory: BTC.slice(0, 120) })
    const oneMinute = await query.candles({ symbol: 'BTC/USDT', timeframe: '1m', limit: 10 })
    expect(oneMinute.forming).toBeNull()
    const hourly = await query.candles({ symbol: 'BTC/USDT', timeframe: '1h', limit: 10 })
    expect(hourly.candles.map((candle) => candle.t)).toEqual([minute(0), minute(60)])
    expect(hourly.forming).toBeNull()
  })
})

describe('buildSeries and plainDecimal', () => {
  it.each([
    ['1e-7', '0.0000001'],
    ['2.5E+3', '2500'],
    ['0.00002635', '0.00002635'],
  ])('writes %s as %s', (text, plain) => {
    expect(plainDecimal(text)).toBe(plain)
  })

  it('writes exponent candles without exponents', () => {
    const candle = aCandle(minute(0)).ohlc('1e-7', '2e-7', '1e-7', '1.5e-7').volume('1e3').build()
    expect(buildSeries('XRP/BTC', '1m', [candle], 5).candles).toEqual([
      { t: minute(0), o: '0.0000001', h: '0.0000002', l: '0.0000001', c: '0.00000015', v: '1000' },
    ])
  })
})
