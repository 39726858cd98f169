import type {
  CloseAmount,
  ClosePositionResult,
  CoordinatorStatus,
  EngineEvent,
  OllamaList,
  Order,
  Position,
  RebalanceBatch,
  RiskStatus,
} from '../../../src-shared/contract'
import { EngineError } from '../../../src-renderer/src/api/engine-error'
import {
  aCandleSeries,
  aCoordinatorStatus,
  aDecisionTrace,
  aModelStats,
  anAgentOutput,
  anAllocation,
  anAssignment,
  anEquityCurve,
  anOllamaList,
  anOllamaModel,
  anOrder,
  aPosition,
  aRebalanceBatch,
  aRiskStatus,
  aSnapshot,
  aSystemInfo,
  aTask,
  aTradingDecision,
  BASE_TIME,
  someSettings,
  unset,
} from './builders'
import { InMemoryEngineApi, partToClose } from './in-memory-engine-api'

export type DemoScenario = 'normal' | 'first-run' | 'live' | 'degraded'

/** Timer functions the demo uses (real ones in the harness). */
export interface DemoTimers {
  setInterval(callback: () => void, ms: number): unknown
  clearInterval(handle: unknown): void
  /** Runs `callback` in a task of its own, as each WebSocket message arrives (optional). */
  defer?(callback: () => void): void
}

const START_PRICES: Record<string, number> = {
  'BTC/USDT': 64_000,
  'XRP/USDT': 0.6,
  'XRP/BTC': 0.0000095,
  'ETH/USDT': 3_300,
  'ETH/BTC': 0.052,
}

/** Returns `value` with `fixed` decimals as a decimal string. */
const text = (value: number, places = 2) => value.toFixed(places)

/**
 * A stateful in-memory engine for the UI harness and benchmark: pause/resume, the kill
 * switch, closing and modifying positions, cancelling orders and pulling models all change
 * its world and push the events the real engine would; `startStream` emits synthetic market
 * traffic. Times are relative to the `now` it is given.
 */
export class DemoEngine extends InMemoryEngineApi {
  private status: CoordinatorStatus
  private risk: RiskStatus
  private positions: Position[]
  private closed: Position[]
  private orders: Order[]
  /** The DCA batches of a BTC sell still to trade (none on a first run). */
  private batches: RebalanceBatch[]
  private ollama: OllamaList
  private readonly prices = new Map<string, number>()
  private equity = 10_125.4
  private sequence = 0
  private readonly pulls = new Map<string, unknown>()

