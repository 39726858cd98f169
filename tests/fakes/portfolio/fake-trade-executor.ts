import type {
  OpenRebalanceOrder,
  RebalanceExecutionRequest,
  TradeExecutionOutcome,
  TradeExecutor,
} from '../../../src-main/engine/portfolio'
import type { FakeMarket } from './fake-market'

/**
 * Records every request; succeeds with order ids `order-1`, `order-2`… unless scripted
 * otherwise, and fills the request on the market at its limit (or current) price when given one
 * — or, after `restNext`, leaves it open on the book until it is cancelled. After `holdNext`
 * the next request stays in flight (recorded, not answered) until the test releases it.
 */
export class FakeTradeExecutor implements TradeExecutor {
  readonly requests: RebalanceExecutionRequest[] = []
  readonly cancelled: string[] = []
  private readonly script: (TradeExecutionOutcome | Error)[] = []
  private readonly resting: OpenRebalanceOrder[] = []
  private toRest = 0
  private hold: Promise<void> | null = null

  constructor(private readonly market: FakeMarket | null = null) {}

  /** The next calls answer with these, in order (an Error is thrown). */
  answer(...outcomes: (TradeExecutionOutcome | Error)[]): this {
    this.script.push(...outcomes)
    return this
  }

  /** The next `count` accepted orders rest on the book unfilled. */
  restNext(count = 1): this {
    this.toRest += count
    return this
  }

  /** Keeps the next request in flight until the returned function is called. */
  holdNext(): () => void {
    let release = () => {}
    this.hold = new Promise((resolve) => {
      release = resolve
    })
    return release
  }

  async execute(request: RebalanceExecutionRequest): Promise<TradeExecutionOutcome> {
    this.requests.push(request)
    const hold = this.hold
    this.hold = null
    if (hold) await hold
    const scripted = this.script.shift()
    if (scripted instanceof Error) throw scripted
    const outcome = scripted ?? { success: true, orderId: `order-${this.requests.length}` }
    if (!outcome.success) return outcome
    if (this.toRest > 0) {
      this.toRest--
      this.resting.push({
        orderId: outcome.orderId ?? `order-${this.requests.length}`,
        symbol: request.symbol,
        side: request.side,
      })
      return outcome
    }
    if (this.market) {
      const price = request.limitPrice ?? this.market.latestPrice(request.symbol)
      if (price) this.market.fill(request.symbol, request.side, request.size, price)
    }
    return outcome
  }

  openOrders(): readonly OpenRebalanceOrder[] {
    return [...this.resting]
  }

  async cancel(orderId: string): Promise<TradeExecutionOutcome> {
    const index = this.resting.findIndex((order) => order.orderId === orderId)
    if (index === -1) return { success: false, error: `ORDER_NOT_FOUND: order=${orderId}` }
    this.resting.splice(index, 1)
    this.cancelled.push(orderId)
    return { success: true, orderId }
  }
}
