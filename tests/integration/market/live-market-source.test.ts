import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { VirtualClock } from '../../../src-main/engine/clock'
import {
  CandleIngestService,
  LiveMarketSource,
  MarketSnapshotBuilder,
  type Candle,
  type CandleGap,
  type CandleOrigin,
  type ConnectionStateChange,
} from '../../../src-main/engine/market'
import { KrakenMarketExchange } from '../../../src-main/engine/market/kraken'
import { CandleRepository, type Store } from '../../../src-main/engine/store'
import {
  KrakenSimulator,
  KrakenWebsocketServer,
  simCandleOf,
  type SimCandle,
} from '../../fakes/kraken'
import { capturingLogger, linesWith, type LogLine } from '../../helpers/market/capturing-logger'
import { loadResourceCandles, minute } from '../../helpers/market/candles'
import { openMemoryStore } from '../../helpers/test-store'

/*
 * The live source with the real ccxt client against the Kraken simulator (REST) and the
 * Kraken websocket v2 fake: backfill, following by polling and by websocket, disconnects
 * with the gap backfilled on reconnect, bad data refused, nothing stored twice.
 */

const SYMBOLS = ['BTC/USDT', 'XRP/USDT', 'XRP/BTC'] as const
const FILES: Record<string, string> = {
  'BTC/USDT': 'BTCUSDT_1m.csv',
  'XRP/USDT': 'XRPUSDT_1m.csv',
  'XRP/BTC': 'XRPBTC_1m.csv',
}
const PRICES: Record<string, string> = {
  'BTC/USDT': '57000.1',
  'XRP/USDT': '1.51234',
  'XRP/BTC': '0.00002655',
}
/** Waits for an assertion about asynchronous I/O to hold (real time, generous under load). */
const eventually = (assertion: () => void) => vi.waitFor(assertion, { timeout: 10_000 })

const POLL_MS = 10_000
const MINUTE = 60_000
/**
 * Half a minute into minute 800 of the shipped slice. Kraken's 720 newest candles then are
 * 81…800, 800 still open: a backfill gets 719 closed ones.
 */
const START_MS = minute(800) + 30_000

const recorded: Record<string, Candle[]> = Object.fromEntries(
  SYMBOLS.map((symbol) => [symbol, loadResourceCandles(FILES[symbol] as string)]),
)

interface Harness {
  readonly clock: VirtualClock
  readonly source: LiveMarketSource
  readonly ingest: CandleIngestService
  readonly logs: LogLine[]
  readonly candles: { symbol: string; timestampMs: number; origin: CandleOrigin }[]
  readonly gaps: CandleGap[]
  readonly states: ConnectionStateChange[]
}

