import Decimal from 'decimal.js'
import type { Clock, TimerHandle } from '../clock'
import type { ExecutionConfig } from '../config/schemas/execution'
import type { Logger } from '../logging/logger'
import type { PositionRepository } from '../store/repositories/position-repository'
import type { PositionSnapshotRepository } from '../store/repositories/position-snapshot-repository'
import { roundToTick } from './broker/round-to-step'
import type { ExecutionEventPublisher, ExecutionEventType } from './execution-event'
import { profitShare, type HodlBagAccrual } from './hodl-bag-accrual'
import type { MarketPriceSource, PriceTick } from './market-price-source'
import type { OrderSide } from './order-types'
import {
  grossPnl,
  InvalidPositionError,
  type LedgerEntry,
  type Position,
  unrealizedPnl,
  unrealizedPnlPct,
  validatePosition,
} from './position'
import { NewPositionIds } from './new-position-ids'
import { triggeredLevel, type TriggerKind } from './position-triggers'
import { RecentlyClosedPositions } from './recently-closed-positions'
import { SerialQueue } from '../serial-queue'
import { splitSymbol } from './symbols'
import { disabledTrailingStop, initialTrailingStop, stepTrailingStop } from './trailing-stop'

/** The cumulative fill state of one order, applied to the position it belongs to. */
export interface PositionFill {
  readonly positionId: string
  readonly orderId: string
  readonly symbol: string
  readonly orderSide: OrderSide
  /** Entries open or grow the position; exits (close, stop-loss, take-profit) reduce it. */
  readonly kind: 'entry' | 'exit'
  /** Cumulative filled size of the order (not the increment). */
  readonly filledSize: Decimal
  readonly averagePrice: Decimal
  /** Cumulative fee of the order, quote asset. */
  readonly fee: Decimal
  readonly leverage: number
  readonly stopLoss?: Decimal | null
  readonly takeProfit?: Decimal | null
  readonly correlationId: string
  /** Why an exit was sent; becomes the close reason. */
  readonly reason?: string | null
}

/** What applying a fill did to the position. */
export type PositionChange =
  'opened' | 'increased' | 'reduced' | 'closed' | 'unchanged' | 'overfilled'

export interface PositionFillOutcome {
  readonly position: Position | null
  readonly change: PositionChange
}

/**
 * What the tracker asks of whoever sends orders (the order manager): close a position whose
 * level was reached, replace protective orders after a stop-loss or take-profit moved, and
 * cancel the protective orders of a position closed in the books without an order.
 */
export interface PositionActions {
  closeTriggered(position: Position, trigger: TriggerKind, price: Decimal): Promise<void>
  protectionChanged(position: Position): Promise<void>
  closedWithoutOrder(position: Position): Promise<void>
}

/** Hodl-bag share of realized profit (portfolio.yaml hodl_bags). */
export interface HodlSettings {
  readonly accrual: HodlBagAccrual
  readonly isEnabled: boolean
  readonly allocationPct: number
}

export interface PositionTrackerOptions {
  readonly clock: Clock
  readonly logger: Logger
  readonly positions: PositionRepository
  readonly snapshots: PositionSnapshotRepository
  readonly prices: MarketPriceSource
  readonly events: ExecutionEventPublisher
  readonly config: {
    readonly positions: ExecutionConfig['execution']['positions']
    readonly trailingStop: ExecutionConfig['execution']['trailing_stop']
  }
  readonly hodl: HodlSettings | null
  /**
   * The market's tick (the broker's `priceStep`); the levels the tracker sets itself (trailing
   * stops, modified stop-loss and take-profit) are put on it. Levels stay as given without it.
   */
  readonly priceStep?: (symbol: string) => Decimal | null
}

/** Total exposure: the notional (size × price) of open positions in the quote asset. */
export interface Exposure {
  readonly total: Decimal
  readonly bySymbol: Readonly<Record<string, Decimal>>
}

/**
 * Closed positions kept in memory: enough for the late fills and look-ups that follow a close
 * (each would otherwise wait for the store), few enough to cost nothing in a long run.
 */
const CLOSED_POSITIONS_KEPT = 500
/** Ids of positions not opened yet kept (see NewPositionIds): more than entries ever wait. */
const NEW_POSITION_IDS_KEPT = 1000

const ZERO = new Decimal(0)
const EMPTY_LEDGER: LedgerEntry = { kind: 'entry', filledSize: ZERO, notional: ZERO, fee: ZERO }

