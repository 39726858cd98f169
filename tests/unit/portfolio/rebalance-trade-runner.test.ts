import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import {
  RebalanceTradeRunner,
  type RiskGate,
  type ScheduledBatch,
} from '../../../src-main/engine/portfolio'
import {
  InMemoryRiskAlertPublisher,
  InMemoryRiskEventRecorder,
  InMemoryRiskStateRepository,
  RiskEngine,
  riskConfigSchema,
  type PortfolioContext,
  type RiskValidation,
  type TradeProposal,
} from '../../../src-main/engine/risk'
import { VirtualClock } from '../../../src-main/engine/clock'
import { FakeMarket, FakeTradeExecutor } from '../../fakes/portfolio'

const d = (value: string | number) => new Decimal(value)

function aBatch(overrides: Partial<ScheduledBatch> = {}): ScheduledBatch {
  return {
    id: 'batch-1',
    rebalanceId: 'rebalance-1',
    symbol: 'BTC/USDT',
    side: 'sell',
    amountUsd: d('500'),
    executionType: 'limit',
    priority: 1,
    batchIndex: 0,
    batchCount: 1,
    dueAtMs: 0,
    status: 'executing',
    correlationId: 'corr-1',
    orderId: null,
    error: null,
    createdAtMs: 0,
    executedAtMs: null,
    ...overrides,
  }
}

/** A risk gate that records what it saw and answers as told (approve by default). */
class FakeRiskGate implements RiskGate {
  readonly seen: { proposal: TradeProposal; context: PortfolioContext }[] = []
  verdict: (proposal: TradeProposal) => RiskValidation = (proposal) => ({
    status: 'APPROVED',
    proposal,
    reasons: [],
    checks: [],
  })

  validate(proposal: TradeProposal, context: PortfolioContext): RiskValidation {
    this.seen.push({ proposal, context })
    return this.verdict(proposal)
  }
}

/** The real risk engine with its default rules (fee 0.26 %, minimum position value 10). */
function aRiskEngine(): Promise<RiskEngine> {
  return RiskEngine.create({
    config: riskConfigSchema.parse({ risk: {} }),
    clock: new VirtualClock(0),
    logger: silentLogger(),
    stateRepository: new InMemoryRiskStateRepository(),
    eventRecorder: new InMemoryRiskEventRecorder(),
    alertPublisher: new InMemoryRiskAlertPublisher(),
  })
}

function aRunner(
  options: {
    hodl?: Record<string, string>
    inPositions?: Record<string, string>
    riskContext?: () => Promise<PortfolioContext>
    risk?: RiskGate
  } = {},
) {
  const market = new FakeMarket()
    .balance('BTC', '0.05', '0.001')
    .balance('XRP', '1000')
    .balance('USDT', '2000', '500')
    .price('BTC/USDT', '40000')
    .price('XRP/USDT', '0.5')
  const executor = new FakeTradeExecutor()
  const risk = new FakeRiskGate()
  const hodl = Object.fromEntries(
    Object.entries(options.hodl ?? {}).map(([asset, amount]) => [asset, d(amount)]),
  )
  const runner = new RebalanceTradeRunner({
    quoteAsset: 'USDT',
    balances: market,
    prices: market,
    hodlBags: { amounts: async () => hodl },
    heldByPositions: () =>
      Object.fromEntries(
        Object.entries(options.inPositions ?? {}).map(([asset, amount]) => [asset, d(amount)]),
      ),
    risk: options.risk ?? risk,
    executor,
    logger: silentLogger(),
    ...(options.riskContext ? { riskContext: options.riskContext } : {}),
  })
  return { runner, market, executor, risk }
}

