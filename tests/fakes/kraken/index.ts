/**
 * A local Kraken for tests: `KrakenSimulator` serves Kraken's spot REST protocol to the
 * real ccxt `kraken` client (`connectCcxt` points one at it) and offers a control surface:
 * prices, books, candles, balances, fees and system status in; orders, trades, balances,
 * positions and the request log out; faults (`sim.faults`) for HTTP statuses, delays,
 * Kraken error strings, lost responses and partial fills.
 */
export type { ApiCredentials } from './authenticator'
export { simCandleOf, type SimCandle } from './candle-store'
export type { SystemStatus } from './endpoint'
export {
  FaultInjector,
  type Fault,
  type FaultTarget,
  type LostResponseMode,
} from './fault-injector'
export type { ListeningAddress } from './http-server'
export { KrakenErrorText } from './kraken-errors'
export {
  DEFAULT_CREDENTIALS,
  DEFAULT_FEES,
  KrakenSimulator,
  type BalanceSnapshot,
  type KrakenSimulatorOptions,
  type OrderSnapshot,
  type TradeSnapshot,
} from './kraken-simulator'
export type { FeeSchedule } from './pair-catalogue'
export type { RequestLogEntry, RequestOutcome } from './request-log'
export { krakenSignature } from './signature'
export { connectCcxt, strictlyIncreasingNonce } from './ccxt-client'
export {
  KrakenWebsocketServer,
  type WsCandle,
  type WsSubscription,
  type WsTicker,
} from './websocket-server'
