import { randomUUID } from 'node:crypto'
import Decimal from 'decimal.js'
import { NOTHING_STARTED, type Clock, type TimerHandle } from '../clock'
import type { ExecutionConfig } from '../config/schemas/execution'
import type { Logger } from '../logging/logger'
import type { FillRepository } from '../store/repositories/fill-repository'
import type { OrderRepository } from '../store/repositories/order-repository'
import type { OrderStatusLogRepository } from '../store/repositories/order-status-log-repository'
import {
  isBelowMinimumOrder,
  type Broker,
  type BrokerBalance,
  type BrokerOrder,
  type PlaceOrderRequest,
} from './broker/broker'
import { actionFor, asBrokerError, type BrokerError } from './broker/broker-error'
import type { ExecutionEventPublisher, ExecutionEventType } from './execution-event'
import type { ExecutionRequest } from './execution-request'
import { failure, type ExecutionErrorCode, type ExecutionResult } from './execution-result'
import { RecordedTrades } from './recorded-trades'
import { KeyedLock } from './keyed-lock'
import { priceAgeMs, type MarketPriceSource } from './market-price-source'
import type { Order } from './order'
import { isTerminalStatus, transitionOrderStatus, type OrderStatus } from './order-status'
import { isExitRole, isProtectiveRole, type ClientOrderId, type OrderRole } from './order-types'
import { MAX_LEVERAGE, type Position } from './position'
import type { PositionActions, PositionFillOutcome, PositionTracker } from './position-tracker'
import type { TriggerKind } from './position-triggers'
import { validateRequest, type ValidRequest } from './request-validation'
import { backoffDelayMs, withRetry } from './retry'
import { holdingShortfalls } from './unheld-positions'

/** The order and position settings of execution.yaml. */
export interface OrderManagerConfig {
  readonly orders: ExecutionConfig['execution']['orders']
  readonly positions: ExecutionConfig['execution']['positions']
  /**
   * Entry and rebalance orders are refused while the symbol's latest price is older than
   * this (market.snapshot.max_data_age_seconds: the age at which market data is stale): they
   * would be sized and limited from a price the market has left. Closes are never held back.
   */
  readonly maxPriceAgeMs: number
}

/** The order manager's tables. */
export interface OrderManagerRepositories {
  readonly orders: OrderRepository
  readonly statusLog: OrderStatusLogRepository
  readonly fills: FillRepository
}

/**
 * Test probes at the two crash points of a placement: after the order is stored and before
 * it is sent, and after the exchange accepted it but before its answer is stored.
 */
export interface OrderManagerProbes {
  afterStore?(order: Order): void | Promise<void>
  afterSend?(order: Order, acknowledgement: BrokerOrder): void | Promise<void>
}

export interface OrderManagerOptions {
  readonly clock: Clock
  readonly logger: Logger
  readonly broker: Broker
  readonly prices: MarketPriceSource
  readonly tracker: PositionTracker
  readonly events: ExecutionEventPublisher
  readonly repositories: OrderManagerRepositories
  readonly config: OrderManagerConfig
  readonly probes?: OrderManagerProbes
  /** Generates order, client-order and position ids; random UUIDs by default. */
  readonly newId?: () => string
}

/** What a reconciliation with the exchange found and did. */
export interface SyncReport {
  readonly ordersChecked: number
  readonly ordersUpdated: number
  readonly ordersResent: number
  readonly ordersAbandoned: number
  readonly foreignOpenOrders: number
  readonly fillsRecorded: number
  readonly protectiveOrdersPlaced: number
  /**
   * Orders left working by positions already closed (stop-loss, take-profit, the rest of an
   * entry), now cancelled.
   */
  readonly protectiveOrdersCancelled: number
  readonly balances: Readonly<Record<string, BrokerBalance>>
}

/** What a reconciliation's result depends on, with a broker that tells its order revision. */
interface SyncRevisions {
  readonly orders: number
  readonly positions: number
  readonly failures: number
}

interface Counters {
  updated: number
  resent: number
  abandoned: number
  protective: number
  unprotected: number
}

const ZERO = new Decimal(0)

/**
 * Sends orders and follows them to the end (seed 003 §3.4): validates requests and position
 * limits, writes each order with its client id before the exchange call, retries temporary
 * failures with backoff (looking the order up by client id before any retry after an
 * ambiguous failure, so nothing is placed twice), walks the order state table, logs and
 * publishes every transition, grows and reduces positions on fills, places and cancels the
 * contingent stop-loss / take-profit orders, and reconciles with the exchange at start and on
 * an interval.
 */
export class OrderManager implements PositionActions {
  private readonly active = new Map<string, Order>()
  private readonly history: Order[] = []
  private readonly inFlight = new Set<string>()
  private readonly missedLookups = new Map<string, number>()
  /**
   * Orders held with a fill the exchange reported without its price (see holdUnpricedFill):
   * warned about once, told again when the price comes; forgotten when the order ends.
   */
  private readonly unpricedFills = new Set<string>()
  /** Positions an exit reduced while their lock may have been held; see {@link protectReducedPositions}. */
  private readonly reducedPositions = new Set<string>()
  /** Positions a close holds the lock of: an entry ending meanwhile is protected after it. */
  private readonly closingPositions = new Set<string>()
  private readonly locks = new KeyedLock()
  private readonly recordedTrades = new RecordedTrades()
  private readonly newId: () => string
  private balances: Record<string, BrokerBalance> = {}
  /** Holding shortfalls the last reconciliation saw (see reportHoldingShortfalls). */
  private suspectedShortfalls = new Set<string>()
  /** Holding shortfalls the trader was told about; told again only once one has cleared. */
  private readonly reportedShortfalls = new Set<string>()
  private timers: TimerHandle[] = []
  /** Passes the timers started that have not ended yet. */
  private readonly timedWork = new Set<Promise<unknown>>()
  private isLoaded = false
  private hasSynced = false
  private isPolling = false
  private isSyncing = false
  private lastSyncAtMs: number | null = null
  /** The broker's order revision every active order was last refreshed at. */
  private polledRevision: number | null = null
  /** Failures logged so far (see logFailure): each is left to the next reconciliation. */
  private failures = 0
  /** Where the last reconciliation found and did nothing (see isSyncNeeded); null otherwise. */
  private quietAt: SyncRevisions | null = null

  constructor(private readonly options: OrderManagerOptions) {
    this.newId = options.newId ?? randomUUID
    options.tracker.setActions(this)
  }

  /** Loads positions, reconciles with the exchange, then starts monitoring; trading is refused until then. */
  async start(): Promise<SyncReport> {
    await this.options.tracker.load()
    const report = await this.sync()
    const { clock, config } = this.options
    this.clearTimers()
    this.timers = [
      clock.setInterval(
        () => (this.isPollNeeded() ? this.runTimed(() => this.poll(), 'poll') : NOTHING_STARTED),
        config.orders.monitor_interval_seconds * 1000,
      ),
      clock.setInterval(
        () => (this.isSyncNeeded() ? this.runTimed(() => this.sync(), 'sync') : this.skipSync()),
        config.positions.sync_interval_seconds * 1000,
      ),
    ]
    this.options.tracker.start()
    return report
  }

  /**
   * Stops the monitoring timers and waits for a poll or sync they started (orders stay as
   * they are on the exchange): what it learns is written before the store closes.
   */
  async stop(): Promise<void> {
    this.clearTimers()
    await Promise.all([...this.timedWork])
  }

  private clearTimers(): void {
    for (const timer of this.timers) this.options.clock.clearTimer(timer)
    this.timers = []
    this.options.tracker.stop()
  }

  /** Runs a timer's pass, logging its failure, and keeps it until it ends (see `stop`). */
  private runTimed(work: () => Promise<unknown>, what: string): void {
    const running = work()
      .catch((error: unknown) => this.logFailure(what, error))
      .finally(() => this.timedWork.delete(running))
    this.timedWork.add(running)
  }

  /** Whether the first reconciliation has completed (new orders are refused before). */
  get isSynced(): boolean {
    return this.hasSynced
  }

  /**
   * Returns the orders not yet terminal, of one symbol when given, oldest first: in the order
   * they were created (after a restart, as the store lists them), also within a millisecond.
   */
  openOrders(symbol?: string): Order[] {
    return [...this.active.values()].filter((order) => !symbol || order.symbol === symbol)
  }

  /**
   * Returns the entry orders in flight whose position does not exist yet (nothing filled so
   * far), oldest first: they count as positions, for they will be ones.
   */
  pendingEntries(): Order[] {
    const open = this.options.tracker.openPositions()
    return [...this.active.values()].filter(
      (order) =>
        order.role === 'entry' &&
        order.positionId !== null &&
        !open.some((position) => position.id === order.positionId),
    )
  }