describe('RebalanceTradeRunner', () => {
  it('sells the amount at the current price as a reduce-only rebalance trade, limit at that price', async () => {
    const { runner, executor, risk } = aRunner()
    const outcome = await runner.run(aBatch())
    expect(outcome).toEqual({
      status: 'executed',
      orderId: 'order-1',
      error: null,
      size: d('0.0125'),
      price: d('40000'),
    })
    expect(risk.seen[0]?.proposal).toMatchObject({
      symbol: 'BTC/USDT',
      action: 'SELL',
      side: 'long',
      isReduceOnly: true,
      purpose: 'rebalance',
      leverage: 1,
      stopLoss: null,
      correlationId: 'corr-1',
    })
    expect(executor.requests[0]).toMatchObject({
      requestId: 'batch-1',
      side: 'sell',
      size: d('0.0125'),
      orderType: 'limit',
      limitPrice: d('40000'),
      leverage: 1,
      role: 'rebalance',
    })
  })

  it('builds the risk context from the balances: every priced holding, free balances, no positions', async () => {
    const { runner, risk } = aRunner()
    await runner.run(aBatch({ side: 'buy', symbol: 'XRP/USDT', amountUsd: d('100') }))
    const { proposal, context } = risk.seen[0]!
    expect(proposal).toMatchObject({
      action: 'BUY',
      side: 'long',
      isReduceOnly: false,
      size: d('200'),
    })
    // 0.05 × 40,000 + 1,000 × 0.5 + 2,000
    expect(context.equity.toFixed()).toBe('4500')
    expect(
      Object.fromEntries(
        Object.entries(context.freeBalances).map(([asset, free]) => [asset, free.toFixed()]),
      ),
    ).toEqual({
      BTC: '0.049',
      XRP: '1000',
      USDT: '1500',
    })
    expect(context.openPositions).toEqual([])
  })

  it('uses the injected risk context when given', async () => {
    const context: PortfolioContext = { equity: d('99'), freeBalances: {}, openPositions: [] }
    const { runner, risk } = aRunner({ riskContext: async () => context })
    await runner.run(aBatch())
    expect(risk.seen[0]?.context).toEqual(context)
  })

  it('never sells into the hodl bag: caps the size at the balance outside it', async () => {
    const { runner, executor } = aRunner({ hodl: { BTC: '0.045' } })
    const outcome = await runner.run(aBatch({ amountUsd: d('1000') }))
    expect(outcome.status).toBe('executed')
    // 0.05 held, 0.001 of it reserved by an open sell: 0.049 stays, 0.004 of it above the bag.
    expect(executor.requests[0]?.size.toFixed()).toBe('0.004')
  })

  it('counts what open orders reserve as sold, so a resting sell and this one never reach the bag', async () => {
    const { runner, market, executor } = aRunner({ hodl: { BTC: '0.5' } })
    // An earlier batch's limit sell of 0.4 BTC is still resting on the book.
    market.balance('BTC', '1', '0.4')
    const outcome = await runner.run(aBatch({ amountUsd: d('16000') }))
    expect(outcome.status).toBe('executed')
    // Both filling leaves 1 − 0.4 − 0.1 = 0.5 BTC: the bag.
    expect(executor.requests[0]?.size.toFixed()).toBe('0.1')
  })

  it("never sells an open position's coins, whether its stop-loss reserves them or not", async () => {
    // 0.05 held, 0.001 reserved by an open sell; a position without a stop holds 0.03 of the rest.
    const { runner, executor } = aRunner({ inPositions: { BTC: '0.03' } })
    await runner.run(aBatch({ amountUsd: d('4000') }))
    expect(executor.requests[0]?.size.toFixed()).toBe('0.02')
    // Its stop-loss now reserves its 0.03 as well: what is free is what may go.
    const reserved = aRunner({ inPositions: { BTC: '0.03' } })
    reserved.market.balance('BTC', '0.05', '0.031')
    await reserved.runner.run(aBatch({ amountUsd: d('4000') }))
    expect(reserved.executor.requests[0]?.size.toFixed()).toBe('0.019')
  })

  it('refuses to sell when the hodl bag and the positions hold it all', async () => {
    const { runner, executor } = aRunner({ hodl: { BTC: '0.02' }, inPositions: { BTC: '0.03' } })
    expect(await runner.run(aBatch())).toMatchObject({
      status: 'rejected',
      error:
        'HODL: asset=BTC balance=0.05 free=0.049 hodl=0.02 in_positions=0.03; nothing outside the hodl bag and the open positions to sell',
    })
    expect(executor.requests).toEqual([])
  })

  it('never spends the quote asset hodl bag on a buy: the risk engine sizes it, fee included', async () => {
    const risk = await aRiskEngine()
    const { runner, executor } = aRunner({ hodl: { USDT: '1400' }, risk })
    // 1,500 USDT free, 1,400 of it the bag: 100 USDT may be spent, the 0.26 % fee included.
    const outcome = await runner.run(
      aBatch({ side: 'buy', symbol: 'XRP/USDT', amountUsd: d('300') }),
    )
    expect(outcome.status).toBe('executed')
    const size = executor.requests[0]!.size
    const cost = size.times('0.5').times('1.0026')
    expect(cost.lte(100)).toBe(true)
    expect(cost.gt('99.9')).toBe(true)
  })

  it('refuses a buy when all the free quote asset is hodl bag', async () => {
    const risk = await aRiskEngine()
    const { runner, executor } = aRunner({ hodl: { USDT: '1500' }, risk })
    const outcome = await runner.run(
      aBatch({ side: 'buy', symbol: 'XRP/USDT', amountUsd: d('300') }),
    )
    expect(outcome.status).toBe('rejected')
    expect(outcome.error).toContain('FREE_BALANCE')
    expect(executor.requests).toEqual([])
  })

  it('caps a sell at the free balance', async () => {
    const { runner, executor } = aRunner()
    await runner.run(aBatch({ amountUsd: d('4000') }))
    expect(executor.requests[0]?.size.toFixed()).toBe('0.049')
  })

  it('refuses to sell when everything is in the hodl bag', async () => {
    const { runner, executor } = aRunner({ hodl: { BTC: '0.06' } })
    const outcome = await runner.run(aBatch())
    expect(outcome).toMatchObject({
      status: 'rejected',
      error:
        'HODL: asset=BTC balance=0.05 free=0.049 hodl=0.06 in_positions=0; nothing outside the hodl bag and the open positions to sell',
    })
    expect(executor.requests).toEqual([])
  })

  it('sends the size the risk engine lowered it to', async () => {
    const { runner, risk, executor } = aRunner()
    risk.verdict = (proposal) => ({
      status: 'MODIFIED',
      proposal: { ...proposal, size: d('100') },
      reasons: ['FREE_BALANCE: requested=200 applied=100'],
      checks: [],
    })
    await runner.run(aBatch({ side: 'buy', symbol: 'XRP/USDT', amountUsd: d('100') }))
    expect(executor.requests[0]?.size.toFixed()).toBe('100')
  })

  it('does not send what the risk engine rejects', async () => {
    const { runner, risk, executor } = aRunner()
    risk.verdict = (proposal) => ({
      status: 'REJECTED',
      proposal,
      reasons: ['CIRCUIT_BREAKER: breaker=daily_loss', 'COOLDOWN: x'],
      checks: [],
    })
    const outcome = await runner.run(aBatch({ side: 'buy' }))
    expect(outcome).toMatchObject({
      status: 'rejected',
      error: 'CIRCUIT_BREAKER: breaker=daily_loss; COOLDOWN: x',
    })
    expect(executor.requests).toEqual([])
  })

  it.each([
    ['a circuit breaker', ['CIRCUIT_BREAKER'], 'deferred'],
    ['the cooldown and a paused symbol', ['COOLDOWN', 'SYMBOL_PAUSED'], 'deferred'],
    ['the free balance', ['FREE_BALANCE'], 'rejected'],
    ['a breaker and the input', ['INPUT', 'CIRCUIT_BREAKER'], 'rejected'],
    ['no rule it names', [], 'rejected'],
  ] as const)(
    'answers a refusal by %s as %s: only the entry gates refuse for now',
    async (_name, rules, status) => {
      const { runner, risk, executor } = aRunner()
      const checks = rules.map((rule) => ({
        rule,
        outcome: 'rejected' as const,
        message: `${rule}: x`,
      }))
      risk.verdict = (proposal) => ({
        status: 'REJECTED',
        proposal,
        reasons: checks.map((check) => check.message),
        checks,
      })
      const outcome = await runner.run(aBatch({ side: 'buy' }))
      expect(outcome).toMatchObject({ status, orderId: null })
      expect(executor.requests).toEqual([])
    },
  )

  it("defers a buy the risk engine's losing-streak cooldown refuses", async () => {
    const risk = await aRiskEngine()
    for (let loss = 0; loss < 3; loss++) {
      await risk.recordTradeResult({ symbol: 'BTC/USDT', realizedPnl: d(-1) })
    }
    const { runner, executor } = aRunner({ risk })
    const outcome = await runner.run(
      aBatch({ side: 'buy', symbol: 'XRP/USDT', amountUsd: d('100') }),
    )
    expect(outcome).toMatchObject({
      status: 'deferred',
      error: 'COOLDOWN: consecutive_losses=3 until=1970-01-01T01:00:00.000Z',
    })
    expect(executor.requests).toEqual([])
  })

  it.each([
    [
      'no price',
      (market: FakeMarket) => market.price('BTC/USDT', null),
      'failed',
      'PRICE: no price for symbol=BTC/USDT',
    ],
    [
      'a zero price',
      (market: FakeMarket) => market.price('BTC/USDT', '0'),
      'failed',
      'PRICE: no price for symbol=BTC/USDT',
    ],
    [
      'a size that rounds to nothing',
      (market: FakeMarket) => market.price('BTC/USDT', '1000000000000'),
      'rejected',
      'SIZE: amount=500 at price=1000000000000 rounds to 0',
    ],
    [
      'unreadable balances',
      (market: FakeMarket) => {
        market.failure = new Error('EAPI:Invalid nonce')
      },
      'failed',
      'batch=batch-1: EAPI:Invalid nonce',
    ],
  ])('fails with %s', async (_name, arrange, status, error) => {
    const { runner, market, executor } = aRunner()
    arrange(market)
    expect(await runner.run(aBatch({ side: 'buy' }))).toMatchObject({ status, error })
    expect(executor.requests).toEqual([])
  })

  it.each([
    [
      'refuses',
      { success: false, error: 'ORDER_REJECTED: EOrder:Insufficient funds' },
      'ORDER_REJECTED: EOrder:Insufficient funds',
    ],
    ['refuses without a reason', { success: false }, 'EXECUTION: refused without a reason'],
    ['throws', new Error('socket closed'), 'batch=batch-1: socket closed'],
  ])('fails when the executor %s', async (_name, answer, error) => {
    const { runner, executor } = aRunner()
    executor.answer(answer)
    expect(await runner.run(aBatch({ executionType: 'market' }))).toMatchObject({
      status: 'failed',
      error,
    })
    expect(executor.requests[0]?.limitPrice).toBeUndefined()
  })

  it('uses the rebalance id as correlation id when the batch has none', async () => {
    const { runner, executor } = aRunner()
    await runner.run(aBatch({ correlationId: null }))
    expect(executor.requests[0]?.correlationId).toBe('rebalance-1')
  })

  it('reports an executed order without an id as null', async () => {
    const { runner, executor } = aRunner()
    executor.answer({ success: true })
    expect((await runner.run(aBatch())).orderId).toBeNull()
  })
})
