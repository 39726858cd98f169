import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../../../src-main/engine/clock'
import {
  ReplayMarketSource,
  type Candle,
  type CandleOrigin,
  type ConnectionStateChange,
  type ReplaySeries,
} from '../../../src-main/engine/market'
import { aCandle, minute } from '../../helpers/market/candles'
import { capturingLogger, linesWith } from '../../helpers/market/capturing-logger'

function series(symbol: string, minutes: readonly number[], close = '100.5'): ReplaySeries {
  return {
    symbol,
    candles: minutes.map((index) =>
      aCandle(minute(index)).ohlc(close, close, close, close).build(),
    ),
  }
}

function recordingReplay(
  all: readonly ReplaySeries[],
  startMs = minute(0),
  warmupUntilMs?: number,
) {
  const clock = new VirtualClock(startMs)
  const { logger, lines } = capturingLogger()
  const source = new ReplayMarketSource({
    clock,
    logger,
    series: all,
    progressEvery: 2,
    ...(warmupUntilMs !== undefined ? { warmupUntilMs } : {}),
  })
  const events: string[] = []
  const states: ConnectionStateChange[] = []
  source.subscribe({
    onCandle: (symbol: string, candle: Candle, origin: CandleOrigin) =>
      events.push(
        `${(clock.now() - minute(0)) / 60_000} ${symbol} c${(candle.timestampMs - minute(0)) / 60_000} ${origin}`,
      ),
    onTick: (tick) =>
      events.push(`${(tick.timestampMs - minute(0)) / 60_000} ${tick.symbol} tick ${tick.last}`),
    onConnectionState: (change) => states.push(change),
  })
  return { clock, source, events, states, lines }
}

