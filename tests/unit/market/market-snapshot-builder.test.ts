import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../../../src-main/engine/clock'
import {
  CandleIngestService,
  MarketSnapshotBuilder,
  summarizeOrderBook,
  type MarketStateReader,
  type SnapshotSettings,
} from '../../../src-main/engine/market'
import { ManualMarketSource } from '../../fakes/market/manual-market-source'
import { aCandle, minute } from '../../helpers/market/candles'
import { capturingLogger, linesWith } from '../../helpers/market/capturing-logger'

const SYMBOLS = ['BTC/USDT', 'XRP/USDT', 'XRP/BTC', 'ETH/USDT']
const SETTINGS: SnapshotSettings = {
  candlesPerTimeframe: 3,
  maxDataAgeMs: 180_000,
  maxFailureRatio: 0.5,
  orderBookDepth: 5,
}

function setup(settings: Partial<SnapshotSettings> = {}) {
  const clock = new VirtualClock(minute(0))
  const { logger, lines } = capturingLogger()
  const source = new ManualMarketSource(SYMBOLS, logger)
  const ingest = new CandleIngestService({ source, clock, logger })
  const builder = new MarketSnapshotBuilder({
    state: ingest,
    source,
    clock,
    logger,
    settings: { ...SETTINGS, ...settings },
  })
  /** Feeds minutes [from, to) of a symbol with closes 100, 101, … and moves the clock along. */
  const feed = async (symbol: string, from: number, to: number) => {
    for (let index = from; index < to; index++) {
      const close = String(100 + index)
      if (clock.now() < minute(index + 1)) await clock.advanceTo(minute(index + 1))
      source.candle(symbol, aCandle(minute(index)).ohlc(close, close, close, close).build())
    }
  }
  return { clock, source, ingest, builder, feed, lines }
}

