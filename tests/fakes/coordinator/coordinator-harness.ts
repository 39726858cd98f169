import type Decimal from 'decimal.js'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'
import { MessageBus, type Message, type TopicPayloadInput } from '../../../src-main/engine/bus'
import { VirtualClock } from '../../../src-main/engine/clock'
import { orchestrationFileSchema } from '../../../src-main/engine/config/schemas/orchestration'
import {
  Coordinator,
  TASK_NAMES,
  type CoordinatorConfig,
  type CoordinatorStateStore,
  type ConflictLog,
  type EntryPricing,
  type RunSkipped,
  type TaskContext,
  type TaskName,
  type TaskRunner,
} from '../../../src-main/engine/coordinator'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import {
  FakeExecutor,
  FakeHealthSource,
  FakePortfolio,
  FakePositionCloser,
  FakeRiskGate,
  MemoryConflictLog,
  MemoryStateStore,
  answer,
  ScriptedModel,
  type ModelStep,
} from './coordinator-fakes'

const ORCHESTRATION_YAML = fileURLToPath(
  new URL('../../../config/orchestration.yaml', import.meta.url),
)

/** The shipped coordinator config, parsed by the real schema, with test overrides applied. */
export function shippedCoordinatorConfig(
  edit: (config: CoordinatorConfig) => void = () => {},
): CoordinatorConfig {
  const file = orchestrationFileSchema.parse(parseYaml(readFileSync(ORCHESTRATION_YAML, 'utf8')))
  const config = structuredClone(file.coordinator)
  edit(config)
  return config
}

/** One recorded runner call. */
export interface RunnerCall {
  task: TaskName
  symbol: string
  at: number
  context: TaskContext
}

/** Runners that record their calls and do what `behaviour` says (resolve at once by default). */
export class RecordingRunners {
  readonly calls: RunnerCall[] = []
  behaviour: (task: TaskName, symbol: string, context: TaskContext) => Promise<RunSkipped | void> =
    () => Promise.resolve()

  constructor(private readonly clock: VirtualClock) {}

  runners(): Record<TaskName, TaskRunner> {
    const runners = {} as Record<TaskName, TaskRunner>
    for (const task of TASK_NAMES) {
      runners[task] = (symbol, context) => {
        this.calls.push({ task, symbol, at: this.clock.now(), context })
        return this.behaviour(task, symbol, context)
      }
    }
    return runners
  }

  count(task: TaskName, symbol?: string): number {
    return this.calls.filter((call) => call.task === task && (!symbol || call.symbol === symbol))
      .length
  }
}

export interface HarnessOptions {
  config?: (config: CoordinatorConfig) => void
  primary?: ModelStep[]
  fallback?: ModelStep[] | null
  clock?: VirtualClock
  stateStore?: CoordinatorStateStore
  conflictLog?: ConflictLog
  /** How the coordinator prices entries; the shipped limit entries within 5 % of the market. */
  entryPricing?: EntryPricing
  /** Reuse a previous harness's clock, bus, runners and fakes (restart tests). */
  share?: SharedParts
}

/** The parts a restarted coordinator shares with the one before it. */
export interface SharedParts {
  clock: VirtualClock
  bus: MessageBus
  runners: RecordingRunners
  risk: FakeRiskGate
  executor: FakeExecutor
  portfolio: FakePortfolio
  closer: FakePositionCloser
  stateStore: CoordinatorStateStore
  conflictLog: ConflictLog
  health: FakeHealthSource
  events: Message<'system_events'>[]
}

/** execution.yaml's shipped `orders`: limit entries within 5 % of the market. */
export const SHIPPED_ENTRY_PRICING: EntryPricing = { orderType: 'limit', maxDeviationPct: 5 }

