import Decimal from 'decimal.js'
import { VirtualClock, type Clock } from '../../src-main/engine/clock'
import { loadConfig } from '../../src-main/engine/config'
import type { ExecutionConfig } from '../../src-main/engine/config/schemas/execution'
import type { Broker } from '../../src-main/engine/execution/broker/broker'
import {
  FanOutExecutionEventPublisher,
  InMemoryExecutionEventPublisher,
  type ExecutionEventPublisher,
} from '../../src-main/engine/execution/execution-event'
import type { ExecutionRequest } from '../../src-main/engine/execution/execution-request'
import { RepositoryHodlBagAccrual } from '../../src-main/engine/execution/hodl-bag-accrual'
import { ManualPriceSource } from '../../src-main/engine/execution/manual-price-source'
import {
  OrderManager,
  type OrderManagerProbes,
} from '../../src-main/engine/execution/order-manager'
import { PaperBroker } from '../../src-main/engine/execution/paper/paper-broker'
import { PositionTracker } from '../../src-main/engine/execution/position-tracker'
import { silentLogger } from '../../src-main/engine/logging/logger'
import type { Store } from '../../src-main/engine/store'
import { ExecutionEventRepository } from '../../src-main/engine/store/repositories/execution-event-repository'
import { FillRepository } from '../../src-main/engine/store/repositories/fill-repository'
import { HodlBagRepository } from '../../src-main/engine/store/repositories/hodl-bag-repository'
import { OrderRepository } from '../../src-main/engine/store/repositories/order-repository'
import { OrderStatusLogRepository } from '../../src-main/engine/store/repositories/order-status-log-repository'
import { PositionRepository } from '../../src-main/engine/store/repositories/position-repository'
import { PositionSnapshotRepository } from '../../src-main/engine/store/repositories/position-snapshot-repository'
import { WriteBehind } from '../../src-main/engine/store/write-behind'
import { CONFIG_DIR } from './config-fixture'

export type ExecutionSection = ExecutionConfig['execution']

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] }

/** The shipped execution.yaml section, with overrides merged in. */
export function executionSection(overrides: DeepPartial<ExecutionSection> = {}): ExecutionSection {
  const { config } = loadConfig({ configDir: CONFIG_DIR, env: {} })
  return merge(config.execution.execution, overrides) as ExecutionSection
}

function merge(base: unknown, overrides: unknown): unknown {
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    return overrides === undefined ? base : overrides
  }
  const result: Record<string, unknown> = { ...(base as Record<string, unknown>) }
  for (const [key, value] of Object.entries(overrides)) {
    result[key] = merge(result[key], value)
  }
  return result
}

/** Builds execution requests: `aRequest().limit('45200').buy('0.05').build()`. */
export class RequestBuilder {
  private request: ExecutionRequest = {
    symbol: 'BTC/USDT',
    side: 'buy',
    size: new Decimal('0.05'),
    orderType: 'market',
    leverage: 1,
    correlationId: 'corr-1',
    role: 'entry',
  }

  buy(size: string): this {
    return this.with({ side: 'buy', size: new Decimal(size) })
  }

  sell(size: string): this {
    return this.with({ side: 'sell', size: new Decimal(size) })
  }

  limit(price: string): this {
    return this.with({ orderType: 'limit', limitPrice: new Decimal(price) })
  }

  market(): this {
    return this.with({ orderType: 'market', limitPrice: undefined })
  }

  symbol(symbol: string): this {
    return this.with({ symbol })
  }

  stopLoss(price: string): this {
    return this.with({ stopLoss: new Decimal(price) })
  }

  takeProfit(price: string): this {
    return this.with({ takeProfit: new Decimal(price) })
  }

  leverage(leverage: number): this {
    return this.with({ leverage })
  }

  correlation(correlationId: string): this {
    return this.with({ correlationId })
  }

  rebalance(): this {
    return this.with({ role: 'rebalance' })
  }

