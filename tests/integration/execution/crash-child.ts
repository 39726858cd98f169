/**
 * The engine's execution part as a separate process, for the crash test: opens the PGlite
 * folder, connects to the Kraken simulator through ccxt, reconciles at start, and (ACTION=
 * execute) sends one order. CRASH_AT=after-store|after-send kills the process at that point
 * of the placement with exit code 137, as a crash would. Prints one JSON line on success.
 *
 * Environment: DATA_DIR, SIM_URL, SIM_KEY, SIM_SECRET, ACTION (execute|recover), CRASH_AT,
 * RESUME_WITHIN_SECONDS, PRICE.
 */
import Decimal from 'decimal.js'
import { fileURLToPath } from 'node:url'
import { SystemClock } from '../../../src-main/engine/clock'
import { InMemoryExecutionEventPublisher } from '../../../src-main/engine/execution/execution-event'
import { KrakenBroker } from '../../../src-main/engine/execution/kraken/kraken-broker'
import { ManualPriceSource } from '../../../src-main/engine/execution/manual-price-source'
import { OrderManager } from '../../../src-main/engine/execution/order-manager'
import { PositionTracker } from '../../../src-main/engine/execution/position-tracker'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import { migrateStore, openStore } from '../../../src-main/engine/store'
import { strictlyIncreasingNonce } from '../../fakes/kraken'
import { executionRepositories, executionSection } from '../../helpers/execution-kit'

const env = (name: string): string => {
  const value = process.env[name]
  if (value === undefined) throw new Error(`missing environment variable ${name}`)
  return value
}

const crashAt = process.env.CRASH_AT ?? 'none'
const crash = (point: string) => {
  if (crashAt === point) process.exit(137)
}

const store = await openStore({ driver: 'pglite', dataDir: env('DATA_DIR') })
await migrateStore(store, fileURLToPath(new URL('../../../migrations', import.meta.url)))
const config = executionSection({
  mode: 'live',
  kraken: {
    api_key: env('SIM_KEY'),
    api_secret: env('SIM_SECRET'),
    base_url: env('SIM_URL'),
    rate_limit: {
      calls_per_minute: 600_000,
      order_calls_per_minute: 600_000,
      burst: 100,
      order_burst: 100,
    },
  },
  orders: {
    retry_delay_seconds: 0.05,
    placement_deadline_seconds: 2,
    resume_unsent_within_seconds: Number(process.env.RESUME_WITHIN_SECONDS ?? '60'),
  },
})
const clock = new SystemClock()
const logger = silentLogger()
const repositories = executionRepositories(store)
const events = new InMemoryExecutionEventPublisher()
const prices = new ManualPriceSource()
prices.setPrice('BTC/USDT', new Decimal(process.env.PRICE ?? '30000'), clock.now())
const broker = new KrakenBroker({
  config: config.kraken,
  clock,
  logger,
  ccxt: { nonce: strictlyIncreasingNonce() },
})
await broker.connect()
const tracker = new PositionTracker({
  clock,
  logger,
  positions: repositories.positions,
  snapshots: repositories.snapshots,
  prices,
  events,
  config: { positions: config.positions, trailingStop: config.trailing_stop },
  hodl: null,
})
const manager = new OrderManager({
  clock,
  logger,
  broker,
  prices,
  tracker,
  events,
  repositories,
  config: { orders: config.orders, positions: config.positions, maxPriceAgeMs: 180_000 },
  probes: {
    afterStore: () => crash('after-store'),
    afterSend: () => crash('after-send'),
  },
})

const report = await manager.start()
let result: unknown = null
if (env('ACTION') === 'execute') {
  result = await manager.execute({
    symbol: 'BTC/USDT',
    side: 'buy',
    size: new Decimal('0.01'),
    orderType: 'market',
    leverage: 2,
    stopLoss: new Decimal('29000'),
    correlationId: 'crash-test',
    role: 'entry',
  })
}
await manager.stop()
await broker.close()
await store.close()
const { balances: _balances, ...counts } = report
console.log(
  JSON.stringify({
    report: counts,
    success: (result as { success?: boolean } | null)?.success ?? null,
  }),
)
