import type { Clock } from '../../../src-main/engine/clock'
import type { CandleStore } from './candle-store'
import { type Endpoint, type SystemStatus, endpoint } from './endpoint'
import type { MatchingEngine } from './matching-engine'
import type { BookLevel, MarketData } from './market-data'
import { fixed } from './numbers'
import type { FeeSchedule, PairCatalogue } from './pair-catalogue'
import { publicSchemas as schemas } from './request-schemas'

/** What the public endpoints read. */
export interface PublicEndpointDependencies {
  readonly catalogue: PairCatalogue
  readonly market: MarketData
  readonly candles: CandleStore
  readonly engine: MatchingEngine
  readonly clock: Clock
  readonly fees: () => FeeSchedule
  readonly systemStatus: () => SystemStatus
}

const DEFAULT_DEPTH = 100

/** Returns Kraken's public methods (GET /0/public/<Method>), keyed by method name. */
export function publicEndpoints(deps: PublicEndpointDependencies): Record<string, Endpoint> {
  const { catalogue, market, candles, engine, clock } = deps
  const nowSeconds = () => Math.floor(clock.now() / 1000)
  return {
    Time: endpoint(schemas.Time, () => ({ unixtime: nowSeconds(), rfc1123: rfc1123(clock.now()) })),

    SystemStatus: endpoint(schemas.SystemStatus, () => ({
      status: deps.systemStatus(),
      timestamp: new Date(clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    })),

    Assets: endpoint(schemas.Assets, (params) => catalogue.assetsResult(params.asset)),

    AssetPairs: endpoint(schemas.AssetPairs, (params) =>
      catalogue.assetPairsResult(deps.fees(), params.pair),
    ),

    Ticker: endpoint(schemas.Ticker, (params) => {
      const pairs = params.pair
        ? params.pair.map((name) => catalogue.pair(name))
        : catalogue.pairs()
      const entries = pairs.flatMap((pair) => {
        const entry = market.tickerEntry(pair)
        return entry ? [[pair.id, entry] as const] : []
      })
      return Object.fromEntries(entries)
    }),

    OHLC: endpoint(schemas.OHLC, (params) => {
      const pair = catalogue.pair(params.pair)
      const { rows, last } = candles.ohlc(pair, params.interval ?? 1, params.since, clock.now())
      return { [pair.id]: rows, last }
    }),

    Depth: endpoint(schemas.Depth, (params) => {
      const pair = catalogue.pair(params.pair)
      const book = market.book(pair, params.count ?? DEFAULT_DEPTH)
      const level = (entry: BookLevel) => [
        fixed(entry.price, pair.pairDecimals),
        fixed(entry.volume, pair.lotDecimals),
        nowSeconds(),
      ]
      return { [pair.id]: { asks: book.asks.map(level), bids: book.bids.map(level) } }
    }),

    Trades: endpoint(schemas.Trades, (params) => {
      const pair = catalogue.pair(params.pair)
      const sinceMs = params.since === undefined ? 0 : sinceToMs(params.since)
      const trades = engine
        .allTrades()
        .filter((trade) => trade.pair.id === pair.id && trade.time > sinceMs)
        .slice(-(params.count ?? 1000))
      const rows = trades.map((trade) => [
        fixed(trade.price, pair.pairDecimals),
        fixed(trade.volume, pair.lotDecimals),
        trade.time / 1000,
        trade.side === 'buy' ? 'b' : 's',
        trade.orderType === 'market' ? 'm' : 'l',
        '',
        trade.tradeNumber,
      ])
      const last = trades.at(-1)
      return { [pair.id]: rows, last: String((last?.time ?? sinceMs) * 1_000_000) }
    }),
  }
}

/** Kraken's `since` for Trades is nanoseconds, but seconds are accepted too. */
function sinceToMs(since: string): number {
  const value = Number(since)
  return value > 1e15 ? Math.floor(value / 1_000_000) : value * 1000
}

/** Formats a time the way Kraken's Time endpoint does: "Thu, 06 Jul 23 18:50:48 +0000". */
function rfc1123(ms: number): string {
  const [weekday, day, month, year, time] = new Date(ms).toUTCString().split(' ')
  return `${weekday} ${day} ${month} ${year?.slice(2)} ${time} +0000`
}
