import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import { MessageBus } from '../../../src-main/engine/bus'
import { VirtualClock } from '../../../src-main/engine/clock'
import { aggregateCandles, CandleIngestService } from '../../../src-main/engine/market'
import { ManualMarketSource } from '../../fakes/market/manual-market-source'
import { MemoryCandleStore } from '../../fakes/market/memory-candle-store'
import { aCandle, loadResourceCandles, minute } from '../../helpers/market/candles'
import { capturingLogger, linesWith } from '../../helpers/market/capturing-logger'

function setup(
  options: { store?: MemoryCandleStore; batchSize?: number; maxPending?: number } = {},
) {
  const clock = new VirtualClock(minute(10))
  const { logger, lines } = capturingLogger()
  const source = new ManualMarketSource(['BTC/USDT', 'XRP/USDT'], logger)
  const bus = new MessageBus({ clock, logger })
  const ingest = new CandleIngestService({
    source,
    clock,
    logger,
    bus,
    repository: options.store ?? null,
    batchSize: options.batchSize ?? 3,
    flushIntervalMs: 5_000,
    historyLength: 10,
    ...(options.maxPending === undefined ? {} : { maxPendingCandles: options.maxPending }),
  })
  return { clock, source, bus, ingest, lines }
}

const candle = (index: number, close = '100.5') =>
  aCandle(minute(index)).ohlc('100', '101', '99', close).build()