  close(positionId: string, reason = 'manual'): this {
    return this.with({ role: 'close', positionId, reason })
  }

  with(fields: Partial<ExecutionRequest>): this {
    this.request = { ...this.request, ...fields }
    return this
  }

  build(): ExecutionRequest {
    return this.request
  }
}

export const aRequest = () => new RequestBuilder()

/** Every execution repository on one store, writing through `writes` (at once by default). */
export function executionRepositories(
  store: Store,
  writes: WriteBehind = WriteBehind.immediate(store.db),
) {
  return {
    orders: new OrderRepository(store.db, writes),
    statusLog: new OrderStatusLogRepository(store.db, writes),
    fills: new FillRepository(store.db, writes),
    positions: new PositionRepository(store.db, writes),
    snapshots: new PositionSnapshotRepository(store.db, writes),
    events: new ExecutionEventRepository(store.db, writes),
    hodl: new HodlBagRepository(store.db),
  }
}

export interface HarnessOptions<C extends Clock = VirtualClock> {
  store: Store
  clock?: C
  prices?: ManualPriceSource
  config?: ExecutionSection
  broker?: (parts: { clock: C; prices: ManualPriceSource; config: ExecutionSection }) => Broker
  probes?: OrderManagerProbes
  hodlAllocationPct?: number
  /** Further publishers that receive every execution event after the in-memory one (as the engine's UI events do). */
  observers?: readonly ExecutionEventPublisher[]
  /** How the repositories write: at once by default, batched as in a replay when given. */
  writes?: WriteBehind
}

/** The paper broker on a harness's clock, prices and config (without fallback prices when given `{}`). */
export function paperBrokerOn<C extends Clock>(
  parts: { clock: C; prices: ManualPriceSource; config: ExecutionSection },
  fallbackPrices: ExecutionSection['fallback_prices'] = parts.config.fallback_prices,
): PaperBroker {
  return new PaperBroker({
    clock: parts.clock,
    prices: parts.prices,
    config: parts.config.paper,
    fallbackPrices,
    logger: silentLogger(),
  })
}

/** An order manager, tracker and (by default) paper broker wired on a store and a virtual clock. */
export function executionHarness<C extends Clock = VirtualClock>(options: HarnessOptions<C>) {
  const clock = options.clock ?? (new VirtualClock(Date.UTC(2025, 0, 1)) as unknown as C)
  const prices = options.prices ?? new ManualPriceSource()
  const config = options.config ?? executionSection()
  const logger = silentLogger()
  const repositories = executionRepositories(options.store, options.writes)
  const events = new InMemoryExecutionEventPublisher()
  const publisher = options.observers?.length
    ? new FanOutExecutionEventPublisher([events, ...options.observers])
    : events
  const broker =
    options.broker?.({ clock, prices, config }) ?? paperBrokerOn({ clock, prices, config })
  const tracker = new PositionTracker({
    clock,
    logger,
    positions: repositories.positions,
    snapshots: repositories.snapshots,
    prices,
    events: publisher,
    config: { positions: config.positions, trailingStop: config.trailing_stop },
    hodl: {
      accrual: new RepositoryHodlBagAccrual(repositories.hodl),
      isEnabled: true,
      allocationPct: options.hodlAllocationPct ?? 10,
    },
  })
  const manager = new OrderManager({
    clock,
    logger,
    broker,
    prices,
    tracker,
    events: publisher,
    repositories,
    config: { orders: config.orders, positions: config.positions, maxPriceAgeMs: 180_000 },
    probes: options.probes,
  })
  return { clock, prices, config, logger, broker, tracker, manager, events, repositories }
}

/** Empties the execution tables, so one migrated store can serve a whole test file. */
export async function truncateExecutionTables(store: Store): Promise<void> {
  await store.execute(
    'TRUNCATE orders, order_status_log, fills, positions, position_snapshots, execution_events, hodl_bags, hodl_bag_history',
  )
}
