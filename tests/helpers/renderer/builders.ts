/**
 * Builders for contract-shaped test data (every one passes its zod schema; see
 * tests/unit/renderer/helpers/builders.test.ts). Override any field with the argument.
 */
import type {
  AgentOutput,
  Allocation,
  ApiKeyProvider,
  ApiKeyStatus,
  CandleSeries,
  ClosePositionResult,
  ClosePreview,
  CoordinatorStatus,
  DecisionTrace,
  EngineEvent,
  EquityPoint,
  Exposure,
  MarketSnapshotView,
  ModelAssignment,
  ModelStats,
  OllamaList,
  OllamaModel,
  Order,
  PortfolioChange,
  Position,
  RebalanceBatch,
  RiskStatus,
  Settings,
  SystemInfo,
  TaskStatus,
  TradingDecision,
} from '../../../src-shared/contract'

/** 2025-01-15 12:00:00 UTC: the fixed "now" of renderer fixtures. */
export const BASE_TIME = Date.UTC(2025, 0, 15, 12, 0, 0)

export function aTask(overrides: Partial<TaskStatus> = {}): TaskStatus {
  return {
    name: 'technical_analysis',
    agent: 'technical_analysis',
    intervalSeconds: 60,
    isEnabled: true,
    isRunning: false,
    lastRunAt: BASE_TIME - 30_000,
    nextRunAt: BASE_TIME + 30_000,
    lastDurationMs: 850,
    runs: 42,
    failures: 0,
    skipped: 0,
    timeouts: 0,
    lastError: null,
    lastSkip: null,
    ...overrides,
  }
}

export function aCoordinatorStatus(overrides: Partial<CoordinatorStatus> = {}): CoordinatorStatus {
  return {
    now: BASE_TIME,
    state: 'RUNNING',
    degradationLevel: 'NORMAL',
    symbols: ['BTC/USDT', 'XRP/USDT'],
    pausedSymbols: [],
    tasks: [
      aTask(),
      aTask({ name: 'regime_detection', agent: 'regime_detection', intervalSeconds: 300 }),
      aTask({ name: 'trading_decision', agent: 'trading_decision', intervalSeconds: 3600 }),
      aTask({
        name: 'portfolio_rebalance',
        agent: 'portfolio_rebalance',
        intervalSeconds: 3600,
        isEnabled: false,
        nextRunAt: null,
      }),
    ],
    statistics: { signalsProcessed: 12, tradesExecuted: 3, conflictsResolved: 1 },
    degradationHistory: [],
    ...overrides,
  }
}

export function aRiskStatus(overrides: Partial<RiskStatus> = {}): RiskStatus {
  return {
    breakers: [
      {
        name: 'daily_loss',
        isTripped: false,
        trippedAt: null,
        reason: null,
        resetCondition: 'next UTC day',
      },
      {
        name: 'weekly_loss',
        isTripped: false,
        trippedAt: null,
        reason: null,
        resetCondition: 'next week',
      },
      {
        name: 'max_drawdown',
        isTripped: false,
        trippedAt: null,
        reason: null,
        resetCondition: 'manual reset',
      },
      {
        name: 'consecutive_losses',
        isTripped: false,
        trippedAt: null,
        reason: null,
        resetCondition: 'cooldown',
      },
    ],
    equityPeak: '10250.00',
    dailyPnl: '125.40',
    weeklyPnl: '310.15',
    drawdownPct: '1.20',
    consecutiveLosses: 0,
    cooldownUntil: null,
    pausedSymbols: [],
    ...overrides,
  }
}

export function aPosition(overrides: Partial<Position> = {}): Position {
  return {
    id: 'pos-1',
    symbol: 'BTC/USDT',
    side: 'long',
    size: '0.05',
    entryPrice: '65000.00',
    currentPrice: '66000.00',
    leverage: 1,
    stopLoss: '63000.00',
    takeProfit: '70000.00',
    trailingStop: {
      isEnabled: true,
      isActive: false,
      activationPct: '1.0',
      distancePct: '1.5',
      extremePrice: null,
    },
    unrealizedPnl: '50.00',
    unrealizedPnlPct: '1.54',
    realizedPnl: null,
    fees: '1.30',
    status: 'open',
    openedAt: BASE_TIME - 3_600_000,
    closedAt: null,
    exitPrice: null,
    closeReason: null,
    correlationId: 'corr-1',
    ...overrides,
  }
}

