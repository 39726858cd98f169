import { type ConstructorArgs, kraken } from 'ccxt'
import type { KrakenSimulator } from './kraken-simulator'

/**
 * Returns a nonce source that never repeats: milliseconds like ccxt's default, but at
 * least one above the previous value. ccxt's default nonce is `Date.now()`, so two
 * private calls within one millisecond send the same nonce and Kraken (and this
 * simulator) refuse the second with `EAPI:Invalid nonce`.
 */
export function strictlyIncreasingNonce(now: () => number = () => Date.now()): () => number {
  let last = 0
  return () => {
    last = Math.max(last + 1, now())
    return last
  }
}

/**
 * Returns the real ccxt `kraken` client pointed at a started simulator with its default
 * key, no rate limiter and a strictly increasing nonce; `overrides` win.
 */
export function connectCcxt(simulator: KrakenSimulator, overrides: ConstructorArgs = {}): kraken {
  const url = simulator.url
  return new kraken({
    apiKey: simulator.credentials.apiKey,
    secret: simulator.credentials.secret,
    enableRateLimit: false,
    nonce: strictlyIncreasingNonce(),
    ...overrides,
    urls: { api: { public: url, private: url } },
  })
}