  constructor(
    private readonly now: number,
    readonly scenario: DemoScenario,
    private readonly timers: DemoTimers,
  ) {
    super()
    const shift = now - BASE_TIME
    const at = (ms: number) => ms + shift
    const isFirstRun = scenario === 'first-run'
    for (const [symbol, price] of Object.entries(START_PRICES))
      this.prices.set(symbol, price * 1.03)
    this.status = aCoordinatorStatus({
      now,
      tasks: aCoordinatorStatus().tasks.map((task) => ({
        ...task,
        lastRunAt: isFirstRun ? null : task.lastRunAt && at(task.lastRunAt),
        nextRunAt: task.nextRunAt && at(task.nextRunAt),
        runs: isFirstRun ? 0 : task.runs,
      })),
      ...(scenario === 'degraded'
        ? {
            state: 'HALTED',
            degradationLevel: 'LIMITED',
            degradationHistory: [
              {
                at: at(BASE_TIME - 5_400_000),
                from: 'NORMAL',
                to: 'REDUCED',
                reason: 'LLM providers down: anthropic (1 of 4); no unhealthy agent',
              },
              {
                at: at(BASE_TIME - 3_000_000),
                from: 'REDUCED',
                to: 'NORMAL',
                reason: 'no LLM provider down (4 in use); no unhealthy agent',
              },
              {
                at: at(BASE_TIME - 900_000),
                from: 'NORMAL',
                to: 'LIMITED',
                reason: 'LLM providers down: ollama, openai (2 of 4); no unhealthy agent',
              },
            ],
          }
        : {}),
    })
    if (scenario === 'degraded') {
      this.status.tasks[0] = {
        ...this.status.tasks[0]!,
        skipped: 3,
        lastSkip: {
          at: at(BASE_TIME - 30_000),
          symbol: 'XRP/USDT',
          code: 'NO_DATA',
          reason: 'NO_DATA: symbol=XRP/USDT has_price=false has_candles=false',
        },
      }
      this.status.tasks[2] = aTask({
        name: 'trading_decision',
        agent: 'trading_decision',
        intervalSeconds: 3600,
        failures: 3,
        timeouts: 2,
        lastError: 'timeout after 30000 ms provider=ollama model=qwen2.5:7b',
        skipped: 1,
        lastSkip: {
          at: at(BASE_TIME - 600_000),
          symbol: 'BTC/USDT',
          code: 'PREVIOUS_RUN_RUNNING',
          reason: 'PREVIOUS_RUN_RUNNING: task=trading_decision symbol=BTC/USDT',
        },
        lastRunAt: at(BASE_TIME - 600_000),
        nextRunAt: at(BASE_TIME + 3_000_000),
      })
    }
    const breakers = aRiskStatus().breakers
    this.risk = aRiskStatus(
      scenario === 'degraded'
        ? {
            breakers: breakers.map((breaker) =>
              breaker.name === 'daily_loss'
                ? {
                    ...breaker,
                    isTripped: true,
                    trippedAt: at(BASE_TIME - 900_000),
                    reason: 'daily loss 5.2% >= limit 5%',
                  }
                : breaker,
            ),
            dailyPnl: '-526.40',
          }
        : isFirstRun
          ? { dailyPnl: '0', weeklyPnl: '0', equityPeak: '10000', drawdownPct: '0' }
          : {},
    )
    this.positions = isFirstRun
      ? []
      : [
          aPosition({ openedAt: at(BASE_TIME - 5 * 3_600_000), correlationId: 'corr-1' }),
          aPosition({
            id: 'pos-2',
            symbol: 'XRP/USDT',
            side: 'short',
            size: '2500',
            entryPrice: '0.6320',
            currentPrice: '0.6185',
            stopLoss: '0.6600',
            takeProfit: '0.5800',
            trailingStop: {
              isEnabled: true,
              isActive: true,
              activationPct: '1.0',
              distancePct: '1.5',
              extremePrice: '0.6150',
            },
            unrealizedPnl: '33.75',
            unrealizedPnlPct: '2.14',
            leverage: 2,
            fees: '0.80',
            openedAt: at(BASE_TIME - 26 * 3_600_000),
            correlationId: 'corr-3',
          }),
          aPosition({
            id: 'pos-3',
            symbol: 'ETH/USDT',
            size: '0.4',
            entryPrice: '3420.00',
            currentPrice: '3391.50',
            stopLoss: '3300.00',
            takeProfit: null,
            trailingStop: null,
            unrealizedPnl: '-11.40',
            unrealizedPnlPct: '-0.83',
            openedAt: at(BASE_TIME - 2 * 3_600_000),
            correlationId: 'corr-4',
          }),
        ]
    this.closed = isFirstRun
      ? []
      : [
          aPosition({
            id: 'pos-0',
            status: 'closed',
            size: '0.04',
            entryPrice: '62100.00',
            exitPrice: '63850.00',
            realizedPnl: '68.70',
            closeReason: 'take_profit',
            openedAt: at(BASE_TIME - 60 * 3_600_000),
            closedAt: at(BASE_TIME - 40 * 3_600_000),
            correlationId: 'corr-0',
          }),
          aPosition({
            id: 'pos-00',
            status: 'closed',
            symbol: 'XRP/USDT',
            side: 'long',
            size: '3000',
            entryPrice: '0.6100',
            exitPrice: '0.6010',
            realizedPnl: '-28.30',
            closeReason: 'stop_loss',
            openedAt: at(BASE_TIME - 80 * 3_600_000),
            closedAt: at(BASE_TIME - 70 * 3_600_000),
            correlationId: 'corr-00',
          }),
        ]
    this.orders = isFirstRun
      ? []
      : [
          anOrder({ createdAt: at(BASE_TIME - 600_000), updatedAt: at(BASE_TIME - 600_000) }),
          anOrder({
            id: 'ord-sl',
            clientOrderId: 'tg-ord-sl',
            type: 'stop-loss',
            role: 'stop_loss',
            side: 'sell',
            price: null,
            triggerPrice: '63000.00',
            positionId: 'pos-1',
            createdAt: at(BASE_TIME - 5 * 3_600_000),
            updatedAt: at(BASE_TIME - 5 * 3_600_000),
          }),
          anOrder({
            id: 'ord-9',
            clientOrderId: 'tg-ord-9',
            symbol: 'ETH/USDT',
            size: '0.2',
            filledSize: '0.08',
            price: '3350.00',
            status: 'PARTIALLY_FILLED',
            createdAt: at(BASE_TIME - 300_000),
            updatedAt: at(BASE_TIME - 120_000),
          }),
        ]
    const history: Order[] = isFirstRun
      ? []
      : [
          ...this.orders,
          anOrder({
            id: 'ord-0',
            clientOrderId: 'tg-ord-0',
            status: 'FILLED',
            filledSize: '0.05',
            averageFillPrice: '65000.00',
            fee: '1.30',
            createdAt: at(BASE_TIME - 5 * 3_600_000 - 9_000),
            updatedAt: at(BASE_TIME - 5 * 3_600_000),
            timeline: [
              {
                status: 'PENDING',
                at: at(BASE_TIME - 5 * 3_600_000 - 9_000),
                details: statusLogDetails(null, '0', null, '0'),
              },
              {
                status: 'OPEN',
                at: at(BASE_TIME - 5 * 3_600_000 - 8_400),
                details: statusLogDetails('PENDING', '0', null, '0'),
              },
              {
                status: 'PARTIALLY_FILLED',
                at: at(BASE_TIME - 5 * 3_600_000 - 3_000),
                details: statusLogDetails('OPEN', '0.02', '64999.50', '0.52'),
              },
              {
                status: 'FILLED',
                at: at(BASE_TIME - 5 * 3_600_000),
                details: statusLogDetails('PARTIALLY_FILLED', '0.05', '65000.00', '1.30'),
              },
            ],
          }),
          anOrder({
            id: 'ord-x',
            clientOrderId: 'tg-ord-x',
            symbol: 'XRP/USDT',
            side: 'sell',
            size: '2500',
            price: '0.6400',
            status: 'CANCELLED',
            createdAt: at(BASE_TIME - 30 * 3_600_000),
            updatedAt: at(BASE_TIME - 29 * 3_600_000),
          }),
          anOrder({
            id: 'ord-e',
            clientOrderId: 'tg-ord-e',
            symbol: 'ETH/BTC',
            side: 'buy',
            size: '1.2',
            price: '0.05210',
            status: 'ERROR',
            error: 'EOrder:Insufficient funds',
            createdAt: at(BASE_TIME - 50 * 3_600_000),
            updatedAt: at(BASE_TIME - 50 * 3_600_000),
          }),
        ]
    // Batches 4 to 6 of 6, the next one due in 1 h 20 m.
    this.batches = isFirstRun
      ? []
      : [4, 5, 6].map((batchNumber) =>
          aRebalanceBatch({
            batchNumber,
            createdAt: now - 12 * 3_600_000,
            dueAt: now + 80 * 60_000 + (batchNumber - 4) * 4 * 3_600_000,
          }),
        )
    this.ollama = isFirstRun
      ? { isReachable: false, message: 'connect ECONNREFUSED 127.0.0.1:11434', models: [] }
      : anOllamaList()

    const info = aSystemInfo({
      host: 'headless',
      mode: scenario === 'live' ? 'live' : 'paper',
      startedAt: at(BASE_TIME - 7_200_000),
      ...(isFirstRun
        ? {
            isFirstRun: true,
            llmAvailable: false,
            notices: [
              'Paper mode: orders are simulated against real market data, with fees and slippage; no money moves and no exchange keys are needed.',
              'Rules provider: no language model is reachable (no API keys, Ollama not running), so the agents answer with the built-in deterministic rules provider.',
            ],
          }
        : {}),
    })
    const decisions = isFirstRun
      ? []
      : [
          aTradingDecision({ createdAt: at(BASE_TIME - 5 * 3_600_000 - 20_000) }),
          aTradingDecision({
            id: 'dec-2',
            correlationId: 'corr-5',
            symbol: 'XRP/USDT',
            action: 'HOLD',
            confidence: 0.52,
            agreement: 1,
            entryPrice: null,
            stopLoss: null,
            takeProfit: null,
            createdAt: at(BASE_TIME - 3_600_000),
          }),
          aTradingDecision({
            id: 'dec-3',
            correlationId: 'corr-4',
            symbol: 'ETH/USDT',
            action: 'BUY',
            confidence: 0.64,
            entryPrice: '3420.00',
            stopLoss: '3300.00',
            takeProfit: null,
            createdAt: at(BASE_TIME - 2 * 3_600_000 - 30_000),
          }),
        ]
    const outputs = isFirstRun
      ? []
      : [
          anAgentOutput({ createdAt: at(BASE_TIME - 60_000) }),
          anAgentOutput({
            id: 'o2',
            agent: 'regime_detection',
            output: { regime: 'trending_bull', confidence: 0.74 },
            createdAt: at(BASE_TIME - 240_000),
          }),
          anAgentOutput({
            id: 'o3',
            symbol: 'XRP/USDT',
            output: { signal: 'sell', confidence: 0.58, trend: 'bearish' },
            createdAt: at(BASE_TIME - 90_000),
            correlationId: 'corr-5',
          }),
          anAgentOutput({
            id: 'o4',
            symbol: 'XRP/USDT',
            agent: 'regime_detection',
            output: { regime: 'ranging', confidence: 0.61 },
            createdAt: at(BASE_TIME - 250_000),
          }),
          anAgentOutput({
            id: 'o5',
            symbol: 'ETH/USDT',
            output: { signal: 'hold', confidence: 0.5 },
            createdAt: at(BASE_TIME - 70_000),
            correlationId: 'corr-6',
          }),
          anAgentOutput({
            id: 'o6',
            symbol: 'BTC/USDT',
            agent: 'trading_decision',
            model: 'consensus',
            output: { action: 'BUY', confidence: 0.71 },
            createdAt: at(BASE_TIME - 5 * 3_600_000 - 20_000),
          }),
          anAgentOutput({
            id: 'o7',
            symbol: 'BTC/USDT',
            agent: 'sentiment',
            provider: 'rules',
            model: 'rules',
            isValid: false,
            output: null,
            error: 'schema: missing field "bias"',
            createdAt: at(BASE_TIME - 400_000),
            correlationId: null,
          }),
        ]

    this.handle('system:info', () => info)
      .handle('coordinator:status', () => ({ ...this.status, now: Date.now() }))
      .handle('coordinator:pause', () => this.setState('PAUSED'))
      .handle('coordinator:resume', () => this.setState('RUNNING'))
      .handle('coordinator:killSwitch', ({ closePositions }) => {
        const cancelled = this.orders.length
        for (const order of this.orders)
          this.emit({
            type: 'order.updated',
            at: Date.now(),
            order: { ...order, status: 'CANCELLED' },
          })
        this.orders = []
        let closedCount = 0
        if (closePositions) {
          for (const position of [...this.positions]) {
            this.closePosition(position.id)
            closedCount += 1
          }
        }
        const cancelledBatches = this.batches.length
        this.batches = []
        this.setState('HALTED')
        return {
          state: 'HALTED',
          cancelledOrders: cancelled,
          cancelledBatches,
          closedPositions: closedCount,
          errors: [],
        }
      })
      .handle('coordinator:runTask', ({ name }) =>
        this.updateTask(name, { isRunning: true, lastRunAt: Date.now() }),
      )
      .handle('coordinator:enableTask', ({ name }) =>
        this.updateTask(name, { isEnabled: true, nextRunAt: Date.now() + 60_000 }),
      )
      .handle('coordinator:disableTask', ({ name }) =>
        this.updateTask(name, { isEnabled: false, nextRunAt: null }),
      )
      .handle('risk:status', () => this.risk)
      .handle('risk:resetBreaker', ({ name }) => {
        this.risk = {
          ...this.risk,
          breakers: this.risk.breakers.map((breaker) =>
            breaker.name === name
              ? { ...breaker, isTripped: false, trippedAt: null, reason: null }
              : breaker,
          ),
        }
        return this.risk
      })
      .handle('portfolio:allocation', () =>
        isFirstRun
          ? anAllocation({
              totalEquity: '10000.00',
              assets: [
                {
                  asset: 'BTC',
                  balance: '0',
                  hodl: '0',
                  inPositions: '0',
                  available: '0',
                  price: '66000',
                  value: '0',
                  pct: '0',
                  targetPct: '33.33',
                  deviationPct: '-33.33',
                },
                {
                  asset: 'XRP',
                  balance: '0',
                  hodl: '0',
                  inPositions: '0',
                  available: '0',
                  price: '0.62',
                  value: '0',
                  pct: '0',
                  targetPct: '33.33',
                  deviationPct: '-33.33',
                },
                {
                  asset: 'USDT',
                  balance: '10000',
                  hodl: '0',
                  inPositions: '0',
                  available: '10000',
                  price: '1',
                  value: '10000.00',
                  pct: '100',
                  targetPct: '33.34',
                  deviationPct: '66.66',
                },
              ],
              maxDeviationPct: '66.66',
              warnings: [
                'Allocation is far from target: the first rebalance runs at its next scheduled time.',
              ],
            })
          : anAllocation({ totalEquity: text(this.equity) }),
      )
      .handle('portfolio:equityCurve', () =>
        isFirstRun
          ? []
          : anEquityCurve(96, 9_850).map((point) => ({ ...point, timestamp: at(point.timestamp) })),
      )
      .handle('portfolio:pendingBatches', () => this.batches)
      .handle('portfolio:cancelBatch', ({ id }) => {
        const batch = this.batches.find((candidate) => candidate.id === id)
        if (!batch) throw new EngineError('NOT_FOUND', `rebalance batch id=${id} not found`)
        this.batches = this.batches.filter((candidate) => candidate.id !== id)
        return { ...batch, status: 'cancelled' }
      })
      .handle('portfolio:cancelRebalance', ({ id }) => {
        const before = this.batches.length
        this.batches = this.batches.filter((batch) => batch.rebalanceId !== id)
        return { cancelled: before - this.batches.length }
      })
      .handle('positions:list', ({ status, symbol }) => {
        const list =
          status === 'open'
            ? this.positions
            : status === 'closed'
              ? this.closed
              : [...this.positions, ...this.closed]
        return symbol ? list.filter((position) => position.symbol === symbol) : list
      })
      .handle('positions:get', ({ id }) => this.findPosition(id))
      .handle('positions:closePreview', ({ id, size, sizePct }) => {
        const position = this.findPosition(id)
        const part = partToClose(position.size, { size, sizePct })
        const closing = { ...position, size: part.closeSize }
        const price =
          Number(position.currentPrice ?? position.entryPrice) *
          (position.side === 'long' ? 0.9998 : 1.0002)
        const fee = price * Number(closing.size) * 0.0026
        return {
          id,
          ...part,
          estimatedExitPrice: text(price, price < 10 ? 4 : 2),
          estimatedPnl: text(this.pnl(closing, price) - fee),
          estimatedFee: text(fee),
        }
      })
      .handle('positions:close', ({ id, size, sizePct }) =>
        this.closePosition(id, { size, sizePct }),
      )
      .handle('positions:modify', ({ id, stopLoss, takeProfit, trailingStop }) => {
        const position = this.findPosition(id)
        const price = Number(position.currentPrice ?? position.entryPrice)
        const isLong = position.side === 'long'
        if (stopLoss && (isLong ? Number(stopLoss) >= price : Number(stopLoss) <= price)) {
          throw new EngineError(
            'BAD_REQUEST',
            `INVALID_STOP_LOSS: stop-loss must be ${isLong ? 'below' : 'above'} the current price for a ${position.side} position stopLoss=${stopLoss} price=${position.currentPrice}`,
          )
        }
        if (takeProfit && (isLong ? Number(takeProfit) <= price : Number(takeProfit) >= price)) {
          throw new EngineError(
            'BAD_REQUEST',
            `INVALID_TAKE_PROFIT: take-profit must be ${isLong ? 'above' : 'below'} the current price for a ${position.side} position takeProfit=${takeProfit} price=${position.currentPrice}`,
          )
        }
        const updated: Position = {
          ...position,
          ...(stopLoss !== undefined ? { stopLoss } : {}),
          ...(takeProfit !== undefined ? { takeProfit } : {}),
          ...(trailingStop
            ? {
                trailingStop: {
                  isEnabled: trailingStop.isEnabled,
                  isActive: false,
                  activationPct: position.trailingStop?.activationPct ?? '1.0',
                  distancePct:
                    trailingStop.distancePct ?? position.trailingStop?.distancePct ?? '1.5',
                  extremePrice: null,
                },
              }
            : {}),
        }
        this.positions = this.positions.map((candidate) =>
          candidate.id === id ? updated : candidate,
        )
        this.emit({ type: 'position.updated', at: Date.now(), position: updated })
        return updated
      })
      .handle('orders:list', ({ status }) => (status === 'open' ? this.orders : history))
      .handle('orders:get', ({ id }) => {
        const order = [...this.orders, ...history].find((candidate) => candidate.id === id)
        if (!order) throw new EngineError('NOT_FOUND', `order not found id=${id}`)
        return {
          ...order,
          timeline: order.timeline ?? [
            {
              status: 'PENDING',
              at: order.createdAt,
              details: statusLogDetails(null, '0', null, '0'),
            },
            {
              status: 'OPEN',
              at: order.createdAt + 600,
              details: statusLogDetails('PENDING', '0', null, '0'),
            },
            ...(order.status !== 'OPEN'
              ? [
                  {
                    status: order.status,
                    at: order.updatedAt,
                    details: {
                      ...statusLogDetails(
                        'OPEN',
                        order.filledSize,
                        order.averageFillPrice,
                        order.fee,
                      ),
                      ...(order.error ? { error: order.error } : {}),
                    },
                  },
                ]
              : []),
          ],
        }
      })
      .handle('orders:cancel', ({ id }) => {
        const order = this.orders.find((candidate) => candidate.id === id)
        if (!order) throw new EngineError('NOT_FOUND', `no open order id=${id}`)
        const cancelled: Order = { ...order, status: 'CANCELLED', updatedAt: Date.now() }
        this.orders = this.orders.filter((candidate) => candidate.id !== id)
        const index = history.findIndex((candidate) => candidate.id === id)
        if (index >= 0) history.splice(index, 1)
        history.unshift(cancelled)
        this.emit({ type: 'order.updated', at: Date.now(), order: cancelled })
        return cancelled
      })
      .handle('agents:outputs', () => outputs)
      .handle('decisions:recent', () => decisions)
      .handle('decisions:trace', ({ correlationId }) => {
        const trace = aDecisionTrace({ correlationId })
        return { ...trace, steps: trace.steps.map((step) => ({ ...step, at: at(step.at) })) }
      })
      .handle('models:comparison', () =>
        isFirstRun
          ? []
          : [
              aModelStats(),
              aModelStats({
                model: 'claude-sonnet-4-5',
                provider: 'anthropic',
                votes: 118,
                validVotes: 118,
                agreementPct: 81.4,
                hitRate1h: 0.56,
                hitRate4h: 0.6,
                hitRate24h: 0.64,
                averageLatencyMs: 2_870,
                totalCostUsd: '0.5040',
              }),
              aModelStats({
                model: 'gpt-4.1-mini',
                provider: 'openai',
                votes: 117,
                validVotes: 112,
                agreementPct: 64.2,
                hitRate1h: 0.51,
                hitRate4h: 0.53,
                hitRate24h: 0.55,
                averageLatencyMs: 1_910,
                totalCostUsd: '0.1287',
              }),
              aModelStats({
                model: 'deepseek-v4',
                provider: 'deepseek',
                votes: 60,
                validVotes: 57,
                agreementPct: 70.1,
                hitRate1h: null,
                hitRate4h: 0.52,
                hitRate24h: null,
                averageLatencyMs: 3_400,
                totalCostUsd: '0.0312',
              }),
            ],
      )
      .handle('models:assignments', () =>
        isFirstRun
          ? ['technical_analysis', 'regime_detection', 'trading_decision'].map((agent) =>
              anAssignment({
                agent,
                models: [{ key: 'rules', provider: 'rules', model: 'rules' }],
              }),
            )
          : [
              anAssignment(),
              anAssignment({ agent: 'regime_detection' }),
              anAssignment({
                agent: 'sentiment',
                models: [{ key: 'primary', provider: 'xai', model: 'grok-4-fast' }],
                isEnabled: false,
              }),
              anAssignment({
                agent: 'trading_decision',
                models: [
                  { key: 'a', provider: 'ollama', model: 'qwen2.5:7b' },
                  { key: 'b', provider: 'anthropic', model: 'claude-sonnet-4-5' },
                  { key: 'c', provider: 'openai', model: 'gpt-4.1-mini' },
                  { key: 'd', provider: 'deepseek', model: 'deepseek-v4' },
                ],
              }),
              anAssignment({
                agent: 'portfolio_rebalance',
                models: [{ key: 'primary', provider: 'anthropic', model: 'claude-sonnet-4-5' }],
              }),
            ],
      )
      .handle('models:health', () =>
        isFirstRun
          ? [
              {
                provider: 'ollama',
                isAvailable: false,
                isHealthy: false,
                reason: 'not reachable at 127.0.0.1:11434',
              },
              { provider: 'openai', isAvailable: false, isHealthy: false, reason: 'no API key' },
              { provider: 'anthropic', isAvailable: false, isHealthy: false, reason: 'no API key' },
              {
                provider: 'rules',
                isAvailable: true,
                isHealthy: true,
                reason: 'deterministic fallback',
              },
            ]
          : [
              { provider: 'ollama', isAvailable: true, isHealthy: true, reason: null },
              { provider: 'anthropic', isAvailable: true, isHealthy: true, reason: null },
              {
                provider: 'openai',
                isAvailable: true,
                isHealthy: scenario !== 'degraded',
                reason: scenario === 'degraded' ? 'rate limited (429) until 12:14' : null,
              },
              { provider: 'deepseek', isAvailable: true, isHealthy: true, reason: null },
              { provider: 'xai', isAvailable: false, isHealthy: false, reason: 'no API key' },
            ],
      )
      .handle('ollama:list', () => this.ollama)
      .handle('ollama:pull', ({ name }) => this.startPull(name))
      .handle('ollama:cancelPull', ({ pullId }) => {
        const pull = this.pulls.get(pullId) as { timer: unknown; name: string } | undefined
        if (!pull) throw new EngineError('NOT_FOUND', `no running pull pullId=${pullId}`)
        this.timers.clearInterval(pull.timer)
        this.pulls.delete(pullId)
        this.emit({
          type: 'ollama.pull.progress',
          at: Date.now(),
          pullId,
          name: pull.name,
          status: 'cancelled',
          completedBytes: null,
          totalBytes: null,
          isDone: true,
          error: 'cancelled by user',
        })
        return { done: true }
      })
      .handle('ollama:delete', ({ name }) => {
        if (!this.ollama.models.some((model) => model.name === name)) {
          throw new EngineError('NOT_FOUND', `model not found name=${name}`)
        }
        this.ollama = {
          ...this.ollama,
          models: this.ollama.models.filter((model) => model.name !== name),
        }
        return { done: true }
      })
      .handle('market:candles', ({ symbol, timeframe, limit }) => {
        const stepMs = {
          '1m': 60_000,
          '5m': 300_000,
          '15m': 900_000,
          '1h': 3_600_000,
          '4h': 14_400_000,
          '1d': 86_400_000,
        }[timeframe]
        const series = aCandleSeries(limit, {
          symbol,
          timeframe,
          stepMs,
          start: START_PRICES[symbol] ?? 100,
        })
        const lastT = series.candles.at(-1)?.t ?? BASE_TIME
        // The last closed candle is the one before the current bucket, which is forming.
        const formingT = Math.floor(now / stepMs) * stepMs
        const offset = formingT - stepMs - lastT
        // Scale the random walk so it ends at the demo's current price, near the positions.
        const current = this.prices.get(symbol) ?? 1
        const factor = current / Number(series.candles.at(-1)?.c ?? current)
        const places = current < 0.01 ? 8 : current < 10 ? 5 : 2
        const scale = (value: string) => (Number(value) * factor).toFixed(places)
        const lastClose = Number(series.candles.at(-1)?.c ?? current) * factor
        // The forming candle opens at the last close and stands at the current price.
        const forming =
          timeframe === '1m'
            ? null
            : {
                t: formingT,
                o: lastClose.toFixed(places),
                h: (Math.max(lastClose, current) * 1.001).toFixed(places),
                l: (Math.min(lastClose, current) * 0.999).toFixed(places),
                c: current.toFixed(places),
                v: (Number(series.candles.at(-1)?.v ?? 0) / 3).toFixed(4),
              }
        return {
          ...series,
          forming,
          candles: series.candles.map((candle) => ({
            t: candle.t + offset,
            o: scale(candle.o),
            h: scale(candle.h),
            l: scale(candle.l),
            c: scale(candle.c),
            v: candle.v,
          })),
          overlays: Object.fromEntries(
            Object.entries(series.overlays).map(([name, values]) => [
              name,
              values.map((value) =>
                value === null ? null : Number((value * factor).toFixed(places)),
              ),
            ]),
          ),
        }
      })
      .handle('market:snapshot', ({ symbol }) =>
        aSnapshot({
          symbol,
          price: text(this.prices.get(symbol) ?? 1, (this.prices.get(symbol) ?? 1) < 10 ? 6 : 2),
          ...(scenario === 'degraded'
            ? { isStale: true, dataAgeMs: 185_000, staleParts: ['ticker', '1m candles'] }
            : {}),
          ...(isFirstRun ? { latestTa: null, latestRegime: null } : {}),
        }),
      )
      .handle('settings:get', () => ({
        ...someSettings(),
        mode: info.mode,
        apiKeys: isFirstRun ? unset(someSettings().apiKeys) : someSettings().apiKeys,
      }))
      .handle('settings:apiKeys', () =>
        isFirstRun ? unset(someSettings().apiKeys) : someSettings().apiKeys,
      )
  }

