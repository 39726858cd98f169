import { describe, expect, it, vi } from 'vitest'
import { VirtualClock } from '../../../src-main/engine/clock'
import {
  LiveMarketSource,
  MarketExchangeError,
  type Candle,
  type CandleGap,
  type ConnectionState,
} from '../../../src-main/engine/market'
import { ScriptedMarketExchange } from '../../fakes/market/scripted-market-exchange'
import { aCandle, minute } from '../../helpers/market/candles'
import { capturingLogger, linesWith } from '../../helpers/market/capturing-logger'

/** Waits for an assertion about asynchronous I/O to hold (real time, generous under load). */
const eventually = (assertion: () => void) => vi.waitFor(assertion, { timeout: 10_000 })

const POLL = 10_000

const candle = (index: number) => aCandle(minute(index)).build()
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, offset) => candle(from + offset))
const index = (timestampMs: number) => (timestampMs - minute(0)) / 60_000

function setup(
  options: {
    startMinute?: number
    backfillMinutes?: number
    useWebsocket?: boolean
    symbols?: string[]
  } = {},
) {
  const clock = new VirtualClock(minute(options.startMinute ?? 20) + 30_000)
  const { logger, lines } = capturingLogger()
  const exchange = new ScriptedMarketExchange(() => clock.now())
  const symbols = options.symbols ?? ['BTC/USDT']
  for (const symbol of symbols) {
    exchange.candles.set(symbol, range(0, options.startMinute ?? 20))
    exchange.prices.set(symbol, '100.5')
  }
  const source = new LiveMarketSource({
    exchange,
    clock,
    logger,
    symbols,
    backfillMinutes: options.backfillMinutes ?? 10,
    pollIntervalMs: POLL,
    useWebsocket: options.useWebsocket ?? false,
    closeGraceMs: 5_000,
    websocketRetryMs: 60_000,
  })
  const emitted: string[] = []
  const gaps: CandleGap[] = []
  const states: ConnectionState[] = []
  source.subscribe({
    onCandle: (symbol, each: Candle, origin) =>
      emitted.push(`${symbol} ${index(each.timestampMs)} ${origin}`),
    onGap: (gap) => gaps.push(gap),
    onConnectionState: (change) => states.push(change.state),
  })
  /** Advances poll by poll, the exchange's candles growing with the clock. */
  const advance = async (ms: number) => {
    for (let elapsed = 0; elapsed < ms; elapsed += POLL) {
      await clock.advance(POLL)
      for (const symbol of symbols) {
        exchange.candles.set(symbol, range(0, Math.floor(index(clock.now()))))
      }
      await source.whenIdle()
    }
  }
  return { clock, exchange, source, emitted, gaps, states, lines, advance }
}

