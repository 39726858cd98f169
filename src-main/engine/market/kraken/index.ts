/**
 * The Kraken adapter of the market data port: ccxt's `kraken` (REST and websocket v2)
 * behind `MarketExchange`. ccxt types stay in this folder.
 */
export { classifyCcxtError, toMarketExchangeError } from './ccxt-errors'
export { KrakenMarketExchange, type KrakenMarketExchangeOptions } from './kraken-market-exchange'
export {
  numberText,
  parseDepthResponse,
  parseOhlcResponse,
  parseStreamedCandles,
  parseStreamedTicker,
  parseTickerResponse,
  type PayloadContext,
} from './kraken-payloads'
