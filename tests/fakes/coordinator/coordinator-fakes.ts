import Decimal from 'decimal.js'
import type { Clock } from '../../../src-main/engine/clock'
import type {
  ConflictLog,
  ConflictLogEntry,
  ConflictModel,
  ConflictPrompt,
  CoordinatorStateStore,
  EmergencyReport,
  ExecutionReport,
  HealthSource,
  LlmProviderReading,
  ModelCallOptions,
  PortfolioContext,
  PortfolioSource,
  PositionCloser,
  RegimeContext,
  RiskGate,
  RiskVerdict,
  TradeExecutor,
  TradeProposal,
} from '../../../src-main/engine/coordinator'
import { ModelNotAskedError } from '../../../src-main/engine/coordinator'
import type { CoordinatorStateRow } from '../../../src-main/engine/store'

/** What a scripted model does on one call. */
export type ModelStep =
  | { kind: 'answer'; text: string; afterMs?: number }
  | { kind: 'fail'; error: string; afterMs?: number }
  | { kind: 'not_asked'; error: string }
  | { kind: 'hang' }

/** A conflict model that follows a script (the last step repeats) on the injected clock. */
export class ScriptedModel implements ConflictModel {
  readonly calls: { prompt: ConflictPrompt; options: ModelCallOptions; at: number }[] = []
  readonly aborted: number[] = []

  constructor(
    readonly name: string,
    private readonly clock: Clock,
    private readonly steps: ModelStep[],
  ) {}

  complete(prompt: ConflictPrompt, options: ModelCallOptions): Promise<string> {
    this.calls.push({ prompt, options, at: this.clock.now() })
    options.signal.addEventListener('abort', () => this.aborted.push(this.clock.now()), {
      once: true,
    })
    const step = (this.steps[this.calls.length - 1] ?? this.steps.at(-1)) as ModelStep
    if (step.kind === 'hang') return new Promise<string>(() => {})
    if (step.kind === 'not_asked') return Promise.reject(new ModelNotAskedError(step.error))
    const settle = () =>
      step.kind === 'answer' ? Promise.resolve(step.text) : Promise.reject(new Error(step.error))
    if (!step.afterMs) return settle()
    return this.clock.sleep(step.afterMs).then(settle)
  }
}

/** A JSON answer of a conflict model. */
export function answer(
  action: string,
  extra: Record<string, unknown> = {},
  confidence = 0.8,
): Extract<ModelStep, { kind: 'answer' }> {
  return {
    kind: 'answer',
    text: JSON.stringify({ action, confidence, reasoning: `because ${action}`, ...extra }),
  }
}

/**
 * A risk gate that approves, or answers with a scripted verdict per call; a test may hand
 * the call on to a real `RiskEngine` through `verdict`.
 */
export class FakeRiskGate implements RiskGate {
  readonly calls: {
    proposal: TradeProposal
    context: PortfolioContext
    regime: RegimeContext | null
  }[] = []
  verdict: (
    proposal: TradeProposal,
    context: PortfolioContext,
    regime: RegimeContext | null,
  ) => RiskVerdict = (proposal) => ({
    status: 'APPROVED',
    proposal,
    reasons: [],
  })

  validate(
    proposal: TradeProposal,
    context: PortfolioContext,
    regime: RegimeContext | null,
  ): RiskVerdict {
    this.calls.push({ proposal, context, regime })
    return this.verdict(proposal, context, regime)
  }

  /** The breakers the test says are tripped. */
  breakers: string[] = []

  activeBreakers(): readonly string[] {
    return this.breakers
  }
}

/** A trade executor that succeeds, or fails while `failWith` is set. */
export class FakeExecutor implements TradeExecutor {
  readonly calls: { proposal: TradeProposal; correlationId: string }[] = []
  failWith: string | null = null
  throwWith: string | null = null

  execute(proposal: TradeProposal, correlationId: string): Promise<ExecutionReport> {
    this.calls.push({ proposal, correlationId })
    if (this.throwWith !== null) return Promise.reject(new Error(this.throwWith))
    if (this.failWith !== null) return Promise.resolve({ success: false, error: this.failWith })
    return Promise.resolve({ success: true, orderId: `order-${this.calls.length}` })
  }
}

/** A portfolio of 10,000 USDT with the given open positions. */
export class FakePortfolio implements PortfolioSource {
  context: PortfolioContext = {
    equity: new Decimal('10000'),
    freeBalances: { USDT: new Decimal('10000') },
    openPositions: [],
  }
  failWith: string | null = null

  portfolioContext(): Promise<PortfolioContext> {
    if (this.failWith !== null) return Promise.reject(new Error(this.failWith))
    return Promise.resolve(this.context)
  }
}

/**
 * Records emergency actions; reports `positions` closed with `protectiveOrders` cancelled
 * alongside, and `orders` cancelled.
 */
export class FakePositionCloser implements PositionCloser {
  readonly closed: { reason: string; correlationId: string }[] = []
  readonly cancelled: { reason: string; correlationId: string }[] = []
  positions = 2
  protectiveOrders = 4
  orders = 3
  failClose: string | null = null

  closeAllPositions(reason: string, correlationId: string): Promise<EmergencyReport> {
    this.closed.push({ reason, correlationId })
    if (this.failClose !== null) return Promise.reject(new Error(this.failClose))
    return Promise.resolve({
      count: this.positions,
      cancelledOrders: this.protectiveOrders,
      errors: [],
    })
  }

  cancelAllOrders(reason: string, correlationId: string): Promise<EmergencyReport> {
    this.cancelled.push({ reason, correlationId })
    return Promise.resolve({ count: this.orders, errors: [] })
  }
}

/** A coordinator_state store in memory; `failWith` makes every call fail. */
export class MemoryStateStore implements CoordinatorStateStore {
  readonly rows = new Map<string, CoordinatorStateRow>()
  saves = 0
  failWith: string | null = null

  load(id: string): Promise<CoordinatorStateRow | null> {
    if (this.failWith !== null) return Promise.reject(new Error(this.failWith))
    const row = this.rows.get(id)
    return Promise.resolve(row === undefined ? null : structuredClone(row))
  }

  save(id: string, row: CoordinatorStateRow): Promise<void> {
    if (this.failWith !== null) return Promise.reject(new Error(this.failWith))
    this.saves++
    this.rows.set(id, structuredClone(row))
    return Promise.resolve()
  }
}

/** A conflict log in memory; `failWith` makes writes fail. */
export class MemoryConflictLog implements ConflictLog {
  readonly entries: ConflictLogEntry[] = []
  failWith: string | null = null

  record(entry: ConflictLogEntry): Promise<void> {
    if (this.failWith !== null) return Promise.reject(new Error(this.failWith))
    this.entries.push(structuredClone(entry))
    return Promise.resolve()
  }
}

/** A health source whose readings the test sets; a provider is known unless told otherwise. */
export class FakeHealthSource implements HealthSource {
  providers: { name: string; isHealthy: boolean; isKnown?: boolean }[] = [
    { name: 'deepseek', isHealthy: true },
    { name: 'anthropic', isHealthy: true },
  ]
  failures: Record<string, number> = {}
  throwWith: string | null = null

  llmProviders(): readonly LlmProviderReading[] {
    if (this.throwWith !== null) throw new Error(this.throwWith)
    return this.providers.map((provider) => ({ isKnown: true, ...provider }))
  }

  agentFailures(): Readonly<Record<string, number>> {
    return this.failures
  }

  setAll(isHealthy: boolean): void {
    this.providers = this.providers.map((provider) => ({ ...provider, isHealthy }))
  }
}
