import Decimal from 'decimal.js'
import { count, eq, sum } from 'drizzle-orm'
import type {
  CloseAmount,
  ClosePositionResult,
  Order as OrderDto,
  Position as PositionDto,
} from '../../../src-shared/contract'
import { CommandError } from '../../../src-shared/result'
import type { CommandHandlers } from '../../transport/command-handlers'
import type { EngineParts } from '../engine-parts'
import { isProtectiveRole, isTerminalStatus, type Position } from '../execution'
import { schema } from '../store'
import { resolveCloseSize, type CloseSize } from './close-size'
import { orderDto, positionDto, text } from './dto-mappers'
import { refusal } from './execution-refusal'
import { protectionProblem, trailingConflict } from './protection-levels'
import { isUuid } from './uuid'

type Handlers = Pick<
  CommandHandlers,
  | 'positions:list'
  | 'positions:exposure'
  | 'positions:get'
  | 'positions:closePreview'
  | 'positions:close'
  | 'positions:modify'
  | 'orders:list'
  | 'orders:sync'
  | 'orders:get'
  | 'orders:cancel'
  | 'execution:stats'
>

/** Positions and orders: list, inspect, close, modify, cancel, reconcile, statistics. */
export function tradingCommands(parts: EngineParts): Handlers {
  const { positions, orders, repositories, config, store } = parts
  const prices = parts.market.prices
  const takerFee = new Decimal(config.execution.execution.paper.taker_fee_pct).div(100)
  const dto = (position: Position): PositionDto => positionDto(position, positions)
  const openPosition = async (id: string): Promise<Position> => {
    const position = isUuid(id) ? await positions.get(id) : null
    if (!position) throw new CommandError('NOT_FOUND', `position id=${id} not found`)
    return position
  }
  const requireOpen = async (id: string): Promise<Position> => {
    const position = await openPosition(id)
    if (position.status !== 'open')
      throw new CommandError('CONFLICT', `position id=${id} is already closed`)
    return position
  }
  /**
   * A trader who cancelled a position's stop-loss or take-profit wants the position without
   * it: the level is taken off, else the engine would place the order again (taking it off
   * also cancels one placed meanwhile, and a stop-loss's trailing stop). The cancel stands
   * even when this fails; the order then comes back.
   */
  const removeProtection = async (positionId: string, role: 'stop-loss' | 'take-profit') => {
    const position = await positions.get(positionId)
    if (!position || position.status !== 'open') return
    try {
      await orders.modifyProtection(
        positionId,
        role === 'stop-loss' ? { stopLoss: null } : { takeProfit: null },
      )
    } catch (error) {
      parts.logger.warn(
        { err: error, positionId, role },
        'a cancelled protective order stays on the position; it will be placed again',
      )
    }
  }
  /** The market price, or the entry price before one is known. */
  const priceOf = (position: Position): Decimal =>
    prices.latestPrice(position.symbol) ?? position.entryPrice
  const closeSizeOf = (position: Position, amount: CloseAmount, price: Decimal): CloseSize => {
    const resolved = resolveCloseSize(position, amount, {
      rules: parts.broker.marketRules(position.symbol),
      price,
    })
    if ('problem' in resolved) throw new CommandError('BAD_REQUEST', resolved.problem)
    return resolved
  }
  /** The position after a close, with what the close took off (`before` is the one it started from). */
  const closeResult = (before: Position, after: Position): ClosePositionResult => {
    const remaining = after.status === 'open' ? after.size : new Decimal(0)
    return {
      ...dto(after),
      closedSize: text(Decimal.max(before.size.minus(remaining), 0)),
      remainingSize: text(remaining),
    }
  }
  const withTimeline = async (id: string): Promise<OrderDto> => {
    const order = isUuid(id) ? await orders.getOrder(id) : null
    if (!order) throw new CommandError('NOT_FOUND', `order id=${id} not found`)
    const timeline = await repositories.statusLog.forOrder(id)
    return {
      ...orderDto(order),
      timeline: timeline.map((entry) => ({
        status: entry.status,
        at: entry.timestampMs,
        details: entry.details ? { ...entry.details } : null,
      })),
    }
  }

  return {
    'positions:list': async ({ status, symbol, limit }) => {
      const open = status === 'closed' ? [] : positions.openPositions(symbol)
      // The symbol is a condition of the query: filtering the newest `limit` of every symbol
      // afterwards missed a symbol's closes whenever others had closed since.
      const closed = status === 'open' ? [] : await positions.closedPositions(limit, symbol)
      return [...open, ...closed].slice(0, limit).map(dto)
    },
    'positions:exposure': async () => {
      const exposure = positions.exposure()
      const { equity } = await parts.account.portfolioContext()
      const bySymbol = Object.entries(exposure.bySymbol).map(([symbol, notional]) => ({
        symbol,
        notional: text(notional),
        positions: positions.openPositions(symbol).length,
      }))
      return {
        totalNotional: text(exposure.total),
        equity: text(equity),
        exposurePct: equity.isZero() ? '0' : exposure.total.div(equity).times(100).toFixed(2),
        bySymbol,
      }
    },
    'positions:get': async ({ id }) => dto(await openPosition(id)),
    'positions:closePreview': async ({ id, size, sizePct }) => {
      const position = await requireOpen(id)
      const price = priceOf(position)
      const part = closeSizeOf(position, { size, sizePct }, price)
      const fee = part.size.times(price).times(takerFee)
      const gross =
        position.side === 'long'
          ? price.minus(position.entryPrice)
          : position.entryPrice.minus(price)
      // A part carries its share of the entry fees, as the tracker books it when it fills.
      const entryFees = position.openFees.times(part.size).div(position.size)
      const pnl = gross.times(part.size).minus(entryFees).minus(fee)
      return {
        id,
        closeSize: text(part.size),
        remainingSize: text(part.remaining),
        estimatedExitPrice: text(price),
        estimatedPnl: pnl.toFixed(2),
        estimatedFee: fee.toFixed(2),
      }
    },
    'positions:close': async ({ id, exitPrice, size, sizePct, reason }) => {
      const position = await requireOpen(id)
      if (exitPrice) {
        // Seed 001 v1.2: an exit price in the body books a close that happened elsewhere.
        return closeResult(
          position,
          await positions.closePosition(id, new Decimal(exitPrice), reason),
        )
      }
      const part = closeSizeOf(position, { size, sizePct }, priceOf(position))
      // A full close sends no size: the manager closes what is open once protection is off.
      const result = await orders.closePosition(
        id,
        reason,
        part.isFullClose ? {} : { size: part.size },
      )
      if (!result.success) throw refusal(result.code, result.message)
      return closeResult(position, (await positions.get(id)) ?? position)
    },
    'positions:modify': async ({ id, stopLoss, takeProfit, trailingStop }) => {
      const position = await requireOpen(id)
      if (stopLoss !== undefined || takeProfit !== undefined) {
        const levels: { stopLoss?: Decimal | null; takeProfit?: Decimal | null } = {}
        if (stopLoss !== undefined)
          levels.stopLoss = stopLoss === null ? null : new Decimal(stopLoss)
        if (takeProfit !== undefined)
          levels.takeProfit = takeProfit === null ? null : new Decimal(takeProfit)
        const price = priceOf(position)
        const step = parts.broker.marketRules(position.symbol)?.priceStep ?? null
        const problem =
          protectionProblem(position.side, price, levels, step) ??
          trailingConflict(position, levels.stopLoss, trailingStop?.isEnabled === false)
        if (problem) throw new CommandError('BAD_REQUEST', problem)
        await orders.modifyProtection(id, levels)
      }
      if (trailingStop) {
        if (trailingStop.isEnabled) {
          await positions.enableTrailingStop(
            id,
            trailingStop.distancePct ? new Decimal(trailingStop.distancePct) : undefined,
          )
        } else {
          await positions.disableTrailingStop(id)
        }
      }
      return dto(await openPosition(id))
    },
    'orders:list': async ({ status, symbol, limit }) => {
      // Newest first; open orders by reversing their creation order, as their times may tie.
      const source =
        status === 'open'
          ? orders.openOrders(symbol).reverse()
          : await orders.allOrders(limit, symbol)
      return source.slice(0, limit).map(orderDto)
    },
    'orders:sync': async () => {
      const report = await orders.sync()
      return {
        ordersChecked: report.ordersChecked,
        ordersUpdated: report.ordersUpdated,
        fillsAdded: report.fillsRecorded,
      }
    },
    'orders:get': async ({ id }) => withTimeline(id),
    'orders:cancel': async ({ id }) => {
      const existing = isUuid(id) ? await orders.getOrder(id) : null
      if (!existing) throw new CommandError('NOT_FOUND', `order id=${id} not found`)
      if (isTerminalStatus(existing.status))
        throw new CommandError('CONFLICT', `order id=${id} is already ${existing.status}`)
      const result = await orders.cancelOrder(id)
      if (!result.success) throw refusal(result.code, result.message)
      if (isProtectiveRole(existing.role) && existing.positionId) {
        await removeProtection(existing.positionId, existing.role)
      }
      return withTimeline(id)
    },
    'execution:stats': async () => {
      const { orders: ordersTable, positions: positionsTable } = schema
      const byStatus = await store.db
        .select({ status: ordersTable.status, orders: count(), fees: sum(ordersTable.fee) })
        .from(ordersTable)
        .groupBy(ordersTable.status)
      const counted = (statuses: readonly string[]) =>
        byStatus
          .filter((row) => statuses.includes(row.status))
          .reduce((total, row) => total + Number(row.orders), 0)
      const fees = byStatus.reduce((total, row) => total.plus(row.fees ?? 0), new Decimal(0))
      const [realized] = await store.db
        .select({ pnl: sum(positionsTable.realizedPnl) })
        .from(positionsTable)
        .where(eq(positionsTable.status, 'closed'))
      return {
        ordersPlaced: byStatus.reduce((total, row) => total + Number(row.orders), 0),
        ordersFilled: counted(['FILLED']),
        ordersCancelled: counted(['CANCELLED', 'EXPIRED']),
        ordersFailed: counted(['ERROR']),
        openOrders: counted(['PENDING', 'OPEN', 'PARTIALLY_FILLED']),
        openPositions: positions.openPositions().length,
        totalFees: text(fees),
        realizedPnl: text(new Decimal(realized?.pnl ?? 0)),
      }
    },
  }
}
