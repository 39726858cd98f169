import Decimal from 'decimal.js'
import type { ExecutionReport, TradeExecutor } from '../coordinator/ports'
import type { TradeProposal } from '../risk/trade-proposal'
import type { ExecutionResult } from './execution-result'
import type { OrderManager } from './order-manager'
import type { PositionTracker } from './position-tracker'

export interface ProposalExecutorOptions {
  readonly manager: OrderManager
  readonly tracker: PositionTracker
  /** execution.yaml `orders.default_type`: limit entries at the proposal's entry price, or market. */
  readonly defaultType: 'market' | 'limit'
}

/**
 * The coordinator's {@link TradeExecutor} on the order manager: maps a risk-approved proposal
 * to an {@link ExecutionRequest} (BUY → buy entry, SELL → sell entry, CLOSE → close the
 * symbol's positions of that side, reduce-only → reduce them by the size in all) and the
 * result back to a report.
 */
export class ProposalExecutor implements TradeExecutor {
  constructor(private readonly options: ProposalExecutorOptions) {}

  async execute(proposal: TradeProposal, correlationId: string): Promise<ExecutionReport> {
    if (proposal.action === 'CLOSE' || proposal.isReduceOnly)
      return this.close(proposal, correlationId)
    if (!proposal.size)
      return { success: false, error: 'INVALID_SIZE: size=null reason=unsized proposal' }
    const isLimit = this.options.defaultType === 'limit'
    const result = await this.options.manager.execute({
      symbol: proposal.symbol,
      side: proposal.action === 'BUY' ? 'buy' : 'sell',
      size: proposal.size,
      orderType: isLimit ? 'limit' : 'market',
      ...(isLimit ? { limitPrice: proposal.entryPrice } : {}),
      ...(proposal.stopLoss ? { stopLoss: proposal.stopLoss } : {}),
      ...(proposal.takeProfit ? { takeProfit: proposal.takeProfit } : {}),
      leverage: proposal.leverage,
      correlationId,
      role: 'entry',
    })
    return report(result)
  }

  private async close(proposal: TradeProposal, correlationId: string): Promise<ExecutionReport> {
    const positions = this.options.tracker
      .openPositions(proposal.symbol)
      .filter((position) => position.side === proposal.side)
    if (positions.length === 0) {
      return {
        success: false,
        error: `POSITION_NOT_FOUND: symbol=${proposal.symbol} side=${proposal.side}`,
      }
    }
    // A CLOSE ends every position in full (the coordinator sizes it as the first position
    // only); a reduce-only size is what to take off the side in all, oldest positions first.
    let toReduce = proposal.action !== 'CLOSE' && proposal.isReduceOnly ? proposal.size : null
    const reports: ExecutionReport[] = []
    for (const position of positions) {
      if (toReduce?.lte(0)) break
      const result = await this.options.manager.closePosition(position.id, 'signal', {
        ...(toReduce ? { size: Decimal.min(toReduce, position.size) } : {}),
        correlationId,
      })
      toReduce = toReduce?.minus(position.size) ?? null
      reports.push(report(result))
    }
    const failed = reports.filter((entry) => !entry.success)
    return failed.length === 0
      ? { success: true, orderId: reports[0]?.orderId ?? null }
      : {
          success: false,
          error: failed.map((entry) => entry.error).join('; '),
          orderId: reports[0]?.orderId ?? null,
        }
  }
}

function report(result: ExecutionResult): ExecutionReport {
  return result.success
    ? { success: true, orderId: result.order.id }
    : { success: false, error: result.message, orderId: result.order?.id ?? null }
}
