import type { VirtualClock } from '../clock'
import type { Logger } from '../logging/logger'
import type { CandleRepository } from '../store/repositories/candle-repository'
import { Candle } from './candle'
import { CandleSequenceGuard } from './candle-sequence-guard'
import { validateCandle } from './candle-validation'
import { ConnectionStateMachine, type ConnectionState } from './connection-state'
import { loadCandlesCsvFile } from './csv-candles'
import { MarketDataListeners } from './market-data-listeners'
import type { MarketDataListener, MarketDataSource, Tick } from './market-data-source'
import type { OrderBookSummary } from './order-book-summary'
import { timeframeMs } from './timeframe'

/** The recorded 1-minute candles of one symbol, oldest first. */
export interface ReplaySeries {
  readonly symbol: string
  readonly candles: readonly Candle[]
}

/** How far a replay has come, for a progress bar. */
export interface ReplayProgress {
  /** Candles played so far, all symbols together (the warm-up backfill not counted). */
  readonly done: number
  /** Candles to play in all. */
  readonly total: number
  /** The virtual clock when the progress was taken. */
  readonly simulatedMs: number
}

/** What the replay source is built from. */
export interface ReplayMarketSourceOptions {
  /** The virtual clock the replay moves; the rest of the engine reads the same clock. */
  readonly clock: VirtualClock
  readonly logger: Logger
  readonly series: readonly ReplaySeries[]
  /** `onProgress` is called every this many candles and at the end. Default 1000. */
  readonly progressEvery?: number
  readonly onProgress?: (progress: ReplayProgress) => void
  /**
   * Candles that open before this time are history, not replay: `start` emits them as a
   * backfill (as a live source backfills from the exchange), so indicators and charts are
   * warm when the first replayed minute comes; `run` plays only the candles after.
   */
  readonly warmupUntilMs?: number
}

/** Options of one `run`. */
export interface ReplayRunOptions {
  /** Stop after the last minute that closes at or before this time (Unix ms). */
  readonly untilMs?: number
  /**
   * Called after each simulated minute's candles were emitted, with the clock's time; a host
   * that replays at N× speed waits here. Without it the replay runs as fast as it can.
   */
  readonly pace?: (simulatedMs: number) => Promise<void> | void
}

/** How a run ended. */
export interface ReplayRunResult {
  /** Candles emitted by this run. */
  readonly candles: number
  /** True when every recorded candle has been emitted. */
  readonly isComplete: boolean
}

/** Options of the loading factories. */
export type ReplayLoadOptions = Omit<ReplayMarketSourceOptions, 'series'>

const MINUTE_MS = timeframeMs('1m')

interface MutableTick {
  symbol: string
  timestampMs: number
  last: string
  bid: string | null
  ask: string | null
}

/**
 * A market data source that plays recorded 1-minute candles back on the virtual clock:
 * for each minute (all symbols merged in time order) it advances the clock to the candles'
 * close time, then emits each symbol's closed candle and a tick at its close price. Timers
 * due up to that moment fire before the candles arrive, as they would live.
 *
 * `start` makes it ready and emits the warm-up history, if any; `run` plays (and may be called again after `stop` to go on
 * where it stopped). Per candle it allocates nothing beyond the candles it was given: the
 * tick objects are reused per symbol, so listeners must not keep them.
 */
export class ReplayMarketSource implements MarketDataSource {
  readonly symbols: readonly string[]
  readonly #clock: VirtualClock
  readonly #logger: Logger
  readonly #series: readonly (readonly Candle[])[]
  readonly #positions: number[]
  readonly #ticks: MutableTick[]
  readonly #listeners: MarketDataListeners
  readonly #connection: ConnectionStateMachine
  readonly #progressEvery: number
  readonly #onProgress: ((progress: ReplayProgress) => void) | undefined
  readonly #total: number
  /** Per series, how many of its first candles are warm-up history. */
  readonly #warmupCounts: number[]
  #hasWarmedUp = false
  #done = 0
  #isStopRequested = false
  #running: Promise<ReplayRunResult> | null = null

