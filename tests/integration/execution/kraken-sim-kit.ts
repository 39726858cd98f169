import { SystemClock, type Clock } from '../../../src-main/engine/clock'
import { KrakenBroker } from '../../../src-main/engine/execution/kraken/kraken-broker'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import type { KrakenSimulator } from '../../fakes/kraken'
import { strictlyIncreasingNonce } from '../../fakes/kraken'
import { executionSection, type ExecutionSection } from '../../helpers/execution-kit'

/** execution.yaml tuned for tests against the simulator: real-time waits kept short. */
export function simulatorConfig(sim: KrakenSimulator, timeoutMs = 2_000): ExecutionSection {
  return executionSection({
    mode: 'live',
    kraken: {
      api_key: sim.credentials.apiKey,
      api_secret: sim.credentials.secret,
      base_url: sim.url,
      timeout_ms: timeoutMs,
      rate_limit: {
        calls_per_minute: 600_000,
        order_calls_per_minute: 600_000,
        burst: 100,
        order_burst: 100,
      },
    },
    orders: {
      retry_delay_seconds: 0.05,
      monitor_interval_seconds: 0.05,
      placement_deadline_seconds: 2,
      max_retry_count: 3,
    },
  })
}

/** A KrakenBroker on the real ccxt client pointed at the simulator. */
export function simulatorBroker(
  sim: KrakenSimulator,
  options: { clock?: Clock; timeoutMs?: number } = {},
): KrakenBroker {
  return new KrakenBroker({
    config: simulatorConfig(sim, options.timeoutMs).kraken,
    clock: options.clock ?? new SystemClock(),
    logger: silentLogger(),
    ccxt: { nonce: strictlyIncreasingNonce() },
  })
}
