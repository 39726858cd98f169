import type { MarketSnapshotView } from '../../../src-shared/contract/market'
import { CommandError } from '../../../src-shared/result'
import type { MessageBus } from '../bus'
import { plainDecimal } from './candle-series-query'
import type { MarketSnapshotBuilder } from './market-snapshot-builder'
import type { MarketSnapshot } from './market-snapshot'

/** What the snapshot query is built from. */
export interface MarketSnapshotQueryOptions {
  readonly builder: MarketSnapshotBuilder
  /** Where the latest TA and regime messages are read; none when null or omitted. */
  readonly bus?: MessageBus | null
}

/** The latest agent outputs shown next to a snapshot. */
export interface SnapshotAgentOutputs {
  readonly latestTa: Record<string, unknown> | null
  readonly latestRegime: Record<string, unknown> | null
}

/**
 * Maps a market snapshot to the contract's `MarketSnapshotView`: flat indicators per
 * timeframe, price without exponent, stale parts with the missing timeframes appended as
 * `<timeframe>:missing`.
 */
export function toMarketSnapshotView(
  snapshot: MarketSnapshot,
  outputs: SnapshotAgentOutputs,
): MarketSnapshotView {
  const indicators: Record<string, Record<string, number | null>> = {}
  for (const [timeframe, part] of Object.entries(snapshot.timeframes)) {
    indicators[timeframe] = { ...part.indicators }
  }
  return {
    symbol: snapshot.symbol,
    price: plainDecimal(snapshot.price),
    change24hPct: snapshot.change24hPct,
    dataAgeMs: snapshot.dataAgeMs,
    isStale: snapshot.isStale,
    staleParts: [
      ...snapshot.staleParts,
      ...snapshot.missingTimeframes.map((timeframe) => `${timeframe}:missing`),
    ],
    indicators,
    latestTa: outputs.latestTa,
    latestRegime: outputs.latestRegime,
  }
}

/** Answers `market:snapshot`: the snapshot of one symbol with the latest TA and regime. */
export class MarketSnapshotQuery {
  readonly #builder: MarketSnapshotBuilder
  readonly #bus: MessageBus | null

  constructor(options: MarketSnapshotQueryOptions) {
    this.#builder = options.builder
    this.#bus = options.bus ?? null
  }

  /**
   * Returns the view; throws `CommandError` NOT_FOUND for a symbol that is not ingested and
   * UNAVAILABLE when there is no data yet or the build failed.
   */
  async snapshot(input: { readonly symbol: string }): Promise<MarketSnapshotView> {
    const result = await this.#builder.build(input.symbol)
    if (!result.ok) {
      const code = result.failure.code === 'UNKNOWN_SYMBOL' ? 'NOT_FOUND' : 'UNAVAILABLE'
      throw new CommandError(code, result.failure.message)
    }
    const bus = this.#bus
    const latestTa = bus?.latest('ta_signals', { symbol: input.symbol })?.payload ?? null
    const latestRegime = bus?.latest('regime_updates', { symbol: input.symbol })?.payload ?? null
    return toMarketSnapshotView(result.snapshot, {
      latestTa: latestTa === null ? null : { ...latestTa },
      latestRegime: latestRegime === null ? null : { ...latestRegime },
    })
  }
}