export function anOrder(overrides: Partial<Order> = {}): Order {
  return {
    id: 'ord-1',
    clientOrderId: 'tg-ord-1',
    externalId: 'OABC-123',
    symbol: 'BTC/USDT',
    side: 'buy',
    type: 'limit',
    role: 'entry',
    size: '0.05',
    price: '64500.00',
    triggerPrice: null,
    status: 'OPEN',
    filledSize: '0',
    averageFillPrice: null,
    fee: '0',
    positionId: null,
    correlationId: 'corr-2',
    error: null,
    createdAt: BASE_TIME - 600_000,
    updatedAt: BASE_TIME - 600_000,
    ...overrides,
  }
}

export function aClosePreview(overrides: Partial<ClosePreview> = {}): ClosePreview {
  return {
    id: 'pos-1',
    closeSize: '0.05',
    remainingSize: '0',
    estimatedExitPrice: '65990.00',
    estimatedPnl: '49.50',
    estimatedFee: '1.32',
    ...overrides,
  }
}

/** A `positions:close` answer: the position after the close and what the close took off. */
export function aCloseResult(
  position: Position,
  closedSize = position.size,
  remainingSize = '0',
): ClosePositionResult {
  return { ...position, closedSize, remainingSize }
}

export function anAllocation(overrides: Partial<Allocation> = {}): Allocation {
  return {
    totalEquity: '10125.40',
    assets: [
      {
        asset: 'BTC',
        balance: '0.05',
        hodl: '0',
        inPositions: '0',
        available: '0.05',
        price: '66000',
        value: '3300.00',
        pct: '32.59',
        targetPct: '33.33',
        deviationPct: '-0.74',
      },
      {
        asset: 'XRP',
        balance: '5000',
        hodl: '1000',
        inPositions: '0',
        available: '4000',
        price: '0.62',
        value: '3100.00',
        pct: '30.62',
        targetPct: '33.33',
        deviationPct: '-2.71',
      },
      {
        asset: 'USDT',
        balance: '3725.40',
        hodl: '0',
        inPositions: '0',
        available: '3725.40',
        price: '1',
        value: '3725.40',
        pct: '36.79',
        targetPct: '33.34',
        deviationPct: '3.45',
      },
    ],
    maxDeviationPct: '3.45',
    thresholdPct: '5.0',
    warnings: [],
    ...overrides,
  }
}

export const A_REBALANCE_ID = '6f1c2a9e-4b7d-4c3e-9a51-0d2e8f7b3c10'

/** Batch 2 of 6 of a DCA sell of BTC, due 4 h after BASE_TIME; `batchNumber` moves it 4 h per batch. */
export function aRebalanceBatch(overrides: Partial<RebalanceBatch> = {}): RebalanceBatch {
  const batchNumber = overrides.batchNumber ?? 2
  return {
    id: `0b5e1d7a-2c3f-4a8b-9e6d-${String(batchNumber).padStart(12, '0')}`,
    rebalanceId: A_REBALANCE_ID,
    symbol: 'BTC/USDT',
    side: 'sell',
    amountUsd: '444.50',
    executionType: 'limit',
    batchNumber,
    batchCount: 6,
    dueAt: BASE_TIME + (batchNumber - 1) * 4 * 3_600_000,
    status: 'pending',
    correlationId: A_REBALANCE_ID,
    createdAt: BASE_TIME,
    ...overrides,
  }
}

export function anExposure(overrides: Partial<Exposure> = {}): Exposure {
  return {
    totalNotional: '3300.00',
    equity: '10125.40',
    exposurePct: '32.59',
    bySymbol: [{ symbol: 'BTC/USDT', notional: '3300.00', positions: 1 }],
    ...overrides,
  }
}

/** An equity curve of `count` hourly points ending at BASE_TIME, gently rising. */
export function anEquityCurve(count = 48, start = 10_000): EquityPoint[] {
  return Array.from({ length: count }, (_, index) => ({
    timestamp: BASE_TIME - (count - 1 - index) * 3_600_000,
    equity: (start + index * 3 + Math.sin(index / 3) * 40).toFixed(2),
  }))
}

/**
 * A deterministic candle series of `count` candles ending at BASE_TIME with EMA and
 * Bollinger overlays (a seeded random walk, so every run draws the same chart).
 */