describe('MarketSnapshotBuilder', () => {
  it('builds price, candles and flat indicators per timeframe with nothing stale', async () => {
    const { builder, feed, ingest } = setup()
    await ingest.start()
    await feed('BTC/USDT', 0, 16)
    const result = await builder.build('BTC/USDT')
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const { snapshot } = result
    expect(snapshot).toMatchObject({
      symbol: 'BTC/USDT',
      timestampMs: minute(16),
      price: '115',
      change24hPct: null,
      dataAgeMs: 0,
      orderBook: null,
      staleParts: [],
      missingTimeframes: ['1h', '4h', '1d'],
      isStale: false,
    })
    expect(Object.keys(snapshot.timeframes)).toEqual(['1m', '5m', '15m'])
    expect(snapshot.timeframes['1m']?.candles).toEqual([
      { timestampMs: minute(13), open: '113', high: '113', low: '113', close: '113', volume: '1' },
      { timestampMs: minute(14), open: '114', high: '114', low: '114', close: '114', volume: '1' },
      { timestampMs: minute(15), open: '115', high: '115', low: '115', close: '115', volume: '1' },
    ])
    expect(snapshot.timeframes['5m']).toMatchObject({ lastCandleMs: minute(10), isStale: false })
    expect(snapshot.timeframes['5m']?.candles.map((candle) => candle.close)).toEqual([
      '104',
      '109',
      '114',
    ])
    expect(snapshot.timeframes['1m']?.indicators.ema_9).toBeCloseTo(111, 10)
    expect(snapshot.timeframes['1m']?.indicators.ema_200).toBeNull()
  })

  it('rebuilds a timeframe only when one of its candles closed, marking staleness every time', async () => {
    const { builder, feed, ingest, clock } = setup()
    await ingest.start()
    await feed('BTC/USDT', 0, 16)
    const first = await builder.build('BTC/USDT')
    await feed('BTC/USDT', 16, 17)
    const second = await builder.build('BTC/USDT')
    if (!first.ok || !second.ok) throw new Error('snapshot failed')
    // Minute 16 closed a 1m candle but no 5m one.
    expect(second.snapshot.timeframes['1m']?.lastCandleMs).toBe(minute(16))
    expect(second.snapshot.timeframes['5m']?.candles).toBe(first.snapshot.timeframes['5m']?.candles)
    expect(Object.isFrozen(second.snapshot.timeframes['5m']?.candles)).toBe(true)
    // The 1m window moved by one candle; the two it kept are the same snapshot candles.
    expect(second.snapshot.timeframes['1m']?.candles[0]).toBe(
      first.snapshot.timeframes['1m']?.candles[1],
    )
    expect(second.snapshot.timeframes['1m']?.candles.map((candle) => candle.close)).toEqual([
      '114',
      '115',
      '116',
    ])
    await feed('BTC/USDT', 17, 21)
    const third = await builder.build('BTC/USDT')
    if (!third.ok) throw new Error('snapshot failed')
    expect(third.snapshot.timeframes['5m']?.lastCandleMs).toBe(minute(15))
    expect(third.snapshot.timeframes['5m']?.candles.map((candle) => candle.close)).toEqual([
      '109',
      '114',
      '119',
    ])
    await clock.advance(SETTINGS.maxDataAgeMs + 10 * 60_000)
    const late = await builder.build('BTC/USDT')
    if (!late.ok) throw new Error('snapshot failed')
    expect(late.snapshot.timeframes['5m']).toMatchObject({
      lastCandleMs: minute(15),
      isStale: true,
    })
  })

  it('reports the 24 h change against the close a day before', async () => {
    const { builder, feed, ingest } = setup()
    await ingest.start()
    await feed('BTC/USDT', 0, 1442)
    const result = await builder.build('BTC/USDT')
    if (!result.ok) throw new Error(result.failure.message)
    // Price 1541 (minute 1441) against the close of minute 1 (101), which closed a day earlier.
    expect(result.snapshot.change24hPct).toBeCloseTo(((1541 - 101) / 101) * 100, 10)
  })

  it('gives no 24 h change when the candle a day back is more than an hour older', async () => {
    const { builder, feed, ingest } = setup()
    await ingest.start()
    await feed('BTC/USDT', 0, 5)
    await feed('BTC/USDT', 1600, 1602)
    const result = await builder.build('BTC/USDT')
    if (!result.ok) throw new Error(result.failure.message)
    expect(result.snapshot.change24hPct).toBeNull()
  })

  it.each([
    ['price only', minute(6) + 181_000, ['price']],
    ['price and the 1m candles', minute(7) + 181_000, ['price', '1m']],
    ['price, 1m and 5m', minute(10) + 181_000, ['price', '1m', '5m']],
  ])('marks stale parts: %s', async (_name, atMs, expected) => {
    const { builder, feed, ingest, clock } = setup()
    await ingest.start()
    await feed('BTC/USDT', 0, 6)
    await clock.advanceTo(atMs)
    const result = await builder.build('BTC/USDT')
    if (!result.ok) throw new Error(result.failure.message)
    expect(result.snapshot.staleParts).toEqual(expected)
    expect(result.snapshot.isStale).toBe(true)
    expect(result.snapshot.dataAgeMs).toBe(atMs - minute(6))
    expect(result.snapshot.timeframes['5m']?.isStale).toBe(expected.includes('5m'))
  })

  it('adds the order book, and marks it stale when it is old or cannot be fetched', async () => {
    const { builder, feed, ingest, source, lines } = setup()
    await ingest.start()
    await feed('BTC/USDT', 0, 3)
    const book = summarizeOrderBook(
      'BTC/USDT',
      { bids: [{ price: '102', volume: '1' }], asks: [{ price: '103', volume: '1' }] },
      5,
      minute(3),
    )
    const depths: number[] = []
    source.orderBook = (_symbol, depth) => {
      depths.push(depth)
      return book
    }
    const fresh = await builder.build('BTC/USDT')
    expect(fresh.ok && fresh.snapshot.orderBook).toEqual(book)
    expect(depths).toEqual([5])
    source.orderBook = () => ({ ...book, timestampMs: minute(3) - 181_000 })
    const old = await builder.build('BTC/USDT')
    expect(old.ok && old.snapshot.staleParts).toEqual(['order_book'])
    source.orderBook = () => {
      throw new Error('EService:Unavailable')
    }
    const failed = await builder.build('BTC/USDT')
    expect(failed.ok && failed.snapshot).toMatchObject({
      orderBook: null,
      staleParts: ['order_book'],
    })
    expect(linesWith(lines, 'order book unavailable for the snapshot')).toHaveLength(1)
  })

  it('fails one symbol with a reason: unknown, no data, or a broken state', async () => {
    const { builder, ingest, feed, clock } = setup()
    await ingest.start()
    expect(await builder.build('DOGE/USDT')).toEqual({
      ok: false,
      failure: {
        symbol: 'DOGE/USDT',
        code: 'UNKNOWN_SYMBOL',
        message: 'UNKNOWN_SYMBOL: symbol=DOGE/USDT',
      },
    })
    expect(await builder.build('XRP/USDT')).toEqual({
      ok: false,
      failure: {
        symbol: 'XRP/USDT',
        code: 'NO_DATA',
        message: 'NO_DATA: symbol=XRP/USDT has_price=false has_candles=false',
      },
    })
    await feed('BTC/USDT', 0, 2)
    const broken: MarketStateReader = {
      symbols: ['BTC/USDT'],
      latestPrices: ingest.latestPrices,
      symbolState: () => {
        throw new Error('state lost')
      },
    }
    const failing = new MarketSnapshotBuilder({
      state: broken,
      clock,
      logger: capturingLogger().logger,
      settings: SETTINGS,
    })
    expect(await failing.build('BTC/USDT')).toEqual({
      ok: false,
      failure: {
        symbol: 'BTC/USDT',
        code: 'BUILD_FAILED',
        message: 'BUILD_FAILED: symbol=BTC/USDT error="state lost"',
      },
    })
  })

  it.each([
    // [symbols with data, symbols asked for, max ratio, ok]
    [1, 1, 0.5, true],
    [1, 2, 0.5, true],
    [2, 4, 0.5, true],
    [1, 3, 0.5, false],
    [0, 2, 0.5, false],
    [3, 4, 0, false],
    [0, 4, 1, true],
    [0, 0, 0.5, false],
  ])(
    'with %i of %i symbols having data and max_failure_ratio %s, buildAll ok=%s',
    async (withData, asked, maxFailureRatio, isOk) => {
      const { builder, feed, ingest, lines } = setup({ maxFailureRatio })
      await ingest.start()
      for (const symbol of SYMBOLS.slice(0, withData)) await feed(symbol, 0, 2)
      const result = await builder.buildAll(SYMBOLS.slice(0, asked))
      expect(result.ok).toBe(isOk)
      expect(result.snapshots).toHaveLength(withData)
      expect(result.failures.map((failure) => failure.code)).toEqual(
        Array.from({ length: asked - withData }, () => 'NO_DATA'),
      )
      expect(linesWith(lines, 'snapshot failed')).toHaveLength(asked - withData)
      if (!result.ok) {
        expect(result.message).toBe(
          `TOO_MANY_FAILURES: failed=${asked - withData} total=${asked} max_ratio=${maxFailureRatio}`,
        )
      }
    },
  )

  it('builds every ingested symbol by default', async () => {
    const { builder, feed, ingest } = setup()
    await ingest.start()
    for (const symbol of SYMBOLS) await feed(symbol, 0, 1)
    const result = await builder.buildAll()
    expect(result.ok && result.snapshots.map((snapshot) => snapshot.symbol)).toEqual(SYMBOLS)
  })
})
