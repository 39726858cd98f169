import type { EmergencyReport, PositionCloser } from '../coordinator'
import { isExitRole, isProtectiveRole, type OrderManager, type PositionTracker } from '../execution'

/**
 * Closes every open position (the order manager cancels each one's stop-loss and take-profit
 * first) and cancels every open order that would open or add to a position (entries,
 * rebalance orders); used by the kill switch and breakers.
 */
export class OrderManagerPositionCloser implements PositionCloser {
  constructor(
    private readonly manager: OrderManager,
    private readonly tracker: PositionTracker,
  ) {}

  async closeAllPositions(reason: string, correlationId: string): Promise<EmergencyReport> {
    const errors: string[] = []
    let count = 0
    let cancelledOrders = 0
    for (const position of this.tracker.openPositions()) {
      const protective = this.manager
        .openOrders()
        .filter((order) => order.positionId === position.id && isProtectiveRole(order.role))
      const result = await this.manager.closePosition(position.id, reason, { correlationId })
      if (result.success) count++
      else errors.push(`position=${position.id} ${result.message}`)
      for (const order of protective) {
        if ((await this.manager.getOrder(order.id))?.status === 'CANCELLED') cancelledOrders++
      }
    }
    return { count, cancelledOrders, errors }
  }

  async cancelAllOrders(_reason: string, _correlationId: string): Promise<EmergencyReport> {
    const errors: string[] = []
    let count = 0
    // An entry that was being admitted when trading stopped is an open order once stored.
    await this.manager.whenAdmitted()
    // Exits stay: a halted account keeps the stop-losses of the positions it keeps, and a close
    // still working goes on filling (closing stays allowed when halted).
    for (const order of this.manager.openOrders().filter((open) => !isExitRole(open.role))) {
      const result = await this.manager.cancelOrder(order.id)
      if (result.success) count++
      else errors.push(`order=${order.id} ${result.message}`)
    }
    return { count, errors }
  }
}
