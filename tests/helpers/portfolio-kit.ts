import type Decimal from 'decimal.js'
import { MessageBus } from '../../src-main/engine/bus'
import { VirtualClock } from '../../src-main/engine/clock'
import { loadConfig } from '../../src-main/engine/config'
import {
  portfolioFileSchema,
  type PortfolioConfig,
} from '../../src-main/engine/config/schemas/portfolio'
import { silentLogger } from '../../src-main/engine/logging/logger'
import { createPortfolio, type Portfolio } from '../../src-main/engine/portfolio'
import {
  InMemoryRiskAlertPublisher,
  InMemoryRiskEventRecorder,
  InMemoryRiskStateRepository,
  RiskEngine,
  riskConfigSchema,
} from '../../src-main/engine/risk'
import type { Store } from '../../src-main/engine/store'
import { FakeMarket, FakeTradeExecutor, ScriptedAdvisor } from '../fakes/portfolio'
import { CONFIG_DIR } from './config-fixture'
import { numberedUuids } from './numbered-uuids'

/** Monday 2025-01-06 12:00 UTC. */
export const T0 = Date.UTC(2025, 0, 6, 12)
export const HOUR = 3_600_000

/** portfolio.yaml as shipped (seed 001), as a plain object tests may change before parsing. */
export function portfolioYaml() {
  return {
    portfolio: {
      quote_asset: 'USDT',
      target_allocation: { BTC: 33.33, XRP: 33.33, USDT: 33.34 } as Record<string, number>,
      rebalancing: {
        threshold_pct: 5.0,
        min_trade_usd: 10.0,
        execution_type: 'limit',
        check_interval_seconds: 3600,
        dca: { enabled: true, threshold_usd: 500, batches: 6, interval_hours: 4 },
      },
      hodl_bags: {
        enabled: true,
        allocation_pct: 10,
        amounts: { BTC: 0, XRP: 0, USDT: 0 } as Record<string, number | string>,
      },
    },
  }
}

/** A portfolio message seen on the bus's portfolio_updates topic. */
export interface SeenUpdate {
  readonly eventType: string
  readonly data: Record<string, unknown>
  readonly correlationId: string | null
}

export interface PortfolioKit {
  readonly portfolio: Portfolio
  readonly clock: VirtualClock
  readonly market: FakeMarket
  readonly executor: FakeTradeExecutor
  readonly advisor: ScriptedAdvisor
  readonly risk: RiskEngine
  readonly bus: MessageBus
  readonly updates: SeenUpdate[]
  readonly config: PortfolioConfig
  /** Stops this portfolio and builds another on the same store, clock, market, executor and risk engine, as after a restart. */
  restart(advisor?: ScriptedAdvisor): Promise<PortfolioKit>
}

export interface KitOptions {
  readonly store: Store
  readonly clock?: VirtualClock
  readonly market?: FakeMarket
  readonly executor?: FakeTradeExecutor
  readonly advisor?: ScriptedAdvisor
  readonly risk?: RiskEngine
  /** Changes portfolio.yaml before it is parsed. */
  readonly configure?: (yaml: ReturnType<typeof portfolioYaml>) => void
  readonly isAgentEnabled?: boolean
  /** Coins per asset that open spot long positions hold; the test may change it as it goes. */
  readonly heldByPositions?: Record<string, Decimal>
}

const agents = loadConfig({ configDir: CONFIG_DIR, env: {} }).config.agents

/**
 * Builds the portfolio part as the engine would, on a real store, bus and risk engine, a
 * virtual clock at {@link T0}, a fake market (the seed's $4,100 example unless given), a
 * fake executor that fills on that market, and a scripted advisor. Ids are numbered UUIDs.
 */
export async function aPortfolioKit(options: KitOptions): Promise<PortfolioKit> {
  const clock = options.clock ?? new VirtualClock(T0)
  const market = options.market ?? seedMarket()
  const executor = options.executor ?? new FakeTradeExecutor(market)
  const advisor = options.advisor ?? new ScriptedAdvisor()
  const logger = silentLogger()
  const risk =
    options.risk ??
    (await RiskEngine.create({
      config: riskConfigSchema.parse({ risk: {} }),
      clock,
      logger,
      stateRepository: new InMemoryRiskStateRepository(),
      eventRecorder: new InMemoryRiskEventRecorder(),
      alertPublisher: new InMemoryRiskAlertPublisher(),
    }))
  const yaml = portfolioYaml()
  options.configure?.(yaml)
  const config = portfolioFileSchema.parse(yaml)
  const agentsConfig = structuredClone(agents)
  agentsConfig.agents.portfolio_rebalance.enabled = options.isAgentEnabled ?? true
  const bus = new MessageBus({ clock, logger })
  const updates: SeenUpdate[] = []
  bus.subscribe('test', 'portfolio_updates', (message) => {
    updates.push({
      eventType: message.payload.event_type,
      data: (message.payload.data ?? {}) as Record<string, unknown>,
      correlationId: message.correlationId,
    })
  })
  const portfolio = createPortfolio({
    portfolioConfig: config,
    agentsConfig,
    db: options.store.db,
    bus,
    clock,
    logger,
    balances: market,
    prices: market,
    markets: market,
    heldByPositions: () => options.heldByPositions ?? {},
    risk,
    executor,
    advisor,
    newId: numberedUuids(),
  })
  const kit: PortfolioKit = {
    portfolio,
    clock,
    market,
    executor,
    advisor,
    risk,
    bus,
    updates,
    config,
    async restart(nextAdvisor) {
      await portfolio.service.stop()
      const next = await aPortfolioKit({
        ...options,
        clock,
        market,
        executor,
        risk,
        advisor: nextAdvisor ?? advisor,
      })
      await next.portfolio.service.start()
      return next
    },
  }
  return kit
}

/** The seed's worked example: 0.0345 BTC ($1,535), 2,150 XRP at $0.60, 1,275 USDT. */
export function seedMarket(): FakeMarket {
  return new FakeMarket()
    .balance('BTC', '0.0345')
    .balance('XRP', '2150')
    .balance('USDT', '1275')
    .price('BTC/USDT', '44492.753623188405797')
    .price('XRP/USDT', '0.6')
}

/** BTC $6,000, XRP $3,000, USDT $1,000: sell $2,667 of BTC (DCA: 6 × 444.50), buy $333 of XRP. */
export function dcaMarket(): FakeMarket {
  return new FakeMarket()
    .balance('BTC', '0.12')
    .balance('XRP', '5000')
    .balance('USDT', '1000')
    .price('BTC/USDT', '50000')
    .price('XRP/USDT', '0.6')
}

/** Empties the portfolio tables between tests sharing one store. */
export async function clearPortfolioTables(store: Store): Promise<void> {
  for (const table of [
    'scheduled_trades',
    'rebalancing_history',
    'hodl_bags',
    'hodl_bag_history',
    'portfolio_snapshots',
  ]) {
    await store.execute(`DELETE FROM ${table}`)
  }
}
