import type {
  RebalanceExecutionRequest,
  TradeExecutionOutcome,
  TradeExecutor,
} from '../../../src-main/engine/portfolio'
import type { FakeMarket } from './fake-market'

/**
 * Records every request; succeeds with order ids `order-1`, `order-2`… unless scripted
 * otherwise, and fills the request on the market at its limit (or current) price when given one.
 */
export class FakeTradeExecutor implements TradeExecutor {
  readonly requests: RebalanceExecutionRequest[] = []
  private readonly script: (TradeExecutionOutcome | Error)[] = []

  constructor(private readonly market: FakeMarket | null = null) {}

  /** The next calls answer with these, in order (an Error is thrown). */
  answer(...outcomes: (TradeExecutionOutcome | Error)[]): this {
    this.script.push(...outcomes)
    return this
  }

  async execute(request: RebalanceExecutionRequest): Promise<TradeExecutionOutcome> {
    this.requests.push(request)
    const scripted = this.script.shift()
    if (scripted instanceof Error) throw scripted
    const outcome = scripted ?? { success: true, orderId: `order-${this.requests.length}` }
    if (outcome.success && this.market) {
      const price = request.limitPrice ?? this.market.latestPrice(request.symbol)
      if (price) this.market.fill(request.symbol, request.side, request.size, price)
    }
    return outcome
  }
}
