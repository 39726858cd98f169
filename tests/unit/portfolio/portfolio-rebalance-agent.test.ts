import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../../../src-main/engine/clock'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import {
  PortfolioRebalanceAgent,
  parseStrategyAnswer,
  planRebalance,
  type DcaSettings,
  type StrategyRequest,
} from '../../../src-main/engine/portfolio'
import { ScriptedAdvisor, type AdvisorReply } from '../../fakes/portfolio'
import { anAllocation } from './portfolio-builders'

const d = (value: string | number) => new Decimal(value)
const dca: DcaSettings = {
  isEnabled: true,
  thresholdUsd: d(500),
  batches: 6,
  intervalMs: 14_400_000,
}
const allocation = anAllocation().build()
const trades = planRebalance(allocation, { minTradeUsd: d(10), isForced: true }).trades
const request: StrategyRequest = { allocation, trades, correlationId: 'corr-7' }

function anAgent(
  replies: AdvisorReply[],
  options: { isEnabled?: boolean; executionType?: 'limit' | 'market' } = {},
) {
  const clock = new VirtualClock(0)
  const advisor = new ScriptedAdvisor(...replies)
  const agent = new PortfolioRebalanceAgent({
    advisor,
    settings: { isEnabled: options.isEnabled ?? true, timeoutMs: 15_000 },
    portfolio: { executionType: options.executionType ?? 'limit', dca },
    clock,
    logger: silentLogger(),
  })
  return { agent, advisor, clock }
}

const answer = (value: Record<string, unknown>) => ScriptedAdvisor.text(JSON.stringify(value))
const DEFAULT = { executionType: 'limit', tradeOrder: [], splitLargeTrades: true }

