import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import { MessageBus } from '../../../src-main/engine/bus'
import { VirtualClock } from '../../../src-main/engine/clock'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import { spotLongHoldings } from '../../../src-main/engine/execution'
import { createPortfolio, OrderManagerTradeExecutor } from '../../../src-main/engine/portfolio'
import {
  InMemoryRiskAlertPublisher,
  InMemoryRiskEventRecorder,
  InMemoryRiskStateRepository,
  RiskEngine,
  riskConfigSchema,
} from '../../../src-main/engine/risk'
import { portfolioFileSchema } from '../../../src-main/engine/config/schemas/portfolio'
import type { Store } from '../../../src-main/engine/store'
import { ScheduledTradeRepository } from '../../../src-main/engine/store/repositories/scheduled-trade-repository'
import { ScriptedAdvisor } from '../../fakes/portfolio'
import { executionHarness, truncateExecutionTables } from '../../helpers/execution-kit'
import { shippedAgentsConfig } from '../../helpers/llm/agents-config'
import { clearPortfolioTables, portfolioYaml } from '../../helpers/portfolio-kit'
import { testStores, useTestStore } from '../../helpers/test-store'

const T0 = Date.UTC(2025, 0, 1)
const HOUR = 3_600_000

describe.each(testStores())('the portfolio over the paper order manager on $name', (testStore) => {
  let store: Store
  useTestStore(
    testStore,
    (opened) => (store = opened),
    async (opened) => {
      await truncateExecutionTables(opened)
      await clearPortfolioTables(opened)
    },
  )

  async function setup() {
    const clock = new VirtualClock(T0)
    const execution = executionHarness({ store, clock })
    execution.prices.setPrice('BTC/USDT', new Decimal('50000'), T0)
    execution.prices.setPrice('XRP/USDT', new Decimal('0.5'), T0)
    await execution.manager.start()
    const logger = silentLogger()
    const risk = await RiskEngine.create({
      config: riskConfigSchema.parse({ risk: {} }),
      clock,
      logger,
      stateRepository: new InMemoryRiskStateRepository(),
      eventRecorder: new InMemoryRiskEventRecorder(),
      alertPublisher: new InMemoryRiskAlertPublisher(),
    })
    const bus = new MessageBus({ clock, logger })
    const portfolio = createPortfolio({
      portfolioConfig: portfolioFileSchema.parse(portfolioYaml()),
      agentsConfig: shippedAgentsConfig(),
      db: store.db,
      bus,
      clock,
      logger,
      balances: execution.broker,
      prices: execution.prices,
      markets: execution.broker,
      heldByPositions: () => spotLongHoldings(execution.tracker.openPositions()),
      risk,
      executor: new OrderManagerTradeExecutor(execution.manager),
      advisor: new ScriptedAdvisor(
        ScriptedAdvisor.text('{"execution_strategy":"market","reasoning":"paper fills"}'),
      ),
    })
    await portfolio.service.start()
    return { clock, execution, portfolio }
  }

  // The engine holds such a batch back until prices come again (engine/held-back-batches);
  // the order manager's refusal is the backstop when nothing does.
  it('refuses a DCA batch on a stale market price (older than 180 s), and says so', async () => {
    const { clock, portfolio } = await setup()
    await portfolio.service.rebalance()
    // Four hours on, the feed has sent nothing since T0.
    await clock.advanceTo(T0 + 4 * HOUR)
    await portfolio.scheduler.whenIdle()
    const refused = await new ScheduledTradeRepository(store.db).withStatus('failed')
    expect(refused.map((batch) => [batch.symbol, batch.batchIndex])).toEqual([
      ['BTC/USDT', 1],
      ['XRP/USDT', 1],
    ])
    expect(refused[0]?.error).toContain('STALE_PRICE: symbol=BTC/USDT')
    expect(refused[0]?.error).toContain('price_age_ms=14400000 max_ms=180000')
  })

  it('turns an all-USDT account into BTC and XRP with DCA market orders of role rebalance', async () => {
    const { clock, execution, portfolio } = await setup()
    const result = await portfolio.service.rebalance()
    // 10,000 USDT, targets 33.33 / 33.33 / 33.34: buy $3,333 of each, 6 batches of 555.50.
    expect(result.trades).toEqual([
      {
        symbol: 'BTC/USDT',
        side: 'buy',
        amountUsd: '3333.00',
        executionType: 'market',
        priority: 1,
        batches: 6,
      },
      {
        symbol: 'XRP/USDT',
        side: 'buy',
        amountUsd: '3333.00',
        executionType: 'market',
        priority: 2,
        batches: 6,
      },
    ])
    const batches = new ScheduledTradeRepository(store.db)
    const firstRun = (await batches.withStatus('executed')).map((batch) => [
      batch.symbol,
      batch.orderId,
    ])
    expect(firstRun).toHaveLength(2)
    for (const [, orderId] of firstRun) {
      const order = await execution.repositories.orders.findById(orderId as string)
      expect(order).toMatchObject({
        role: 'rebalance',
        type: 'market',
        leverage: 1,
        status: 'FILLED',
      })
    }
    const balances = await execution.broker.fetchBalances()
    expect(balances.BTC?.total.gt(0)).toBe(true)
    expect(balances.XRP?.total.gt(0)).toBe(true)

    for (let hours = 4; hours <= 20; hours += 4) {
      // The market goes on: each batch trades on a price of its own hour.
      await clock.advanceTo(T0 + hours * HOUR - 1)
      execution.prices.setPrice('BTC/USDT', new Decimal('50000'), clock.now())
      execution.prices.setPrice('XRP/USDT', new Decimal('0.5'), clock.now())
      await clock.advanceTo(T0 + hours * HOUR)
      await portfolio.scheduler.whenIdle()
    }
    expect(await batches.withStatus('executed')).toHaveLength(12)
    const after = await portfolio.service.allocation()
    // Fees and slippage aside, each asset is now close to its third.
    for (const asset of after.assets) {
      expect(new Decimal(asset.deviationPct).abs().lt('0.5')).toBe(true)
    }
  })
})