/**
 * Tracks open positions: grows and reduces them from order fills (idempotently, by each
 * order's cumulative fill), computes P&L with the seed formulas, writes snapshots on an
 * interval, trails stops, checks stop-loss / take-profit levels as a safety net, and
 * allocates a share of realized profit to hodl bags.
 */
export class PositionTracker {
  private readonly open = new Map<string, Position>()
  private readonly recentlyClosed = new RecentlyClosedPositions(CLOSED_POSITIONS_KEPT)
  private readonly newIds = new NewPositionIds(NEW_POSITION_IDS_KEPT)
  private readonly queue = new SerialQueue()
  private actions: PositionActions | null = null
  private timers: TimerHandle[] = []
  private stopWatchingPrices: (() => void) | null = null
  private readonly inFlightTriggers = new Set<string>()
  private changes = 0

  constructor(private readonly options: PositionTrackerOptions) {}

  /**
   * Counts the changes to positions (opened, changed, closed) since start: a reconciliation
   * that found nothing to do need not look again while it and the broker's revision stand.
   */
  get revision(): number {
    return this.changes
  }

  /** Loads the open positions from the store; call once at start. */
  async load(): Promise<void> {
    for (const position of await this.options.positions.findOpen()) {
      this.open.set(position.id, position)
    }
  }

  /** Lets the order manager act on triggers and changed stops. */
  setActions(actions: PositionActions): void {
    this.actions = actions
  }

  /** Starts the snapshot timer and the trailing-stop / trigger timer. */
  start(): void {
    const { clock } = this.options
    this.stop()
    this.timers = [
      clock.setInterval(
        () => void this.snapshotAll().catch((error: unknown) => this.logFailure('snapshot', error)),
        this.options.config.positions.snapshot_interval_seconds * 1000,
      ),
      clock.setInterval(
        () => void this.monitor().catch((error: unknown) => this.logFailure('monitor', error)),
        this.options.config.trailingStop.update_interval_seconds * 1000,
      ),
    ]
    this.stopWatchingPrices = this.options.prices.onPrice((tick) => this.onPrice(tick))
  }

  stop(): void {
    for (const timer of this.timers) this.options.clock.clearTimer(timer)
    this.timers = []
    this.stopWatchingPrices?.()
    this.stopWatchingPrices = null
  }

  /** Returns the open positions, of one symbol when given, oldest first. */
  openPositions(symbol?: string): Position[] {
    return [...this.open.values()].filter((position) => !symbol || position.symbol === symbol)
  }

  /**
   * Returns a position: an open one or one closed lately from memory, any other from the store
   * (it may have been closed before a restart).
   */
  async get(positionId: string): Promise<Position | null> {
    return (
      this.open.get(positionId) ??
      this.recentlyClosed.get(positionId) ??
      (await this.options.positions.findById(positionId))
    )
  }

  /** Returns the recently closed positions, newest first; of one symbol when given. */
  closedPositions(limit = 100, symbol?: string): Promise<Position[]> {
    return this.options.positions.findClosed(limit, symbol)
  }

  /**
   * Notes the new id of the position an entry order will open, before the order is sent: its
   * first fill then opens the position without looking for it in the store.
   */
  expectNew(positionId: string): void {
    this.newIds.add(positionId)
  }

  /** Applies an order's cumulative fill to its position; re-applying the same state changes nothing. */
  applyFill(fill: PositionFill): Promise<PositionFillOutcome> {
    return this.queue.run(() => this.applyFillNow(fill))
  }

  /** Records the protective orders placed for a position (null clears one). */
  setProtectionOrders(
    positionId: string,
    orders: { stopLossOrderId?: string | null; takeProfitOrderId?: string | null },
  ): Promise<Position | null> {
    return this.queue.run(async () => {
      const position = this.open.get(positionId)
      if (!position) return null
      const updated: Position = {
        ...position,
        stopLossOrderId:
          orders.stopLossOrderId === undefined ? position.stopLossOrderId : orders.stopLossOrderId,
        takeProfitOrderId:
          orders.takeProfitOrderId === undefined
            ? position.takeProfitOrderId
            : orders.takeProfitOrderId,
        updatedAtMs: this.options.clock.now(),
      }
      await this.save(updated)
      return updated
    })
  }