describe('the Portfolio Rebalance agent', () => {
  it("uses the model's strategy when it answers well", async () => {
    const { agent, advisor } = anAgent([
      answer({
        execution_strategy: 'market',
        trade_order: ['XRP/USDT', 'BTC/USDT'],
        split_large_trades: false,
        reasoning: 'thin book on XRP; go first',
      }),
    ])
    const decision = await agent.chooseStrategy(request)
    expect(decision).toEqual({
      strategy: {
        executionType: 'market',
        tradeOrder: ['XRP/USDT', 'BTC/USDT'],
        splitLargeTrades: false,
      },
      usedFallbackStrategy: false,
      reasoning: 'thin book on XRP; go first',
      model: 'deepseek',
      fallbackReason: null,
    })
    expect(advisor.prompts).toHaveLength(1)
  })

  it('reads JSON wrapped in code fences and prose, ignoring unknown keys', async () => {
    const text =
      'Here is my plan:\n```json\n{"execution_strategy":"limit","reasoning":"calm market","amount_usd":99999}\n```'
    const { agent } = anAgent([ScriptedAdvisor.text(text)])
    const decision = await agent.chooseStrategy(request)
    expect(decision.usedFallbackStrategy).toBe(false)
    // Split follows the DCA setting when the model does not say.
    expect(decision.strategy).toEqual({
      executionType: 'limit',
      tradeOrder: [],
      splitLargeTrades: true,
    })
  })

  it('accepts the LLM layer rules answer and reports it as a fallback', async () => {
    const { agent } = anAgent([
      answer({
        execution_strategy: 'limit',
        sells_first: true,
        reasoning: 'rules: default strategy, limit orders with sells before buys',
        used_fallback_strategy: true,
      }),
    ])
    const decision = await agent.chooseStrategy(request)
    expect(decision.usedFallbackStrategy).toBe(true)
    expect(decision.fallbackReason).toBe('the advisor answered with its default strategy')
    expect(decision.strategy.executionType).toBe('limit')
  })

  it("uses the configured default, not the rules answer's fixed limit, when the advisor answers with its default", async () => {
    const { agent } = anAgent(
      [
        answer({
          execution_strategy: 'limit',
          trade_order: ['BTC/USDT'],
          split_large_trades: false,
          reasoning: 'rules: default strategy, limit orders with sells before buys',
          used_fallback_strategy: true,
        }),
      ],
      { executionType: 'market' },
    )
    const decision = await agent.chooseStrategy(request)
    expect(decision.usedFallbackStrategy).toBe(true)
    expect(decision.strategy).toEqual({ ...DEFAULT, executionType: 'market' })
  })

  it.each<[string, AdvisorReply, string]>([
    ['fails', { ok: false, error: 'rate_limited: 429' }, 'model failed: rate_limited: 429'],
    ['throws', new Error('socket hang up'), 'model failed: socket hang up'],
    [
      'answers prose',
      ScriptedAdvisor.text('sell some bitcoin'),
      'model answered badly: no JSON object in the answer',
    ],
    [
      'answers broken JSON',
      ScriptedAdvisor.text('{"execution_strategy": "limit",}'),
      'model answered badly: invalid JSON',
    ],
    [
      'answers outside the schema',
      answer({ execution_strategy: 'stop', reasoning: 'x' }),
      'model answered badly: schema: execution_strategy:',
    ],
    [
      'omits the reasoning',
      answer({ execution_strategy: 'limit' }),
      'model answered badly: schema: reasoning:',
    ],
    [
      'orders a symbol that has no trade',
      answer({ execution_strategy: 'limit', trade_order: ['ETH/USDT'], reasoning: 'x' }),
      'model answered badly: trade_order names symbol=ETH/USDT, which has no trade',
    ],
    [
      'orders a symbol twice',
      answer({
        execution_strategy: 'limit',
        trade_order: ['BTC/USDT', 'BTC/USDT'],
        reasoning: 'x',
      }),
      'model answered badly: trade_order names symbol=BTC/USDT twice',
    ],
  ])('uses the default strategy when the model %s', async (_name, reply, reason) => {
    const { agent } = anAgent([reply])
    const decision = await agent.chooseStrategy(request)
    expect(decision.strategy).toEqual(DEFAULT)
    expect(decision.usedFallbackStrategy).toBe(true)
    expect(decision.model).toBeNull()
    expect(decision.fallbackReason?.startsWith(reason)).toBe(true)
    expect(decision.reasoning).toMatch(
      /^default strategy \(.+\): limit orders, sells before buys, largest first, large trades split into DCA batches$/,
    )
  })

  it('stops waiting after the route timeout on the clock, aborting the call', async () => {
    const { agent, advisor, clock } = anAgent(['hang'])
    const pending = agent.chooseStrategy(request)
    await clock.advance(14_999)
    expect(advisor.prompts[0]?.signal.aborted).toBe(false)
    await clock.advance(1)
    const decision = await pending
    expect(decision.usedFallbackStrategy).toBe(true)
    expect(decision.fallbackReason).toBe('model failed: timeout after 15000 ms')
    expect(advisor.prompts[0]?.signal.aborted).toBe(true)
    expect(clock.pendingTimers()).toBe(0)
  })

  it('does not ask the model when disabled', async () => {
    const { agent, advisor } = anAgent([answer({ execution_strategy: 'market', reasoning: 'x' })], {
      isEnabled: false,
    })
    const decision = await agent.chooseStrategy(request)
    expect(decision.fallbackReason).toBe('agent disabled in agents.yaml')
    expect(decision.strategy).toEqual(DEFAULT)
    expect(advisor.prompts).toEqual([])
  })

  it('clears its timer after a prompt answer', async () => {
    const { agent, clock } = anAgent([answer({ execution_strategy: 'market', reasoning: 'x' })])
    await agent.chooseStrategy(request)
    expect(clock.pendingTimers()).toBe(0)
  })

  it('shows the model the computed trades and the schema, and asks only how to execute', async () => {
    const { agent, advisor } = anAgent([answer({ execution_strategy: 'market', reasoning: 'x' })])
    await agent.chooseStrategy(request)
    const prompt = advisor.prompts[0]!
    expect(prompt.correlationId).toBe('corr-7')
    expect(prompt.schemaName).toBe('portfolio_rebalance_strategy')
    expect(prompt.system).toContain('never change their amounts')
    expect(prompt.system).toContain('"execution_strategy"')
    expect(prompt.jsonSchema).toMatchObject({
      type: 'object',
      required: ['execution_strategy', 'reasoning'],
    })
    const context = JSON.parse(prompt.user)
    expect(context.trades).toEqual([
      { symbol: 'BTC/USDT', side: 'sell', amount_usd: '168.47', price: '44492.753623188405797' },
      { symbol: 'XRP/USDT', side: 'buy', amount_usd: '76.53', price: '0.6' },
    ])
    expect(context.total_equity).toBe('4100.00')
    expect(context.max_deviation_pct).toBe('4.11')
    expect(context.allocation[0]).toEqual({
      asset: 'BTC',
      value: '1535.00',
      pct: '37.44',
      target_pct: '33.33',
      deviation_pct: '4.11',
    })
  })
})

describe('parseStrategyAnswer', () => {
  it('needs a JSON object, not an array', () => {
    expect(parseStrategyAnswer('[1, 2]', trades)).toEqual({
      ok: false,
      error: 'no JSON object in the answer',
    })
  })

  it('names the path of a schema problem at the root', () => {
    const parsed = parseStrategyAnswer('{}', trades)
    expect(parsed.ok).toBe(false)
    expect(!parsed.ok && parsed.error).toMatch(/^schema: execution_strategy: .+; reasoning: /)
  })
})
