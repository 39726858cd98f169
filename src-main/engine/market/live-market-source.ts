import type { Clock, TimerHandle } from '../clock'
import type { Logger } from '../logging/logger'
import type { Candle } from './candle'
import { ConnectionStateMachine, type ConnectionState } from './connection-state'
import { MarketDataListeners } from './market-data-listeners'
import type {
  CandleOrigin,
  MarketDataListener,
  MarketDataSource,
  MarketSourceStartOptions,
  Tick,
} from './market-data-source'
import { MarketExchangeError, type ExchangeCandles, type MarketExchange } from './market-exchange'
import { summarizeOrderBook, type OrderBookSummary } from './order-book-summary'
import { timeframeMs } from './timeframe'

/** What the live source is built from. */
export interface LiveMarketSourceOptions {
  readonly exchange: MarketExchange
  readonly clock: Clock
  readonly logger: Logger
  readonly symbols: readonly string[]
  /** How many closed 1-minute candles to backfill at start when nothing is stored. */
  readonly backfillMinutes: number
  /** REST polling period (clock time); also the period of the websocket close check. */
  readonly pollIntervalMs: number
  /** Follow candles and tickers over the websocket when the exchange can. */
  readonly useWebsocket: boolean
  /** A streamed candle is taken as closed this long after its end without a newer one. Default 5000. */
  readonly closeGraceMs?: number
  /** After falling back to polling, the websocket is tried again after this long. Default 300,000. */
  readonly websocketRetryMs?: number
  /** Candle requests per symbol and catch-up at most. Default 10. */
  readonly maxPagesPerCatchUp?: number
}

/** How the source follows the market right now. */
export type LiveMode = 'polling' | 'websocket'

interface SymbolCursor {
  readonly symbol: string
  /** Open time of the newest emitted candle, or null before the first. */
  lastEmittedMs: number | null
  /** Where to fetch from while nothing was emitted. */
  startMs: number
  /** True once the start backfill succeeded. */
  hasBackfilled: boolean
  /** Set when a disconnect happened; the next catch-up reports the gap it fills. */
  outageFromMs: number | null
  /** The streamed candle that may still be open. */
  open: Candle | null
  /** Serialises catch-ups and emissions of this symbol. */
  lock: Promise<void>
}

const MINUTE_MS = timeframeMs('1m')

/**
 * The live market data source: backfills closed 1-minute candles from the exchange's REST
 * API, then follows the market — over the websocket (candles and tickers) when asked and
 * possible, otherwise by REST polling on the clock. Only closed candles are emitted (a
 * candle is closed once the clock passed its end; a streamed one once a newer one arrived
 * or its end passed by `closeGraceMs`), each at most once and in order per symbol.
 *
 * A failed call marks the connection `reconnecting`; the next successful poll fetches
 * everything that closed meanwhile (REST, since the newest emitted candle) and reports the
 * gap with how many candles were recovered. A websocket failure falls back to polling,
 * which recovers the same way; the websocket is tried again after `websocketRetryMs`.
 */
export class LiveMarketSource implements MarketDataSource {
  readonly symbols: readonly string[]
  readonly #exchange: MarketExchange
  readonly #clock: Clock
  readonly #logger: Logger
  readonly #listeners: MarketDataListeners
  readonly #connection: ConnectionStateMachine
  readonly #cursors = new Map<string, SymbolCursor>()
  readonly #ticks = new Map<string, Tick>()
  readonly #backfillMinutes: number
  readonly #pollIntervalMs: number
  readonly #useWebsocket: boolean
  readonly #closeGraceMs: number
  readonly #websocketRetryMs: number
  readonly #maxPages: number
  #mode: LiveMode = 'polling'
  #isRunning = false
  #isExchangeReady = false
  #timer: TimerHandle | null = null
  #busy: Promise<void> | null = null
  /** When to (re)start streaming after a successful poll; null: not wanted or running. */
  #websocketDueAtMs: number | null = null
  readonly #streams = new Set<Promise<void>>()
  /** Counts the starts of streaming; a stream of an older start ends at its next message. */
  #generation = 0