  /**
   * Returns the entry orders in flight with a part still to fill, oldest first, partly filled
   * ones included: the unfilled rest (size − filled) is exposure the position does not show yet.
   */
  unfilledEntries(): Order[] {
    return [...this.active.values()].filter(
      (order) => order.role === 'entry' && unfilledOf(order).gt(0),
    )
  }

  /** Returns the recently finished orders kept in memory (at most max_history_size), oldest first. */
  recentOrders(): Order[] {
    return [...this.history]
  }

  /**
   * Returns the newest orders, open and finished, of one symbol when given, newest first, from
   * the store (so the history survives a restart).
   */
  allOrders(limit: number, symbol?: string): Promise<Order[]> {
    return this.options.repositories.orders.recent(limit, symbol)
  }

  /** Returns an order by id from memory or the store. */
  async getOrder(orderId: string): Promise<Order | null> {
    return (
      this.active.get(orderId) ??
      this.history.find((order) => order.id === orderId) ??
      (await this.options.repositories.orders.findById(orderId))
    )
  }

  /** Returns the balances seen at the last reconciliation. */
  lastBalances(): Readonly<Record<string, BrokerBalance>> {
    return this.balances
  }

  /** Validates and sends a request; every refusal or failure is a result, never an exception. */
  async execute(request: ExecutionRequest): Promise<ExecutionResult> {
    if (!this.hasSynced) return failure('NOT_SYNCED', 'reason=sync has not completed')
    if (request.role === 'close') {
      const checked = this.validate(request)
      if ('code' in checked) return checked.result
      return this.closePosition(request.positionId!, request.reason ?? 'close', {
        size: checked.size,
        correlationId: request.correlationId,
      })
    }
    // One request at a time from validation to write-ahead: an order counts against the
    // position limits once stored, so two entries sent together cannot both take the last place.
    const admitted = await this.locks.run('admission', () => this.admit(request))
    return 'success' in admitted ? admitted : this.send(admitted)
  }

  /**
   * Resolves once every request that reached admission so far is stored (an open order from
   * then on): a sweep over the open orders after it misses none that was being admitted (the
   * kill switch's cancel, which would otherwise let it be sent after the sweep).
   */
  whenAdmitted(): Promise<void> {
    return this.locks.run('admission', async () => undefined)
  }

  /** Validates an entry or rebalance request and stores its order; or returns the refusal. */
  private async admit(request: ExecutionRequest): Promise<Order | ExecutionResult> {
    const checked = this.validate(request)
    if ('code' in checked) return checked.result
    const order = this.newOrder({
      symbol: request.symbol,
      side: request.side,
      type: request.orderType,
      role: request.role,
      size: checked.size,
      price: checked.limitPrice,
      triggerPrice: null,
      stopLoss: request.role === 'entry' ? checked.stopLoss : null,
      takeProfit: request.role === 'entry' ? checked.takeProfit : null,
      leverage: request.leverage,
      positionId: request.role === 'entry' ? this.newPositionId() : null,
      parentOrderId: null,
      correlationId: request.correlationId,
      closeReason: null,
      expiresAtMs: this.expiryOf(request),
    })
    await this.store(order)
    return order
  }

  /**
   * When the exchange expires the order: as requested, else a limit entry after
   * orders.entry_expiry_seconds — one filling while the app is down has no stop-loss until the
   * app sees the fill, so no entry may rest longer than that. Null = good till cancelled.
   */
  private expiryOf(request: ExecutionRequest): number | null {
    const isLimitEntry = request.role === 'entry' && request.orderType === 'limit'
    const seconds =
      request.expiresAfterSeconds ??
      (isLimitEntry ? this.options.config.orders.entry_expiry_seconds : undefined)
    return seconds === undefined ? null : this.options.clock.now() + seconds * 1000
  }

  /** Cancels an open order; the result carries its final state (it may have filled meanwhile). */
  async cancelOrder(orderId: string): Promise<ExecutionResult> {
    const order = this.active.get(orderId)
    if (!order) {
      const known = await this.getOrder(orderId)
      return known
        ? failure('ORDER_NOT_CANCELLABLE', `order=${orderId} status=${known.status}`, known)
        : failure('ORDER_NOT_FOUND', `order=${orderId}`)
    }
    try {
      const final = await this.cancelInternal(order)
      await this.protectReducedPositions()
      return { success: true, order: final, position: await this.positionOf(final) }
    } catch (error) {
      return this.brokerFailure(asBrokerError(error), order)
    }
  }

  /**
   * Closes a position through the exchange with a market order, after cancelling its
   * protective orders; the position is closed in the books when that order fills. With a
   * `size` below the position's, what remains gets new protective orders of its own size at
   * the same levels.
   */
  async closePosition(
    positionId: string,
    reason: string,
    overrides: { size?: Decimal; correlationId?: string } = {},
  ): Promise<ExecutionResult> {
    return this.locks.run(`position:${positionId}`, () =>
      this.closePositionLocked(positionId, reason, overrides),
    )
  }

  /**
   * Changes a position's stop-loss / take-profit and replaces its protective orders; a
   * stop-loss taken off takes the trailing stop along (see PositionTracker.modifyProtection).
   */
  async modifyProtection(
    positionId: string,
    levels: { stopLoss?: Decimal | null; takeProfit?: Decimal | null },
  ): Promise<Position> {
    return this.options.tracker.modifyProtection(positionId, levels)
  }

  /** {@link PositionActions}: a level was reached and the position is still open. */
  async closeTriggered(position: Position, trigger: TriggerKind, price: Decimal): Promise<void> {
    await this.locks.run(`position:${position.id}`, async () => {
      // The exchange may already have executed the protective order: look before closing.
      const protectiveId =
        trigger === 'stop_loss' ? position.stopLossOrderId : position.takeProfitOrderId
      const protective = protectiveId ? this.active.get(protectiveId) : undefined
      if (protective) await this.refresh(protective)
      const current = await this.options.tracker.get(position.id)
      if (!current || current.status !== 'open') return
      this.options.logger.warn(
        { positionId: position.id, trigger, price: price.toString() },
        'closing position at reached level',
      )
      const result = await this.closePositionLocked(position.id, trigger, {})
      if (result.success) return
      // The tracker tries again at its next check; the trader must know the level did not hold.
      this.options.logger.error(
        { positionId: position.id, trigger, error: result.message },
        'safety-net close refused',
      )
      await this.publish(
        'broker.alert',
        result.order,
        { alert: 'SAFETY_NET_CLOSE_FAILED', trigger, message: result.message },
        position,
      )
    })
  }

  /** {@link PositionActions}: replaces protective orders whose level no longer matches. */
  async protectionChanged(position: Position): Promise<void> {
    await this.locks.run(`position:${position.id}`, () => this.ensureProtectionLocked(position.id))
  }

  /**
   * {@link PositionActions}: a position was closed in the books without an order of ours (an
   * exit price given by the trader); its protective orders and the rest of its entry are
   * cancelled. A failure is logged and left to the next reconciliation, which cancels what
   * closed positions left working.
   */
  async closedWithoutOrder(position: Position): Promise<void> {
    try {
      await this.locks.run(`position:${position.id}`, () =>
        this.cancelOrdersOfClosedPosition(position.id, null),
      )
    } catch (error) {
      this.logFailure('cancel protection of a closed position', error)
    }
  }

  /**
   * Reconciles with the exchange: resolves every unfinished order (by exchange id, or by
   * client id when the exchange never answered), resends or abandons intents stored but never
   * sent, records fills by trade id, reads balances, restores missing protective orders, and
   * cancels protective orders whose position is already closed.
   */
  async sync(): Promise<SyncReport> {
    if (this.isSyncing) throw new Error('SYNC_IN_PROGRESS')
    this.isSyncing = true
    try {
      return await this.syncNow()
    } finally {
      this.isSyncing = false
    }
  }

  /** One monitoring pass: brings every unfinished order up to date with the exchange. */
  async poll(): Promise<void> {
    if (!this.isPollNeeded()) return
    const revision = this.options.broker.orderRevision?.() ?? null
    const orders = [...this.active.values()]
    this.isPolling = true
    try {
      let isComplete = true
      for (const order of orders) {
        if (this.inFlight.has(order.id)) {
          isComplete = false
          continue
        }
        try {
          if (order.externalId) await this.refresh(order)
          else await this.resolveUnconfirmed(order)
        } catch (error) {
          isComplete = false
          this.logFailure('poll order', error, order)
        }
      }
      this.polledRevision = isComplete ? revision : null
      await this.protectReducedPositions()
    } finally {
      this.isPolling = false
    }
  }