export function aCandleSeries(
  count = 200,
  overrides: Partial<Pick<CandleSeries, 'symbol' | 'timeframe' | 'forming'>> & {
    start?: number
    stepMs?: number
  } = {},
): CandleSeries {
  const stepMs = overrides.stepMs ?? 3_600_000
  let seed = 42
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648
    return seed / 2_147_483_648
  }
  let price = overrides.start ?? 64_000
  const candles: CandleSeries['candles'] = []
  const closes: number[] = []
  for (let index = 0; index < count; index += 1) {
    const open = price
    const close = open * (1 + (random() - 0.49) * 0.012)
    const high = Math.max(open, close) * (1 + random() * 0.004)
    const low = Math.min(open, close) * (1 - random() * 0.004)
    price = close
    closes.push(close)
    candles.push({
      t: BASE_TIME - (count - 1 - index) * stepMs,
      o: open.toFixed(2),
      h: high.toFixed(2),
      l: low.toFixed(2),
      c: close.toFixed(2),
      v: (5 + random() * 20).toFixed(4),
    })
  }
  const ema = (period: number) => {
    const k = 2 / (period + 1)
    let value: number | null = null
    return closes.map((close, index) => {
      value = value === null ? close : close * k + value * (1 - k)
      return index < period - 1 ? null : Number(value.toFixed(2))
    })
  }
  const band = (sign: number) =>
    closes.map((_, index) => {
      if (index < 19) return null
      const window = closes.slice(index - 19, index + 1)
      const mean = window.reduce((sum, value) => sum + value, 0) / 20
      const deviation = Math.sqrt(window.reduce((sum, value) => sum + (value - mean) ** 2, 0) / 20)
      return Number((mean + sign * 2 * deviation).toFixed(2))
    })
  return {
    symbol: overrides.symbol ?? 'BTC/USDT',
    timeframe: overrides.timeframe ?? '1h',
    candles,
    overlays: {
      ema_9: ema(9),
      ema_21: ema(21),
      bb_upper: band(1),
      bb_middle: band(0),
      bb_lower: band(-1),
    },
    forming: overrides.forming ?? null,
  }
}

export function aSnapshot(overrides: Partial<MarketSnapshotView> = {}): MarketSnapshotView {
  return {
    symbol: 'BTC/USDT',
    price: '66000.00',
    change24hPct: 1.8,
    dataAgeMs: 4_000,
    isStale: false,
    staleParts: [],
    indicators: {
      '1h': { rsi: 58.2, ema_9: 65_880, ema_21: 65_410, atr: 420.5, adx: 24.1 },
      '4h': { rsi: 61.0, ema_9: 65_200, ema_21: 64_300, atr: 880.1, adx: 27.9 },
    },
    latestTa: { trend: 'bullish', signal: 'buy', confidence: 0.68, momentum: 'rising' },
    latestRegime: { regime: 'trending_bull', confidence: 0.74, volatility: 'normal' },
    ...overrides,
  }
}

export function anAgentOutput(overrides: Partial<AgentOutput> = {}): AgentOutput {
  return {
    id: 'out-1',
    agent: 'technical_analysis',
    symbol: 'BTC/USDT',
    provider: 'ollama',
    model: 'qwen2.5:7b',
    correlationId: 'corr-1',
    createdAt: BASE_TIME - 60_000,
    latencyMs: 1_200,
    inputTokens: 900,
    outputTokens: 120,
    costUsd: '0',
    isValid: true,
    output: { signal: 'buy', confidence: 0.68, trend: 'bullish' },
    error: null,
    ...overrides,
  }
}

export function aTradingDecision(overrides: Partial<TradingDecision> = {}): TradingDecision {
  return {
    id: 'dec-1',
    correlationId: 'corr-1',
    symbol: 'BTC/USDT',
    createdAt: BASE_TIME - 3_600_000,
    action: 'BUY',
    confidence: 0.71,
    entryPrice: '65000.00',
    stopLoss: '63000.00',
    takeProfit: '70000.00',
    leverage: 1,
    agreement: 0.67,
    votes: [
      {
        model: 'qwen2.5:7b',
        provider: 'ollama',
        action: 'BUY',
        confidence: 0.7,
        latencyMs: 1_400,
        costUsd: '0',
        isValid: true,
        error: null,
        agreedWithConsensus: true,
        wasAsked: true,
      },
      {
        model: 'claude-sonnet-4-5',
        provider: 'anthropic',
        action: 'BUY',
        confidence: 0.76,
        latencyMs: 2_900,
        costUsd: '0.0042',
        isValid: true,
        error: null,
        agreedWithConsensus: true,
        wasAsked: true,
      },
      {
        model: 'gpt-4.1-mini',
        provider: 'openai',
        action: 'HOLD',
        confidence: 0.55,
        latencyMs: 1_900,
        costUsd: '0.0011',
        isValid: true,
        error: null,
        agreedWithConsensus: false,
        wasAsked: true,
      },
    ],
    ...overrides,
  }
}

