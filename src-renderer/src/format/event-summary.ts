import { assertNever } from '../../../src-shared/assert-never'
import type { EngineEvent, PortfolioChange } from '../../../src-shared/contract'
import { isFeedEvent } from '../../../src-shared/contract'
import { asWords } from '../../../src-shared/words'
import { directionOf, formatPrice, formatQuantity, formatQuoteAmount } from './numbers'

export type ActivityLevel = 'info' | 'success' | 'warning' | 'error'

/** A line of the recent-events feed. */
export interface ActivityEntry {
  id: string
  at: number
  level: ActivityLevel
  category:
    | 'order'
    | 'fill'
    | 'position'
    | 'risk'
    | 'agent'
    | 'coordinator'
    | 'portfolio'
    | 'model'
    | 'notice'
  text: string
  correlationId: string | null
  /** For a line that reports an order's state: which order, and its status and filled size. */
  orderState?: OrderState
}

/** An order's reported state: a line that repeats the one before it for the order is left out. */
export interface OrderState {
  orderId: string
  signature: string
}

/** What the describer remembers between events to report only changes. */
export interface ActivityMemory {
  coordinatorState: string | null
  degradationLevel: string | null
  /** The symbols whose trading the coordinator had paused, sorted. */
  pausedSymbols: readonly string[] | null
  /** Last reported status and filled size per order id, to skip repeats. */
  orders: Map<string, string>
}

/** How many orders the memory tracks before forgetting the oldest. */
export const MAX_REMEMBERED_ORDERS = 500

/** Returns an empty memory. */
export function freshMemory(): ActivityMemory {
  return { coordinatorState: null, degradationLevel: null, pausedSymbols: null, orders: new Map() }
}

const LEVELS: Record<string, ActivityLevel> = {
  info: 'info',
  low: 'info',
  warning: 'warning',
  medium: 'warning',
  high: 'error',
  critical: 'error',
  error: 'error',
}

const PORTFOLIO_CHANGE_LEVELS: Readonly<Record<PortfolioChange, ActivityLevel>> = {
  rebalance_checked: 'info',
  rebalance_trade_executed: 'success',
  rebalance_trade_failed: 'warning',
  rebalance_batches_cancelled: 'warning',
  hodl_bag_changed: 'info',
}

/**
 * Returns the feed lines an event deserves (none for the live values `isFeedEvent` leaves
 * to other panels: ticks, equity, position marks, task status), updating `memory` for
 * change detection.
 */