  /**
   * Whether a poll has anything to ask: not while one runs or before the first sync, and not
   * when a broker that can tell (the paper broker) changed no order since the last complete
   * poll, every order is confirmed and no reduced position waits for its protection.
   */
  private isPollNeeded(): boolean {
    if (this.isPolling || !this.hasSynced) return false
    const revision = this.options.broker.orderRevision?.() ?? null
    if (revision === null || revision !== this.polledRevision) return true
    if (this.reducedPositions.size > 0) return true
    for (const order of this.active.values()) if (order.externalId === null) return true
    return false
  }

  /**
   * Whether a routine reconciliation has anything to look at. Always, except with a broker that
   * tells its order revision (the paper broker: its orders, trades and balances change only with
   * it) when neither that revision nor the positions changed, and nothing failed, since a
   * reconciliation found and did nothing.
   */
  private isSyncNeeded(): boolean {
    return !isSameRevisions(this.quietAt, this.syncRevisions())
  }

  /** A reconciliation that would find what the last one found: it counts as done now. */
  private skipSync(): typeof NOTHING_STARTED {
    this.lastSyncAtMs = this.options.clock.now()
    return NOTHING_STARTED
  }

  private syncRevisions(): SyncRevisions | null {
    const orders = this.options.broker.orderRevision?.() ?? null
    if (orders === null) return null
    return { orders, positions: this.options.tracker.revision, failures: this.failures }
  }

  /**
   * Whether a reconciliation that started at `before` left nothing for the next one: it changed
   * nothing, nothing failed or changed meanwhile, every order was checked and confirmed, and no
   * shortfall waits for a second look.
   */
  private isQuiet(before: SyncRevisions | null, checked: number, changes: number): boolean {
    if (changes > 0 || checked !== this.active.size) return false
    if (!isSameRevisions(before, this.syncRevisions())) return false
    for (const order of this.active.values()) if (order.externalId === null) return false
    for (const key of this.suspectedShortfalls) if (!this.reportedShortfalls.has(key)) return false
    return true
  }

  private async syncNow(): Promise<SyncReport> {
    const { repositories, broker } = this.options
    const before = this.syncRevisions()
    // A reconciliation that fails part-way leaves the next one to look again.
    this.quietAt = null
    if (!this.isLoaded) {
      for (const order of await repositories.orders.findNonTerminal())
        this.active.set(order.id, order)
      this.isLoaded = true
    }
    const isRestart = !this.hasSynced
    const counters: Counters = {
      updated: 0,
      resent: 0,
      abandoned: 0,
      protective: 0,
      unprotected: 0,
    }
    const checked = [...this.active.values()].filter((order) => !this.inFlight.has(order.id))
    for (const order of checked) {
      const before = this.active.get(order.id)
      if (!before) continue
      try {
        if (before.externalId) await this.refresh(before)
        else if (isRestart) await this.resolveAfterRestart(before, counters)
        else await this.resolveUnconfirmed(before)
      } catch (error) {
        // At start nothing is traded before every order is known. Later, one order the
        // exchange will not tell about must not hold back the rest (protection restored, fills,
        // balances); it stays active and the monitor keeps asking.
        if (isRestart) throw error
        this.logFailure('reconcile order', error, before)
        continue
      }
      const after = this.active.get(order.id) ?? (await repositories.orders.findById(order.id))
      if (after && (after.status !== before.status || !after.filledSize.eq(before.filledSize))) {
        counters.updated++
      }
    }
    const foreign = await this.adoptForeignOpenOrders(counters)
    const windowStartMs = await this.tradeWindowStart()
    if (isRestart) await this.rememberStoredTrades(windowStartMs)
    const fillsRecorded = await this.recordTradesSince(windowStartMs)
    this.recordedTrades.forgetBefore(windowStartMs)
    this.balances = await this.retrying(() => broker.fetchBalances())
    await this.reportHoldingShortfalls()
    for (const position of this.options.tracker.openPositions()) {
      counters.protective += await this.locks.run(`position:${position.id}`, () =>
        this.ensureProtectionQuietly(position.id),
      )
    }
    counters.unprotected = await this.cancelProtectionOfClosedPositions()
    this.hasSynced = true
    this.lastSyncAtMs = this.options.clock.now()
    const report: SyncReport = {
      ordersChecked: checked.length,
      ordersUpdated: counters.updated,
      ordersResent: counters.resent,
      ordersAbandoned: counters.abandoned,
      foreignOpenOrders: foreign,
      fillsRecorded,
      protectiveOrdersPlaced: counters.protective,
      protectiveOrdersCancelled: counters.unprotected,
      balances: this.balances,
    }
    const changes =
      Object.values(counters).reduce((sum, count) => sum + count, 0) + foreign + fillsRecorded
    this.quietAt = this.isQuiet(before, checked.length, changes) ? before : null
    // A routine reconciliation that found and did nothing is not news (it runs every 30 s).
    if (isRestart || changes > 0) {
      await this.publish('sync.completed', null, {
        orders_checked: report.ordersChecked,
        orders_updated: report.ordersUpdated,
        orders_resent: report.ordersResent,
        orders_abandoned: report.ordersAbandoned,
        foreign_open_orders: report.foreignOpenOrders,
        fills_recorded: report.fillsRecorded,
      })
    }
    return report
  }

  /**
   * Tells the trader, once, about open spot longs whose coins the account no longer holds
   * (see holdingShortfalls): nothing is changed, as a balance is no proof of a sale. Only what
   * two reconciliations in a row see counts: a fill between reading the orders and reading the
   * balances can make one of them see coins leave before the position shrinks.
   */
  private async reportHoldingShortfalls(): Promise<void> {
    const seen = new Set<string>()
    for (const shortfall of holdingShortfalls(
      this.options.tracker.openPositions(),
      this.balances,
    )) {
      const { asset, booked, held, positions } = shortfall
      const ids = positions.map((position) => position.id)
      const key = `${asset}:${ids.join(',')}`
      seen.add(key)
      if (!this.suspectedShortfalls.has(key) || this.reportedShortfalls.has(key)) continue
      this.reportedShortfalls.add(key)
      this.options.logger.error(
        { asset, booked: booked.toString(), held: held.toString(), positionIds: ids },
        'open positions hold more than the account',
      )
      await this.publish(
        'broker.alert',
        null,
        {
          alert: 'POSITIONS_NOT_HELD',
          message:
            `the account holds ${held.toString()} ${asset}, less than the ${booked.toString()} ${asset} ` +
            'its open long positions bought: sold or moved outside the app? Their stop-losses cannot ' +
            'sell what is missing. If they were sold, record each close in Positions ' +
            '(Close → "Already sold on the exchange?").',
          asset,
          booked: booked.toString(),
          held: held.toString(),
          position_ids: ids,
        },
        positions[0] ?? null,
      )
    }
    this.suspectedShortfalls = seen
    for (const key of this.reportedShortfalls)
      if (!seen.has(key)) this.reportedShortfalls.delete(key)
  }

  /**
   * An order stored before a restart with no exchange id: adopt it, send it, or abandon it. A
   * stop-loss or take-profit is abandoned: it was sized and priced for the position as it was,
   * which may since have closed, shrunk or had its levels modified. This reconciliation's
   * protection pass places what the position needs now (see ensureProtectionLocked), linked to it.
   */
  private async resolveAfterRestart(order: Order, counters: Counters): Promise<void> {
    if (await this.adoptByClientId(order)) return
    const ageSeconds = (this.options.clock.now() - order.createdAtMs) / 1000
    if (isProtectiveRole(order.role)) {
      counters.abandoned++
      await this.abandonUnsent(
        order,
        `NOT_SENT: protective order never reached the exchange before restart; protection placed afresh age_seconds=${ageSeconds.toFixed(0)}`,
      )
      return
    }
    if (
      order.role === 'close' ||
      ageSeconds <= this.options.config.orders.resume_unsent_within_seconds
    ) {
      // A closing order still closes; a young entry is still what was decided.
      counters.resent++
      await this.send(order)
      return
    }
    counters.abandoned++
    await this.abandonUnsent(
      order,
      `NOT_SENT: never reached the exchange before restart age_seconds=${ageSeconds.toFixed(0)}`,
    )
  }

  /** Cancels an order that never reached the exchange, with the reason in its error. */
  private async abandonUnsent(order: Order, error: string): Promise<void> {
    await this.locks.run(order.id, () => this.transition(order, { status: 'CANCELLED', error }))
  }