export function aDecisionTrace(overrides: Partial<DecisionTrace> = {}): DecisionTrace {
  const at = BASE_TIME - 3_600_000
  return {
    correlationId: 'corr-1',
    symbol: 'BTC/USDT',
    steps: [
      {
        at,
        kind: 'signal',
        title: 'technical analysis by qwen',
        detail: {
          output: { action: 'BUY', confidence: 0.68, trend_direction: 'bullish' },
          error: null,
          latencyMs: 1_400,
        },
      },
      {
        at: at + 1_000,
        kind: 'signal',
        title: 'regime detection by qwen',
        detail: {
          output: { regime: 'trending_bull', confidence: 0.74 },
          error: null,
          latencyMs: 900,
        },
      },
      {
        at: at + 4_000,
        kind: 'vote',
        title: 'qwen2.5:7b: BUY 70%',
        detail: { provider: 'ollama', latencyMs: 1_400, costUsd: '0', agreedWithConsensus: true },
      },
      {
        at: at + 4_500,
        kind: 'vote',
        title: 'claude-sonnet-4-5: BUY 76%',
        detail: {
          provider: 'anthropic',
          latencyMs: 2_900,
          costUsd: '0.0042',
          agreedWithConsensus: true,
        },
      },
      {
        at: at + 4_800,
        kind: 'vote',
        title: 'gpt-4.1-mini: HOLD 55%',
        detail: {
          provider: 'openai',
          latencyMs: 1_900,
          costUsd: '0.0011',
          agreedWithConsensus: false,
        },
      },
      {
        at: at + 5_000,
        kind: 'conflict',
        title: 'conflicts detected',
        detail: { conflicts: [{ type: 'model_disagreement', agreement: 0.67 }] },
      },
      {
        at: at + 5_100,
        kind: 'resolution',
        title: 'resolution BUY by claude_sonnet',
        detail: { confidence: 0.71, reasoning: 'Two of three models buy; the trend agrees.' },
      },
      {
        at: at + 5_200,
        kind: 'risk',
        title: 'Max positions per symbol: pass',
        detail: { open: 0, limit: 2 },
      },
      {
        at: at + 5_210,
        kind: 'risk',
        title: 'risk modified',
        detail: {
          reasons: ['POSITION_SIZE: sized=0.05 risk_size=0.08 cap_size=0.05 multiplier=1'],
          result: {
            checks: [
              {
                rule: 'CIRCUIT_BREAKER',
                outcome: 'passed',
                message: 'CIRCUIT_BREAKER: no breaker tripped',
              },
              {
                rule: 'MIN_CONFIDENCE',
                outcome: 'passed',
                message: 'MIN_CONFIDENCE: action=BUY confidence=0.68 minimum=0.6',
              },
              {
                rule: 'POSITION_SIZE',
                outcome: 'modified',
                message: 'POSITION_SIZE: sized=0.05 risk_size=0.08 cap_size=0.05 multiplier=1',
              },
            ],
          },
        },
      },
      {
        at: at + 5_400,
        kind: 'order',
        title: 'entry buy limit 0.05 BTC/USDT → filled',
        detail: { orderId: 'ord-0', clientOrderId: 'tg-ord-0', price: '65000', error: null },
      },
      {
        at: at + 9_000,
        kind: 'fill',
        title: 'filled buy 0.05 BTC/USDT',
        detail: { price: '65000', orderId: 'ord-0', fee: '1.3', feeAsset: 'USDT' },
      },
      {
        at: at + 9_100,
        kind: 'position',
        title: 'position opened',
        detail: { side: 'long', size: '0.05', leverage: 1, entry_price: '65000' },
      },
    ],
    ...overrides,
  }
}