  /**
   * Trips a circuit breaker on the engine's own, as the real one does: the risk alert, then
   * the coordinator's halt pushed with its whole status — no command, no status request.
   */
  tripBreaker(name: string, reason: string): void {
    const at = Date.now()
    this.risk = {
      ...this.risk,
      breakers: this.risk.breakers.map((breaker) =>
        breaker.name === name ? { ...breaker, isTripped: true, trippedAt: at, reason } : breaker,
      ),
    }
    this.emit({
      type: 'risk.alert',
      at,
      alertType: 'circuit_breaker',
      severity: 'critical',
      message: `Circuit breaker ${name} tripped: ${reason}`,
    })
    this.setState('HALTED')
  }

  /** Moves the degradation level as the engine's health check does, pushed with the status. */
  degrade(level: CoordinatorStatus['degradationLevel'], reason: string): void {
    const at = Date.now()
    const from = this.status.degradationLevel
    this.status = {
      ...this.status,
      now: at,
      degradationLevel: level,
      degradationHistory: [...this.status.degradationHistory, { at, from, to: level, reason }],
    }
    this.emit({ type: 'coordinator.state', at, status: this.status })
  }

  private setState(state: CoordinatorStatus['state']): CoordinatorStatus {
    this.status = { ...this.status, state, now: Date.now() }
    this.emit({ type: 'coordinator.state', at: Date.now(), status: this.status })
    return this.status
  }