  /** Exchange orders carrying our client id that we have as finished or unknown are adopted. */
  private async adoptForeignOpenOrders(counters: Counters): Promise<number> {
    const open = await this.retrying(() => this.options.broker.fetchOpenOrders())
    let foreign = 0
    for (const remote of open) {
      if ([...this.active.values()].some((order) => order.externalId === remote.externalId))
        continue
      const local =
        (remote.clientOrderId
          ? await this.options.repositories.orders.findByClientOrderId(remote.clientOrderId)
          : null) ?? (await this.options.repositories.orders.findByExternalId(remote.externalId))
      if (!local) {
        foreign++
        this.options.logger.warn(
          { externalId: remote.externalId, symbol: remote.symbol },
          'open order on the exchange not placed by this engine; left alone',
        )
        continue
      }
      if (isTerminalStatus(local.status)) {
        // We gave up on it (e.g. abandoned as unsent) but the exchange has it: cancel it, it is not ours any more.
        this.options.logger.error(
          { orderId: local.id, externalId: remote.externalId, status: local.status },
          'exchange has an open order we consider finished; cancelling it',
        )
        await this.retrying(() => this.options.broker.cancelOrder(remote.externalId, remote.symbol))
        await this.publish('broker.alert', local, {
          alert: 'ORPHAN_ORDER_CANCELLED',
          external_id: remote.externalId,
        })
        continue
      }
      this.active.set(local.id, local)
      await this.locks.run(local.id, () => this.applyBrokerOrder(local.id, remote))
      counters.updated++
    }
    return foreign
  }

  private async tradeWindowStart(): Promise<number> {
    const now = this.options.clock.now()
    const oldestActive = Math.min(
      now,
      ...[...this.active.values()].map((order) => order.createdAtMs),
    )
    const since =
      this.lastSyncAtMs ??
      (await this.options.repositories.fills.latestFillTime()) ??
      now - 24 * 60 * 60 * 1000
    // Overlap generously: recording a trade twice is harmless (idempotent by trade id).
    return Math.min(since, oldestActive) - 60 * 60 * 1000
  }

  /**
   * Notes the trades of the window already stored as fills (by an earlier run), so that a
   * restart neither looks them up again nor counts them as recorded.
   */
  private async rememberStoredTrades(sinceMs: number): Promise<void> {
    for (const fill of await this.options.repositories.fills.since(sinceMs)) {
      this.recordedTrades.add(fill.externalTradeId, fill.filledAtMs)
    }
  }

  /** Stores the exchange's trades of our orders not yet stored; returns how many it stored. */
  private async recordTradesSince(sinceMs: number, symbol?: string): Promise<number> {
    const trades = await this.retrying(() => this.options.broker.fetchMyTrades(symbol, sinceMs))
    let recorded = 0
    for (const trade of trades) {
      if (this.recordedTrades.has(trade.tradeId)) continue
      const order = await this.orderByExternalId(trade.externalOrderId)
      // Checked again: a concurrent pass (a sync and a fill) may have taken it meanwhile.
      if (!order || this.recordedTrades.has(trade.tradeId)) continue
      this.recordedTrades.add(trade.tradeId, trade.timestampMs)
      try {
        await this.options.repositories.fills.record({
          orderId: order.id,
          externalTradeId: trade.tradeId,
          symbol: trade.symbol,
          side: trade.side,
          size: trade.size,
          price: trade.price,
          fee: trade.fee,
          feeAsset: trade.feeAsset,
          filledAtMs: trade.timestampMs,
        })
      } catch (error) {
        this.recordedTrades.forget(trade.tradeId)
        throw error
      }
      recorded++
    }
    return recorded
  }

  /** Returns the order with this exchange id: from memory when it is there, else from the store. */
  private async orderByExternalId(externalId: string): Promise<Order | null> {
    const isMatch = (order: Order) => order.externalId === externalId
    return (
      [...this.active.values()].find(isMatch) ??
      this.history.find(isMatch) ??
      (await this.options.repositories.orders.findByExternalId(externalId))
    )
  }

  private validate(
    request: ExecutionRequest,
  ): ValidRequest | { code: ExecutionErrorCode; result: ExecutionResult } {
    const { broker, tracker, config, prices, clock } = this.options
    const open = tracker.openPositions()
    return validateRequest(request, {
      rules: broker.marketRules(request.symbol),
      maxLeverage: Math.min(MAX_LEVERAGE, broker.capabilities.maxLeverage),
      marketPrice: prices.latestPrice(request.symbol),
      marketPriceAgeMs: priceAgeMs(prices, request.symbol, clock.now()),
      maxPriceAgeMs: config.maxPriceAgeMs,
      maxPriceDeviationPct: config.orders.max_price_deviation_pct,
      openPositions: open,
      // Entries in flight count as positions so two quick entries cannot overshoot the limits.
      pendingEntrySymbols: this.pendingEntries().map((order) => order.symbol),
      maxPerSymbol: config.positions.max_per_symbol,
      maxTotal: config.positions.max_total,
    })
  }

  /** A new position's id, told to the tracker before its entry order exists (see expectNew). */
  private newPositionId(): string {
    const id = this.newId()
    this.options.tracker.expectNew(id)
    return id
  }

  private newOrder(fields: {
    symbol: string
    side: Order['side']
    type: Order['type']
    role: OrderRole
    size: Decimal
    price: Decimal | null
    triggerPrice: Decimal | null
    stopLoss: Decimal | null
    takeProfit: Decimal | null
    leverage: number
    positionId: string | null
    parentOrderId: string | null
    correlationId: string
    closeReason: string | null
    expiresAtMs?: number | null
  }): Order {
    const now = this.options.clock.now()
    return {
      ...fields,
      expiresAtMs: fields.expiresAtMs ?? null,
      id: this.newId(),
      clientOrderId: this.newId() as ClientOrderId,
      externalId: null,
      status: 'PENDING',
      filledSize: ZERO,
      averageFillPrice: null,
      fee: ZERO,
      error: null,
      createdAtMs: now,
      updatedAtMs: now,
    }
  }

  /** Write-ahead, then send. */
  private async submit(order: Order): Promise<ExecutionResult> {
    await this.store(order)
    return this.send(order)
  }

  /** The write-ahead: stores, logs and announces a new order, and keeps it active. */
  private async store(order: Order): Promise<void> {
    await this.options.repositories.orders.insert(order)
    await this.log(order, null)
    this.active.set(order.id, order)
    await this.publishOrder('order.pending', order)
    await this.options.probes?.afterStore?.(order)
  }

  /**
   * Places a stored order. Temporary failures are retried with backoff; after an ambiguous
   * one (the request may have arrived) the order is first looked up by client id, and the
   * same client id is reused, so the exchange never holds it twice.
   */
  private async send(order: Order): Promise<ExecutionResult> {
    this.inFlight.add(order.id)
    try {
      const outcome = await this.locks.run(order.id, async () => {
        // Cancelled after its write-ahead, before this (a close or a fill cancelling the
        // position's protection, the trader): it must not reach the exchange after all.
        const current = this.active.get(order.id)
        if (current) return this.placeWithRetries(current)
        return { order: (await this.getOrder(order.id)) ?? order, fill: null, error: null }
      })
      await this.afterUpdate(outcome.order, outcome.fill)
      if (outcome.error) return this.brokerFailure(outcome.error, outcome.order)
      return { success: true, order: outcome.order, position: await this.positionOf(outcome.order) }
    } finally {
      this.inFlight.delete(order.id)
    }
  }

  private async placeWithRetries(
    order: Order,
  ): Promise<{ order: Order; fill: PositionFillOutcome | null; error: BrokerError | null }> {
    const { broker, clock, config, logger, probes } = this.options
    const maxRetries = config.orders.max_retry_count
    let isUnresolved = false
    let hadAmbiguous = false
    for (let attempt = 0; ; attempt++) {
      let acknowledgement: BrokerOrder
      const deadlineMs = clock.now() + config.orders.placement_deadline_seconds * 1000
      try {
        acknowledgement = await broker.placeOrder({ ...this.placeRequest(order), deadlineMs })
      } catch (caught) {
        const error = asBrokerError(caught)
        logger.warn(
          {
            orderId: order.id,
            clientOrderId: order.clientOrderId,
            kind: error.kind,
            attempt,
            err: error,
          },
          'order placement failed',
        )
        // After an ambiguous attempt even a rejection (e.g. a duplicate client id) may mean it landed.
        if (error.isAmbiguous || hadAmbiguous) {
          hadAmbiguous = true
          // Past the deadline the exchange has either taken the order or refused it for good.
          const untilDeadline = deadlineMs - clock.now()
          if (untilDeadline > 0) await clock.sleep(untilDeadline)
          const lookup = await this.lookupQuietly(order)
          if (lookup.found) {
            return { ...(await this.applyBrokerOrder(order.id, lookup.found)), error: null }
          }
          isUnresolved = lookup.isUnknown
        }
        if (error.isRetryable && attempt < maxRetries && !isUnresolved) {
          await clock.sleep(backoffDelayMs(attempt, config.orders.retry_delay_seconds * 1000))
          continue
        }
        if (isUnresolved || error.isAmbiguous) {
          // We cannot tell whether the exchange has it: stay PENDING; the monitor resolves it by client id.
          return { order: this.active.get(order.id) ?? order, fill: null, error }
        }
        const failed = await this.transition(order, { status: 'ERROR', error: error.message })
        return { order: failed, fill: null, error }
      }
      await probes?.afterSend?.(order, acknowledgement)
      return { ...(await this.applyBrokerOrder(order.id, acknowledgement)), error: null }
    }
  }