export function aModelStats(overrides: Partial<ModelStats> = {}): ModelStats {
  return {
    model: 'qwen2.5:7b',
    provider: 'ollama',
    votes: 120,
    validVotes: 118,
    agreementPct: 72.5,
    hitRate1h: 0.54,
    hitRate4h: 0.57,
    hitRate24h: 0.61,
    averageLatencyMs: 1_350,
    totalCostUsd: '0',
    ...overrides,
  }
}

export function anAssignment(overrides: Partial<ModelAssignment> = {}): ModelAssignment {
  return {
    agent: 'technical_analysis',
    models: [{ key: 'primary', provider: 'ollama', model: 'qwen2.5:7b' }],
    isEnabled: true,
    ...overrides,
  }
}

export function anOllamaModel(overrides: Partial<OllamaModel> = {}): OllamaModel {
  return {
    name: 'qwen2.5:7b',
    sizeBytes: 4_683_087_332,
    family: 'qwen2',
    parameterSize: '7.6B',
    quantization: 'Q4_K_M',
    modifiedAt: '2025-01-10T09:00:00Z',
    isRunning: true,
    ...overrides,
  }
}

export function anOllamaList(overrides: Partial<OllamaList> = {}): OllamaList {
  return {
    isReachable: true,
    message: null,
    models: [
      anOllamaModel(),
      anOllamaModel({
        name: 'llama3.2:3b',
        sizeBytes: 2_019_393_189,
        family: 'llama',
        parameterSize: '3.2B',
        quantization: 'Q4_K_M',
        isRunning: false,
      }),
    ],
    ...overrides,
  }
}

export function aSystemInfo(overrides: Partial<SystemInfo> = {}): SystemInfo {
  return {
    version: '0.1.0',
    host: 'headless',
    mode: 'paper',
    startedAt: BASE_TIME - 7_200_000,
    isFirstRun: false,
    llmAvailable: true,
    exchangeReachable: true,
    notices: [],
    ...overrides,
  }
}

/** The environment variables each provider's key is read from, as config/ ships them. */
const KEY_VARIABLES: Record<ApiKeyProvider, string[]> = {
  kraken: ['KRAKEN_API_KEY', 'KRAKEN_API_SECRET'],
  openai: ['OPENAI_API_KEY'],
  anthropic: ['ANTHROPIC_API_KEY'],
  deepseek: ['DEEPSEEK_API_KEY'],
  xai: ['XAI_BEARER_API_KEY'],
}

/** A key that is not set, as the headless host reports it (it cannot store keys). */
export function aKeyStatus(
  provider: ApiKeyProvider,
  overrides: Partial<ApiKeyStatus> = {},
): ApiKeyStatus {
  return {
    provider,
    isSet: false,
    source: 'none',
    environmentVariables: KEY_VARIABLES[provider].map((name) => ({ name, isSet: false })),
    canStore: false,
    ...overrides,
  }
}

/** The same key statuses as the desktop app reports them: it can store keys. */
export function storable(keys: readonly ApiKeyStatus[]): ApiKeyStatus[] {
  return keys.map((key) => ({ ...key, canStore: true }))
}

/** The same key statuses with nothing set anywhere (a first run). */
export function unset(keys: readonly ApiKeyStatus[]): ApiKeyStatus[] {
  return keys.map((key) => ({
    ...key,
    isSet: false,
    source: 'none' as const,
    environmentVariables: key.environmentVariables.map((variable) => ({
      ...variable,
      isSet: false,
    })),
  }))
}

export function someSettings(overrides: Partial<Settings> = {}): Settings {
  return {
    mode: 'paper',
    symbols: ['BTC/USDT', 'XRP/USDT'],
    schedules: [
      { name: 'technical_analysis', intervalSeconds: 60, isEnabled: true },
      { name: 'regime_detection', intervalSeconds: 300, isEnabled: true },
      { name: 'trading_decision', intervalSeconds: 3600, isEnabled: true },
      { name: 'portfolio_rebalance', intervalSeconds: 3600, isEnabled: false },
    ],
    risk: {
      maxPositionPct: 20,
      maxPositionsPerSymbol: 2,
      maxTotalExposurePct: 80,
      dailyLossLimitPct: 5,
      weeklyLossLimitPct: 10,
      maxDrawdownPct: 20,
      maxLeverage: 3,
    },
    portfolio: {
      targetAllocation: { BTC: 33.33, XRP: 33.33, USDT: 33.34 },
      rebalanceThresholdPct: 5,
    },
    dataLocation: '/home/trader/.config/triplegain',
    apiKeys: [
      aKeyStatus('kraken'),
      aKeyStatus('openai'),
      aKeyStatus('anthropic', {
        isSet: true,
        source: 'environment',
        environmentVariables: [{ name: 'ANTHROPIC_API_KEY', isSet: true }],
      }),
      aKeyStatus('deepseek'),
      aKeyStatus('xai'),
    ],
    ...overrides,
  }
}