/** A coordinator on a virtual clock with fakes for every port; not started. */
export function aCoordinator(options: HarnessOptions = {}) {
  const clock = options.clock ?? options.share?.clock ?? new VirtualClock(Date.UTC(2026, 0, 1))
  const bus =
    options.share?.bus ??
    new MessageBus({ clock, logger: silentLogger(), config: { handlerTimeoutMs: 60_000 } })
  const config = shippedCoordinatorConfig(options.config)
  const runners = options.share?.runners ?? new RecordingRunners(clock)
  const primary = new ScriptedModel('deepseek', clock, options.primary ?? [answer('proceed')])
  const fallbackSteps = options.fallback === undefined ? [answer('proceed')] : options.fallback
  const fallback =
    fallbackSteps === null ? null : new ScriptedModel('claude_sonnet', clock, fallbackSteps)
  const risk = options.share?.risk ?? new FakeRiskGate()
  const executor = options.share?.executor ?? new FakeExecutor()
  const portfolio = options.share?.portfolio ?? new FakePortfolio()
  const closer = options.share?.closer ?? new FakePositionCloser()
  const stateStore = options.stateStore ?? options.share?.stateStore ?? new MemoryStateStore()
  const conflictLog = options.conflictLog ?? options.share?.conflictLog ?? new MemoryConflictLog()
  // The in-memory fakes, for tests that make them fail; unused when a repository was given.
  const memoryState = stateStore instanceof MemoryStateStore ? stateStore : new MemoryStateStore()
  const memoryLog = conflictLog instanceof MemoryConflictLog ? conflictLog : new MemoryConflictLog()
  const health = options.share?.health ?? new FakeHealthSource()
  let next = 0
  const coordinator = new Coordinator({
    clock,
    logger: silentLogger(),
    bus,
    config,
    entryPricing: options.entryPricing ?? SHIPPED_ENTRY_PRICING,
    runners: runners.runners(),
    conflictModels: { primary, fallback },
    risk,
    portfolio,
    executor,
    positionCloser: closer,
    stateStore,
    conflictLog,
    healthSource: health,
    newId: () => `id-${++next}`,
  })
  const events: Message<'system_events'>[] = options.share?.events ?? []
  if (!options.share)
    bus.subscribe('test-events', 'system_events', (message) => {
      events.push(message)
    })
  return {
    coordinator,
    clock,
    bus,
    config,
    runners,
    primary,
    fallback,
    risk,
    executor,
    portfolio,
    closer,
    stateStore,
    conflictLog,
    memoryState,
    memoryLog,
    health,
    events,
    /** The system events of one type, their data. */
    eventsOf(type: string): Record<string, unknown>[] {
      return events
        .filter((event) => event.payload.event_type === type)
        .map((event) => event.payload.data ?? {})
    },
    /** Publishes a trading signal and waits until the coordinator has handled it. */
    async signal(
      payload: Partial<TopicPayloadInput<'trading_signals'>> = {},
      correlationId: string | null = null,
    ) {
      bus.publish({
        topic: 'trading_signals',
        source: 'trading_decision',
        correlationId,
        payload: aSignal(payload),
      })
      await settle(clock)
      await coordinator.whenIdle()
      const outcomes = events.filter((event) => event.payload.event_type === 'signal_processed')
      return outcomes.at(-1)?.payload.data ?? null
    },
  }
}

export type Harness = ReturnType<typeof aCoordinator>

/** A BUY of BTC/USDT at 45,250 with a 2 % stop and a 4 % target. */
export function aSignal(
  overrides: Partial<TopicPayloadInput<'trading_signals'>> = {},
): TopicPayloadInput<'trading_signals'> {
  return {
    symbol: 'BTC/USDT',
    action: 'BUY',
    confidence: 0.7,
    entry_price: '45250',
    stop_loss_pct: 2,
    take_profit_pct: 4,
    position_size_pct: 10,
    leverage: 1,
    ...overrides,
  }
}

/** Lets pending promise callbacks run (one macrotask turn, twice for chained awaits). */
export async function settle(clock: VirtualClock, turns = 3): Promise<void> {
  for (let i = 0; i < turns; i++) await clock.advance(0)
}

/** Publishes a long TA signal for BTC/USDT (confidence 0.6) with `overrides`. */
export function publishTa(
  harness: Harness,
  overrides: Partial<TopicPayloadInput<'ta_signals'>> = {},
) {
  harness.bus.publish({
    topic: 'ta_signals',
    source: 'technical_analysis',
    payload: {
      symbol: 'BTC/USDT',
      trend_direction: 'bullish',
      trend_strength: 0.7,
      bias: 'long',
      confidence: 0.6,
      ...overrides,
    },
  })
}

/** Publishes a bearish sentiment for BTC/USDT (confidence 0.5) with `overrides`. */
export function publishSentiment(
  harness: Harness,
  overrides: Partial<TopicPayloadInput<'sentiment_updates'>> = {},
) {
  harness.bus.publish({
    topic: 'sentiment_updates',
    source: 'sentiment',
    payload: { symbol: 'BTC/USDT', bias: 'bearish', confidence: 0.5, ...overrides },
  })
}

/** Publishes a trending-bull regime for BTC/USDT (confidence 0.6) with `overrides`. */
export function publishRegime(
  harness: Harness,
  overrides: Partial<TopicPayloadInput<'regime_updates'>> = {},
) {
  harness.bus.publish({
    topic: 'regime_updates',
    source: 'regime_detection',
    payload: {
      symbol: 'BTC/USDT',
      regime: 'trending_bull',
      confidence: 0.6,
      position_size_multiplier: 1,
      entry_strictness: 'normal',
      ...overrides,
    },
  })
}

/**
 * Makes the harness's risk gate cut the first proposal's size to a quarter (MODIFIED, a
 * significant change the coordinator resolves) and approve every one after it.
 */
export function cutOnceThenApprove(harness: Harness): void {
  let calls = 0
  harness.risk.verdict = (proposal) => {
    calls++
    if (calls > 1) return { status: 'APPROVED', proposal, reasons: [] }
    return {
      status: 'MODIFIED',
      proposal: { ...proposal, size: (proposal.size as Decimal).div(4) },
      reasons: ['lowered'],
    }
  }
}
