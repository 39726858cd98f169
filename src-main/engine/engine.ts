import type { CommandHandlers } from '../transport/command-handlers'
import { composeEngine, type ComposeOptions } from './compose-engine'
import type { EngineParts } from './engine-parts'
import { isProtectiveRole } from './execution'
import type { TimerHandle } from './clock'
import { text } from './services/dto-mappers'
import { createCommandHandlers } from './services/create-command-handlers'
import { migrateStore, type SchemaVersion } from './store'
import { PortfolioSnapshotRecorder } from './wiring/portfolio-snapshot-recorder'

export interface EngineOptions extends ComposeOptions {
  migrationsDir: string
}

/** Engine lifecycle phases, for status and for refusing a second start. */
export type EnginePhase = 'created' | 'starting' | 'running' | 'stopping' | 'stopped'

/**
 * The trading engine: built from config by the composition root, started in the order the
 * architecture asks (migrate → restore state → reconcile with the exchange → start feeds →
 * arm schedules) and stopped in reverse, persisting state. Hosts talk to it only through
 * `commands` and `events`.
 */
export class Engine {
  private phase: EnginePhase = 'created'
  private snapshotTimer: TimerHandle | null = null
  private readonly snapshots: PortfolioSnapshotRecorder

  private constructor(
    readonly parts: EngineParts,
    readonly schema: SchemaVersion,
    readonly commands: CommandHandlers,
  ) {
    this.snapshots = new PortfolioSnapshotRecorder(parts)
  }

  /** Migrates the store, then composes every part (restoring risk state and LLM health). */
  static async create(options: EngineOptions): Promise<Engine> {
    const schema = await migrateStore(options.store, options.migrationsDir)
    const parts = await composeEngine(options)
    return new Engine(parts, schema, createCommandHandlers(parts))
  }

  get events(): EngineParts['events'] {
    return this.parts.events
  }

  get state(): EnginePhase {
    return this.phase
  }

  /** Starts every part in order; resolves when the engine is ready to trade. */
  async start(): Promise<void> {
    if (this.phase !== 'created') throw new Error(`engine cannot start from phase=${this.phase}`)
    this.phase = 'starting'
    try {
      await this.startParts()
    } catch (error) {
      // The parts started before the failure (order polls, rebalance schedules, the broker's
      // connection) would run on behind a host that reports the engine down.
      await this.stop().catch((stopError: unknown) =>
        this.parts.logger.error({ err: stopError }, 'engine did not stop after a failed start'),
      )
      throw error
    }
  }

  /** The start order of the class comment; {@link start} stops what it started if a step fails. */
  private async startParts(): Promise<void> {
    const { parts } = this
    const log = parts.logger
    await parts.broker.connect()
    // Reconcile before anything new is sent: open orders, fills, positions, balances.
    const sync = await parts.orders.start()
    log.info(
      {
        ordersChecked: sync.ordersChecked,
        ordersUpdated: sync.ordersUpdated,
        fills: sync.fillsRecorded,
      },
      'reconciled with the exchange',
    )
    await parts.portfolio.service.start()
    await parts.market.ingest.start()
    parts.outcomes.start()
    await parts.coordinator.start()
    const restoreFailure = parts.coordinator.restoreFailure
    if (restoreFailure !== null) {
      parts.events.emit({
        type: 'system.notice',
        at: parts.clock.now(),
        level: 'error',
        message: `Saved coordinator state could not be restored (${restoreFailure}): trading starts ${parts.coordinator.state} and the saved state is kept until trading is resumed`,
      })
    }
    this.snapshotTimer = parts.clock.setInterval(
      () =>
        void this.snapshots
          .record()
          .catch((error: unknown) => log.warn({ err: error }, 'portfolio snapshot failed')),
      parts.config.execution.execution.positions.snapshot_interval_seconds * 1000,
    )
    this.phase = 'running'
    parts.events.emit({
      type: 'system.notice',
      at: parts.clock.now(),
      level: 'info',
      message: `engine started in ${parts.mode.toUpperCase()} mode`,
    })
    log.info({ mode: parts.mode, schemaVersion: this.schema.version }, 'engine ready')
  }

  /** Stops every part in reverse order and persists state; safe to call twice. */
  async stop(): Promise<void> {
    if (this.phase === 'stopped' || this.phase === 'stopping' || this.phase === 'created') {
      this.phase = 'stopped'
      return
    }
    this.phase = 'stopping'
    const { parts } = this
    if (this.snapshotTimer) parts.clock.clearTimer(this.snapshotTimer)
    await parts.coordinator.stop()
    parts.outcomes.stop()
    await parts.market.ingest.stop()
    await parts.portfolio.service.stop()
    await parts.orders.stop()
    await this.snapshots.record().catch(() => undefined)
    parts.risk.stop()
    await parts.risk.flush()
    await parts.llm.router.flushHealth()
    await parts.llm.recorder?.flush()
    await parts.writes.flush()
    await parts.broker.close()
    this.phase = 'stopped'
    parts.logger.info('engine stopped')
  }

  /** Returns how many orders are between "sent" and a final state (for the quit warning). */
  ordersInFlight(): number {
    return this.parts.orders.openOrders().filter((order) => !isProtectiveRole(order.role)).length
  }

  /** The latest equity as text, for status lines. */
  async equityText(): Promise<string> {
    const context = await this.parts.account.portfolioContext()
    return text(context.equity)
  }
}