  /** Looks an order up by client id; `isUnknown` when the lookup itself failed. */
  private async lookupQuietly(
    order: Order,
  ): Promise<{ found: BrokerOrder | null; isUnknown: boolean }> {
    try {
      const found = await this.retrying(() =>
        this.options.broker.fetchOrderByClientId(order.clientOrderId, order.symbol),
      )
      return { found, isUnknown: false }
    } catch (error) {
      this.logFailure('lookup by client id', error, order)
      return { found: null, isUnknown: true }
    }
  }

  /** Looks an unconfirmed order up by client id and adopts the exchange's state; false when absent. */
  private async adoptByClientId(order: Order): Promise<boolean> {
    const outcome = await this.locks.run(order.id, async () => {
      const found = await this.retrying(() =>
        this.options.broker.fetchOrderByClientId(order.clientOrderId, order.symbol),
      )
      return found ? this.applyBrokerOrder(order.id, found) : null
    })
    if (!outcome) return false
    await this.afterUpdate(outcome.order, outcome.fill)
    return true
  }

  /** A PENDING order whose placement ended without an answer: find it, or give it up after repeated misses. */
  private async resolveUnconfirmed(order: Order): Promise<void> {
    if (await this.adoptByClientId(order)) {
      this.missedLookups.delete(order.id)
      return
    }
    const misses = (this.missedLookups.get(order.id) ?? 0) + 1
    this.missedLookups.set(order.id, misses)
    if (misses <= this.options.config.orders.max_retry_count) return
    this.missedLookups.delete(order.id)
    await this.locks.run(order.id, () =>
      this.transition(order, {
        status: 'CANCELLED',
        error: `NOT_PLACED: no exchange order with client id after lookups=${misses}`,
      }),
    )
  }

  /** Brings one order up to date with the exchange (and acts on what changed). */
  private async refresh(order: Order): Promise<Order> {
    const outcome = await this.locks.run(order.id, async () => {
      const current = this.active.get(order.id)
      if (!current?.externalId) return { order: current ?? order, fill: null }
      let remote: BrokerOrder | null
      try {
        remote = await this.retrying(() =>
          this.options.broker.fetchOrder(current.externalId!, current.symbol),
        )
      } catch (caught) {
        const error = asBrokerError(caught)
        if (error.kind !== 'not-found') throw error
        remote = await this.retrying(() =>
          this.options.broker.fetchOrderByClientId(current.clientOrderId, current.symbol),
        )
        if (!remote) {
          // Its fills stay (the table allows no ERROR after them): the rest is no longer working.
          const failed = await this.transition(current, {
            status: current.status === 'PARTIALLY_FILLED' ? 'CANCELLED' : 'ERROR',
            error: `VANISHED: exchange does not know external_id=${current.externalId}`,
          })
          return { order: failed, fill: null }
        }
      }
      return this.applyBrokerOrder(current.id, remote)
    })
    await this.afterUpdate(outcome.order, outcome.fill)
    return outcome.order
  }

  /** Cancels an order on the exchange and returns its final state. */
  private async cancelInternal(order: Order): Promise<Order> {
    const outcome = await this.locks.run(order.id, async () => {
      const current = this.active.get(order.id)
      if (!current) return { order: (await this.getOrder(order.id)) ?? order, fill: null }
      if (!current.externalId) {
        const found = await this.retrying(() =>
          this.options.broker.fetchOrderByClientId(current.clientOrderId, current.symbol),
        )
        if (!found) {
          const cancelled = await this.transition(current, {
            status: 'CANCELLED',
            error: 'cancelled before placement',
          })
          return { order: cancelled, fill: null }
        }
        const adopted = await this.applyBrokerOrder(current.id, found)
        if (isTerminalStatus(adopted.order.status)) return adopted
      }
      const latest = this.active.get(order.id)!
      try {
        await this.retrying(() =>
          this.options.broker.cancelOrder(latest.externalId!, latest.symbol),
        )
      } catch (caught) {
        // Not found: it finished meanwhile (filled or cancelled); the query below tells which.
        if (asBrokerError(caught).kind !== 'not-found') throw caught
      }
      const remote = await this.retrying(() =>
        this.options.broker.fetchOrder(latest.externalId!, latest.symbol),
      )
      return this.applyBrokerOrder(latest.id, remote)
    })
    await this.afterUpdate(outcome.order, outcome.fill)
    return outcome.order
  }

  /**
   * Applies the exchange's view of an order: walks the state table, applies new fills to the
   * position (before the order row, so a crash in between re-applies harmlessly), logs and
   * publishes the transition. Call under the order's lock.
   */
  private async applyBrokerOrder(
    orderId: string,
    remote: BrokerOrder,
  ): Promise<{ order: Order; fill: PositionFillOutcome | null }> {
    const current =
      this.active.get(orderId) ?? (await this.options.repositories.orders.findById(orderId))
    if (!current) throw new Error(`UNKNOWN_ORDER: order=${orderId}`)
    const next = statusFromBroker(remote)
    const hasProgress = remote.filledSize.gt(current.filledSize)
    const isSameStatus = next === current.status
    if (isSameStatus && !hasProgress && current.externalId === remote.externalId) {
      return { order: current, fill: null }
    }
    if (!isSameStatus || (hasProgress && next === 'PARTIALLY_FILLED')) {
      const transition = transitionOrderStatus(current.status, next)
      if (!transition.ok) {
        this.options.logger.error(
          { orderId, externalId: remote.externalId, from: current.status, to: next },
          'exchange reports an illegal order transition; state kept',
        )
        await this.publishOrder('order.illegal_transition', current, { reported_status: next })
        return { order: current, fill: null }
      }
    }
    // The position a fill of this order moves: a rebalance trade has none.
    const positionId = current.role === 'rebalance' ? null : current.positionId
    if (hasProgress && positionId && !remote.averagePrice) {
      return this.holdUnpricedFill(current, remote)
    }
    let fill: PositionFillOutcome | null = null
    if (hasProgress && positionId && remote.averagePrice) {
      fill = await this.options.tracker.applyFill({
        positionId,
        orderId: current.id,
        symbol: current.symbol,
        orderSide: current.side,
        kind: isExitRole(current.role) ? 'exit' : 'entry',
        filledSize: remote.filledSize,
        averagePrice: remote.averagePrice,
        fee: remote.fee,
        leverage: current.leverage,
        stopLoss: current.stopLoss,
        takeProfit: current.takeProfit,
        correlationId: current.correlationId,
        reason: exitReason(current),
      })
      if (this.unpricedFills.delete(current.id)) {
        this.options.logger.info(
          {
            orderId: current.id,
            externalId: remote.externalId,
            filledSize: remote.filledSize.toString(),
            averagePrice: remote.averagePrice.toString(),
          },
          'exchange now tells the price of the held fill; applied',
        )
      }
    }
    const updated: Order = {
      ...current,
      externalId: remote.externalId,
      status: next,
      filledSize: Decimal.max(remote.filledSize, current.filledSize),
      averageFillPrice: remote.averagePrice ?? current.averageFillPrice,
      fee: remote.fee,
      error:
        next === 'ERROR' ? (current.error ?? `REJECTED: status=${remote.status}`) : current.error,
      updatedAtMs: this.options.clock.now(),
    }
    await this.options.repositories.orders.update(updated)
    // Remembered before it is announced: listeners read the order back (the UI's events do).
    this.remember(updated)
    if (!isSameStatus || hasProgress) {
      await this.log(updated, current.status)
      await this.publishOrder(eventTypeOf(updated.status), updated)
    }
    return { order: updated, fill }
  }

  /**
   * Keeps an order where it was when the exchange reports it filled further but gives no
   * average price (kraken-parse gives none while Kraken's `price` and `cost` are both missing or
   * 0): the fill cannot reach the position without its price, and recorded on the order alone it
   * would never reach it (the next answer would show no progress, a terminal one would end the
   * order). The next poll or reconciliation applies it once the price is reported. Only a new
   * exchange id is taken, so that the order can be asked about. Warns once per order, not at
   * every poll while it waits. Call under the order's lock.
   */
  private async holdUnpricedFill(
    current: Order,
    remote: BrokerOrder,
  ): Promise<{ order: Order; fill: null }> {
    if (!this.unpricedFills.has(current.id)) {
      this.unpricedFills.add(current.id)
      this.options.logger.warn(
        {
          orderId: current.id,
          externalId: remote.externalId,
          reportedStatus: remote.status,
          reportedFilledSize: remote.filledSize.toString(),
          appliedFilledSize: current.filledSize.toString(),
        },
        'exchange reports a fill without an average price; applied once it tells the price',
      )
    }
    if (current.externalId === remote.externalId) return { order: current, fill: null }
    const identified: Order = {
      ...current,
      externalId: remote.externalId,
      updatedAtMs: this.options.clock.now(),
    }
    await this.options.repositories.orders.update(identified)
    this.remember(identified)
    return { order: identified, fill: null }
  }

