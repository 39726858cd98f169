import Decimal from 'decimal.js'
import { COMMANDS } from '../../../src-shared/contract'
import type {
  CloseAmount,
  CommandName,
  CommandOutput,
  CommandParsedInput,
  EngineEvent,
} from '../../../src-shared/contract'
import type { EngineApi } from '../../../src-shared/engine-api'
import type { ErrorCode } from '../../../src-shared/result'
import { EngineError } from '../../../src-renderer/src/api/engine-error'
import {
  aClosePreview,
  aCloseResult,
  aCoordinatorStatus,
  aCandleSeries,
  aDecisionTrace,
  aModelStats,
  anAgentOutput,
  anAllocation,
  anAssignment,
  anEquityCurve,
  anExposure,
  anOllamaList,
  anOrder,
  aPosition,
  aRebalanceBatch,
  aRiskStatus,
  aSnapshot,
  aSystemInfo,
  aTask,
  aTradingDecision,
  someSettings,
} from './builders'

export type Handler<Name extends CommandName> = (
  input: CommandParsedInput<Name>,
) => CommandOutput<Name> | Promise<CommandOutput<Name>>

export type Handlers = { [Name in CommandName]?: Handler<Name> }

/** A pending answer a test resolves or rejects when it wants (to see loading states). */
export interface Deferred<T> {
  promise: Promise<T>
  resolve(value: T): void
  reject(error: unknown): void
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((yes, no) => {
    resolve = yes
    reject = no
  })
  return { promise, resolve, reject }
}

/**
 * An in-memory EngineApi for renderer tests: inputs are parsed with the contract's schemas
 * (a bad input is refused with BAD_REQUEST like the engine would), answers come from
 * handlers (a happy default world unless replaced) and are checked against the contract's
 * output schema, and `emit` pushes events to subscribers.
 */
export class InMemoryEngineApi implements EngineApi {
  readonly calls: { name: CommandName; input: unknown }[] = []
  private readonly handlers: Handlers
  private readonly listeners = new Set<(event: EngineEvent) => void>()

  constructor(handlers: Handlers = {}) {
    this.handlers = { ...defaultHandlers(), ...handlers }
  }

  /** Replaces the handler of one command. */
  handle<Name extends CommandName>(name: Name, handler: Handler<Name>): this {
    ;(this.handlers as Record<string, unknown>)[name] = handler
    return this
  }

  /** Makes a command fail with the given code and message. */
  reject(name: CommandName, code: ErrorCode, message: string): this {
    ;(this.handlers as Record<string, unknown>)[name] = () => {
      throw new EngineError(code, message)
    }
    return this
  }

  /** Makes a command wait until the test settles the returned deferred. */
  defer<Name extends CommandName>(name: Name): Deferred<CommandOutput<Name>> {
    const pending = deferred<CommandOutput<Name>>()
    this.handle(name, () => pending.promise)
    return pending
  }

  /** Inputs of every call to `name`, in order. */
  callsOf(name: CommandName): unknown[] {
    return this.calls.filter((call) => call.name === name).map((call) => call.input)
  }

  /** Pushes events to every subscriber, synchronously. */
  emit(...events: EngineEvent[]): void {
    for (const event of events) for (const listener of [...this.listeners]) listener(event)
  }

  get listenerCount(): number {
    return this.listeners.size
  }

