import Decimal from 'decimal.js'
import type { CandleSeries } from '../../../src-shared/contract/market'
import { CommandError } from '../../../src-shared/result'
import type { Logger } from '../logging/logger'
import type { CandleRepository } from '../store/repositories/candle-repository'
import { Candle } from './candle'
import { aggregateCandles } from './candle-aggregator'
import type { MarketStateReader } from './candle-ingest-service'
import { BollingerBands } from './indicators/bollinger-bands'
import { Ema } from './indicators/ema'
import { timeframeMs, type Timeframe } from './timeframe'

/** What a chart asks for. */
export interface CandleSeriesRequest {
  readonly symbol: string
  readonly timeframe: Timeframe
  /** How many candles, newest last. */
  readonly limit: number
}

/** What the candle series query is built from. */
export interface CandleSeriesQueryOptions {
  /** The in-memory market state (the candle ingest service). */
  readonly state: MarketStateReader
  /** The candles table; memory only when null or omitted (replay without persistence). */
  readonly repository?: Pick<CandleRepository, 'latest'> | null
  readonly logger: Logger
  /** Extra candles read before the first one returned so the overlays are warm. Default 200. */
  readonly overlayWarmup?: number
  /** At most this many 1m candles are read to aggregate a longer timeframe. Default 200,000. */
  readonly maxAggregatedMinutes?: number
}

/** The EMA periods drawn over the candles. */
export const OVERLAY_EMA_PERIODS = [9, 21, 50] as const
/** Bollinger Bands drawn over the candles: period and multiplier. */
export const OVERLAY_BOLLINGER = { period: 20, multiplier: 2 } as const

/**
 * Candles of a symbol and timeframe for charts (`market:candles`), with overlay series
 * aligned to them: `ema_9`, `ema_21`, `ema_50`, `bb_upper`, `bb_middle`, `bb_lower` (null
 * while an indicator warms up), and the candle still forming. Candles come from the store
 * (aggregated from 1m when the store has no candles of the timeframe) followed by newer
 * closed candles still in memory; without a store from memory alone.
 */
export class CandleSeriesQuery {
  readonly #state: MarketStateReader
  readonly #repository: Pick<CandleRepository, 'latest'> | null
  readonly #logger: Logger
  readonly #warmup: number
  readonly #maxAggregatedMinutes: number

  constructor(options: CandleSeriesQueryOptions) {
    this.#state = options.state
    this.#repository = options.repository ?? null
    this.#logger = options.logger
    this.#warmup = options.overlayWarmup ?? 200
    this.#maxAggregatedMinutes = options.maxAggregatedMinutes ?? 200_000
  }

  /** Returns the series; throws `CommandError` NOT_FOUND for a symbol nobody has data of. */
  async candles(request: CandleSeriesRequest): Promise<CandleSeries> {
    const { symbol, timeframe, limit } = request
    const view = this.#state.symbolState(symbol)
    if (view === null && this.#repository === null) {
      throw new CommandError('NOT_FOUND', `no market data: symbol=${symbol}`)
    }
    const wanted = limit + this.#warmup
    const stored = this.#repository === null ? [] : await this.#stored(symbol, timeframe, wanted)
    const lastStoredMs = stored.at(-1)?.timestampMs ?? Number.NEGATIVE_INFINITY
    const inMemory = (view?.candles(timeframe, wanted) ?? []).filter(
      (candle) => candle.timestampMs > lastStoredMs,
    )
    const all = inMemory.length === 0 ? stored : [...stored, ...inMemory]
    const series = all.length > wanted ? all.slice(all.length - wanted) : all
    const forming = view?.formingCandle(timeframe) ?? null
    const lastClosedMs = series.at(-1)?.timestampMs ?? Number.NEGATIVE_INFINITY
    return buildSeries(
      symbol,
      timeframe,
      series,
      limit,
      forming !== null && forming.timestampMs > lastClosedMs ? forming : null,
    )
  }

  async #stored(symbol: string, timeframe: Timeframe, wanted: number): Promise<Candle[]> {
    const repository = this.#repository as Pick<CandleRepository, 'latest'>
    const direct = await repository.latest(symbol, timeframe, wanted)
    if (direct.length > 0 || timeframe === '1m') {
      return direct.map((row) => Candle.fromDecimals(row))
    }
    const ratio = timeframeMs(timeframe) / timeframeMs('1m')
    const minutes = Math.min(wanted * ratio, this.#maxAggregatedMinutes)
    if (minutes < wanted * ratio) {
      this.#logger.debug(
        { symbol, timeframe, minutes, wanted },
        'aggregating a bounded number of minutes for a chart',
      )
    }
    const rows = await repository.latest(symbol, '1m', minutes)
    // Incomplete buckets at the end are left out: charts show closed candles.
    return aggregateCandles(
      rows.map((row) => Candle.fromDecimals(row)),
      timeframe,
    ).candles
  }
}

/**
 * Computes the overlays over `candles` and returns the newest `limit` candles with their
 * overlay values, and the `forming` candle after them, in the contract's shape (decimal
 * strings without exponents).
 */
export function buildSeries(
  symbol: string,
  timeframe: Timeframe,
  candles: readonly Candle[],
  limit: number,
  forming: Candle | null = null,
): CandleSeries {
  const emas = OVERLAY_EMA_PERIODS.map((period) => new Ema(period))
  const bands = new BollingerBands(OVERLAY_BOLLINGER.period, OVERLAY_BOLLINGER.multiplier)
  const first = Math.max(0, candles.length - limit)
  const count = candles.length - first
  const overlays: Record<string, (number | null)[]> = {}
  const emaSeries = OVERLAY_EMA_PERIODS.map((period) => {
    const values = new Array<number | null>(count)
    overlays[`ema_${period}`] = values
    return values
  })
  const upper = new Array<number | null>(count)
  const middle = new Array<number | null>(count)
  const lower = new Array<number | null>(count)
  overlays.bb_upper = upper
  overlays.bb_middle = middle
  overlays.bb_lower = lower
  const out: CandleSeries['candles'] = []
  candles.forEach((candle, index) => {
    const numeric = candle.numeric
    emas.forEach((ema) => ema.update(numeric))
    bands.update(numeric)
    if (index < first) return
    const at = index - first
    emas.forEach((ema, which) => {
      ;(emaSeries[which] as (number | null)[])[at] = ema.value
    })
    const band = bands.value
    upper[at] = band?.upper ?? null
    middle[at] = band?.middle ?? null
    lower[at] = band?.lower ?? null
    out.push(contractCandle(candle))
  })
  return {
    symbol,
    timeframe,
    candles: out,
    overlays,
    forming: forming === null ? null : contractCandle(forming),
  }
}

function contractCandle(candle: Candle): CandleSeries['candles'][number] {
  return {
    t: candle.timestampMs,
    o: plainDecimal(candle.openText),
    h: plainDecimal(candle.highText),
    l: plainDecimal(candle.lowText),
    c: plainDecimal(candle.closeText),
    v: plainDecimal(candle.volumeText),
  }
}

/** Returns a decimal string in plain notation (no exponent), as the contract expects. */
export function plainDecimal(text: string): string {
  return /[eE]/.test(text) ? new Decimal(text).toFixed() : text
}