describe('CandleIngestService', () => {
  it('validates candles per symbol, feeds the state and keeps the latest price', async () => {
    const { source, ingest, lines } = setup()
    await ingest.start()
    source.candle('BTC/USDT', candle(0))
    source.candle('BTC/USDT', candle(1, '100.75'))
    source.candle('BTC/USDT', candle(1))
    source.candle('BTC/USDT', candle(0))
    source.candle('BTC/USDT', aCandle(minute(2)).ohlc('100', '99', '98', '100').build())
    source.candle('XRP/USDT', candle(0, '99.5'))
    expect(ingest.stats).toEqual({ accepted: 3, rejected: 3, stored: 0, pending: 0, gaps: 0 })
    expect(
      linesWith(lines, 'candle refused').map((line) => (line.reason as string).split(':')[0]),
    ).toEqual(['DUPLICATE_TIMESTAMP', 'OUT_OF_ORDER_TIMESTAMP', 'HIGH_BELOW_OPEN_CLOSE'])
    const state = ingest.symbolState('BTC/USDT')
    expect(state?.lastCandle('1m')?.closeText).toBe('100.75')
    expect(state?.historyLength('1m')).toBe(2)
    expect(ingest.latestPrices.price('BTC/USDT')).toEqual(new Decimal('100.75'))
    expect(ingest.latestPrices.updatedAtMs('BTC/USDT')).toBe(minute(2))
    expect(ingest.symbolState('ETH/USDT')).toBeNull()
  })

  it('publishes market_data for candles, ticks and gaps and system_events for the connection', async () => {
    const { source, ingest, bus } = setup()
    const seen: unknown[] = []
    bus.subscribe('test', 'market_data', (message) => void seen.push(message.payload))
    const states: unknown[] = []
    bus.subscribe('test', 'system_events', (message) => void states.push(message.payload))
    await ingest.start()
    source.candle('BTC/USDT', candle(0), 'backfill')
    source.tick({
      symbol: 'BTC/USDT',
      timestampMs: minute(1) + 5,
      last: '100.6',
      bid: '100.5',
      ask: '100.7',
    })
    source.gap({
      symbol: 'BTC/USDT',
      reason: 'reconnect',
      fromMs: minute(1),
      toMs: minute(3),
      missingCandles: 3,
      recoveredCandles: 2,
    })
    source.state('reconnecting', 'error=timeout')
    expect(seen).toEqual([
      {
        symbol: 'BTC/USDT',
        price: '100.5',
        timeframe: '1m',
        event: 'candle',
        origin: 'backfill',
        open_time_ms: minute(0),
        open: '100',
        high: '101',
        low: '99',
        close: '100.5',
        volume: '1',
      },
      {
        symbol: 'BTC/USDT',
        price: '100.6',
        event: 'tick',
        bid: '100.5',
        ask: '100.7',
        timestamp_ms: minute(1) + 5,
      },
      {
        symbol: 'BTC/USDT',
        // The latest price known, so the symbol's latest market_data always has one.
        price: '100.6',
        event: 'gap',
        reason: 'reconnect',
        from_ms: minute(1),
        to_ms: minute(3),
        missing_candles: 3,
        recovered_candles: 2,
      },
    ])
    expect(states).toEqual([
      {
        event_type: 'market_connection',
        data: { state: 'reconnecting', previous: 'connected', reason: 'error=timeout' },
      },
    ])
    expect(ingest.latestPrices.priceText('BTC/USDT')).toBe('100.6')
    expect(ingest.stats.gaps).toBe(1)
  })

  it('publishes a gap before any price without one', async () => {
    const { source, ingest, bus } = setup()
    const seen: Record<string, unknown>[] = []
    bus.subscribe('test', 'market_data', (message) => void seen.push(message.payload))
    await ingest.start()
    source.gap({
      symbol: 'BTC/USDT',
      reason: 'exchange',
      fromMs: minute(0),
      toMs: minute(1),
      missingCandles: 2,
      recoveredCandles: 0,
    })
    expect(seen).toHaveLength(1)
    expect(seen[0]).not.toHaveProperty('price')
  })

  it('ignores (and warns once about) symbols it does not ingest and counts source refusals', async () => {
    const { source, ingest, lines } = setup()
    await ingest.start()
    source.candle('ETH/USDT', candle(0))
    source.tick({ symbol: 'ETH/USDT', timestampMs: 1, last: '1', bid: null, ask: null })
    source.rejected('BTC/USDT', { code: 'INVALID_PAYLOAD', message: 'INVALID_PAYLOAD: row=1' })
    expect(linesWith(lines, 'market data for a symbol not ingested; ignored')).toHaveLength(1)
    expect(linesWith(lines, 'market data refused at the source')[0]).toMatchObject({
      symbol: 'BTC/USDT',
      reason: 'INVALID_PAYLOAD: row=1',
    })
    expect(ingest.stats.rejected).toBe(1)
  })

  it('writes candles in batches and on the flush timer, each once', async () => {
    const store = new MemoryCandleStore()
    const { source, ingest, clock } = setup({ store, batchSize: 3 })
    await ingest.start()
    source.candle('BTC/USDT', candle(0))
    source.candle('XRP/USDT', candle(0))
    expect(store.writes).toBe(0)
    source.candle('BTC/USDT', candle(1))
    await ingest.flush()
    expect(store.times('BTC/USDT')).toEqual([minute(0), minute(1)])
    source.candle('BTC/USDT', candle(2))
    await clock.advance(5_000)
    await ingest.flush()
    expect(store.times('BTC/USDT')).toEqual([minute(0), minute(1), minute(2)])
    expect(ingest.stats).toMatchObject({ stored: 4, pending: 0 })
    await ingest.stop()
    expect(source.stops).toBe(1)
  })

  it('counts for a replay clock only the flushes someone awaits', async () => {
    const store = new MemoryCandleStore()
    const { source, ingest } = setup({ store, batchSize: 2 })
    await ingest.start()
    source.candle('BTC/USDT', candle(0))
    source.candle('BTC/USDT', candle(1))
    // A full batch is written behind: nothing the clock need wait for.
    expect(ingest.whenIdle()).toBeNull()
    source.candle('BTC/USDT', candle(2))
    const flushed = ingest.flush()
    expect(ingest.whenIdle()).toBeInstanceOf(Promise)
    await flushed
    expect(ingest.whenIdle()).toBeNull()
    expect(store.times('BTC/USDT')).toEqual([minute(0), minute(1), minute(2)])
    await ingest.stop()
  })

  it('keeps candles whose write failed and writes them later; drops the oldest beyond the limit', async () => {
    const store = new MemoryCandleStore()
    const { source, ingest, lines } = setup({ store, batchSize: 100, maxPending: 3 })
    await ingest.start()
    store.failNext(1)
    for (const index of [0, 1]) source.candle('BTC/USDT', candle(index))
    await ingest.flush()
    expect(linesWith(lines, 'storing candles failed; will retry')[0]).toMatchObject({
      symbol: 'BTC/USDT',
      candles: 2,
    })
    expect(ingest.stats.pending).toBe(2)
    store.failNext(1)
    for (const index of [2, 3]) source.candle('BTC/USDT', candle(index))
    await ingest.flush()
    expect(linesWith(lines, 'pending candles over the limit; oldest dropped')[0]).toMatchObject({
      dropped: 1,
    })
    await ingest.flush()
    expect(store.times('BTC/USDT')).toEqual([minute(1), minute(2), minute(3)])
    expect(ingest.stats).toMatchObject({ pending: 0, stored: 3 })
  })

  it('warms up from the store and tells the source where the store ends', async () => {
    const store = new MemoryCandleStore()
    await store.insertMany(
      'BTC/USDT',
      '1m',
      [0, 1, 2].map((index) => ({
        timestampMs: minute(index),
        open: new Decimal(100),
        high: new Decimal(110),
        low: new Decimal(99),
        close: new Decimal(100 + index),
        volume: new Decimal(1),
      })),
    )
    const { source, ingest, lines } = setup({ store })
    await ingest.start()
    await ingest.start()
    expect(source.starts).toEqual([{ resumeAfterMs: { 'BTC/USDT': minute(2) } }])
    expect(ingest.symbolState('BTC/USDT')?.historyLength('1m')).toBe(3)
    expect(ingest.latestPrices.priceText('BTC/USDT')).toBe('102')
    expect(linesWith(lines, 'warmed up from stored candles')).toHaveLength(2)
    // Already stored: refused by the sequence, not written again.
    source.candle('BTC/USDT', candle(2))
    expect(ingest.stats.rejected).toBe(1)
    await ingest.stop()
    expect(store.times('BTC/USDT')).toHaveLength(3)
  })

  it('logs a refused stored candle and a publish the bus refuses, and keeps going', async () => {
    const store = new MemoryCandleStore()
    await store.insertMany('BTC/USDT', '1m', [
      {
        timestampMs: minute(0),
        open: new Decimal(100),
        high: new Decimal(99),
        low: new Decimal(98),
        close: new Decimal(100),
        volume: new Decimal(1),
      },
    ])
    const { source, ingest, lines } = setup({ store })
    await ingest.start()
    expect(linesWith(lines, 'stored candle refused')).toHaveLength(1)
    expect(ingest.symbolState('BTC/USDT')?.lastCandle('1m')).toBeNull()
    // A symbol the bus's schema refuses ("BTC-USDT") cannot be published.
    const logged = capturingLogger()
    const withLog = new CandleIngestService({
      source,
      clock: new VirtualClock(0),
      logger: logged.logger,
      bus: new MessageBus({ clock: new VirtualClock(0), logger: logged.logger }),
      symbols: ['BTC-USDT'],
    })
    await withLog.start()
    expect(withLog.ingestCandle('BTC-USDT', candle(0), 'live')).toBeNull()
    expect(linesWith(logged.lines, 'market_data publish failed')).toHaveLength(1)
    expect(withLog.stats.accepted).toBe(1)
  })

  it('passes accepted candles to its listeners once the state holds them, past a throwing one', async () => {
    const store = new MemoryCandleStore()
    await store.insertMany('BTC/USDT', '1m', [
      {
        timestampMs: minute(0),
        open: new Decimal(100),
        high: new Decimal(101),
        low: new Decimal(99),
        close: new Decimal(100),
        volume: new Decimal(1),
      },
    ])
    const { source, ingest, lines } = setup({ store })
    const seen: string[] = []
    ingest.onCandle(() => {
      throw new Error('listener broke')
    })
    const stop = ingest.onCandle(({ symbol, candle: accepted, origin }) => {
      // The state already holds the candle the listener hears of.
      const last = ingest.symbolState(symbol)?.lastCandle('1m')
      seen.push(`${symbol} ${accepted.closeText} ${origin} last=${last?.closeText}`)
    })
    await ingest.start()
    source.candle('BTC/USDT', candle(1, '100.75'), 'backfill')
    source.candle('BTC/USDT', candle(1))
    source.candle('XRP/USDT', candle(1, '99.5'))
    stop()
    source.candle('BTC/USDT', candle(2))
    // The stored candle warmed up the state without being passed on; the duplicate was refused.
    expect(seen).toEqual(['BTC/USDT 100.75 backfill last=100.75', 'XRP/USDT 99.5 live last=99.5'])
    expect(linesWith(lines, 'ingested candle listener failed')).toHaveLength(3)
    expect(ingest.stats.accepted).toBe(3)
  })

  it('warms up on the newest stored minutes without a daily candle cut short by their window', async () => {
    // Three days of real BTC/USDT minutes; a restart warms up on the newest 1500, which begin
    // in the middle of a day: that day's candle would be its last hours, presented as closed.
    const all = loadResourceCandles('BTCUSDT_1m.csv')
    const store = new MemoryCandleStore()
    await store.insertMany(
      'BTC/USDT',
      '1m',
      all.map(({ timestampMs, open, high, low, close, volume }) => ({
        timestampMs,
        open,
        high,
        low,
        close,
        volume,
      })),
    )
    const clock = new VirtualClock(all.at(-1)!.timestampMs + 60_000)
    const { logger } = capturingLogger()
    const source = new ManualMarketSource(['BTC/USDT'], logger)
    const ingest = new CandleIngestService({ source, clock, logger, repository: store })
    await ingest.start()
    const days = ingest.symbolState('BTC/USDT')!.candles('1d', 10)
    const whole = aggregateCandles(all, '1d', { includePartial: true }).candles
    expect(days.length).toBeGreaterThan(0)
    for (const day of days) {
      expect(day.toStrings()).toEqual(
        whole.find((each) => each.timestampMs === day.timestampMs)?.toStrings(),
      )
    }
    await ingest.stop()
  })

  it('gives the ATR of a timeframe as the indicator snapshot has it, null while warming up', async () => {
    const { source, ingest } = setup()
    await ingest.start()
    const state = ingest.symbolState('BTC/USDT')
    for (let index = 0; index < 13; index++) source.candle('BTC/USDT', candle(index))
    expect(state?.atrOf('1m')).toBeNull()
    source.candle('BTC/USDT', candle(13, '100.75'))
    expect(state?.atrOf('1m')).toBe(state?.indicatorsOf('1m')?.atr)
    expect(state?.atrOf('1m')).toBeGreaterThan(0)
    expect(state?.atrOf('1h')).toBeNull()
  })
})