  async invoke<Name extends CommandName>(
    name: Name,
    input?: unknown,
  ): Promise<CommandOutput<Name>> {
    this.calls.push({ name, input })
    const definition = COMMANDS[name]
    const parsed = definition.input.safeParse(input ?? {})
    if (!parsed.success) {
      const message = parsed.error.issues
        .map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`)
        .join('; ')
      throw new EngineError('BAD_REQUEST', message)
    }
    const handler = this.handlers[name] as Handler<Name> | undefined
    if (!handler) throw new EngineError('UNSUPPORTED', `no handler for command=${name}`)
    const output = await handler(parsed.data as CommandParsedInput<Name>)
    const checked = definition.output.safeParse(output)
    if (!checked.success) {
      throw new Error(
        `test fixture for ${name} does not match the contract: ${checked.error.message}`,
      )
    }
    return output
  }

  onEvent(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}

/** Answers for every command from the builders: a running paper engine with one position. */
export function defaultHandlers(): Handlers {
  return {
    'system:info': () => aSystemInfo(),
    'coordinator:status': () => aCoordinatorStatus(),
    'coordinator:pause': () => aCoordinatorStatus({ state: 'PAUSED' }),
    'coordinator:resume': () => aCoordinatorStatus({ state: 'RUNNING' }),
    'coordinator:pauseSymbol': ({ symbol }) => aCoordinatorStatus({ pausedSymbols: [symbol] }),
    'coordinator:resumeSymbol': () => aCoordinatorStatus({ pausedSymbols: [] }),
    'coordinator:runTask': ({ name }) => aTask({ name, isRunning: true }),
    'coordinator:enableTask': ({ name }) => aTask({ name, isEnabled: true }),
    'coordinator:disableTask': ({ name }) => aTask({ name, isEnabled: false, nextRunAt: null }),
    'coordinator:killSwitch': ({ closePositions }) => ({
      state: 'HALTED',
      cancelledOrders: 1,
      cancelledBatches: 0,
      closedPositions: closePositions ? 1 : 0,
      errors: [],
    }),
    'risk:status': () => aRiskStatus(),
    'risk:resetBreaker': () => aRiskStatus(),
    'portfolio:allocation': () => anAllocation(),
    'portfolio:rebalance': () => ({
      action: 'no_action',
      allocation: anAllocation(),
      trades: [],
      usedFallbackStrategy: false,
      reasoning: 'within threshold',
    }),
    'portfolio:equityCurve': () => anEquityCurve(),
    // Nothing scheduled, as between rebalances.
    'portfolio:pendingBatches': () => [],
    'portfolio:cancelBatch': ({ id }) => aRebalanceBatch({ id, status: 'cancelled' }),
    'portfolio:cancelRebalance': () => ({ cancelled: 0 }),
    'positions:list': ({ status }) =>
      status === 'closed'
        ? [
            aPosition({
              id: 'pos-0',
              status: 'closed',
              closedAt: 1,
              exitPrice: '64000',
              realizedPnl: '-20.00',
              closeReason: 'stop_loss',
            }),
          ]
        : [aPosition()],
    'positions:exposure': () => anExposure(),
    'positions:get': ({ id }) => aPosition({ id }),
    'positions:closePreview': ({ id, size, sizePct }) =>
      aClosePreview({ id, ...partToClose(aPosition().size, { size, sizePct }) }),
    'positions:close': ({ id, size, sizePct, exitPrice, reason }) => {
      const part = partToClose(aPosition().size, { size, sizePct })
      if (part.remainingSize !== '0') {
        return aCloseResult(
          aPosition({ id, size: part.remainingSize }),
          part.closeSize,
          part.remainingSize,
        )
      }
      return aCloseResult(
        aPosition({
          id,
          status: 'closed',
          closedAt: 2,
          exitPrice: exitPrice ?? '65990.00',
          realizedPnl: '49.50',
          closeReason: reason ?? 'manual',
        }),
      )
    },
    'positions:modify': ({ id, stopLoss, takeProfit }) =>
      aPosition({
        id,
        ...(stopLoss !== undefined ? { stopLoss } : {}),
        ...(takeProfit !== undefined ? { takeProfit } : {}),
      }),
    'orders:list': ({ status }) =>
      status === 'all'
        ? [
            anOrder(),
            anOrder({
              id: 'ord-0',
              clientOrderId: 'tg-ord-0',
              status: 'FILLED',
              filledSize: '0.05',
              averageFillPrice: '65000.00',
            }),
          ]
        : [anOrder()],
    'orders:sync': () => ({ ordersChecked: 1, ordersUpdated: 0, fillsAdded: 0 }),
    'orders:get': ({ id }) =>
      anOrder({
        id,
        timeline: [
          { status: 'PENDING', at: 1, details: null },
          { status: 'OPEN', at: 2, details: { externalId: 'OABC-123' } },
        ],
      }),
    'orders:cancel': ({ id }) => anOrder({ id, status: 'CANCELLED' }),
    'execution:stats': () => ({
      ordersPlaced: 3,
      ordersFilled: 2,
      ordersCancelled: 0,
      ordersFailed: 0,
      openOrders: 1,
      openPositions: 1,
      totalFees: '2.60',
      realizedPnl: '0',
    }),
    'agents:outputs': () => [
      anAgentOutput(),
      anAgentOutput({
        id: 'out-2',
        agent: 'regime_detection',
        output: { regime: 'trending_bull', confidence: 0.74 },
      }),
    ],
    'decisions:recent': () => [aTradingDecision()],
    'events:recent': () => [],
    'decisions:trace': ({ correlationId }) => aDecisionTrace({ correlationId }),
    'models:comparison': () => [
      aModelStats(),
      aModelStats({
        model: 'claude-sonnet-4-5',
        provider: 'anthropic',
        hitRate24h: 0.64,
        averageLatencyMs: 2900,
        totalCostUsd: '0.5040',
      }),
    ],
    'models:assignments': () => [
      anAssignment(),
      anAssignment({
        agent: 'trading_decision',
        models: [
          { key: 'a', provider: 'ollama', model: 'qwen2.5:7b' },
          { key: 'b', provider: 'anthropic', model: 'claude-sonnet-4-5' },
        ],
      }),
    ],
    'models:health': () => [
      { provider: 'ollama', isAvailable: true, isHealthy: true, reason: null },
      { provider: 'anthropic', isAvailable: true, isHealthy: true, reason: null },
      { provider: 'openai', isAvailable: false, isHealthy: false, reason: 'no API key' },
    ],
    'ollama:list': () => anOllamaList(),
    'ollama:pull': ({ name }) => ({ pullId: 'pull-1', name }),
    'ollama:cancelPull': () => ({ done: true }),
    'ollama:delete': () => ({ done: true }),
    'market:candles': ({ symbol, timeframe, limit }) => aCandleSeries(limit, { symbol, timeframe }),
    'market:snapshot': ({ symbol }) => aSnapshot({ symbol }),
    'settings:get': () => someSettings(),
    'settings:apiKeys': () => someSettings().apiKeys,
    'settings:setApiKey': () => {
      throw new EngineError(
        'UNSUPPORTED',
        'API keys can be stored only by the desktop app; on the headless host set them in the environment',
      )
    },
    'settings:clearApiKey': () => someSettings().apiKeys,
  }
}

/**
 * Returns what a close of `amount` takes off a position of `openSize` and what it leaves, as
 * the engine answers it (without market rounding); a size above the open size is refused.
 */
export function partToClose(
  openSize: string,
  amount: CloseAmount,
): { closeSize: string; remainingSize: string } {
  const open = new Decimal(openSize)
  const requested =
    amount.size !== undefined
      ? new Decimal(amount.size)
      : amount.sizePct !== undefined
        ? open.times(amount.sizePct).div(100)
        : open
  if (requested.gt(open)) {
    throw new EngineError('BAD_REQUEST', `size=${amount.size} is above the open size=${openSize}`)
  }
  return { closeSize: requested.toFixed(), remainingSize: open.minus(requested).toFixed() }
}
