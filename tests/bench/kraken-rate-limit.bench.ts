/**
 * Kraken rate limiting through ccxt: `npm run bench -- kraken-rate-limit`. Runs the Kraken
 * broker against the local simulator with small budgets and reports the call rates it
 * achieves. ccxt's single leaky bucket weighs AddOrder/CancelOrder 0 (Kraken counts them in a
 * separate matching-engine budget), so plain ccxt cannot hold an order budget: the baseline
 * (plain ccxt kraken, same general budget) shows order calls going through unthrottled,
 * while our second ccxt Throttler holds them to `order_calls_per_minute`.
 */
import { kraken } from 'ccxt'
import { SystemClock } from '../../src-main/engine/clock'
import { KrakenBroker } from '../../src-main/engine/execution/kraken/kraken-broker'
import { silentLogger } from '../../src-main/engine/logging/logger'
import { KrakenSimulator, strictlyIncreasingNonce } from '../fakes/kraken'
import { executionSection } from '../helpers/execution-kit'
import type { Benchmark } from './bench-result'

const GENERAL_UNITS_PER_MINUTE = 1_200 // 20 cost units/s: a private query (cost 3) every 150 ms
const ORDER_CALLS_PER_MINUTE = 600 // 10 order calls/s
const CALLS = 20

const benchmark: Benchmark = async (emit) => {
  const sim = new KrakenSimulator()
  await sim.start()
  sim.setBalance('USDT', '1000')
  sim.setPrice('BTC/USDT', '30000.0')
  try {
    const config = executionSection({
      kraken: {
        api_key: sim.credentials.apiKey,
        api_secret: sim.credentials.secret,
        base_url: sim.url,
        rate_limit: {
          calls_per_minute: GENERAL_UNITS_PER_MINUTE,
          order_calls_per_minute: ORDER_CALLS_PER_MINUTE,
          burst: 1,
          order_burst: 1,
        },
      },
    }).kraken
    const broker = new KrakenBroker({
      config,
      clock: new SystemClock(),
      logger: silentLogger(),
      ccxt: { nonce: strictlyIncreasingNonce() },
    })
    await broker.connect()
    const plain = new kraken({
      apiKey: sim.credentials.apiKey,
      secret: sim.credentials.secret,
      rateLimit: 60_000 / GENERAL_UNITS_PER_MINUTE,
      nonce: strictlyIncreasingNonce(),
      urls: { api: { public: sim.url, private: sim.url } },
    })
    await plain.loadMarkets()

    // Order calls: cancelling an unknown order is answered at once, so the limiter is all that paces them.
    const cancels = (cancel: () => Promise<unknown>) =>
      rate(CALLS, async () => {
        await cancel().catch(() => undefined)
      })
    const ours = await cancels(() => broker.cancelOrder('OAAAAA-BBBBB-CCCCCC', 'BTC/USDT'))
    const baseline = await cancels(() => plain.cancelOrder('OAAAAA-BBBBB-CCCCCC', 'BTC/USDT'))
    emit({
      bench: 'kraken-rate-limit',
      metric: 'order_calls_per_s',
      value: round(ours),
      unit: '1/s',
      baseline: { name: 'ccxt kraken single bucket', value: round(baseline) },
      details: { configured_per_s: ORDER_CALLS_PER_MINUTE / 60, calls: CALLS },
    })
    const queries = await rate(CALLS, () => broker.fetchBalances())
    emit({
      bench: 'kraken-rate-limit',
      metric: 'private_queries_per_s',
      value: round(queries),
      unit: '1/s',
      baseline: {
        name: 'configured budget (cost 3 each)',
        value: round(GENERAL_UNITS_PER_MINUTE / 60 / 3),
      },
      details: { calls: CALLS },
    })
    await broker.close()
    await plain.close()
  } finally {
    await sim.stop()
  }
}

/** Calls per second of `calls` sequential calls, after one warm-up call. */
async function rate(calls: number, call: () => Promise<unknown>): Promise<number> {
  await call()
  const started = performance.now()
  for (let i = 0; i < calls; i++) await call()
  return (calls * 1000) / (performance.now() - started)
}

function round(value: number): number {
  return Math.round(value * 100) / 100
}

export default benchmark
