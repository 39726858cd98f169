import { asWords } from '../../../src-shared/words'
import type { EngineEventHub } from '../events/engine-event-hub'
import type {
  ExecutionEvent,
  ExecutionEventPublisher,
  MarketPriceSource,
  OrderManager,
  PositionTracker,
} from '../execution'
import { orderDto, positionDto, text } from '../services/dto-mappers'

/**
 * Turns execution events into the UI's events: the order or position as it is now, as a
 * contract DTO, market ticks, and the broker's alerts (a stop-loss not placed, a safety-net
 * close refused) as error notices the trader sees. Attached once the order manager exists.
 */
export class ExecutionUiEvents implements ExecutionEventPublisher {
  private orders: OrderManager | null = null
  private positions: PositionTracker | null = null

  constructor(private readonly hub: EngineEventHub) {}

  attach(orders: OrderManager, positions: PositionTracker, prices: MarketPriceSource): void {
    this.orders = orders
    this.positions = positions
    prices.onPrice((tick) => {
      if (this.hub.size() === 0) return
      this.hub.emit({
        type: 'market.tick',
        at: tick.timestampMs,
        symbol: tick.symbol,
        price: text(tick.price),
      })
    })
  }

  async publish(event: ExecutionEvent): Promise<void> {
    if (event.type === 'broker.alert') {
      this.hub.emit({
        type: 'system.notice',
        at: event.timestampMs,
        level: 'error',
        message: brokerAlertText(event),
      })
      return
    }
    // Orders and closed positions are kept for the feed even while no UI listens; position
    // marks matter only live.
    const isForTheFeed = event.type.startsWith('order.') || event.type === 'position.closed'
    if (this.hub.size() === 0 && !isForTheFeed) return
    if (event.type.startsWith('order.') && event.orderId && this.orders) {
      const order = await this.orders.getOrder(event.orderId)
      if (!order) return
      this.hub.emit({
        type: event.type === 'order.filled' ? 'order.filled' : 'order.updated',
        at: event.timestampMs,
        order: orderDto(order),
      })
      return
    }
    if (event.type.startsWith('position.') || event.type === 'trailing_stop.moved') {
      const position =
        event.positionId && this.positions ? await this.positions.get(event.positionId) : null
      if (!position || !this.positions) return
      this.hub.emit({
        type: position.status === 'closed' ? 'position.closed' : 'position.updated',
        at: event.timestampMs,
        position: positionDto(position, this.positions),
      })
    }
  }
}

/**
 * A broker alert in words: `BTC/USDT: protection not placed — INSUFFICIENT_FUNDS: …`. The
 * payload names the alert (`alert`) or the error's kind and what was done (`kind`, `action`).
 */
export function brokerAlertText(event: ExecutionEvent): string {
  const { alert, kind, action, message } = event.payload as Record<string, unknown>
  const what =
    typeof alert === 'string'
      ? asWords(alert)
      : `exchange error (${String(kind ?? 'unknown')}, ${String(action ?? 'reported')})`
  const where = event.symbol ? `${event.symbol}: ` : ''
  return `${where}${what}${typeof message === 'string' ? ` — ${message}` : ''}`
}
