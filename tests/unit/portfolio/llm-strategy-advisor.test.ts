import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../../../src-main/engine/clock'
import { LlmRouter } from '../../../src-main/engine/llm/llm-router'
import type { LlmProvider, ProviderName } from '../../../src-main/engine/llm/llm-types'
import { RulesProvider } from '../../../src-main/engine/llm/providers/rules-provider'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import {
  LlmStrategyAdvisor,
  PortfolioRebalanceAgent,
  planRebalance,
  rebalanceAgentSettings,
} from '../../../src-main/engine/portfolio'
import type { AgentsConfig } from '../../../src-main/engine/config/schemas/agents'
import { shippedAgentsConfig } from '../../helpers/llm/agents-config'
import { say, ScriptedProvider } from '../../helpers/llm/scripted-provider'
import { anAllocation } from './portfolio-builders'

const d = (value: string | number) => new Decimal(value)
const allocation = anAllocation().build()
const request = {
  allocation,
  trades: planRebalance(allocation, { minTradeUsd: d(10), isForced: true }).trades,
  correlationId: 'corr-9',
}

function setup(edit: (config: AgentsConfig) => void = () => {}) {
  const config = shippedAgentsConfig(edit)
  const clock = new VirtualClock(1_000_000)
  const deepseek = new ScriptedProvider('deepseek')
  const providers = new Map<ProviderName, LlmProvider>([
    ['deepseek', deepseek],
    ['rules', new RulesProvider()],
  ])
  const router = new LlmRouter({ config, providers, clock, logger: silentLogger() })
  const agent = new PortfolioRebalanceAgent({
    advisor: new LlmStrategyAdvisor(router),
    settings: rebalanceAgentSettings(config),
    portfolio: {
      executionType: 'limit',
      dca: { isEnabled: true, thresholdUsd: d(500), batches: 6, intervalMs: 14_400_000 },
    },
    clock,
    logger: silentLogger(),
  })
  return { agent, deepseek, config }
}

describe('LlmStrategyAdvisor', () => {
  it('asks the portfolio_rebalance route (DeepSeek) and hands back the validated answer', async () => {
    const { agent, deepseek, config } = setup()
    deepseek.enqueue(
      config.models.deepseek!.model,
      say.json({
        execution_strategy: 'market',
        trade_order: ['BTC/USDT'],
        reasoning: 'tight spreads',
      }),
    )
    const decision = await agent.chooseStrategy(request)
    expect(decision).toMatchObject({
      strategy: { executionType: 'market', tradeOrder: ['BTC/USDT'], splitLargeTrades: true },
      usedFallbackStrategy: false,
      reasoning: 'tight spreads',
      model: 'deepseek',
    })
    const sent = deepseek.requests[0]!
    expect(sent.system).toContain('never change their amounts')
    expect(sent.messages).toEqual([
      { role: 'user', content: expect.stringContaining('"amount_usd": "168.47"') },
    ])
  })

  it('ends with the rules answer when DeepSeek fails, reported as the fallback strategy', async () => {
    const { agent, deepseek, config } = setup()
    deepseek.enqueue(config.models.deepseek!.model, say.fail('auth'))
    const decision = await agent.chooseStrategy(request)
    expect(decision).toMatchObject({
      strategy: { executionType: 'limit', tradeOrder: [], splitLargeTrades: true },
      usedFallbackStrategy: true,
      model: 'rules',
      fallbackReason: 'the advisor answered with its default strategy',
    })
  })

  it('reports the router failure when no model is left to answer', async () => {
    const { agent, deepseek, config } = setup((agents) => {
      agents.agents.portfolio_rebalance.fallbacks = []
      agents.llm.offline_fallback = null
    })
    deepseek.enqueue(config.models.deepseek!.model, say.fail('auth'))
    const decision = await agent.chooseStrategy(request)
    expect(decision.usedFallbackStrategy).toBe(true)
    expect(decision.fallbackReason).toMatch(/^model failed: auth: /)
  })
})