  constructor(options: ReplayMarketSourceOptions) {
    this.#clock = options.clock
    this.#logger = options.logger
    this.#listeners = new MarketDataListeners(options.logger)
    this.#connection = new ConnectionStateMachine((change) => {
      this.#listeners.connectionState(change)
    })
    this.#progressEvery = Math.max(1, options.progressEvery ?? 1000)
    this.#onProgress = options.onProgress
    const seen = new Set<string>()
    for (const { symbol } of options.series) {
      if (seen.has(symbol)) throw new Error(`replay series given twice: symbol=${symbol}`)
      seen.add(symbol)
    }
    this.symbols = options.series.map((series) => series.symbol)
    this.#series = options.series.map((series) => this.#checked(series))
    this.#positions = this.#series.map(() => 0)
    this.#ticks = this.symbols.map((symbol) => ({
      symbol,
      timestampMs: 0,
      last: '',
      bid: null,
      ask: null,
    }))
    const warmupUntilMs = options.warmupUntilMs ?? Number.NEGATIVE_INFINITY
    this.#warmupCounts = this.#series.map((candles) => {
      const firstPlayed = candles.findIndex((candle) => candle.timestampMs >= warmupUntilMs)
      return firstPlayed === -1 ? candles.length : firstPlayed
    })
    this.#total = this.#series.reduce(
      (sum, candles, index) => sum + candles.length - (this.#warmupCounts[index] as number),
      0,
    )
  }

  /**
   * Loads one CSV file per symbol (`timestamp_ms,open,high,low,close,volume`, e.g. the
   * shipped slices in resources/market/); refused rows are logged and left out.
   */
  static async fromCsvFiles(
    files: Readonly<Record<string, string>>,
    options: ReplayLoadOptions,
  ): Promise<ReplayMarketSource> {
    const series = await ReplayMarketSource.loadCsvSeries(files, options.logger)
    return new ReplayMarketSource({ ...options, series })
  }

  /**
   * Loads the series of {@link fromCsvFiles} without building the source, for a host that
   * chooses the warm-up from the data (see `liveStartWarmupUntilMs`).
   */
  static async loadCsvSeries(
    files: Readonly<Record<string, string>>,
    logger: Logger,
  ): Promise<ReplaySeries[]> {
    const series: ReplaySeries[] = []
    for (const [symbol, path] of Object.entries(files)) {
      const { candles, rejections, summary } = await loadCandlesCsvFile(path, {
        symbol,
        maxRejections: 5,
      })
      if (summary.rejectedRows > 0 || summary.skippedRows > 0) {
        logger.warn(
          {
            symbol,
            path,
            rejected: summary.rejectedRows,
            skipped: summary.skippedRows,
            first: rejections.map((rejection) => rejection.message),
          },
          'replay file has refused rows',
        )
      }
      series.push({ symbol, candles })
    }
    return series
  }

  /** Loads the stored 1-minute candles of each symbol with open time in [fromMs, toMs). */
  static async fromStore(
    repository: Pick<CandleRepository, 'range'>,
    symbols: readonly string[],
    fromMs: number,
    toMs: number,
    options: ReplayLoadOptions,
  ): Promise<ReplayMarketSource> {
    const series: ReplaySeries[] = []
    for (const symbol of symbols) {
      const rows = await repository.range(symbol, '1m', fromMs, toMs)
      series.push({ symbol, candles: rows.map((row) => Candle.fromDecimals(row)) })
    }
    return new ReplayMarketSource({ ...options, series })
  }

  get connectionState(): ConnectionState {
    return this.#connection.state
  }

  /** How far the replay has come. */
  get progress(): ReplayProgress {
    return { done: this.#done, total: this.#total, simulatedMs: this.#clock.now() }
  }

  /** Candles of all symbols that `start` emits as warm-up history (see `warmupUntilMs`). */
  get warmupCandles(): number {
    return this.#warmupCounts.reduce((sum, count) => sum + count, 0)
  }

  /**
   * Open time of the first candle `run` plays (after the warm-up), all symbols together, or
   * null when there is none: a host sets the virtual clock just before it.
   */
  get firstTimestampMs(): number | null {
    return this.#earliestOpenMs((candles, warmupCount) => candles[warmupCount])
  }

  /** Open time of the first warm-up candle, all symbols together, or null without a warm-up. */
  get warmupFromMs(): number | null {
    return this.#earliestOpenMs((candles, warmupCount) =>
      warmupCount > 0 ? candles[0] : undefined,
    )
  }

  subscribe(listener: MarketDataListener): () => void {
    return this.#listeners.add(listener)
  }

  /** Connects and, the first time, emits the warm-up history (see `warmupUntilMs`). */
  async start(): Promise<void> {
    if (this.#connection.state === 'connected') return
    this.#connection.apply('start')
    this.#connection.apply('succeeded')
    this.#isStopRequested = false
    this.#emitWarmup()
  }

  /**
   * Makes a run end after the current minute, without waiting for it: the way to stop from
   * inside a listener or the `pace` hook (awaiting `stop` there would wait for itself).
   */
  pause(): void {
    this.#isStopRequested = true
  }

  /** Stops a run at the end of the current minute and waits for it. */
  async stop(): Promise<void> {
    this.#isStopRequested = true
    if (this.#running !== null) await this.#running
    this.#connection.apply('stop')
  }

  latestTick(symbol: string): Tick | null {
    const index = this.symbols.indexOf(symbol)
    const tick = this.#ticks[index]
    if (tick === undefined || tick.last === '') return null
    return { ...tick }
  }

  /** A replay has no order book. */
  async fetchOrderBook(): Promise<OrderBookSummary | null> {
    return null
  }

  /** Plays the candles not yet emitted (see the class comment); one run at a time. */
  async run(options: ReplayRunOptions = {}): Promise<ReplayRunResult> {
    if (this.#running !== null) throw new Error('replay is already running')
    if (this.#connection.state !== 'connected') {
      this.#connection.apply('start')
      this.#connection.apply('succeeded')
    }
    this.#emitWarmup()
    this.#isStopRequested = false
    this.#running = this.#play(options)
    try {
      return await this.#running
    } finally {
      this.#running = null
    }
  }

  async #play(options: ReplayRunOptions): Promise<ReplayRunResult> {
    const { untilMs, pace } = options
    const series = this.#series
    const positions = this.#positions
    const clock = this.#clock
    const listeners = this.#listeners
    const count = series.length
    const startDone = this.#done
    let nextProgress = this.#done + this.#progressEvery
    while (!this.#isStopRequested) {
      let next = Number.POSITIVE_INFINITY
      for (let index = 0; index < count; index++) {
        const candle = (series[index] as readonly Candle[])[positions[index] as number]
        if (candle !== undefined && candle.timestampMs < next) next = candle.timestampMs
      }
      if (next === Number.POSITIVE_INFINITY) break
      const closeMs = next + MINUTE_MS
      if (untilMs !== undefined && closeMs > untilMs) break
      // The clock never goes back: candles closing before it are played at its time.
      if (closeMs > clock.now()) await clock.advanceTo(closeMs)
      for (let index = 0; index < count; index++) {
        const position = positions[index] as number
        const candle = (series[index] as readonly Candle[])[position]
        if (candle === undefined || candle.timestampMs !== next) continue
        positions[index] = position + 1
        const symbol = this.symbols[index] as string
        listeners.candle(symbol, candle, 'replay')
        const tick = this.#ticks[index] as MutableTick
        tick.timestampMs = closeMs
        tick.last = candle.closeText
        listeners.tick(tick)
        this.#done++
      }
      if (this.#done >= nextProgress) {
        nextProgress = this.#done + this.#progressEvery
        this.#onProgress?.(this.progress)
      }
      if (pace !== undefined) await pace(closeMs)
    }
    this.#onProgress?.(this.progress)
    return { candles: this.#done - startDone, isComplete: this.#done === this.#total }
  }

  /**
   * Emits each symbol's warm-up candles as a backfill and a tick at the last one's close, so
   * the price is known before the first replayed minute; once.
   */
  #emitWarmup(): void {
    if (this.#hasWarmedUp) return
    this.#hasWarmedUp = true
    for (const [index, candles] of this.#series.entries()) {
      const count = this.#warmupCounts[index] as number
      const symbol = this.symbols[index] as string
      for (let position = 0; position < count; position++) {
        this.#listeners.candle(symbol, candles[position] as Candle, 'backfill')
      }
      this.#positions[index] = count
      const last = candles[count - 1]
      if (last === undefined) continue
      const tick = this.#ticks[index] as MutableTick
      // Not later than the clock: a host starts it just before the first replayed minute.
      tick.timestampMs = Math.min(last.timestampMs + MINUTE_MS, this.#clock.now())
      tick.last = last.closeText
      this.#listeners.tick(tick)
    }
  }

  /** The earliest open time of the candles `pick` chooses, one or none per series. */
  #earliestOpenMs(
    pick: (candles: readonly Candle[], warmupCount: number) => Candle | undefined,
  ): number | null {
    let first: number | null = null
    for (const [index, candles] of this.#series.entries()) {
      const candle = pick(candles, this.#warmupCounts[index] as number)
      if (candle !== undefined && (first === null || candle.timestampMs < first)) {
        first = candle.timestampMs
      }
    }
    return first
  }

  /** Keeps the candles that are valid and strictly increasing; logs the rest. */
  #checked(series: ReplaySeries): readonly Candle[] {
    const guard = new CandleSequenceGuard(series.symbol, '1m')
    const { candles } = series
    // Copied only once something is refused: recorded files are normally clean.
    let kept: Candle[] | null = null
    let refused = 0
    let firstReason: string | null = null
    for (let index = 0; index < candles.length; index++) {
      const candle = candles[index] as Candle
      const rejection = validateCandle(candle, '1m') ?? guard.accept(candle)
      if (rejection === null) {
        kept?.push(candle)
        continue
      }
      kept ??= candles.slice(0, index)
      refused++
      firstReason ??= rejection.message
    }
    if (kept === null) return candles
    this.#logger.warn(
      { symbol: series.symbol, refused, first: firstReason },
      'replay candles refused',
    )
    return kept
  }
}
