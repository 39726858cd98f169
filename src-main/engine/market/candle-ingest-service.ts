import type { MessageBus } from '../bus'
import { AwaitedWork, type Clock, type TimerHandle } from '../clock'
import type { Logger } from '../logging/logger'
import type { CandleRepository, StoredCandle } from '../store/repositories/candle-repository'
import { Candle } from './candle'
import type { CandleRejection } from './candle-rejection'
import type { IndicatorConfig } from './indicators/indicator-config'
import { LatestPrices } from './latest-prices'
import type {
  CandleGap,
  CandleOrigin,
  ConnectionStateChange,
  MarketDataListener,
  MarketDataSource,
  PayloadRejection,
  Tick,
} from './market-data-source'
import { SymbolMarketState, type SymbolMarketView } from './symbol-market-state'
import { TIMEFRAMES, timeframeMs, type Timeframe } from './timeframe'
import { ChangeListeners } from '../events/change-listeners'

/** What the ingest service needs of the candle store (CandleRepository). */
export type IngestCandleStore = Pick<CandleRepository, 'insertMany' | 'latest'>

/** What the candle ingest service is built from. */
export interface CandleIngestOptions {
  readonly source: MarketDataSource
  readonly clock: Clock
  readonly logger: Logger
  /** The symbols to ingest. Default: the source's symbols. */
  readonly symbols?: readonly string[]
  /** Timeframes to keep indicators and history for (1m always). Default: all. */
  readonly timeframes?: readonly Timeframe[]
  readonly indicatorConfig?: IndicatorConfig
  /** Closed candles kept in memory per symbol and timeframe. Default 1500. */
  readonly historyLength?: number
  /** Where market_data messages go; none when null or omitted. */
  readonly bus?: MessageBus | null
  /** Publish a market_data message per tick too. Default true. */
  readonly publishTicks?: boolean
  /** Where closed 1m candles are stored; nothing is stored when null or omitted. */
  readonly repository?: IngestCandleStore | null
  /** Candles written per batch; a full batch is written at once. Default 500. */
  readonly batchSize?: number
  /** Pending candles are written at least this often (clock time). Default 5000 ms. */
  readonly flushIntervalMs?: number
  /** Stored candles read per symbol at start to warm up the indicators. Default `historyLength`. */
  readonly warmupCandles?: number
  /** Unwritten candles kept while the store fails; the oldest are dropped beyond. Default 100,000. */
  readonly maxPendingCandles?: number
}

/** A closed 1-minute candle the ingest accepted, told once the symbol's state holds it. */
export interface IngestedCandle {
  readonly symbol: string
  readonly candle: Candle
  readonly origin: CandleOrigin
}

/** Counters of an ingest service. */
export interface IngestStats {
  readonly accepted: number
  readonly rejected: number
  readonly stored: number
  readonly pending: number
  readonly gaps: number
}

/** Read access to the market state the ingest service keeps, for snapshots and queries. */
export interface MarketStateReader {
  readonly symbols: readonly string[]
  readonly latestPrices: LatestPrices
  /** The state of a symbol, or null when it is not ingested. */
  symbolState(symbol: string): SymbolMarketView | null
}

const BUS_SOURCE = 'market'
const MINUTE_MS = timeframeMs('1m')

/**
 * Takes the closed 1-minute candles, ticks and gaps of a market data source and turns them
 * into engine state: validates each candle (values and strictly increasing time per
 * symbol), updates the symbol's multi-timeframe indicators and candle history, keeps the
 * latest price per symbol (`latestPrices`), publishes market_data messages and writes the
 * candles to the store in batches.
 *
 * At start it reads the newest stored candles to warm the indicators up and tells the source
 * where the store ends, so a live source only backfills what is missing.
 */