  /** Moves an order to a state without an exchange answer (ERROR, CANCELLED intent). Call under its lock. */
  private async transition(
    order: Order,
    change: { status: OrderStatus; error: string },
  ): Promise<Order> {
    const current = this.active.get(order.id) ?? order
    const result = transitionOrderStatus(current.status, change.status)
    if (!result.ok) throw new Error(`${result.error} order=${order.id}`)
    const updated: Order = {
      ...current,
      status: change.status,
      error: change.error,
      updatedAtMs: this.options.clock.now(),
    }
    await this.options.repositories.orders.update(updated)
    this.remember(updated)
    await this.log(updated, current.status)
    await this.publishOrder(eventTypeOf(updated.status), updated)
    return updated
  }

  /**
   * What follows a change: record trades, protect what an entry has filled so far (at each new
   * part, and once more when it ends), cancel the other protective order.
   */
  private async afterUpdate(order: Order, fill: PositionFillOutcome | null): Promise<void> {
    try {
      if (fill && fill.change !== 'unchanged' && order.externalId) {
        await this.recordTradesSince(order.createdAtMs - 60_000, order.symbol)
      }
      if (
        order.role === 'entry' &&
        (fill !== null || isTerminalStatus(order.status)) &&
        order.positionId &&
        order.filledSize.gt(0)
      ) {
        await this.protectEntryFills(order.positionId)
      }
      if (isExitRole(order.role) && order.positionId && fill?.change === 'closed') {
        await this.cancelOrdersOfClosedPosition(order.positionId, order.id)
      }
      // The position's lock may be held by whoever caused this update: resize after it is released.
      const isReduced = isExitRole(order.role) && fill?.change === 'reduced'
      // A close, or a protective order that sold part of the position, ended: whatever is
      // left is protected again (its sibling was cancelled while it sold).
      const isExitOver =
        isTerminalStatus(order.status) &&
        (order.role === 'close' || (isProtectiveRole(order.role) && order.filledSize.gt(0)))
      if (order.positionId && (isReduced || isExitOver)) this.reducedPositions.add(order.positionId)
    } catch (error) {
      this.logFailure('after order update', error, order)
    }
  }

  /** Protects what an entry has filled so far, unless its position is being or was closed. */
  private async protectEntryFills(positionId: string): Promise<void> {
    // A close holds the position's lock (it may be what cancelled the entry): protect after it.
    if (this.closingPositions.has(positionId)) {
      this.reducedPositions.add(positionId)
      return
    }
    // Closed by the protection of the entry's first parts, whose caller may hold the lock (a
    // closed position never opens again, so this is no race): nothing is left to protect.
    if ((await this.options.tracker.get(positionId))?.status === 'closed') return
    await this.locks.run(`position:${positionId}`, () => this.ensureProtectionLocked(positionId))
  }

  /**
   * Resizes the protection of positions an exit reduced (a stop-loss or take-profit filling in
   * part, a partial close finishing while monitored) to what remains; returns how many orders
   * were placed. Call with no position lock held.
   */
  private async protectReducedPositions(): Promise<number> {
    let placed = 0
    for (const positionId of [...this.reducedPositions]) {
      this.reducedPositions.delete(positionId)
      placed += await this.locks.run(`position:${positionId}`, () =>
        this.ensureProtectionQuietly(positionId),
      )
    }
    return placed
  }

  /**
   * {@link ensureProtectionLocked} where a broker failure must not fail the caller (a close
   * already sent, a reconciliation): it is logged and left to the next reconciliation.
   */
  private async ensureProtectionQuietly(positionId: string): Promise<number> {
    try {
      return await this.ensureProtectionLocked(positionId)
    } catch (error) {
      this.failures++
      this.options.logger.error(
        { err: error, positionId },
        'protecting position failed; retried at the next reconciliation',
      )
      return 0
    }
  }

  /** Cancels the position's active protective orders except `exceptOrderId`; returns how many. */
  private cancelProtection(positionId: string, exceptOrderId: string | null): Promise<number> {
    return this.cancelPositionOrders(
      positionId,
      (order) => order.id !== exceptOrderId && isProtectiveRole(order.role),
    )
  }

  /**
   * Cancels what a closed position leaves working except `exceptOrderId`: its protective orders
   * and the rest of an entry still filling (a take-profit of its first parts may have closed
   * it; the rest would buy into a closed position, untracked). Returns how many.
   */
  private cancelOrdersOfClosedPosition(
    positionId: string,
    exceptOrderId: string | null,
  ): Promise<number> {
    return this.cancelPositionOrders(
      positionId,
      (order) => order.id !== exceptOrderId && isLeftByClose(order),
    )
  }

  /** Cancels the position's active orders that `isTarget` picks; returns how many. */
  private async cancelPositionOrders(
    positionId: string,
    isTarget: (order: Order) => boolean,
  ): Promise<number> {
    const targets = [...this.active.values()].filter(
      (order) => order.positionId === positionId && isTarget(order),
    )
    for (const target of targets) await this.cancelInternal(target)
    return targets.length
  }

  /**
   * Cancels orders whose position is closed (protective orders, the rest of an entry): left
   * behind when a crash or a broker failure came between the close and their cancellation.
   * Returns how many; a failure is logged and retried at the next reconciliation.
   */
  private async cancelProtectionOfClosedPositions(): Promise<number> {
    const positionIds = new Set(
      [...this.active.values()]
        .filter((order) => isLeftByClose(order) && !this.inFlight.has(order.id))
        .map((order) => order.positionId)
        .filter((id): id is string => id !== null),
    )
    let cancelled = 0
    for (const positionId of positionIds) {
      const position = await this.options.tracker.get(positionId)
      if (position?.status !== 'closed') continue
      this.options.logger.warn({ positionId }, 'cancelling protective orders of a closed position')
      try {
        cancelled += await this.locks.run(`position:${positionId}`, () =>
          this.cancelOrdersOfClosedPosition(positionId, null),
        )
      } catch (error) {
        this.logFailure('cancel protection of a closed position', error)
      }
    }
    return cancelled
  }

  /**
   * Gives an open position protective orders that match it: amends those whose level moved or
   * whose size is not what the position holds (cancels them where the venue cannot amend), then
   * places the ones it lacks; returns how many were placed. An entry still filling is protected
   * for what it has filled so far: it may rest on the book for hours, and a stop on the
   * exchange outlives the app. With venues whose trigger orders hold funds, a spot position
   * gets only its stop-loss on the exchange and the tracker watches the take-profit. Call under
   * the position's lock.
   */
  private async ensureProtectionLocked(positionId: string): Promise<number> {
    await this.cancelMismatchedProtection(positionId)
    let placed = 0
    for (const role of ['stop-loss', 'take-profit'] as const) {
      const position = await this.options.tracker.get(positionId)
      if (!position || position.status !== 'open') return placed
      const level = protectiveLevel(position, role)
      if (!level) continue
      // A first small part of an entry still filling would be refused: the tracker watches it
      // until more has filled (an entry that ended is protected whatever it filled).
      const rules = this.options.broker.marketRules(position.symbol)
      if (
        this.hasActiveEntry(positionId) &&
        rules &&
        isBelowMinimumOrder(rules, position.size, level)
      )
        continue
      const linked = [...this.active.values()].find(
        (order) => order.positionId === positionId && order.role === role,
      )
      if (linked) continue
      const other = [...this.active.values()].find(
        (order) =>
          order.positionId === positionId &&
          order.role !== role &&
          isExitRole(order.role) &&
          order.role !== 'close',
      )
      if (this.hasActiveClose(positionId) || this.executingProtection(positionId)) return placed
      if (role === 'take-profit' && other && this.hasOneTriggerOrder(position)) continue
      const order = this.newOrder({
        symbol: position.symbol,
        side: position.side === 'long' ? 'sell' : 'buy',
        type: role,
        role,
        size: position.size,
        price: null,
        triggerPrice: level,
        stopLoss: null,
        takeProfit: null,
        leverage: position.leverage,
        positionId,
        parentOrderId: entryOrderId(position),
        correlationId: position.correlationId,
        closeReason: role === 'stop-loss' ? 'stop_loss' : 'take_profit',
      })
      const result = await this.submit(order)
      const stored = result.order
      if (!result.success) {
        this.options.logger.error(
          { positionId, role, code: result.code, message: result.message },
          'protective order not placed',
        )
        await this.publish('broker.alert', order, {
          alert: 'PROTECTION_NOT_PLACED',
          message: result.message,
        })
      }
      if (!stored || stored.status === 'ERROR' || stored.status === 'CANCELLED') continue
      placed++
      await this.options.tracker.setProtectionOrders(
        positionId,
        role === 'stop-loss' ? { stopLossOrderId: stored.id } : { takeProfitOrderId: stored.id },
      )
    }
    return placed
  }