export function describeEvent(
  event: EngineEvent,
  memory: ActivityMemory,
): Omit<ActivityEntry, 'id'>[] {
  if (!isFeedEvent(event)) return []
  const base = { at: event.at, correlationId: null }
  switch (event.type) {
    case 'order.filled': {
      const { order } = event
      return [
        {
          ...base,
          category: 'fill',
          level: 'success',
          correlationId: order.correlationId,
          text: `Filled ${order.side.toUpperCase()} ${formatQuantity(order.filledSize)} ${order.symbol} @ ${formatPrice(order.averageFillPrice ?? order.price)}`,
        },
      ]
    }
    case 'order.updated': {
      const { order } = event
      const orderState = { orderId: order.id, signature: `${order.status}|${order.filledSize}` }
      if (!rememberOrderState(memory, orderState)) return []
      const level: ActivityLevel = order.status === 'ERROR' ? 'error' : 'info'
      return [
        {
          ...base,
          category: 'order',
          level,
          correlationId: order.correlationId,
          orderState,
          text: `Order ${order.side.toUpperCase()} ${formatQuantity(order.size)} ${order.symbol} ${asWords(order.type)} ${asWords(order.status)}${order.error ? `: ${order.error}` : ''}`,
        },
      ]
    }
    case 'position.closed': {
      const { position } = event
      const direction = directionOf(position.realizedPnl)
      return [
        {
          ...base,
          category: 'position',
          level: direction === 'down' ? 'warning' : 'success',
          correlationId: position.correlationId,
          text: `Closed ${position.side} ${position.symbol} (${position.closeReason ? asWords(position.closeReason) : 'closed'}) P&L ${formatQuoteAmount(position.realizedPnl, position.symbol, true)}`,
        },
      ]
    }
    case 'risk.alert':
      return [
        {
          ...base,
          category: 'risk',
          level: LEVELS[event.severity.toLowerCase()] ?? 'warning',
          // The message already names the breaker and what happened; the type is a code.
          text: event.message,
        },
      ]
    case 'agent.output':
      return [
        {
          ...base,
          category: 'agent',
          level: 'info',
          correlationId: event.correlationId,
          text: `Decision ${event.symbol ?? ''} ${event.summary}`.replace(/\s+/g, ' '),
        },
      ]
    case 'portfolio.changed':
      return [
        {
          ...base,
          category: 'portfolio',
          level: PORTFOLIO_CHANGE_LEVELS[event.change],
          correlationId: event.correlationId,
          text: event.summary,
        },
      ]
    case 'coordinator.state': {
      const entries: Omit<ActivityEntry, 'id'>[] = []
      const { state, degradationLevel, pausedSymbols } = event.status
      if (memory.coordinatorState !== null && memory.coordinatorState !== state) {
        entries.push({
          ...base,
          category: 'coordinator',
          level: state === 'HALTED' ? 'error' : state === 'PAUSED' ? 'warning' : 'success',
          text: `Coordinator ${memory.coordinatorState} → ${state}`,
        })
      }
      // At first sight (the oldest of the recent events), a change made at this very moment
      // is still told: the status's own degradation history names the level before.
      const levelBefore =
        memory.degradationLevel ??
        event.status.degradationHistory.findLast((change) => change.at === event.at)?.from ??
        null
      if (levelBefore !== null && levelBefore !== degradationLevel) {
        entries.push({
          ...base,
          category: 'coordinator',
          level: degradationLevel === 'NORMAL' ? 'success' : 'warning',
          text: `Degradation ${levelBefore} → ${degradationLevel}`,
        })
      }
      entries.push(...pausedSymbolChanges(memory.pausedSymbols, pausedSymbols, base))
      memory.coordinatorState = state
      memory.degradationLevel = degradationLevel
      memory.pausedSymbols = pausedSymbols
      return entries
    }
    case 'ollama.pull.progress':
      return [
        {
          ...base,
          category: 'model',
          level: event.error ? 'error' : 'success',
          text: event.error
            ? `Pull of ${event.name} failed: ${event.error}`
            : `Pulled ${event.name}`,
        },
      ]
    case 'system.notice':
      return [{ ...base, category: 'notice', level: event.level, text: event.message }]
    case 'market.tick':
    case 'engine.time':
    case 'task.updated':
    case 'risk.status':
    case 'equity.updated':
    case 'position.updated':
      return []
    default:
      return assertNever(event)
  }
}

/**
 * Remembers an order's reported state, the most recent order last; returns false when it is
 * the state last remembered for the order (a repeat, not worth a line).
 */
export function rememberOrderState(memory: ActivityMemory, state: OrderState): boolean {
  if (memory.orders.get(state.orderId) === state.signature) return false
  memory.orders.delete(state.orderId)
  memory.orders.set(state.orderId, state.signature)
  if (memory.orders.size > MAX_REMEMBERED_ORDERS) {
    memory.orders.delete(memory.orders.keys().next().value as string)
  }
  return true
}

/** Returns a line per symbol the coordinator paused or resumed since `before` (none at first sight). */
function pausedSymbolChanges(
  before: readonly string[] | null,
  after: readonly string[],
  base: { at: number; correlationId: null },
): Omit<ActivityEntry, 'id'>[] {
  if (before === null) return []
  const line = (level: ActivityLevel, text: string): Omit<ActivityEntry, 'id'> => ({
    ...base,
    category: 'coordinator',
    level,
    text,
  })
  const paused = after.filter((symbol) => !before.includes(symbol))
  const resumed = before.filter((symbol) => !after.includes(symbol))
  return [
    ...paused.map((symbol) => line('warning', `Trading paused on ${symbol}`)),
    ...resumed.map((symbol) => line('success', `Trading resumed on ${symbol}`)),
  ]
}