  constructor(options: LiveMarketSourceOptions) {
    this.#exchange = options.exchange
    this.#clock = options.clock
    this.#logger = options.logger
    this.symbols = [...options.symbols]
    this.#backfillMinutes = options.backfillMinutes
    this.#pollIntervalMs = options.pollIntervalMs
    this.#useWebsocket = options.useWebsocket
    this.#closeGraceMs = options.closeGraceMs ?? 5000
    this.#websocketRetryMs = options.websocketRetryMs ?? 300_000
    this.#maxPages = options.maxPagesPerCatchUp ?? 10
    this.#listeners = new MarketDataListeners(options.logger)
    this.#connection = new ConnectionStateMachine((change) => {
      this.#listeners.connectionState(change)
    })
  }

  get connectionState(): ConnectionState {
    return this.#connection.state
  }

  /** Whether candles currently come over the websocket or by polling. */
  get mode(): LiveMode {
    return this.#mode
  }

  subscribe(listener: MarketDataListener): () => void {
    return this.#listeners.add(listener)
  }

  latestTick(symbol: string): Tick | null {
    return this.#ticks.get(symbol) ?? null
  }

  async fetchOrderBook(symbol: string, depth: number): Promise<OrderBookSummary | null> {
    const levels = await this.#exchange.fetchOrderBook(symbol, depth)
    return summarizeOrderBook(symbol, levels, depth, this.#clock.now())
  }

  /**
   * Backfills every symbol (after `resumeAfterMs` when given, else the last
   * `backfillMinutes`), then follows the market. A failure here does not throw: the source
   * keeps retrying on its poll timer.
   */
  async start(options: MarketSourceStartOptions = {}): Promise<void> {
    if (this.#isRunning) return
    this.#isRunning = true
    this.#connection.apply('start')
    const now = this.#clock.now()
    const latestClosedMs = latestClosedOpenMs(now)
    const windowStartMs = latestClosedMs - (this.#backfillMinutes - 1) * MINUTE_MS
    for (const symbol of this.symbols) {
      const resume = options.resumeAfterMs?.[symbol]
      this.#cursors.set(symbol, {
        symbol,
        lastEmittedMs: resume ?? null,
        startMs: windowStartMs,
        hasBackfilled: false,
        outageFromMs: null,
        open: null,
        lock: Promise.resolve(),
      })
    }
    this.#mode = 'polling'
    this.#timer = this.#clock.setInterval(() => this.#onTimer(), this.#pollIntervalMs)
    this.#websocketDueAtMs = null
    if (this.#useWebsocket && this.#exchange.canStream) this.#websocketDueAtMs = now
    else if (this.#useWebsocket) {
      this.#logger.warn({ exchange: this.#exchange.name }, 'no websocket available; polling')
    }
    // The first poll backfills; streaming starts after it succeeds.
    await this.#runExclusive(() => this.#poll())
  }

  /** Stops polling and streaming, closes the exchange client and waits for work in flight. */
  async stop(): Promise<void> {
    if (!this.#isRunning) return
    this.#isRunning = false
    if (this.#timer !== null) this.#clock.clearTimer(this.#timer)
    this.#timer = null
    try {
      await this.#exchange.close()
    } catch (error) {
      this.#logger.warn({ err: error }, 'closing the exchange client failed')
    }
    await this.whenIdle()
    this.#connection.apply('stop')
  }

  /**
   * Resolves when no poll or catch-up is running (and, once stopped, no stream either): for
   * tests, which drive the clock, and for shutdown.
   */
  async whenIdle(): Promise<void> {
    for (;;) {
      const busy = this.#busy
      const cursors = [...this.#cursors.values()]
      const locks = cursors.map((cursor) => cursor.lock)
      const streams = this.#isRunning ? [] : [...this.#streams]
      await Promise.allSettled([...(busy === null ? [] : [busy]), ...locks, ...streams])
      const isSettled =
        this.#busy === null &&
        cursors.every((cursor, index) => cursor.lock === locks[index]) &&
        (this.#isRunning || this.#streams.size === 0)
      if (isSettled) return
    }
  }

  #onTimer(): void {
    if (this.#busy !== null || !this.#isRunning) return
    void this.#runExclusive(() => (this.#mode === 'polling' ? this.#poll() : this.#closeOverdue()))
  }

  async #runExclusive(work: () => Promise<void>): Promise<void> {
    const run = work().finally(() => {
      this.#busy = null
    })
    this.#busy = run
    await run
  }

  /** One polling round: connect if needed, catch up every symbol, fetch the tickers. */
  async #poll(): Promise<void> {
    try {
      if (!this.#isExchangeReady) {
        await this.#exchange.connect()
        this.#isExchangeReady = true
      }
      for (const symbol of this.symbols) {
        const cursor = this.#cursors.get(symbol) as SymbolCursor
        await this.#locked(cursor, () => this.#catchUp(cursor))
      }
      const ticks = await this.#exchange.fetchTickers(this.symbols)
      for (const tick of ticks) this.#emitTick(tick)
    } catch (error) {
      this.#failed(error)
      return
    }
    if (!this.#isRunning) return
    this.#connection.apply('succeeded')
    const dueAt = this.#websocketDueAtMs
    if (dueAt !== null && this.#mode === 'polling' && this.#clock.now() >= dueAt) {
      this.#logger.info(
        { exchange: this.#exchange.name },
        'following the market over the websocket',
      )
      this.#startStreaming()
    }
  }

  /**
   * Fetches and emits every candle of a symbol that closed since the newest emitted one,
   * page by page; reports what is missing from the answers and, after a disconnect, the
   * gap the catch-up filled.
   */
  async #catchUp(cursor: SymbolCursor): Promise<void> {
    const { symbol } = cursor
    const origin: CandleOrigin = !cursor.hasBackfilled
      ? 'backfill'
      : cursor.outageFromMs !== null
        ? 'recovery'
        : 'live'
    const firstExpectedMs = (cursor.lastEmittedMs ?? cursor.startMs - MINUTE_MS) + MINUTE_MS
    let recovered = 0
    for (let page = 0; page < this.#maxPages && this.#isRunning; page++) {
      const sinceMs = (cursor.lastEmittedMs ?? cursor.startMs - MINUTE_MS) + MINUTE_MS
      const answer = await this.#exchange.fetchCandles(symbol, sinceMs)
      this.#reportRejections(symbol, answer)
      const now = this.#clock.now()
      const emitted = this.#emitClosed(cursor, answer.candles, origin, now)
      recovered += emitted
      // Another page only when this one was full and did not reach the present.
      const newestMs = answer.candles.at(-1)?.timestampMs ?? Number.NEGATIVE_INFINITY
      const isPresent = newestMs >= latestClosedOpenMs(now)
      if (emitted === 0 || isPresent || answer.candles.length < this.#exchange.pageLimit) break
    }
    cursor.hasBackfilled = true
    if (cursor.outageFromMs !== null) {
      const lastClosedMs = latestClosedOpenMs(this.#clock.now())
      const missing = Math.max(0, (lastClosedMs - firstExpectedMs) / MINUTE_MS + 1)
      cursor.outageFromMs = null
      if (missing > 0) {
        const gap = {
          symbol,
          reason: 'reconnect' as const,
          fromMs: firstExpectedMs,
          toMs: lastClosedMs,
          missingCandles: missing,
          recoveredCandles: recovered,
        }
        this.#logger.warn(
          { symbol, from_ms: gap.fromMs, to_ms: gap.toMs, missing, recovered },
          'gap after reconnect backfilled from REST',
        )
        this.#listeners.gap(gap)
      }
    }
  }

  /** Emits the closed candles after the newest emitted one; returns how many. */
  #emitClosed(
    cursor: SymbolCursor,
    candles: readonly Candle[],
    origin: CandleOrigin,
    now: number,
  ): number {
    let emitted = 0
    for (const candle of candles) {
      if (cursor.lastEmittedMs !== null && candle.timestampMs <= cursor.lastEmittedMs) continue
      if (candle.timestampMs + MINUTE_MS > now) break
      this.#emitCandle(cursor, candle, origin)
      emitted++
    }
    return emitted
  }

  #emitCandle(cursor: SymbolCursor, candle: Candle, origin: CandleOrigin): void {
    const last = cursor.lastEmittedMs
    if (last !== null && candle.timestampMs > last + MINUTE_MS) {
      // The exchange did not have these minutes (e.g. older than the candles it keeps).
      const missing = (candle.timestampMs - last) / MINUTE_MS - 1
      const gap = {
        symbol: cursor.symbol,
        reason: 'exchange' as const,
        fromMs: last + MINUTE_MS,
        toMs: candle.timestampMs - MINUTE_MS,
        missingCandles: missing,
        recoveredCandles: 0,
      }
      this.#logger.warn(
        { symbol: cursor.symbol, from_ms: gap.fromMs, to_ms: gap.toMs, missing },
        'candles missing from the exchange',
      )
      this.#listeners.gap(gap)
    }
    cursor.lastEmittedMs = candle.timestampMs
    this.#listeners.candle(cursor.symbol, candle, origin)
  }

  #emitTick(tick: Tick): void {
    if (!this.#cursors.has(tick.symbol)) return
    this.#ticks.set(tick.symbol, tick)
    this.#listeners.tick(tick)
  }

  #reportRejections(symbol: string, answer: ExchangeCandles): void {
    for (const rejection of answer.rejections) {
      this.#logger.warn({ symbol, reason: rejection.message }, 'exchange candle refused')
      this.#listeners.rejected(symbol, rejection)
    }
  }

  #failed(error: unknown): void {
    if (!this.#isRunning) return
    const reason = describe(error)
    const kind = error instanceof MarketExchangeError ? error.kind : 'unknown'
    if (this.#connection.state === 'connected') {
      const now = this.#clock.now()
      for (const cursor of this.#cursors.values()) cursor.outageFromMs ??= now
    }
    const log = kind === 'temporary' ? this.#logger.warn : this.#logger.error
    log.call(
      this.#logger,
      { exchange: this.#exchange.name, kind, reason },
      'market data call failed',
    )
    this.#connection.apply('failed', reason)
  }

  // ---- websocket ----------------------------------------------------------------------

  #startStreaming(): void {
    this.#mode = 'websocket'
    this.#websocketDueAtMs = null
    const generation = ++this.#generation
    for (const symbol of this.symbols) {
      const cursor = this.#cursors.get(symbol) as SymbolCursor
      this.#track(this.#streamCandles(cursor, generation))
      this.#track(this.#streamTicker(symbol, generation))
    }
  }

  #track(stream: Promise<void>): void {
    this.#streams.add(stream)
    void stream.finally(() => this.#streams.delete(stream))
  }

  /** True while streams of `generation` should go on. */
  #isStreaming(generation: number): boolean {
    return this.#isRunning && this.#mode === 'websocket' && this.#generation === generation
  }

  async #streamCandles(cursor: SymbolCursor, generation: number): Promise<void> {
    while (this.#isStreaming(generation)) {
      let answer: ExchangeCandles
      try {
        answer = await this.#exchange.watchCandles(cursor.symbol)
      } catch (error) {
        if (this.#isStreaming(generation)) this.#websocketFailed(error)
        return
      }
      if (!this.#isStreaming(generation)) return
      this.#connection.apply('succeeded')
      this.#reportRejections(cursor.symbol, answer)
      for (const candle of answer.candles) {
        if (cursor.lastEmittedMs !== null && candle.timestampMs <= cursor.lastEmittedMs) continue
        const open = cursor.open
        if (open !== null && candle.timestampMs > open.timestampMs) {
          await this.#locked(cursor, () => this.#closeStreamed(cursor, open))
        }
        if (open === null || candle.timestampMs >= open.timestampMs) cursor.open = candle
      }
    }
  }

  async #streamTicker(symbol: string, generation: number): Promise<void> {
    while (this.#isStreaming(generation)) {
      let tick: Tick
      try {
        tick = await this.#exchange.watchTicker(symbol)
      } catch (error) {
        if (this.#isStreaming(generation)) this.#websocketFailed(error)
        return
      }
      if (!this.#isStreaming(generation)) return
      this.#connection.apply('succeeded')
      this.#emitTick(tick)
    }
  }

  /** Emits a streamed candle as closed, first fetching any hole before it over REST. */
  async #closeStreamed(cursor: SymbolCursor, candle: Candle): Promise<void> {
    if (cursor.open === candle) cursor.open = null
    const last = cursor.lastEmittedMs
    if (last !== null && candle.timestampMs <= last) return
    if (last === null || candle.timestampMs > last + MINUTE_MS) {
      try {
        await this.#catchUp(cursor)
      } catch (error) {
        this.#failed(error)
        return
      }
      if (cursor.lastEmittedMs !== null && candle.timestampMs <= cursor.lastEmittedMs) return
    }
    this.#emitCandle(cursor, candle, 'live')
  }

  /**
   * The timer's work while streaming: closes streamed candles whose end passed by the grace
   * without a newer one, and fetches over REST the closed minutes of a symbol the socket
   * sent nothing for (Kraken streams a candle only when it trades).
   */
  async #closeOverdue(): Promise<void> {
    const now = this.#clock.now()
    const dueMs = latestClosedOpenMs(now - this.#closeGraceMs)
    for (const cursor of this.#cursors.values()) {
      const open = cursor.open
      if (open !== null && open.timestampMs <= dueMs) {
        await this.#locked(cursor, () => this.#closeStreamed(cursor, open))
      }
      if (cursor.open !== null || (cursor.lastEmittedMs ?? Number.NEGATIVE_INFINITY) >= dueMs) {
        continue
      }
      try {
        await this.#locked(cursor, () => this.#catchUp(cursor))
      } catch (error) {
        this.#failed(error)
        return
      }
      // The exchange answered: a quiet socket sends nothing that would end a `reconnecting`.
      if (this.#isRunning) this.#connection.apply('succeeded')
    }
  }

  #websocketFailed(error: unknown): void {
    this.#logger.warn(
      { exchange: this.#exchange.name, reason: describe(error) },
      'websocket failed; falling back to REST polling',
    )
    this.#mode = 'polling'
    this.#websocketDueAtMs = this.#clock.now() + this.#websocketRetryMs
    // Polling fetches the candles that were open on the socket once they close.
    for (const cursor of this.#cursors.values()) cursor.open = null
    this.#failed(error)
  }

  #locked(cursor: SymbolCursor, work: () => Promise<void>): Promise<void> {
    const next = cursor.lock.then(work)
    // The lock chain itself never rejects; the caller sees the failure.
    cursor.lock = next.catch(() => {})
    return next
  }
}

/** Open time of the newest 1-minute candle closed at `nowMs`. */
function latestClosedOpenMs(nowMs: number): number {
  return Math.floor(nowMs / MINUTE_MS) * MINUTE_MS - MINUTE_MS
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}