  /** Whether the position's protective orders would hold the same base: one rests at a time. */
  private hasOneTriggerOrder(position: Position): boolean {
    return this.options.broker.capabilities.triggerOrdersHoldFunds && position.leverage === 1
  }

  /**
   * Amends, or else cancels, the position's protective orders that would not sell exactly what
   * it holds at its current levels; cancels a take-profit holding the base a stop-loss still to
   * be placed needs (the stop-loss rests on the exchange first; the tracker watches the
   * target). A cancel refused because the order filled meanwhile applies that fill to the
   * position instead, and the link to the order is kept. Call under the position's lock.
   */
  private async cancelMismatchedProtection(positionId: string): Promise<void> {
    const position = await this.options.tracker.get(positionId)
    if (!position || position.status !== 'open') return
    // A close in flight: the protection follows once it ends.
    if (this.hasActiveClose(positionId)) return
    const protective = [...this.active.values()].filter(
      (order) => order.positionId === positionId && isProtectiveRole(order.role),
    )
    const executing = this.executingProtection(positionId)
    if (executing) {
      // Triggered and selling the position off, it is the close: left to finish. Its sibling,
      // resized to what remains, would sell the same coins again were its level reached
      // meanwhile. The protection follows once it ends with part of the position left.
      for (const order of protective) {
        if (order.id !== executing.id && !this.inFlight.has(order.id)) {
          await this.cancelProtectiveOrder(order, positionId)
        }
      }
      return
    }
    const isStopMissing =
      position.stopLoss !== null && !protective.some((order) => order.role === 'stop-loss')
    const holdsBaseForStop = (order: Order) =>
      order.role === 'take-profit' && isStopMissing && this.hasOneTriggerOrder(position)
    const mismatched = protective.filter(
      (order) =>
        !this.inFlight.has(order.id) &&
        (!protectsExactly(order, position) || holdsBaseForStop(order)),
    )
    for (const order of mismatched) {
      // Moved or resized in place where the venue can: never a moment without the order.
      if (!holdsBaseForStop(order) && (await this.amendProtection(order, position))) continue
      await this.cancelProtectiveOrder(order, positionId)
    }
  }

  /** Cancels a protective order and, once it is cancelled, unlinks it from its position. */
  private async cancelProtectiveOrder(order: Order, positionId: string): Promise<void> {
    const final = await this.cancelInternal(order)
    if (final.status !== 'CANCELLED') return
    const link = order.role === 'stop-loss' ? 'stopLossOrderId' : 'takeProfitOrderId'
    const current = await this.options.tracker.get(positionId)
    if (current?.[link] === order.id) {
      await this.options.tracker.setProtectionOrders(positionId, { [link]: null })
    }
  }

  /** The position's protective order that has started to fill (triggered, selling it off), if any. */
  private executingProtection(positionId: string): Order | undefined {
    return [...this.active.values()].find(
      (order) =>
        order.positionId === positionId &&
        isProtectiveRole(order.role) &&
        order.status === 'PARTIALLY_FILLED',
    )
  }

  /**
   * Amends a resting protective order to the position's size and level (see Broker.amendOrder).
   * Returns false when it was not amended (the venue cannot, the order has filled in part, the
   * exchange refused): the caller then cancels and replaces it. An order that ended meanwhile,
   * or whose new trigger the market had passed, is applied as the exchange reports it. Call
   * under the position's lock.
   */
  private async amendProtection(order: Order, position: Position): Promise<boolean> {
    const { broker } = this.options
    if (!broker.amendOrder) return false
    const outcome = await this.locks.run(order.id, async () => {
      const current = this.active.get(order.id)
      if (!current || current.status !== 'OPEN' || !current.externalId) return null
      const level = protectiveLevel(position, current.role)
      if (!level) return null
      const request = {
        externalId: current.externalId,
        symbol: current.symbol,
        size: position.size,
        triggerPrice: level,
      }
      let remote: BrokerOrder
      try {
        remote = await this.retrying(() => broker.amendOrder!(request))
      } catch (caught) {
        const error = asBrokerError(caught)
        this.options.logger.warn(
          { orderId: current.id, kind: error.kind, err: error },
          'protective order not amended; cancelling and replacing it',
        )
        return null
      }
      const amended: Order = {
        ...current,
        size: remote.size,
        triggerPrice: remote.triggerPrice ?? level,
        updatedAtMs: this.options.clock.now(),
      }
      await this.options.repositories.orders.update(amended)
      this.remember(amended)
      const change = {
        amended_size: amended.size.toString(),
        previous_size: current.size.toString(),
        ...(amended.triggerPrice ? { amended_trigger_price: amended.triggerPrice.toString() } : {}),
        ...(current.triggerPrice
          ? { previous_trigger_price: current.triggerPrice.toString() }
          : {}),
      }
      await this.log(amended, current.status, change)
      await this.publishOrder('order.amended', amended, change)
      return this.applyBrokerOrder(amended.id, remote)
    })
    if (!outcome) return false
    await this.afterUpdate(outcome.order, outcome.fill)
    return true
  }

  private async closePositionLocked(
    positionId: string,
    reason: string,
    overrides: { size?: Decimal; correlationId?: string },
  ): Promise<ExecutionResult> {
    const { tracker } = this.options
    const position = tracker.openPositions().find((p) => p.id === positionId)
    if (!position) return failure('POSITION_NOT_FOUND', `position=${positionId}`)
    const existing = [...this.active.values()].find(
      (order) => order.positionId === positionId && order.role === 'close',
    )
    // A close already working answers a request it covers. One that leaves part of the
    // position open (a trim) does not answer a full close — the kill switch's, a breaker's,
    // the stop-loss safety net's: sendClose replaces it with one for all that is left.
    const isFullRequest = !overrides.size || overrides.size.gte(position.size)
    if (existing && !(isFullRequest && unfilledOf(existing).lt(position.size))) {
      return { success: true, order: existing, position }
    }
    this.closingPositions.add(positionId)
    try {
      return await this.sendClose(positionId, reason, overrides, position)
    } finally {
      this.closingPositions.delete(positionId)
    }
  }

  /** Cancels what the close replaces, then sends it. Call under the position's lock, as closing. */
  private async sendClose(
    positionId: string,
    reason: string,
    overrides: { size?: Decimal; correlationId?: string },
    position: Position,
  ): Promise<ExecutionResult> {
    const { tracker } = this.options
    const isFullRequest = !overrides.size || overrides.size.gte(position.size)
    try {
      // A full close cancels an entry still working: its later fills would buy the position
      // back after the close (into a position already closed, unprotected and untracked). It
      // also cancels a partial close still working (its fills so far are applied): the full
      // close is sent for what is left.
      if (isFullRequest) {
        await this.cancelPositionOrders(
          positionId,
          (order) => order.role === 'entry' || order.role === 'close',
        )
      }
      // Every close, partial or full, takes the protection off first: stops resting at the old
      // size would sell what the close already sold (and where trigger orders hold funds, they
      // hold the base the close needs). What the close leaves open is protected again below.
      await this.cancelProtection(positionId, null)
    } catch (error) {
      // A cancel failed and the close is not sent: a refusal as data (the kill switch goes on
      // to the next position), and what was already cancelled is put back.
      await this.ensureProtectionQuietly(positionId)
      return this.brokerFailure(asBrokerError(error), null, `position=${positionId}`)
    }
    const current = await tracker.get(positionId)
    if (!current || current.status !== 'open') {
      // A protective order filled while we cancelled: the position is already closed.
      const last = [...this.history]
        .reverse()
        .find((order) => order.positionId === positionId && order.status === 'FILLED')
      return last
        ? { success: true, order: last, position: current }
        : failure('POSITION_NOT_FOUND', `position=${positionId}`)
    }
    // Measured after the cancels: a protective order that filled in part left less to close.
    const isFullClose = isFullRequest || overrides.size!.gte(current.size)
    const order = this.newOrder({
      symbol: current.symbol,
      side: current.side === 'long' ? 'sell' : 'buy',
      type: 'market',
      role: 'close',
      size: isFullClose ? current.size : overrides.size!,
      price: null,
      triggerPrice: null,
      stopLoss: null,
      takeProfit: null,
      leverage: current.leverage,
      positionId,
      parentOrderId: null,
      correlationId: overrides.correlationId ?? current.correlationId,
      closeReason: reason,
    })
    const result = await this.submit(order)
    // A partial close, or a close refused or not filled in full, leaves a position to protect.
    await this.ensureProtectionQuietly(positionId)
    return result.success ? { ...result, position: await tracker.get(positionId) } : result
  }