  /**
   * Changes a position's stop-loss and/or take-profit (null removes one) and asks the order
   * manager to replace the protective orders. Taking the stop-loss off also turns the trailing
   * stop off, in the same save: it would set a new stop-loss at its next step.
   */
  async modifyProtection(
    positionId: string,
    levels: { stopLoss?: Decimal | null; takeProfit?: Decimal | null },
  ): Promise<Position> {
    const updated = await this.queue.run(async () => {
      const position = this.requireOpen(positionId)
      const tick = this.priceStep(position.symbol)
      const onTick = (level: Decimal | null) => (level === null ? null : roundToTick(level, tick))
      const isStopLossRemoved = levels.stopLoss === null && position.trailingStop.isEnabled
      const next: Position = {
        ...position,
        stopLoss: levels.stopLoss === undefined ? position.stopLoss : onTick(levels.stopLoss),
        takeProfit:
          levels.takeProfit === undefined ? position.takeProfit : onTick(levels.takeProfit),
        trailingStop: isStopLossRemoved
          ? disabledTrailingStop(position.trailingStop)
          : position.trailingStop,
        updatedAtMs: this.options.clock.now(),
      }
      await this.save(next)
      await this.publish('position.protection_changed', next, {
        stop_loss: next.stopLoss?.toString() ?? null,
        take_profit: next.takeProfit?.toString() ?? null,
      })
      return next
    })
    await this.actions?.protectionChanged(updated)
    return updated
  }

  /** Turns the trailing stop on for a position, optionally with its own distance in percent. */
  enableTrailingStop(positionId: string, distancePct?: Decimal): Promise<Position> {
    return this.queue.run(async () => {
      const position = this.requireOpen(positionId)
      const next: Position = {
        ...position,
        trailingStop: {
          ...position.trailingStop,
          isEnabled: true,
          distancePct: distancePct ?? position.trailingStop.distancePct,
        },
        updatedAtMs: this.options.clock.now(),
      }
      await this.save(next)
      return next
    })
  }

  /** Turns the trailing stop off; the stop-loss stays where it is. */
  disableTrailingStop(positionId: string): Promise<Position> {
    return this.queue.run(async () => {
      const position = this.requireOpen(positionId)
      const next: Position = {
        ...position,
        trailingStop: disabledTrailingStop(position.trailingStop),
        updatedAtMs: this.options.clock.now(),
      }
      await this.save(next)
      return next
    })
  }

  /**
   * Closes a position in the books at `exitPrice` (the seed's close with exit price and
   * reason), realizing the P&L of its whole open size, then has its protective orders
   * cancelled. Sends no closing order: for a close through the exchange use the order
   * manager's `closePosition`.
   */
  async closePosition(positionId: string, exitPrice: Decimal, reason: string): Promise<Position> {
    const closed = await this.queue.run(async () => {
      const position = this.requireOpen(positionId)
      if (exitPrice.lt(0)) {
        throw new InvalidPositionError(
          `INVALID_EXIT_PRICE: position=${positionId} exit=${exitPrice.toString()}`,
        )
      }
      const gross = grossPnl(position.side, position.entryPrice, exitPrice, position.size)
      return this.finishClose(
        {
          ...position,
          realizedPnl: position.realizedPnl.plus(gross).minus(position.openFees),
          openFees: ZERO,
        },
        exitPrice,
        reason,
        position.size,
      )
    })
    // Outside the queue: cancelling may report fills, which the queue applies.
    await this.actions?.closedWithoutOrder(closed)
    return closed
  }

  /** Returns a position's unrealized P&L at the latest price (entry price when none is known). */
  unrealized(position: Position): { pnl: Decimal; pct: Decimal; price: Decimal } {
    const price = this.options.prices.latestPrice(position.symbol) ?? position.entryPrice
    return { pnl: unrealizedPnl(position, price), pct: unrealizedPnlPct(position, price), price }
  }

  /**
   * The P&L of the open margin positions (leverage above 1) at the latest prices, before fees.
   * An exchange settles a margin position's P&L into the quote balance only as the position is
   * reduced, so the balances leave it out until then (its fees are paid from them already). A
   * spot position's coins are in the balances and move with the price there.
   */
  unsettledMarginPnl(): Decimal {
    let total = ZERO
    for (const position of this.open.values()) {
      if (position.leverage <= 1) continue
      const price = this.options.prices.latestPrice(position.symbol) ?? position.entryPrice
      total = total.plus(grossPnl(position.side, position.entryPrice, price, position.size))
    }
    return total
  }

