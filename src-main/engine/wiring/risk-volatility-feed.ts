import type { Clock } from '../clock'
import type { Logger } from '../logging/logger'
import type { CandleIngestService, SymbolMarketView } from '../market'
import type { RiskEngine, RiskSettings } from '../risk'
import { volatilityReading } from './volatility-reading'

const MINUTE_MS = 60_000

/** What the volatility feed is built from. */
export interface RiskVolatilityFeedOptions {
  readonly ingest: Pick<CandleIngestService, 'onCandle' | 'symbolState'>
  readonly risk: Pick<RiskEngine, 'updateVolatility'>
  /** The traded symbols; the correlation-only ones are never traded, so never halt trading. */
  readonly symbols: readonly string[]
  readonly settings: RiskSettings['circuit_breakers']['volatility']
  readonly clock: Pick<Clock, 'now'>
  readonly logger: Logger
}

/**
 * Feeds the risk engine's volatility breaker from market data: on each closed 1-minute
 * candle of a traded symbol that the ingest accepted — live, paper and replay alike — it
 * reads the ATR of `atr_timeframe` as a percent of the close and the move over the last
 * `price_move_minutes` ({@link volatilityReading}) and hands them to `risk.updateVolatility`,
 * which trips or extends the halt on an abnormal one. A failure here is logged and never
 * reaches the ingest. Returns the function that stops the feed.
 */
export function feedVolatilityToRisk(options: RiskVolatilityFeedOptions): () => void {
  const { ingest, risk, clock, logger } = options
  const timeframe = options.settings.atr_timeframe
  const windowMinutes = options.settings.price_move_minutes
  const windowMs = windowMinutes * MINUTE_MS
  const haltMs = options.settings.halt_minutes * MINUTE_MS
  // Resolved once: the ingest keeps one state per symbol for its whole life.
  const views = new Map<string, SymbolMarketView>()
  for (const symbol of options.symbols) {
    const view = ingest.symbolState(symbol)
    if (view !== null) views.set(symbol, view)
  }
  const onRejected = (error: unknown): void => {
    logger.error({ err: error }, 'risk could not take a volatility reading')
  }
  return ingest.onCandle(({ symbol, candle }) => {
    const view = views.get(symbol)
    if (view === undefined) return
    // A candle backfilled from before the app started is old news once a halt it could
    // start would already be over; the reading of a recent one halts from now on.
    if (candle.timestampMs + MINUTE_MS + haltMs <= clock.now()) return
    try {
      const latest = candle.numeric
      const past = view.oneMinuteCandleAtOrBefore(latest.timestampMs - windowMs)
      const reading = volatilityReading(
        symbol,
        latest,
        view.atrOf(timeframe),
        past === null ? null : past.numeric,
        windowMinutes,
      )
      risk.updateVolatility(reading).catch(onRejected)
    } catch (error) {
      logger.error({ err: error, symbol }, 'volatility reading failed')
    }
  })
}