  private updateTask(name: string, patch: Partial<CoordinatorStatus['tasks'][number]>) {
    const task = this.status.tasks.find((candidate) => candidate.name === name)
    if (!task) throw new EngineError('NOT_FOUND', `unknown task name=${name}`)
    const updated = { ...task, ...patch }
    this.status = {
      ...this.status,
      tasks: this.status.tasks.map((candidate) => (candidate.name === name ? updated : candidate)),
    }
    return updated
  }

  private findPosition(id: string): Position {
    const position = [...this.positions, ...this.closed].find((candidate) => candidate.id === id)
    if (!position) throw new EngineError('NOT_FOUND', `position not found id=${id}`)
    return position
  }

  private pnl(position: Position, price: number): number {
    const difference = price - Number(position.entryPrice)
    return difference * Number(position.size) * (position.side === 'long' ? 1 : -1)
  }

  /** Closes a position on the engine's own, as a stop-loss fill does: pushed, no command. */
  stopOut(id: string): void {
    this.closePosition(id, {}, 'stop_loss')
  }

  private closePosition(
    id: string,
    amount: CloseAmount = {},
    reason = 'manual',
  ): ClosePositionResult {
    const position = this.findPosition(id)
    if (position.status !== 'open')
      throw new EngineError('CONFLICT', `position already closed id=${id}`)
    const part = partToClose(position.size, amount)
    if (part.remainingSize !== '0') {
      const reduced: Position = { ...position, size: part.remainingSize }
      this.positions = this.positions.map((candidate) =>
        candidate.id === id ? reduced : candidate,
      )
      this.emit({ type: 'position.updated', at: Date.now(), position: reduced })
      return { ...reduced, closedSize: part.closeSize, remainingSize: part.remainingSize }
    }
    const price = Number(position.currentPrice ?? position.entryPrice)
    const closed: Position = {
      ...position,
      status: 'closed',
      closedAt: Date.now(),
      exitPrice: position.currentPrice,
      realizedPnl: text(this.pnl(position, price)),
      closeReason: reason,
      unrealizedPnl: '0',
      unrealizedPnlPct: '0',
    }
    this.positions = this.positions.filter((candidate) => candidate.id !== id)
    this.closed = [closed, ...this.closed]
    this.emit({ type: 'position.closed', at: Date.now(), position: closed })
    return { ...closed, closedSize: position.size, remainingSize: '0' }
  }