  /** Returns the total exposure: notional size × price over open positions. */
  exposure(): Exposure {
    let total = ZERO
    const bySymbol: Record<string, Decimal> = {}
    for (const position of this.open.values()) {
      const price = this.options.prices.latestPrice(position.symbol) ?? position.entryPrice
      const value = position.size.times(price)
      bySymbol[position.symbol] = (bySymbol[position.symbol] ?? ZERO).plus(value)
      total = total.plus(value)
    }
    return { total, bySymbol }
  }

  /** Writes a snapshot of every open position that has a price; returns how many. */
  async snapshotAll(): Promise<number> {
    const now = this.options.clock.now()
    const snapshots = []
    for (const position of this.open.values()) {
      const price = this.options.prices.latestPrice(position.symbol)
      if (!price) continue
      snapshots.push({
        timestampMs: now,
        positionId: position.id,
        symbol: position.symbol,
        currentPrice: price,
        unrealizedPnl: unrealizedPnl(position, price),
        unrealizedPnlPct: unrealizedPnlPct(position, price),
      })
    }
    await this.options.snapshots.insertMany(snapshots)
    return snapshots.length
  }

  /**
   * One monitoring step: trail stops, then act on reached stop-loss / take-profit levels. A
   * failure with one position is logged and the others are still seen to: their stops must
   * still move and fire.
   */
  async monitor(): Promise<void> {
    const moved = await this.updateTrailingStops()
    for (const position of moved) {
      try {
        await this.actions?.protectionChanged(position)
      } catch (error) {
        this.logFailure('replace protective orders', error, position)
      }
    }
    for (const { position, trigger, price } of this.checkTriggers()) {
      try {
        await this.onTriggered(position, trigger, price)
      } catch (error) {
        this.logFailure('close at reached level', error, position)
      }
    }
  }

  /** Moves trailing stops to the latest prices; returns the positions whose stop moved. */
  updateTrailingStops(): Promise<Position[]> {
    return this.queue.run(async () => {
      const moved: Position[] = []
      for (const position of [...this.open.values()]) {
        const price = this.options.prices.latestPrice(position.symbol)
        if (!price) continue
        const step = stepTrailingStop(position, price, this.priceStep(position.symbol))
        if (step.state === position.trailingStop && !step.hasMoved) continue
        const next: Position = {
          ...position,
          trailingStop: step.state,
          stopLoss: step.stopLoss,
          updatedAtMs: this.options.clock.now(),
        }
        await this.save(next)
        if (step.hasMoved) {
          moved.push(next)
          await this.publish('trailing_stop.moved', next, {
            stop_loss: step.stopLoss?.toString() ?? null,
            previous_stop_loss: position.stopLoss?.toString() ?? null,
            price: price.toString(),
          })
        }
      }
      return moved
    })
  }

  /** Returns the open positions whose stop-loss or take-profit the latest price reached. */
  checkTriggers(): { position: Position; trigger: TriggerKind; price: Decimal }[] {
    const triggered = []
    for (const position of this.open.values()) {
      const price = this.options.prices.latestPrice(position.symbol)
      if (!price) continue
      const trigger = triggeredLevel(position, price)
      if (trigger) triggered.push({ position, trigger, price })
    }
    return triggered
  }

  /**
   * Acts at once on a price that reaches a level no order on the exchange holds: the
   * take-profit the tracker watches where trigger orders hold funds (a spot position on Kraken
   * rests only its stop-loss), a level whose order is missing. At the next monitoring step, up
   * to a minute later, a spike through the target may have turned back. A level resting on the
   * exchange triggers there, with the monitoring step as its safety net.
   */
  private onPrice(tick: PriceTick): void {
    for (const position of this.open.values()) {
      if (position.symbol !== tick.symbol) continue
      const trigger = triggeredLevel(position, tick.price)
      const orderId =
        trigger === 'stop_loss' ? position.stopLossOrderId : position.takeProfitOrderId
      if (trigger === null || orderId !== null) continue
      this.onTriggered(position, trigger, tick.price).catch((error: unknown) =>
        this.logFailure('close at reached level', error, position),
      )
    }
  }