export class CandleIngestService implements MarketStateReader {
  readonly symbols: readonly string[]
  readonly latestPrices: LatestPrices
  readonly #source: MarketDataSource
  readonly #clock: Clock
  readonly #logger: Logger
  readonly #bus: MessageBus | null
  readonly #publishTicks: boolean
  readonly #repository: IngestCandleStore | null
  readonly #batchSize: number
  readonly #flushIntervalMs: number
  readonly #warmupCandles: number
  readonly #maxPending: number
  readonly #states = new Map<string, SymbolMarketState>()
  #pending = new Map<string, StoredCandle[]>()
  #pendingCount = 0
  #writing: Promise<void> = Promise.resolve()
  readonly #awaitedFlushes = new AwaitedWork()
  #flushTimer: TimerHandle | null = null
  #unsubscribe: (() => void) | null = null
  readonly #unknownSymbols = new Set<string>()
  readonly #candleListeners: ChangeListeners<IngestedCandle>
  #accepted = 0
  #rejected = 0
  #stored = 0
  #gaps = 0

  constructor(options: CandleIngestOptions) {
    this.#source = options.source
    this.#clock = options.clock
    this.#logger = options.logger
    this.#candleListeners = new ChangeListeners(this.#logger, 'ingested candle', ({ symbol }) => ({
      symbol,
    }))
    this.#bus = options.bus ?? null
    this.#publishTicks = options.publishTicks ?? true
    this.#repository = options.repository ?? null
    this.#batchSize = Math.max(1, options.batchSize ?? 500)
    this.#flushIntervalMs = options.flushIntervalMs ?? 5000
    const historyLength = options.historyLength ?? 1500
    this.#warmupCandles = options.warmupCandles ?? historyLength
    this.#maxPending = options.maxPendingCandles ?? 100_000
    this.latestPrices = new LatestPrices(options.logger)
    this.symbols = [...(options.symbols ?? options.source.symbols)]
    for (const symbol of this.symbols) {
      this.#states.set(
        symbol,
        new SymbolMarketState({
          symbol,
          timeframes: options.timeframes ?? TIMEFRAMES,
          historyLength,
          ...(options.indicatorConfig === undefined
            ? {}
            : { indicatorConfig: options.indicatorConfig }),
        }),
      )
    }
  }

  /** Counters since construction. */
  get stats(): IngestStats {
    return {
      accepted: this.#accepted,
      rejected: this.#rejected,
      stored: this.#stored,
      pending: this.#pendingCount,
      gaps: this.#gaps,
    }
  }

  symbolState(symbol: string): SymbolMarketView | null {
    return this.#states.get(symbol) ?? null
  }

  /**
   * Calls `listener` with every closed 1-minute candle accepted from the source, after the
   * symbol's indicators and histories took it in; the stored candles read at start to warm
   * up are not passed on. A throwing listener is logged and never stops ingestion. Returns
   * the function that removes it.
   */
  onCandle(listener: (ingested: IngestedCandle) => void): () => void {
    return this.#candleListeners.add(listener)
  }

  /**
   * Warms up from the store, subscribes to the source and starts it (a live source then
   * backfills after the newest stored candle of each symbol).
   */
  async start(): Promise<void> {
    if (this.#unsubscribe !== null) return
    const resumeAfterMs: Record<string, number> = {}
    if (this.#repository !== null && this.#warmupCandles > 0) {
      for (const [symbol, state] of this.#states) {
        const rows = await this.#repository.latest(symbol, '1m', this.#warmupCandles)
        for (const row of rows) {
          const candle = Candle.fromDecimals(row)
          const rejection = state.accept(candle)
          if (rejection !== null) {
            this.#logger.warn({ symbol, reason: rejection.message }, 'stored candle refused')
            continue
          }
          this.latestPrices.updateFromCandle(symbol, candle, MINUTE_MS)
        }
        if (state.lastTimestampMs !== null) resumeAfterMs[symbol] = state.lastTimestampMs
        this.#logger.info(
          { symbol, candles: rows.length, last_ms: state.lastTimestampMs },
          'warmed up from stored candles',
        )
      }
    }
    this.#unsubscribe = this.#source.subscribe(this.#listener())
    if (this.#repository !== null) {
      this.#flushTimer = this.#clock.setInterval(() => {
        void this.#writePending()
      }, this.#flushIntervalMs)
    }
    await this.#source.start({ resumeAfterMs })
  }

  /** Stops the source, writes what is pending and unsubscribes. */
  async stop(): Promise<void> {
    await this.#source.stop()
    if (this.#flushTimer !== null) this.#clock.clearTimer(this.#flushTimer)
    this.#flushTimer = null
    this.#unsubscribe?.()
    this.#unsubscribe = null
    await this.flush()
  }

  /** Writes the pending candles (after any write in progress); resolves when done. */
  flush(): Promise<void> {
    return this.#awaitedFlushes.track(this.#writePending())
  }

  /**
   * Resolves when no {@link flush} is in progress; null when none is. A replay writes its
   * candle batches behind the engine, so its clock waits for a flush someone awaits.
   */
  whenIdle(): Promise<void> | null {
    return this.#awaitedFlushes.whenIdle()
  }

  /** Queues a write of the pending candles behind any in progress; nobody need wait for it. */
  #writePending(): Promise<void> {
    this.#writing = this.#writing
      .then(() => this.#write())
      .catch((error: unknown) => {
        this.#logger.error({ err: error }, 'candle write failed')
      })
    return this.#writing
  }

  /** The listener given to the source. */
  #listener(): MarketDataListener {
    return {
      onCandle: (symbol, candle, origin) => this.ingestCandle(symbol, candle, origin),
      onTick: (tick) => this.#onTick(tick),
      onGap: (gap) => this.#onGap(gap),
      onConnectionState: (change) => this.#onConnectionState(change),
      onRejected: (symbol, rejection) => this.#onSourceRejected(symbol, rejection),
    }
  }

  /**
   * Ingests one closed 1-minute candle (what the source listener does). Returns why it was
   * refused, or null.
   */
  ingestCandle(symbol: string, candle: Candle, origin: CandleOrigin): CandleRejection | null {
    const state = this.#states.get(symbol)
    if (state === undefined) {
      this.#warnUnknown(symbol)
      return null
    }
    const rejection = state.accept(candle)
    if (rejection !== null) {
      this.#rejected++
      this.#logger.warn({ symbol, origin, reason: rejection.message }, 'candle refused')
      return rejection
    }
    this.#accepted++
    this.latestPrices.updateFromCandle(symbol, candle, MINUTE_MS)
    if (this.#repository !== null) this.#queue(symbol, candle)
    if (this.#bus !== null) this.#publishCandle(symbol, candle, origin)
    if (this.#candleListeners.size > 0) this.#candleListeners.notify({ symbol, candle, origin })
    return null
  }

  #onTick(tick: Tick): void {
    if (!this.#states.has(tick.symbol)) {
      this.#warnUnknown(tick.symbol)
      return
    }
    this.latestPrices.update(tick.symbol, tick.last, tick.timestampMs)
    if (this.#bus === null || !this.#publishTicks) return
    this.#publish({
      symbol: tick.symbol,
      price: tick.last,
      event: 'tick',
      bid: tick.bid,
      ask: tick.ask,
      timestamp_ms: tick.timestampMs,
    })
  }

  #onGap(gap: CandleGap): void {
    this.#gaps++
    this.#logger.warn(
      {
        symbol: gap.symbol,
        reason: gap.reason,
        from_ms: gap.fromMs,
        to_ms: gap.toMs,
        missing: gap.missingCandles,
        recovered: gap.recoveredCandles,
      },
      'candle gap',
    )
    // The price known so far travels along: a reader of the symbol's latest market_data (the
    // coordinator's price for a CLOSE) must not find a message without one.
    const price = this.latestPrices.priceText(gap.symbol)
    this.#publish({
      symbol: gap.symbol,
      ...(price === null ? {} : { price }),
      event: 'gap',
      reason: gap.reason,
      from_ms: gap.fromMs,
      to_ms: gap.toMs,
      missing_candles: gap.missingCandles,
      recovered_candles: gap.recoveredCandles,
    })
  }

  #onConnectionState(change: ConnectionStateChange): void {
    this.#logger.info(
      { state: change.state, previous: change.previous, reason: change.reason },
      'market data connection',
    )
    if (this.#bus === null) return
    try {
      this.#bus.publish({
        topic: 'system_events',
        source: BUS_SOURCE,
        payload: {
          event_type: 'market_connection',
          data: { state: change.state, previous: change.previous, reason: change.reason },
        },
      })
    } catch (error) {
      this.#logger.error({ err: error }, 'system_events publish failed')
    }
  }

  #onSourceRejected(symbol: string, rejection: CandleRejection | PayloadRejection): void {
    this.#rejected++
    this.#logger.warn({ symbol, reason: rejection.message }, 'market data refused at the source')
  }

  #publishCandle(symbol: string, candle: Candle, origin: CandleOrigin): void {
    this.#publish({
      symbol,
      price: candle.closeText,
      timeframe: '1m',
      event: 'candle',
      origin,
      open_time_ms: candle.timestampMs,
      open: candle.openText,
      high: candle.highText,
      low: candle.lowText,
      close: candle.closeText,
      volume: candle.volumeText,
    })
  }

  #publish(payload: { symbol: string; price?: string; [key: string]: unknown }): void {
    if (this.#bus === null) return
    try {
      this.#bus.publish({ topic: 'market_data', source: BUS_SOURCE, payload })
    } catch (error) {
      // A refused payload is a bug here, never a reason to stop ingesting.
      this.#logger.error({ err: error, symbol: payload.symbol }, 'market_data publish failed')
    }
  }

  #queue(symbol: string, candle: Candle): void {
    let rows = this.#pending.get(symbol)
    if (rows === undefined) {
      rows = []
      this.#pending.set(symbol, rows)
    }
    rows.push({
      timestampMs: candle.timestampMs,
      open: candle.open,
      high: candle.high,
      low: candle.low,
      close: candle.close,
      volume: candle.volume,
    })
    this.#pendingCount++
    if (this.#pendingCount >= this.#batchSize) void this.#writePending()
  }

  async #write(): Promise<void> {
    const repository = this.#repository
    if (repository === null || this.#pendingCount === 0) return
    const batches = this.#pending
    this.#pending = new Map()
    this.#pendingCount = 0
    for (const [symbol, rows] of batches) {
      try {
        this.#stored += await repository.insertMany(symbol, '1m', rows)
      } catch (error) {
        this.#logger.error(
          { err: error, symbol, candles: rows.length },
          'storing candles failed; will retry',
        )
        this.#requeue(symbol, rows)
      }
    }
  }

  /** Puts rows that failed to be written back in front of the pending ones, within bounds. */
  #requeue(symbol: string, rows: StoredCandle[]): void {
    const merged = [...rows, ...(this.#pending.get(symbol) ?? [])]
    this.#pendingCount += merged.length - (this.#pending.get(symbol)?.length ?? 0)
    const excess = this.#pendingCount - this.#maxPending
    if (excess > 0) {
      merged.splice(0, excess)
      this.#pendingCount -= excess
      this.#logger.error(
        { symbol, dropped: excess },
        'pending candles over the limit; oldest dropped',
      )
    }
    this.#pending.set(symbol, merged)
  }

  #warnUnknown(symbol: string): void {
    if (this.#unknownSymbols.has(symbol)) return
    this.#unknownSymbols.add(symbol)
    this.#logger.warn({ symbol }, 'market data for a symbol not ingested; ignored')
  }
}