  private startPull(name: string) {
    if (this.scenario === 'first-run') {
      throw new EngineError(
        'UNAVAILABLE',
        'Ollama is not reachable at http://127.0.0.1:11434: connect ECONNREFUSED',
      )
    }
    const pullId = `pull-${(this.sequence += 1)}`
    const totalBytes = 2_200_000_000
    let completed = 0
    const timer = this.timers.setInterval(() => {
      completed = Math.min(totalBytes, completed + totalBytes / 25)
      const isDone = completed >= totalBytes
      this.emit({
        type: 'ollama.pull.progress',
        at: Date.now(),
        pullId,
        name,
        status: isDone ? 'success' : 'pulling manifest layers',
        completedBytes: completed,
        totalBytes,
        isDone,
        error: null,
      })
      if (isDone) {
        this.timers.clearInterval(timer)
        this.pulls.delete(pullId)
        this.ollama = {
          ...this.ollama,
          models: [
            ...this.ollama.models,
            anOllamaModel({
              name,
              sizeBytes: totalBytes,
              family: name.split(/[:.\d]/)[0] ?? null,
              isRunning: false,
            }),
          ],
        }
      }
    }, 250)
    this.pulls.set(pullId, { timer, name })
    return { pullId, name }
  }

  /**
   * Emits synthetic engine traffic at `perSecond` events per second: ticks, position and
   * equity updates, agent outputs, order updates. Returns the stop function.
   */
  startStream(perSecond: number): () => void {
    const symbols = Object.keys(START_PRICES)
    // Owed events follow the wall clock, so a busy page still receives `perSecond` on average.
    const startedAt = performance.now()
    let emitted = 0
    const timer = this.timers.setInterval(() => {
      const owed = Math.floor(((performance.now() - startedAt) / 1000) * perSecond) - emitted
      for (let index = 0; index < owed; index += 1) {
        emitted += 1
        const event = this.syntheticEvent(symbols)
        if (this.timers.defer) this.timers.defer(() => this.emit(event))
        else this.emit(event)
      }
    }, 10)
    return () => this.timers.clearInterval(timer)
  }