  private async onTriggered(
    position: Position,
    trigger: TriggerKind,
    price: Decimal,
  ): Promise<void> {
    if (this.inFlightTriggers.has(position.id)) return
    this.inFlightTriggers.add(position.id)
    try {
      this.options.logger.warn(
        { positionId: position.id, symbol: position.symbol, trigger, price: price.toString() },
        'position level reached; closing as a safety net',
      )
      if (this.actions) await this.actions.closeTriggered(position, trigger, price)
      else await this.closePosition(position.id, price, trigger)
    } finally {
      this.inFlightTriggers.delete(position.id)
    }
  }

  private async applyFillNow(fill: PositionFill): Promise<PositionFillOutcome> {
    const existing = this.newIds.has(fill.positionId) ? null : await this.get(fill.positionId)
    const previous = existing?.fillLedger[fill.orderId] ?? EMPTY_LEDGER
    const delta = fill.filledSize.minus(previous.filledSize)
    if (delta.lte(0)) return { position: existing, change: 'unchanged' }
    const notional = fill.averagePrice.times(fill.filledSize)
    const deltaNotional = notional.minus(previous.notional)
    const deltaFee = fill.fee.minus(previous.fee)
    const ledgerEntry: LedgerEntry = {
      kind: fill.kind,
      filledSize: fill.filledSize,
      notional,
      fee: fill.fee,
    }
    const now = this.options.clock.now()
    if (fill.kind === 'entry') {
      if (!existing) return this.openNew(fill, delta, deltaNotional, deltaFee, ledgerEntry, now)
      if (existing.status === 'closed') return this.overfilled(existing, fill, delta)
      const size = existing.size.plus(delta)
      const next: Position = {
        ...existing,
        size,
        entryPrice: existing.entryPrice.times(existing.size).plus(deltaNotional).div(size),
        fees: existing.fees.plus(deltaFee),
        openFees: existing.openFees.plus(deltaFee),
        fillLedger: { ...existing.fillLedger, [fill.orderId]: ledgerEntry },
        updatedAtMs: now,
      }
      await this.save(next)
      await this.publish('position.increased', next, { size: next.size.toString() }, fill.orderId)
      return { position: next, change: 'increased' }
    }
    if (!existing || existing.status === 'closed') return this.overfilled(existing, fill, delta)
    const reduce = Decimal.min(delta, existing.size)
    const exitPrice = deltaNotional.div(delta)
    const gross = grossPnl(existing.side, existing.entryPrice, exitPrice, reduce)
    const entryFeeShare = existing.openFees.times(reduce).div(existing.size)
    const reduced: Position = {
      ...existing,
      size: existing.size.minus(reduce),
      fees: existing.fees.plus(deltaFee),
      openFees: existing.openFees.minus(entryFeeShare),
      realizedPnl: existing.realizedPnl.plus(gross).minus(deltaFee).minus(entryFeeShare),
      fillLedger: { ...existing.fillLedger, [fill.orderId]: ledgerEntry },
      updatedAtMs: now,
    }
    if (reduced.size.gt(0)) {
      await this.save(reduced)
      await this.publish(
        'position.reduced',
        reduced,
        { size: reduced.size.toString() },
        fill.orderId,
      )
      return { position: reduced, change: 'reduced' }
    }
    const closed = await this.finishClose(
      reduced,
      averageExitPrice(reduced),
      fill.reason ?? 'closed',
      reduce,
      fill.orderId,
    )
    if (delta.gt(reduce)) await this.overfilled(closed, fill, delta.minus(reduce))
    return { position: closed, change: 'closed' }
  }

  private async openNew(
    fill: PositionFill,
    size: Decimal,
    notional: Decimal,
    fee: Decimal,
    ledgerEntry: LedgerEntry,
    now: number,
  ): Promise<PositionFillOutcome> {
    const trailing = this.options.config.trailingStop
    const position: Position = {
      id: fill.positionId,
      symbol: fill.symbol,
      side: fill.orderSide === 'buy' ? 'long' : 'short',
      size,
      entryPrice: notional.div(size),
      leverage: fill.leverage,
      stopLoss: fill.stopLoss ?? null,
      takeProfit: fill.takeProfit ?? null,
      stopLossOrderId: null,
      takeProfitOrderId: null,
      trailingStop: initialTrailingStop({
        isEnabled: trailing.enabled,
        activationPct: new Decimal(trailing.activation_pct),
        distancePct: new Decimal(trailing.trail_distance_pct),
      }),
      status: 'open',
      fees: fee,
      openFees: fee,
      exitPrice: null,
      realizedPnl: ZERO,
      closeReason: null,
      correlationId: fill.correlationId,
      fillLedger: { [fill.orderId]: ledgerEntry },
      openedAtMs: now,
      closedAtMs: null,
      updatedAtMs: now,
    }
    validatePosition(position)
    await this.save(position)
    await this.publish(
      'position.opened',
      position,
      {
        side: position.side,
        size: position.size.toString(),
        entry_price: position.entryPrice.toString(),
        leverage: position.leverage,
      },
      fill.orderId,
    )
    return { position, change: 'opened' }
  }

