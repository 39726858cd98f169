import type { ExecutionResult } from '../execution/execution-result'
import type { OrderManager } from '../execution/order-manager'
import type {
  OpenRebalanceOrder,
  RebalanceExecutionRequest,
  TradeExecutionOutcome,
  TradeExecutor,
} from './ports'

/**
 * The trade executor on the execution part's order manager: a rebalance batch becomes a
 * spot order of role `rebalance` (written ahead, sent, reconciled like any other order), and
 * the execution result comes back as success with the order id, or the refusal's
 * `CODE: key=value` message.
 */
export class OrderManagerTradeExecutor implements TradeExecutor {
  constructor(
    private readonly manager: Pick<OrderManager, 'execute' | 'openOrders' | 'cancelOrder'>,
  ) {}

  async execute(request: RebalanceExecutionRequest): Promise<TradeExecutionOutcome> {
    const result = await this.manager.execute({
      symbol: request.symbol,
      side: request.side,
      size: request.size,
      orderType: request.orderType,
      ...(request.orderType === 'limit' && request.limitPrice
        ? { limitPrice: request.limitPrice }
        : {}),
      leverage: request.leverage,
      correlationId: request.correlationId,
      role: 'rebalance',
    })
    return outcomeOf(result)
  }

  openOrders(): readonly OpenRebalanceOrder[] {
    return this.manager
      .openOrders()
      .filter((order) => order.role === 'rebalance')
      .map((order) => ({ orderId: order.id, symbol: order.symbol, side: order.side }))
  }

  async cancel(orderId: string): Promise<TradeExecutionOutcome> {
    return outcomeOf(await this.manager.cancelOrder(orderId))
  }
}

function outcomeOf(result: ExecutionResult): TradeExecutionOutcome {
  if (result.success) return { success: true, orderId: result.order.id }
  return {
    success: false,
    error: result.message,
    ...(result.order ? { orderId: result.order.id } : {}),
  }
}