  private hasActiveEntry(positionId: string): boolean {
    return [...this.active.values()].some(
      (order) => order.positionId === positionId && order.role === 'entry',
    )
  }

  private hasActiveClose(positionId: string): boolean {
    return [...this.active.values()].some(
      (order) => order.positionId === positionId && order.role === 'close',
    )
  }

  private placeRequest(order: Order): PlaceOrderRequest {
    return {
      clientOrderId: order.clientOrderId,
      symbol: order.symbol,
      side: order.side,
      type: order.type,
      size: order.size,
      ...(order.price ? { price: order.price } : {}),
      ...(order.triggerPrice ? { triggerPrice: order.triggerPrice } : {}),
      leverage: order.leverage,
      ...(order.expiresAtMs !== null ? { expiresAtMs: order.expiresAtMs } : {}),
      // A margin exit resting after its position closed (a stop filled while the app was down)
      // would otherwise open a reverse position nothing tracks.
      ...(isExitRole(order.role) && order.leverage > 1 ? { reduceOnly: true } : {}),
    }
  }

  private async positionOf(order: Order): Promise<Position | null> {
    return order.positionId ? this.options.tracker.get(order.positionId) : null
  }

  /** Keeps unfinished orders active and finished ones in the bounded history. */
  private remember(order: Order): void {
    if (!isTerminalStatus(order.status)) {
      this.active.set(order.id, order)
      return
    }
    this.active.delete(order.id)
    this.missedLookups.delete(order.id)
    this.unpricedFills.delete(order.id)
    this.history.push(order)
    const excess = this.history.length - this.options.config.orders.max_history_size
    if (excess > 0) this.history.splice(0, excess)
  }

  private retrying<T>(operation: () => Promise<T>): Promise<T> {
    return withRetry(operation, {
      clock: this.options.clock,
      maxRetries: this.options.config.orders.max_retry_count,
      baseDelayMs: this.options.config.orders.retry_delay_seconds * 1000,
      onRetry: (error, attempt, delayMs) =>
        this.options.logger.warn(
          { kind: error.kind, attempt, delayMs, err: error },
          'retrying broker call',
        ),
    })
  }

  /** The failure result of a broker error, about `order`, or about `subject` when there is none. */
  private async brokerFailure(
    error: BrokerError,
    order: Order | null,
    subject = '',
  ): Promise<ExecutionResult> {
    const action = actionFor(error.kind)
    const about = order
      ? `order=${order.id} client_order_id=${order.clientOrderId} symbol=${order.symbol}`
      : subject
    const context = `${about} reason=${error.message}`
    if (action === 'reject-and-alert' || action === 'halt' || action === 'stop') {
      await this.publish('broker.alert', order, {
        kind: error.kind,
        action,
        message: error.message,
      })
    }
    if (order?.status === 'PENDING') return failure('ORDER_UNCONFIRMED', context, order)
    switch (error.kind) {
      case 'invalid-order':
        return failure('ORDER_REJECTED', context, order)
      case 'insufficient-funds':
        return failure('INSUFFICIENT_FUNDS', context, order)
      case 'authentication':
        return failure('AUTHENTICATION_FAILED', context, order)
      case 'temporary':
      case 'rate-limited':
        return failure('BROKER_UNAVAILABLE', context, order)
      case 'not-found':
      case 'operational':
        return failure('OPERATIONAL_ERROR', context, order)
    }
  }

  /** Adds a step to the order's timeline: a status change, or `extra` (an amend) at the same status. */
  private async log(
    order: Order,
    previous: OrderStatus | null,
    extra: Record<string, string> = {},
  ): Promise<void> {
    await this.options.repositories.statusLog.append({
      orderId: order.id,
      externalId: order.externalId,
      status: order.status,
      timestampMs: this.options.clock.now(),
      details: {
        previous_status: previous,
        filled_size: order.filledSize.toString(),
        average_fill_price: order.averageFillPrice?.toString() ?? null,
        fee: order.fee.toString(),
        ...(order.error ? { error: order.error } : {}),
        ...extra,
      },
    })
  }

  private async publishOrder(
    type: ExecutionEventType,
    order: Order,
    extra: Record<string, unknown> = {},
  ): Promise<void> {
    await this.publish(type, order, {
      status: order.status.toLowerCase(),
      side: order.side,
      order_type: order.type,
      role: order.role,
      size: order.size.toString(),
      filled_size: order.filledSize.toString(),
      ...(order.averageFillPrice ? { fill_price: order.averageFillPrice.toString() } : {}),
      ...(order.price ? { price: order.price.toString() } : {}),
      ...(order.triggerPrice ? { trigger_price: order.triggerPrice.toString() } : {}),
      client_order_id: order.clientOrderId,
      external_id: order.externalId,
      ...(order.error ? { error: order.error } : {}),
      ...extra,
    })
  }

  /** Publishes an execution event about an order, or about a position (without an order). */
  private async publish(
    type: ExecutionEventType,
    order: Order | null,
    payload: Record<string, unknown>,
    position: Pick<Position, 'id' | 'symbol'> | null = null,
  ): Promise<void> {
    try {
      await this.options.events.publish({
        type,
        timestampMs: this.options.clock.now(),
        orderId: order?.id ?? null,
        positionId: order?.positionId ?? position?.id ?? null,
        symbol: order?.symbol ?? position?.symbol ?? null,
        correlationId: order?.correlationId ?? null,
        payload,
      })
    } catch (error) {
      // Losing an event must not lose the order: the tables above are the record.
      this.options.logger.error({ err: error, type }, 'publishing execution event failed')
    }
  }

  private logFailure(task: string, error: unknown, order?: Order): void {
    this.failures++
    this.options.logger.error(
      { err: error, task, orderId: order?.id, clientOrderId: order?.clientOrderId },
      'order manager task failed',
    )
  }
}

/** Both known and equal: nothing a reconciliation depends on changed between them. */
function isSameRevisions(a: SyncRevisions | null, b: SyncRevisions | null): boolean {
  if (a === null || b === null) return false
  return a.orders === b.orders && a.positions === b.positions && a.failures === b.failures
}

/** Maps the exchange's order state to ours. */
export function statusFromBroker(order: BrokerOrder): OrderStatus {
  switch (order.status) {
    case 'open':
      return order.filledSize.gt(0) ? 'PARTIALLY_FILLED' : 'OPEN'
    case 'closed':
      return 'FILLED'
    case 'canceled':
      return 'CANCELLED'
    case 'expired':
      return 'EXPIRED'
    case 'rejected':
      return 'ERROR'
  }
}

function eventTypeOf(status: OrderStatus): ExecutionEventType {
  switch (status) {
    case 'PENDING':
      return 'order.pending'
    case 'OPEN':
      return 'order.open'
    case 'PARTIALLY_FILLED':
      return 'order.partially_filled'
    case 'FILLED':
      return 'order.filled'
    case 'CANCELLED':
      return 'order.cancelled'
    case 'EXPIRED':
      return 'order.expired'
    case 'ERROR':
      return 'order.error'
  }
}

function exitReason(order: Order): string | null {
  switch (order.role) {
    case 'stop-loss':
      return 'stop_loss'
    case 'take-profit':
      return 'take_profit'
    case 'close':
      return order.closeReason ?? 'close'
    case 'entry':
    case 'rebalance':
      return null
  }
}

function entryOrderId(position: Position): string | null {
  const entry = Object.entries(position.fillLedger).find(([, ledger]) => ledger.kind === 'entry')
  return entry ? entry[0] : null
}

/** Returns whether the order would go on working for a position that is closed. */
function isLeftByClose(order: Order): boolean {
  return isProtectiveRole(order.role) || order.role === 'entry'
}

/** The level a protective order of `role` holds for the position; null for other roles. */
function protectiveLevel(position: Position, role: OrderRole): Decimal | null {
  if (role === 'stop-loss') return position.stopLoss
  return role === 'take-profit' ? position.takeProfit : null
}

/** What an order has left to fill. */
export function unfilledOf(order: Order): Decimal {
  return order.size.minus(order.filledSize)
}

/**
 * Returns whether a protective order sells exactly what the position holds (its unfilled rest
 * equals the position's size) at the position's current level for its role.
 */
function protectsExactly(order: Order, position: Position): boolean {
  const level = protectiveLevel(position, order.role)
  return (
    level !== null && order.triggerPrice?.eq(level) === true && unfilledOf(order).eq(position.size)
  )
}