/** Builders for pushed events (the `at` defaults to BASE_TIME). */
export const events = {
  coordinatorState: (status: Partial<CoordinatorStatus> = {}, at = BASE_TIME): EngineEvent => ({
    type: 'coordinator.state',
    at,
    status: aCoordinatorStatus(status),
  }),
  taskUpdated: (task: Partial<TaskStatus> = {}, at = BASE_TIME): EngineEvent => ({
    type: 'task.updated',
    at,
    task: aTask(task),
  }),
  orderUpdated: (order: Partial<Order> = {}, at = BASE_TIME): EngineEvent => ({
    type: 'order.updated',
    at,
    order: anOrder(order),
  }),
  orderFilled: (order: Partial<Order> = {}, at = BASE_TIME): EngineEvent => ({
    type: 'order.filled',
    at,
    order: anOrder({
      status: 'FILLED',
      filledSize: '0.05',
      averageFillPrice: '64500.00',
      ...order,
    }),
  }),
  positionUpdated: (position: Partial<Position> = {}, at = BASE_TIME): EngineEvent => ({
    type: 'position.updated',
    at,
    position: aPosition(position),
  }),
  positionClosed: (position: Partial<Position> = {}, at = BASE_TIME): EngineEvent => ({
    type: 'position.closed',
    at,
    position: aPosition({
      status: 'closed',
      closedAt: at,
      exitPrice: '66000.00',
      realizedPnl: '48.70',
      closeReason: 'manual',
      ...position,
    }),
  }),
  riskStatus: (status: Partial<RiskStatus> = {}, at = BASE_TIME): EngineEvent => ({
    type: 'risk.status',
    at,
    status: aRiskStatus(status),
  }),
  riskAlert: (
    alertType = 'circuit_breaker_tripped',
    message = 'daily_loss breaker tripped: loss 5.2% >= limit 5%',
    severity = 'critical',
    at = BASE_TIME,
  ): EngineEvent => ({ type: 'risk.alert', at, alertType, severity, message }),
  agentOutput: (
    overrides: Partial<Extract<EngineEvent, { type: 'agent.output' }>> = {},
  ): EngineEvent => ({
    type: 'agent.output',
    at: BASE_TIME,
    agent: 'technical_analysis',
    symbol: 'BTC/USDT',
    summary: 'BUY · conf 68%',
    correlationId: 'corr-9',
    ...overrides,
  }),
  portfolioChanged: (
    change: PortfolioChange = 'rebalance_trade_executed',
    summary = 'Rebalance buy BTC/USDT $150.00 (batch 2/4) sent',
  ): EngineEvent => ({
    type: 'portfolio.changed',
    at: BASE_TIME,
    change,
    summary,
    correlationId: 'corr-rebalance',
  }),
  tick: (symbol = 'BTC/USDT', price = '66010.00', at = BASE_TIME): EngineEvent => ({
    type: 'market.tick',
    at,
    symbol,
    price,
  }),
  equity: (equity = '10130.00', dailyPnl = '130.00', at = BASE_TIME): EngineEvent => ({
    type: 'equity.updated',
    at,
    equity,
    dailyPnl,
  }),
  pullProgress: (
    overrides: Partial<Extract<EngineEvent, { type: 'ollama.pull.progress' }>> = {},
  ): EngineEvent => ({
    type: 'ollama.pull.progress',
    at: BASE_TIME,
    pullId: 'pull-1',
    name: 'phi3:mini',
    status: 'downloading',
    completedBytes: 500_000_000,
    totalBytes: 2_000_000_000,
    isDone: false,
    error: null,
    ...overrides,
  }),
  notice: (
    message = 'Paper mode',
    level: 'info' | 'warning' | 'error' = 'info',
    at = BASE_TIME,
  ): EngineEvent => ({
    type: 'system.notice',
    at,
    level,
    message,
  }),
}