describe('ReplayMarketSource', () => {
  it('merges the symbols in time order, moving the clock to each close before emitting', async () => {
    const { source, events, states, clock } = recordingReplay([
      series('BTC/USDT', [0, 1, 3]),
      series('XRP/USDT', [1, 2], '0.99'),
    ])
    expect(source.symbols).toEqual(['BTC/USDT', 'XRP/USDT'])
    expect(source.firstTimestampMs).toBe(minute(0))
    expect(source.warmupFromMs).toBeNull()
    expect(source.latestTick('BTC/USDT')).toBeNull()
    const result = await source.run()
    expect(result).toEqual({ candles: 5, isComplete: true })
    expect(events).toEqual([
      '1 BTC/USDT c0 replay',
      '1 BTC/USDT tick 100.5',
      '2 BTC/USDT c1 replay',
      '2 BTC/USDT tick 100.5',
      '2 XRP/USDT c1 replay',
      '2 XRP/USDT tick 0.99',
      '3 XRP/USDT c2 replay',
      '3 XRP/USDT tick 0.99',
      '4 BTC/USDT c3 replay',
      '4 BTC/USDT tick 100.5',
    ])
    expect(clock.now()).toBe(minute(4))
    expect(source.latestTick('XRP/USDT')).toEqual({
      symbol: 'XRP/USDT',
      timestampMs: minute(3),
      last: '0.99',
      bid: null,
      ask: null,
    })
    expect(source.latestTick('ETH/USDT')).toBeNull()
    expect(await source.fetchOrderBook()).toBeNull()
    expect(states.map((change) => change.state)).toEqual(['connecting', 'connected'])
    await source.stop()
    expect(source.connectionState).toBe('stopped')
  })

  it('emits the candles before warmupUntilMs as a backfill at start, then plays the rest', async () => {
    const { source, events, clock } = recordingReplay(
      [series('BTC/USDT', [0, 1, 2, 3]), series('XRP/USDT', [1, 2, 3], '0.99')],
      minute(2),
      minute(2),
    )
    expect(source.firstTimestampMs).toBe(minute(2))
    expect(source.warmupFromMs).toBe(minute(0))
    expect(source.progress).toMatchObject({ done: 0, total: 4 })
    await source.start()
    // History arrives at once, at the clock's time, each symbol with a tick at its last close.
    expect(events).toEqual([
      '2 BTC/USDT c0 backfill',
      '2 BTC/USDT c1 backfill',
      '2 BTC/USDT tick 100.5',
      '2 XRP/USDT c1 backfill',
      '2 XRP/USDT tick 0.99',
    ])
    expect(source.latestTick('BTC/USDT')?.timestampMs).toBe(minute(2))
    events.length = 0
    expect(await source.run()).toEqual({ candles: 4, isComplete: true })
    expect(events.filter((event) => event.includes(' c'))).toEqual([
      '3 BTC/USDT c2 replay',
      '3 XRP/USDT c2 replay',
      '4 BTC/USDT c3 replay',
      '4 XRP/USDT c3 replay',
    ])
    expect(clock.now()).toBe(minute(4))
    await source.stop()
    await source.start()
    expect(events.filter((event) => event.includes('backfill'))).toEqual([])
  })

  it('tells where the warm-up begins: the earliest candle of a series that has one', () => {
    const { source } = recordingReplay(
      [series('BTC/USDT', [3, 4]), series('XRP/USDT', [1, 2, 3], '0.99')],
      minute(3),
      minute(3),
    )
    expect(source.warmupFromMs).toBe(minute(1))
    expect(source.firstTimestampMs).toBe(minute(3))
  })

  it('emits the warm-up when run without a start', async () => {
    // The clock just before the first replayed minute, as the hosts set it.
    const { source, events } = recordingReplay(
      [series('BTC/USDT', [0, 1])],
      minute(1) - 1,
      minute(1),
    )
    expect(await source.run()).toEqual({ candles: 1, isComplete: true })
    expect(events).toEqual([
      '0.9999833333333333 BTC/USDT c0 backfill',
      '0.9999833333333333 BTC/USDT tick 100.5',
      '2 BTC/USDT c1 replay',
      '2 BTC/USDT tick 100.5',
    ])
  })

  it('fires timers due before a close ahead of that minute’s candles', async () => {
    const { source, events, clock } = recordingReplay([series('BTC/USDT', [0, 1])])
    clock.setTimeout(() => events.push('timer at 2'), 2 * 60_000)
    await source.run()
    expect(events).toEqual([
      '1 BTC/USDT c0 replay',
      '1 BTC/USDT tick 100.5',
      'timer at 2',
      '2 BTC/USDT c1 replay',
      '2 BTC/USDT tick 100.5',
    ])
  })

  it('stops at untilMs and goes on from there on the next run, reporting progress', async () => {
    const progress: number[] = []
    const clock = new VirtualClock(minute(0))
    const source = new ReplayMarketSource({
      clock,
      logger: capturingLogger().logger,
      series: [series('BTC/USDT', [0, 1, 2, 3, 4])],
      progressEvery: 2,
      onProgress: (each) => progress.push(each.done),
    })
    expect(await source.run({ untilMs: minute(3) })).toEqual({ candles: 3, isComplete: false })
    expect(source.progress).toEqual({ done: 3, total: 5, simulatedMs: minute(3) })
    expect(await source.run()).toEqual({ candles: 2, isComplete: true })
    // Every two candles of a run, and at the end of each run.
    expect(progress).toEqual([2, 3, 5, 5])
  })

  it('paces every minute and stops at the end of the minute when asked', async () => {
    const { source, events } = recordingReplay([series('BTC/USDT', [0, 1, 2, 3])])
    const paced: number[] = []
    const result = await source.run({
      pace: async (simulatedMs) => {
        paced.push((simulatedMs - minute(0)) / 60_000)
        if (paced.length === 2) source.pause()
      },
    })
    expect(result).toEqual({ candles: 2, isComplete: false })
    expect(paced).toEqual([1, 2])
    expect(events.filter((event) => event.includes(' c'))).toHaveLength(2)
    await source.stop()
    expect(source.connectionState).toBe('stopped')
  })

  it('refuses a second concurrent run and a symbol given twice', async () => {
    const { source } = recordingReplay([series('BTC/USDT', [0, 1])])
    const first = source.run()
    await expect(source.run()).rejects.toThrow('replay is already running')
    await first
    expect(
      () =>
        new ReplayMarketSource({
          clock: new VirtualClock(0),
          logger: capturingLogger().logger,
          series: [series('BTC/USDT', [0]), series('BTC/USDT', [1])],
        }),
    ).toThrow('replay series given twice: symbol=BTC/USDT')
  })

  it('leaves out and logs candles that are invalid or out of order', async () => {
    const bad = aCandle(minute(1)).ohlc('100', '99', '98', '100.5').build()
    const duplicate = aCandle(minute(1)).build()
    const { source, events, lines } = recordingReplay([
      {
        symbol: 'BTC/USDT',
        candles: [aCandle(minute(0)).build(), bad, aCandle(minute(1)).build(), duplicate],
      },
    ])
    expect(source.progress.total).toBe(2)
    await source.run()
    expect(events.filter((event) => event.includes(' c'))).toEqual([
      '1 BTC/USDT c0 replay',
      '2 BTC/USDT c1 replay',
    ])
    expect(linesWith(lines, 'replay candles refused')[0]).toMatchObject({
      symbol: 'BTC/USDT',
      refused: 2,
      first: expect.stringMatching(/^HIGH_BELOW_OPEN_CLOSE/),
    })
  })

  it('plays candles that close before the clock at the clock’s time', async () => {
    const { source, events, clock } = recordingReplay([series('BTC/USDT', [0, 1, 5])], minute(3))
    await source.run()
    expect(events.filter((event) => event.includes(' c'))).toEqual([
      '3 BTC/USDT c0 replay',
      '3 BTC/USDT c1 replay',
      '6 BTC/USDT c5 replay',
    ])
    expect(clock.now()).toBe(minute(6))
  })

  it('loads CSV files and logs refused rows', async () => {
    const { writeFile, mkdtemp } = await import('node:fs/promises')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const folder = await mkdtemp(join(tmpdir(), 'replay-'))
    const path = join(folder, 'x.csv')
    await writeFile(
      path,
      `timestamp_ms,open,high,low,close,volume\n${minute(0)},1,2,0.5,1.5,10\n${minute(1)},1,0.5,0.5,1,1\n${minute(2)},1,2,1,2,3\n`,
    )
    const { logger, lines } = capturingLogger()
    const clock = new VirtualClock(minute(0))
    const source = await ReplayMarketSource.fromCsvFiles({ 'XRP/USDT': path }, { clock, logger })
    expect(source.progress.total).toBe(2)
    expect(await source.run()).toEqual({ candles: 2, isComplete: true })
    expect(linesWith(lines, 'replay file has refused rows')[0]).toMatchObject({
      symbol: 'XRP/USDT',
      rejected: 1,
      first: [expect.stringMatching(/^HIGH_BELOW_OPEN_CLOSE: .* line=3$/)],
    })
  })

  it('has no first timestamp without candles', () => {
    const { source } = recordingReplay([series('BTC/USDT', [])])
    expect(source.firstTimestampMs).toBeNull()
  })
})