  private async finishClose(
    position: Position,
    exitPrice: Decimal,
    reason: string,
    closedSize: Decimal,
    orderId: string | null = null,
  ): Promise<Position> {
    const now = this.options.clock.now()
    const closeReason = closeReasonOf(position, reason)
    const closed: Position = {
      ...position,
      size: ZERO,
      status: 'closed',
      exitPrice,
      closeReason,
      closedAtMs: now,
      updatedAtMs: now,
    }
    validatePosition(closed)
    await this.options.positions.save(closed)
    this.changes++
    this.open.delete(closed.id)
    this.recentlyClosed.remember(closed)
    await this.publish(
      'position.closed',
      closed,
      {
        exit_price: exitPrice.toString(),
        realized_pnl: closed.realizedPnl.toString(),
        reason: closeReason,
        size: closedSize.toString(),
      },
      orderId,
    )
    await this.accrueHodl(closed)
    return closed
  }

  private async accrueHodl(position: Position): Promise<void> {
    const hodl = this.options.hodl
    const share = hodl?.isEnabled ? profitShare(position.realizedPnl, hodl.allocationPct) : null
    if (!hodl || !share) return
    await hodl.accrual.accrue({
      asset: splitSymbol(position.symbol).quote,
      ...share,
      positionId: position.id,
      atMs: this.options.clock.now(),
    })
  }

  private async overfilled(
    position: Position | null,
    fill: PositionFill,
    excess: Decimal,
  ): Promise<PositionFillOutcome> {
    this.options.logger.error(
      { positionId: fill.positionId, orderId: fill.orderId, excess: excess.toString() },
      'fill beyond the position: exchange and books disagree',
    )
    await this.options.events.publish({
      type: 'position.overfilled',
      timestampMs: this.options.clock.now(),
      orderId: fill.orderId,
      positionId: fill.positionId,
      symbol: fill.symbol,
      correlationId: fill.correlationId,
      payload: { excess: excess.toString(), kind: fill.kind },
    })
    return { position, change: 'overfilled' }
  }

  /** The market's tick for the levels the tracker sets; null when none is known. */
  private priceStep(symbol: string): Decimal | null {
    return this.options.priceStep?.(symbol) ?? null
  }

  private requireOpen(positionId: string): Position {
    const position = this.open.get(positionId)
    if (!position) throw new InvalidPositionError(`POSITION_NOT_OPEN: position=${positionId}`)
    return position
  }

  private async save(position: Position): Promise<void> {
    validatePosition(position)
    await this.options.positions.save(position)
    this.changes++
    this.newIds.delete(position.id)
    if (position.status === 'open') this.open.set(position.id, position)
  }

  private async publish(
    type: ExecutionEventType,
    position: Position,
    payload: Record<string, unknown>,
    orderId: string | null = null,
  ): Promise<void> {
    await this.options.events.publish({
      type,
      timestampMs: this.options.clock.now(),
      orderId,
      positionId: position.id,
      symbol: position.symbol,
      correlationId: position.correlationId,
      payload,
    })
  }

  private logFailure(task: string, error: unknown, position?: Position): void {
    this.options.logger.error(
      { err: error, task, positionId: position?.id },
      'position tracker task failed',
    )
  }
}

/** The size-weighted price of a position's exit fills. */
function averageExitPrice(position: Position): Decimal {
  let size = ZERO
  let notional = ZERO
  for (const entry of Object.values(position.fillLedger)) {
    if (entry.kind !== 'exit') continue
    size = size.plus(entry.filledSize)
    notional = notional.plus(entry.notional)
  }
  return size.isZero() ? ZERO : notional.div(size)
}

/**
 * Why a position closed, as stored and shown: a stop-loss the trailing stop had moved is a
 * `trailing_stop` (a stop-out at a profit reads as one), any other reason as given.
 */
function closeReasonOf(position: Position, reason: string): string {
  return reason === 'stop_loss' && position.trailingStop.isActive ? 'trailing_stop' : reason
}