describe('LiveMarketSource with ccxt against the Kraken simulator', () => {
  const sim = new KrakenSimulator()
  const ws = new KrakenWebsocketServer()
  let store: Store
  let repository: CandleRepository
  let running: Harness | null = null

  beforeAll(async () => {
    await sim.start()
    await ws.start()
    store = await openMemoryStore()
    repository = new CandleRepository(store.db)
  })
  afterAll(async () => {
    await sim.stop()
    await ws.stop()
    await store.close()
  })
  afterEach(async () => {
    await running?.ingest.stop()
    running = null
    sim.reset()
    ws.dropConnections()
    await store.execute('DELETE FROM candles')
  })

  /** Serves, per symbol, the recorded candles opened up to the clock's minute (the last one open). */
  function syncMarket(clock: VirtualClock, skip: ReadonlySet<number> = new Set()): void {
    for (const symbol of SYMBOLS) {
      const open = (recorded[symbol] ?? []).filter(
        (candle) => candle.timestampMs <= clock.now() && !skip.has(candle.timestampMs),
      )
      sim.setCandles(symbol, open.map(simCandleOf))
      sim.setPrice(symbol, PRICES[symbol] as string)
    }
  }

  async function startHarness(
    options: {
      startMs?: number
      useWebsocket?: boolean
      websocketUrl?: string
      websocketRetryMs?: number
      skip?: ReadonlySet<number>
    } = {},
  ): Promise<Harness> {
    const clock = new VirtualClock(options.startMs ?? START_MS)
    syncMarket(clock, options.skip)
    const { logger, lines } = capturingLogger()
    const exchange = new KrakenMarketExchange({
      clock,
      logger,
      restUrl: sim.url,
      enableRateLimit: false,
      ...(options.websocketUrl === undefined ? {} : { websocketUrl: options.websocketUrl }),
    })
    const source = new LiveMarketSource({
      exchange,
      clock,
      logger,
      symbols: SYMBOLS,
      backfillMinutes: 720,
      pollIntervalMs: POLL_MS,
      useWebsocket: options.useWebsocket ?? false,
      ...(options.websocketRetryMs === undefined
        ? {}
        : { websocketRetryMs: options.websocketRetryMs }),
    })
    const harness: Harness = {
      clock,
      source,
      ingest: new CandleIngestService({
        source,
        clock,
        logger,
        repository,
        batchSize: 200,
        flushIntervalMs: 5_000,
      }),
      logs: lines,
      candles: [],
      gaps: [],
      states: [],
    }
    source.subscribe({
      onCandle: (symbol, candle, origin) =>
        harness.candles.push({ symbol, timestampMs: candle.timestampMs, origin }),
      onGap: (gap) => harness.gaps.push(gap),
      onConnectionState: (change) => harness.states.push(change),
    })
    running = harness
    await harness.ingest.start()
    return harness
  }

  /** Moves the clock poll by poll, serving the market as it goes. */
  async function advance(harness: Harness, ms: number, skip?: ReadonlySet<number>) {
    for (let elapsed = 0; elapsed < ms; elapsed += POLL_MS) {
      await harness.clock.advance(POLL_MS)
      syncMarket(harness.clock, skip)
      await harness.source.whenIdle()
    }
  }

  async function storedTimes(symbol: string): Promise<number[]> {
    const rows = await repository.range(symbol, '1m', 0, minute(100_000))
    return rows.map((row) => row.timestampMs)
  }

  function minutesRange(first: number, last: number): number[] {
    return Array.from({ length: last - first + 1 }, (_, index) => minute(first + index))
  }

  it('backfills the last 720 closed candles, follows by polling and stores each candle once', async () => {
    const harness = await startHarness()
    expect(harness.states.map((change) => change.state)).toEqual(['connecting', 'connected'])
    for (const symbol of SYMBOLS) {
      const backfilled = harness.candles.filter((each) => each.symbol === symbol)
      expect(backfilled.map((each) => each.timestampMs)).toEqual(minutesRange(81, 799))
      expect(new Set(backfilled.map((each) => each.origin))).toEqual(new Set(['backfill']))
    }
    await advance(harness, 3 * MINUTE)
    const live = harness.candles.filter((each) => each.origin === 'live')
    expect(live.map((each) => [each.symbol, each.timestampMs])).toEqual(
      [800, 801, 802].flatMap((index) => SYMBOLS.map((symbol) => [symbol, minute(index)])),
    )
    expect(harness.ingest.latestPrices.priceText('BTC/USDT')).toBe('57000.10000')
    expect(harness.ingest.latestPrices.priceText('XRP/BTC')).toBe('0.000026550000')
    await harness.ingest.stop()
    for (const symbol of SYMBOLS) {
      const rows = await repository.range(symbol, '1m', 0, minute(100_000))
      expect(rows.map((row) => row.timestampMs)).toEqual(minutesRange(81, 802))
      const expected = (recorded[symbol] ?? []).slice(81, 803)
      expect(rows.map((row) => row.close.toString())).toEqual(
        expected.map((candle) => candle.close.toString()),
      )
    }
    expect(harness.gaps).toEqual([])
    expect(harness.ingest.stats).toMatchObject({ rejected: 0, accepted: 3 * 722, stored: 3 * 722 })

    // A restart half an hour later backfills only what the store lacks.
    sim.faults.clear()
    const restarted = await startHarness({ startMs: minute(830) + 30_000 })
    for (const symbol of SYMBOLS) {
      expect(
        restarted.candles.filter((each) => each.symbol === symbol).map((each) => each.timestampMs),
      ).toEqual(minutesRange(803, 829))
      expect(restarted.ingest.symbolState(symbol)?.lastCandle('1m')?.timestampMs).toBe(minute(829))
    }
    const ohlcSince = sim
      .requests('OHLC')
      .slice(-3)
      .map((request) => Number(request.params.since))
    expect(ohlcSince).toEqual(SYMBOLS.map(() => minute(803) / 1000 - 60))
    await restarted.ingest.stop()
    for (const symbol of SYMBOLS) expect(await storedTimes(symbol)).toEqual(minutesRange(81, 829))
  })

  it.each([
    [
      'Kraken EService:Unavailable',
      (times: number) => sim.faults.serviceUnavailable('OHLC', times),
    ],
    ['HTTP 503', (times: number) => sim.faults.httpStatus('*', 503, times)],
  ])(
    'after a disconnect (%s) backfills the gap from REST on reconnect and reports it',
    async (_name, arm) => {
      const harness = await startHarness()
      await advance(harness, 30_000)
      // Every poll of the next three minutes fails at its first request.
      arm(18)
      await advance(harness, 3 * MINUTE)
      expect(harness.source.connectionState).toBe('reconnecting')
      expect(harness.states.at(-1)).toMatchObject({ state: 'reconnecting', previous: 'connected' })
      expect(harness.states.at(-1)?.reason).toMatch(/ExchangeNotAvailable/)
      expect(harness.candles.filter((each) => each.timestampMs >= minute(801))).toEqual([])
      await advance(harness, POLL_MS)
      expect(harness.source.connectionState).toBe('connected')
      const recovered = harness.candles.filter((each) => each.origin === 'recovery')
      expect(recovered.map((each) => [each.symbol, each.timestampMs])).toEqual(
        SYMBOLS.flatMap((symbol) => [801, 802, 803].map((index) => [symbol, minute(index)])),
      )
      expect(harness.gaps).toEqual(
        SYMBOLS.map((symbol) => ({
          symbol,
          reason: 'reconnect',
          fromMs: minute(801),
          toMs: minute(803),
          missingCandles: 3,
          recoveredCandles: 3,
        })),
      )
      const logged = linesWith(harness.logs, 'gap after reconnect backfilled from REST')
      expect(logged[0]).toMatchObject({
        symbol: 'BTC/USDT',
        from_ms: minute(801),
        to_ms: minute(803),
        missing: 3,
        recovered: 3,
      })
      expect(linesWith(harness.logs, 'candle gap')).toHaveLength(3)
      await harness.ingest.stop()
      for (const symbol of SYMBOLS) expect(await storedTimes(symbol)).toEqual(minutesRange(81, 803))
    },
  )

  it('refuses bad exchange candles with a logged reason and never stores them', async () => {
    const bad: Record<number, Partial<SimCandle>> = {
      [minute(500)]: { high: '1' }, // below open and close
      [minute(501)]: { low: '0' },
      [minute(502)]: { open: '-5' },
    }
    const original = recorded['BTC/USDT'] as Candle[]
    recorded['BTC/USDT'] = original.map((candle) => {
      const patch = bad[candle.timestampMs]
      if (patch === undefined) return candle
      const result = { ...simCandleOf(candle), ...patch }
      return {
        ...candle,
        timestampMs: result.time,
        openText: result.open,
        highText: result.high,
        lowText: result.low,
        closeText: result.close,
        volumeText: result.volume,
      } as Candle
    })
    try {
      const harness = await startHarness()
      const refused = linesWith(harness.logs, 'exchange candle refused').map(
        (line) => line.reason as string,
      )
      expect(refused).toEqual([
        expect.stringMatching(/^HIGH_BELOW_LOW: .*timestamp_ms=1620634800000 .*symbol=BTC\/USDT/),
        expect.stringMatching(/^NON_POSITIVE_PRICE: timestamp_ms=1620634860000 field=low value=0/),
        expect.stringMatching(
          /^NON_POSITIVE_PRICE: timestamp_ms=1620634920000 field=open value=-5/,
        ),
      ])
      expect(harness.gaps).toEqual([
        {
          symbol: 'BTC/USDT',
          reason: 'exchange',
          fromMs: minute(500),
          toMs: minute(502),
          missingCandles: 3,
          recoveredCandles: 0,
        },
      ])
      expect(harness.ingest.stats.rejected).toBe(3)
      await harness.ingest.stop()
      const times = await storedTimes('BTC/USDT')
      expect(times).toHaveLength(716)
      expect(times).not.toContain(minute(500))
      expect(times).not.toContain(minute(501))
      expect(times).not.toContain(minute(502))
    } finally {
      recorded['BTC/USDT'] = original
    }
  })

  it('summarises the order book and builds a live snapshot with it', async () => {
    const harness = await startHarness()
    sim.setOrderBook('BTC/USDT', {
      bids: [
        ['57000.0', '1.5'],
        ['56999.0', '0.5'],
      ],
      asks: [
        ['57000.2', '0.5'],
        ['57001.0', '0.5'],
      ],
    })
    const book = await harness.source.fetchOrderBook('BTC/USDT', 10)
    expect(book).toMatchObject({
      symbol: 'BTC/USDT',
      bestBid: '57000.0',
      bestAsk: '57000.2',
      spread: '0.2',
      bidVolume: '2',
      askVolume: '1',
      depth: 2,
    })
    expect(book?.depthImbalance).toBeCloseTo(1 / 3, 12)
    const builder = new MarketSnapshotBuilder({
      state: harness.ingest,
      source: harness.source,
      clock: harness.clock,
      logger: capturingLogger().logger,
      settings: {
        candlesPerTimeframe: 5,
        maxDataAgeMs: 180_000,
        maxFailureRatio: 0.5,
        orderBookDepth: 10,
      },
    })
    const result = await builder.build('BTC/USDT')
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.snapshot.orderBook).toEqual(book)
    expect(result.snapshot.price).toBe('57000.10000')
    expect(result.snapshot.timeframes['1m']?.candles).toHaveLength(5)
    // 720 minutes hold no whole day.
    expect(result.snapshot.missingTimeframes).toEqual(['1d'])
    expect(result.snapshot.staleParts).toEqual([])
  })

  describe('KrakenMarketExchange', () => {
    it('classifies failed calls and unknown symbols', async () => {
      const clock = new VirtualClock(START_MS)
      syncMarket(clock)
      const exchange = new KrakenMarketExchange({
        clock,
        logger: capturingLogger().logger,
        restUrl: sim.url,
        enableRateLimit: false,
      })
      await expect(exchange.fetchCandles('BTC/USDT', minute(790))).rejects.toMatchObject({
        kind: 'temporary',
        message: 'unknown market: symbol=BTC/USDT',
      })
      sim.faults.serviceUnavailable('Assets')
      await expect(exchange.connect()).rejects.toMatchObject({ kind: 'temporary' })
      await exchange.connect()
      await expect(exchange.fetchCandles('DOGE/USDT', minute(790))).rejects.toMatchObject({
        kind: 'rejected',
      })
      sim.faults.serviceUnavailable('OHLC').serviceUnavailable('Ticker').internalError('Depth')
      for (const call of [
        exchange.fetchCandles('BTC/USDT', minute(790)),
        exchange.fetchTickers(['BTC/USDT']),
        exchange.fetchOrderBook('BTC/USDT', 5),
      ]) {
        await expect(call).rejects.toMatchObject({
          kind: 'temporary',
          message: expect.stringMatching(/failed: kind=temporary .*error=ExchangeNotAvailable/),
        })
      }
      sim.faults.krakenError('OHLC', 'EQuery:Unknown asset pair')
      await expect(exchange.fetchCandles('BTC/USDT', minute(790))).rejects.toMatchObject({
        kind: 'rejected',
      })
      await exchange.close()
    })
  })

  describe('over the websocket', () => {
    it('follows candles and tickers, closes overdue candles, falls back to REST on a disconnect and goes back', async () => {
      const harness = await startHarness({
        useWebsocket: true,
        websocketUrl: ws.url,
        websocketRetryMs: 2 * MINUTE,
      })
      expect(harness.source.mode).toBe('websocket')
      await ws.waitForSubscriptions(6)
      const btc = recorded['BTC/USDT'] as Candle[]
      const push = (index: number) => {
        const candle = btc[index] as Candle
        ws.pushCandle('BTC/USDT', {
          time: candle.timestampMs,
          open: candle.numeric.open,
          high: candle.numeric.high,
          low: candle.numeric.low,
          close: candle.numeric.close,
          volume: candle.numeric.volume,
        })
      }
      push(800)
      ws.pushTicker('BTC/USDT', { last: 57123.4, bid: 57123.3, ask: 57123.5 })
      await eventually(() =>
        expect(harness.ingest.latestPrices.priceText('BTC/USDT')).toBe('57123.4'),
      )
      // Minute 801 opens: 800 is closed.
      await harness.clock.advanceTo(minute(801) + 1_000)
      push(801)
      await eventually(() =>
        expect(harness.candles.at(-1)).toEqual({
          symbol: 'BTC/USDT',
          timestampMs: minute(800),
          origin: 'live',
        }),
      )
      // No candle of 802 arrives: 801 closes once its end is 5 s past.
      await advance(harness, 70_000)
      expect(harness.candles.filter((each) => each.symbol === 'BTC/USDT').at(-1)).toEqual({
        symbol: 'BTC/USDT',
        timestampMs: minute(801),
        origin: 'live',
      })
      // BTC/USDT came over the socket; the others, silent there, were fetched over REST.
      const ohlcPairs = sim.requests('OHLC').map((request) => request.params.pair)
      expect(ohlcPairs.filter((pair) => pair === 'XBTUSDT')).toHaveLength(1)
      for (const symbol of ['XRP/USDT', 'XRP/BTC']) {
        expect(harness.candles.filter((each) => each.symbol === symbol).slice(-2)).toEqual([
          { symbol, timestampMs: minute(800), origin: 'live' },
          { symbol, timestampMs: minute(801), origin: 'live' },
        ])
      }

      // The socket drops and REST fails too for 15 polls: then polling recovers the gap.
      sim.faults.serviceUnavailable('OHLC', 15)
      ws.dropConnections()
      await eventually(() => expect(harness.source.mode).toBe('polling'))
      expect(harness.source.connectionState).toBe('reconnecting')
      expect(linesWith(harness.logs, 'websocket failed; falling back to REST polling')).not.toEqual(
        [],
      )
      await advance(harness, 150_000)
      expect(harness.source.connectionState).toBe('reconnecting')
      await advance(harness, POLL_MS)
      expect(harness.source.connectionState).toBe('connected')
      expect(harness.candles.filter((each) => each.origin === 'recovery')).toEqual(
        SYMBOLS.flatMap((symbol) =>
          [802, 803].map((index) => ({ symbol, timestampMs: minute(index), origin: 'recovery' })),
        ),
      )
      expect(harness.gaps).toEqual(
        SYMBOLS.map((symbol) => ({
          symbol,
          reason: 'reconnect',
          fromMs: minute(802),
          toMs: minute(803),
          missingCandles: 2,
          recoveredCandles: 2,
        })),
      )
      // Two minutes after the fallback the websocket is tried again, after a good poll.
      expect(harness.source.mode).toBe('websocket')
      await ws.waitForSubscriptions(6)
      await harness.ingest.stop()
      const times = await storedTimes('BTC/USDT')
      expect(times).toEqual(minutesRange(81, times.length + 80))
      expect(new Set(times).size).toBe(times.length)
    })

    it('falls back to REST polling when the websocket cannot connect', async () => {
      const harness = await startHarness({
        useWebsocket: true,
        websocketUrl: 'ws://127.0.0.1:1/v2',
      })
      await eventually(() => expect(harness.source.mode).toBe('polling'))
      const failure = linesWith(harness.logs, 'websocket failed; falling back to REST polling')[0]
      expect(failure?.reason).toMatch(/ECONNREFUSED/)
      await advance(harness, 2 * MINUTE)
      expect(harness.source.connectionState).toBe('connected')
      expect(harness.candles.filter((each) => each.symbol === 'XRP/USDT').at(-1)).toMatchObject({
        timestampMs: minute(801),
      })
    })
  })
})
