import Decimal from 'decimal.js'
import type { ExecutionEventPublisher } from '../execution'
import type { Logger } from '../logging/logger'
import type { RiskEngine } from '../risk'

/**
 * Tells the risk engine the realised P&L (fees included) of each position that closes: the
 * daily and weekly loss breakers and the losing-streak cooldown count closed trades. A
 * position counts once, with its whole P&L, when it closes (partial closes included), so a
 * trade scaled out in three steps is one win or one loss, not three.
 */
export function riskTradeResults(
  risk: Pick<RiskEngine, 'recordTradeResult'>,
  logger: Logger,
): ExecutionEventPublisher {
  return {
    async publish(event) {
      if (event.type !== 'position.closed' || event.symbol === null) return
      try {
        await risk.recordTradeResult({
          symbol: event.symbol,
          realizedPnl: new Decimal(String(event.payload.realized_pnl)),
          correlationId: event.correlationId,
        })
      } catch (error) {
        // The position is closed and stored either way; only the risk counters miss it.
        logger.error(
          { err: error, positionId: event.positionId, symbol: event.symbol },
          'risk engine could not take in a closed trade',
        )
      }
    },
  }
}