  private syntheticEvent(symbols: readonly string[]): EngineEvent {
    this.sequence += 1
    const at = Date.now()
    const roll = this.sequence % 20
    const symbol = symbols[this.sequence % symbols.length] as string
    const previous = this.prices.get(symbol) ?? 1
    const price = previous * (1 + Math.sin(this.sequence * 1.7) * 0.0008)
    this.prices.set(symbol, price)
    const places = price < 0.01 ? 8 : price < 10 ? 4 : 2
    if (roll < 9) return { type: 'market.tick', at, symbol, price: text(price, places) }
    if (roll < 14 && this.positions.length > 0) {
      const index = this.sequence % this.positions.length
      const position = this.positions[index] as Position
      const mark = this.prices.get(position.symbol) ?? Number(position.entryPrice)
      const pnl = this.pnl(position, mark)
      const updated: Position = {
        ...position,
        currentPrice: text(mark, places),
        unrealizedPnl: text(pnl),
        unrealizedPnlPct: text((pnl / (Number(position.entryPrice) * Number(position.size))) * 100),
      }
      this.positions[index] = updated
      return { type: 'position.updated', at, position: updated }
    }
    if (roll < 17) {
      this.equity += Math.sin(this.sequence / 7) * 0.8
      return {
        type: 'equity.updated',
        at,
        equity: text(this.equity),
        dailyPnl: text(this.equity - 10_000),
      }
    }
    if (roll < 19) {
      return {
        type: 'agent.output',
        at,
        agent: this.sequence % 3 === 0 ? 'regime_detection' : 'technical_analysis',
        symbol,
        summary:
          this.sequence % 3 === 0
            ? 'Trending bull · conf 70%'
            : `${price > previous ? 'BUY' : 'SELL'} · conf ${50 + (this.sequence % 40)}%`,
        correlationId: `corr-s${this.sequence}`,
      }
    }
    const order = this.orders[0]
    if (order) return { type: 'order.updated', at, order: { ...order, updatedAt: at } }
    return { type: 'market.tick', at, symbol, price: text(price, places) }
  }
}

/** A status-log step's details in the shape the order manager writes them (`OrderManager.log`). */
function statusLogDetails(
  previousStatus: string | null,
  filledSize: string,
  averageFillPrice: string | null,
  fee: string,
): Record<string, string | null> {
  return {
    previous_status: previousStatus,
    filled_size: filledSize,
    average_fill_price: averageFillPrice,
    fee,
  }
}