describe('LiveMarketSource (scripted exchange)', () => {
  it('backfills the last closed minutes, then polls candles and tickers', async () => {
    const { source, emitted, exchange, advance, states } = setup()
    await source.start()
    expect(emitted).toEqual(Array.from({ length: 10 }, (_, at) => `BTC/USDT ${10 + at} backfill`))
    expect(source.latestTick('BTC/USDT')).toMatchObject({ last: '100.5' })
    expect(source.latestTick('XRP/USDT')).toBeNull()
    await advance(60_000)
    expect(emitted.at(-1)).toBe('BTC/USDT 20 live')
    expect(states).toEqual(['connecting', 'connected'])
    expect(exchange.calls.filter((call) => call === 'connect')).toHaveLength(1)
    await source.start()
    expect(exchange.calls.filter((call) => call === 'connect')).toHaveLength(1)
    expect(await source.fetchOrderBook('BTC/USDT', 5)).toMatchObject({
      bestBid: '1',
      bestAsk: '1.1',
    })
    await source.stop()
    await source.stop()
    expect(source.connectionState).toBe('stopped')
  })

  it('keeps retrying when the exchange cannot be reached at start, then backfills', async () => {
    const { source, emitted, exchange, advance, states, lines } = setup()
    exchange.fail('connect', new MarketExchangeError('temporary', 'ECONNREFUSED'))
    exchange.fail('connect', new MarketExchangeError('rejected', 'EGeneral:Permission denied'))
    await source.start()
    expect(source.connectionState).toBe('reconnecting')
    await advance(POLL)
    expect(emitted).toEqual([])
    const failures = linesWith(lines, 'market data call failed')
    expect(failures.map((line) => [line.kind, line.level])).toEqual([
      ['temporary', 40],
      ['rejected', 50],
    ])
    await advance(POLL)
    expect(states).toEqual(['connecting', 'reconnecting', 'connected'])
    expect(emitted[0]).toBe('BTC/USDT 10 backfill')
    await source.stop()
  })

  it('pages through an exchange that answers the oldest candles first', async () => {
    const { source, emitted, exchange } = setup({ backfillMinutes: 12 })
    exchange.pageLimit = 5
    exchange.pagination = 'oldest'
    await source.start()
    expect(emitted.map((entry) => Number(entry.split(' ')[1]))).toEqual(
      Array.from({ length: 12 }, (_, at) => 8 + at),
    )
    expect(exchange.calls.filter((call) => call.startsWith('fetchCandles'))).toHaveLength(3)
    await source.stop()
  })

  it('reports what the exchange no longer has after the stored candles', async () => {
    const { source, emitted, gaps, exchange } = setup()
    exchange.pageLimit = 6
    await source.start({ resumeAfterMs: { 'BTC/USDT': minute(3) } })
    expect(emitted[0]).toBe('BTC/USDT 15 backfill')
    expect(gaps).toEqual([
      {
        symbol: 'BTC/USDT',
        reason: 'exchange',
        fromMs: minute(4),
        toMs: minute(14),
        missingCandles: 11,
        recoveredCandles: 0,
      },
    ])
    await source.stop()
  })

  it('reports candles the exchange refused', async () => {
    const { source, exchange, lines } = setup()
    const refused: string[] = []
    source.subscribe({
      onRejected: (symbol, rejection) => refused.push(`${symbol} ${rejection.message}`),
    })
    exchange.rejections.set('BTC/USDT', [
      { code: 'INVALID_PAYLOAD', message: 'INVALID_PAYLOAD: row=3' },
    ])
    await source.start()
    expect(refused).toEqual(['BTC/USDT INVALID_PAYLOAD: row=3'])
    expect(linesWith(lines, 'exchange candle refused')[0]).toMatchObject({
      symbol: 'BTC/USDT',
      reason: 'INVALID_PAYLOAD: row=3',
    })
    await source.stop()
  })

  it('polls when asked for a websocket the exchange does not have', async () => {
    const { source, exchange, lines, advance, emitted } = setup({ useWebsocket: true })
    exchange.canStream = false
    await source.start()
    expect(linesWith(lines, 'no websocket available; polling')).toHaveLength(1)
    await advance(60_000)
    expect(source.mode).toBe('polling')
    expect(emitted.at(-1)).toBe('BTC/USDT 20 live')
    await source.stop()
  })

  describe('streaming', () => {
    it('fetches a hole over REST before emitting a streamed candle after it', async () => {
      const { source, exchange, emitted, clock } = setup({ useWebsocket: true })
      await source.start()
      expect(source.mode).toBe('websocket')
      await eventually(() => expect(exchange.waitingWatches).toBe(2))
      // The socket sends 22 then 23, skipping 20 and 21 (which REST has).
      await clock.advanceTo(minute(23) + 1_000)
      exchange.candles.set('BTC/USDT', range(0, 23))
      exchange.streamCandles('BTC/USDT', [candle(22)])
      await eventually(() => expect(exchange.waitingWatches).toBe(2))
      exchange.streamCandles('BTC/USDT', [candle(23)])
      await eventually(() => expect(emitted.at(-1)).toBe('BTC/USDT 22 live'))
      expect(emitted.slice(-3)).toEqual([
        'BTC/USDT 20 live',
        'BTC/USDT 21 live',
        'BTC/USDT 22 live',
      ])
      // A late update of an emitted minute changes nothing.
      await eventually(() => expect(exchange.waitingWatches).toBe(2))
      exchange.streamCandles('BTC/USDT', [candle(21)])
      exchange.streamTick({
        symbol: 'BTC/USDT',
        timestampMs: clock.now(),
        last: '101',
        bid: null,
        ask: null,
      })
      await eventually(() => expect(source.latestTick('BTC/USDT')?.last).toBe('101'))
      expect(emitted.at(-1)).toBe('BTC/USDT 22 live')
      await source.stop()
      expect(source.connectionState).toBe('stopped')
    })

    it('marks the connection reconnecting when the REST catch-up of a quiet symbol fails, connected when it works again', async () => {
      const { source, exchange, clock, lines } = setup({ useWebsocket: true })
      exchange.closeError = new Error('already closed')
      await source.start()
      exchange.fail('fetchCandles', new MarketExchangeError('temporary', 'timeout'))
      // Minute 20 is due at 21:05; the poll timer's first catch-up for it runs at 21:10.
      await clock.advanceTo(minute(21) + 10_000)
      await source.whenIdle()
      expect(source.connectionState).toBe('reconnecting')
      expect(source.mode).toBe('websocket')
      await clock.advance(POLL)
      await source.whenIdle()
      // The next catch-up succeeds: connected again although the socket stayed silent.
      expect(source.connectionState).toBe('connected')
      await source.stop()
      expect(linesWith(lines, 'closing the exchange client failed')).toHaveLength(1)
    })

    it('falls back to polling when a watch fails and streams again after the retry delay', async () => {
      const { source, exchange, advance, lines, emitted } = setup({ useWebsocket: true })
      exchange.fail('watchTicker', new MarketExchangeError('unsupported', 'no ws here'))
      await source.start()
      await eventually(() => expect(source.mode).toBe('polling'))
      expect(linesWith(lines, 'websocket failed; falling back to REST polling')[0]).toMatchObject({
        reason: 'MarketExchangeError: no ws here',
      })
      await advance(50_000)
      expect(source.mode).toBe('polling')
      await advance(POLL)
      expect(source.mode).toBe('websocket')
      expect(linesWith(lines, 'following the market over the websocket')).toHaveLength(2)
      // The candle watch of the first attempt answers late: its stream just ends.
      await eventually(() => expect(exchange.waitingWatches).toBe(3))
      exchange.streamCandles('BTC/USDT', [candle(30)])
      await eventually(() => expect(exchange.waitingWatches).toBe(2))
      expect(emitted.at(-1)).toBe('BTC/USDT 20 live')
      await source.stop()
    })
  })
})
