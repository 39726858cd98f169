import type {
  AgentOutputRepository,
  ModelComparisonRepository,
  Store,
  TradingDecisionRepository,
} from './store'
import type { ConflictResolutionRepository } from './store/repositories/conflict-resolution-repository'
import type { ExecutionEventRepository } from './store/repositories/execution-event-repository'
import type { FillRepository } from './store/repositories/fill-repository'
import type { OrderStatusLogRepository } from './store/repositories/order-status-log-repository'
import type { MessageBus } from './bus'
import type { Clock } from './clock'
import type { AppConfig } from './config'
import type { OutcomeTracker } from './agents'
import type { Coordinator } from './coordinator'
import type { EngineMode } from './engine-mode'
import type { EngineEventHub } from './events/engine-event-hub'
import type { Broker, OrderManager, PositionTracker } from './execution'
import type { ApiKeyStore, LlmLayer, OllamaModelManager } from './llm'
import type { Logger } from './logging/logger'
import type {
  CandleIngestService,
  CandleSeriesQuery,
  LatestPrices,
  MarketDataSource,
  MarketSnapshotBuilder,
  MarketSnapshotQuery,
} from './market'
import type { Portfolio } from './portfolio'
import type { RiskEngine } from './risk'
import type { WriteBehind } from './store/write-behind'
import type { AccountPortfolioSource } from './wiring/portfolio-context-source'

/** A key store the Settings view may write to (the desktop host's encrypted store). */
export interface WritableKeyStore extends ApiKeyStore {
  /** Stores every entry (provider → key) in one write: all of them or, on failure, none. */
  set(entries: Readonly<Record<string, string>>): Promise<void>
  /** Removes the named entries in one write. */
  clear(names: readonly string[]): Promise<void>
  has(provider: string): Promise<boolean>
}

/**
 * Every part of a composed engine. The command handlers and event mappers read these; the
 * Engine starts and stops them in order.
 */
export interface EngineParts {
  readonly config: AppConfig
  readonly mode: EngineMode
  readonly host: 'desktop' | 'headless'
  readonly version: string
  readonly clock: Clock
  readonly logger: Logger
  readonly store: Store
  /** Queued audit and state rows; flush before reading them with raw queries. */
  readonly writes: WriteBehind
  readonly dataDir: string
  readonly env: Readonly<Record<string, string | undefined>>
  readonly bus: MessageBus
  readonly events: EngineEventHub
  readonly market: {
    readonly source: MarketDataSource
    readonly ingest: CandleIngestService
    readonly prices: LatestPrices
    readonly snapshots: MarketSnapshotBuilder
    readonly series: CandleSeriesQuery
    readonly snapshotQuery: MarketSnapshotQuery
  }
  readonly llm: LlmLayer
  readonly ollama: OllamaModelManager
  readonly keyStore: WritableKeyStore | null
  readonly risk: RiskEngine
  readonly broker: Broker
  readonly orders: OrderManager
  readonly positions: PositionTracker
  readonly account: AccountPortfolioSource
  readonly portfolio: Portfolio
  readonly coordinator: Coordinator
  readonly outcomes: OutcomeTracker
  readonly repositories: {
    readonly agentOutputs: AgentOutputRepository
    readonly decisions: TradingDecisionRepository
    readonly comparisons: ModelComparisonRepository
    readonly conflicts: ConflictResolutionRepository
    readonly statusLog: OrderStatusLogRepository
    readonly fills: FillRepository
    readonly executionEvents: ExecutionEventRepository
  }
}
