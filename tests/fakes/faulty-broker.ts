import type {
  AmendOrderRequest,
  Broker,
  BrokerBalance,
  BrokerOrder,
  BrokerTrade,
  MarketRules,
  PlaceOrderRequest,
} from '../../src-main/engine/execution/broker/broker'
import { BrokerError } from '../../src-main/engine/execution/broker/broker-error'

type Method =
  | 'placeOrder'
  | 'cancelOrder'
  | 'amendOrder'
  | 'fetchOrder'
  | 'fetchOrderByClientId'
  | 'fetchOpenOrders'
  | 'fetchClosedOrders'
  | 'fetchMyTrades'
  | 'fetchBalances'

interface Fault {
  method: Method
  error: BrokerError
  /** The call reaches the inner broker and takes effect, then the answer is lost. */
  isAfterEffect: boolean
}

/**
 * An in-memory broker for order-manager tests: forwards to a real broker (usually the paper
 * broker) and injects scripted failures, including "accepted but the answer was lost". With
 * `isAmending: false` it stands for a venue that cannot amend orders in place.
 */
export class FaultyBroker implements Broker {
  readonly name = 'faulty'
  readonly calls: Method[] = []
  private readonly faults: Fault[] = []

  /** Forwarded when the inner broker amends and `isAmending` is not false (see Broker.amendOrder). */
  readonly amendOrder?: (request: AmendOrderRequest) => Promise<BrokerOrder>

  constructor(
    private readonly inner: Broker,
    { isAmending = true }: { isAmending?: boolean } = {},
  ) {
    const amend = inner.amendOrder?.bind(inner)
    if (amend && isAmending) {
      this.amendOrder = (request) => this.call('amendOrder', () => amend(request))
    }
  }

  get capabilities() {
    return this.inner.capabilities
  }

  /** The next call of `method` fails with `error` before reaching the exchange. */
  failNext(method: Method, error: BrokerError, times = 1): this {
    for (let i = 0; i < times; i++) this.faults.push({ method, error, isAfterEffect: false })
    return this
  }

  /** The next call of `method` takes effect but its answer is lost with `error`. */
  loseNextAnswer(method: Method, error: BrokerError): this {
    this.faults.push({ method, error, isAfterEffect: true })
    return this
  }

  count(method: Method): number {
    return this.calls.filter((call) => call === method).length
  }

  connect(): Promise<void> {
    return this.inner.connect()
  }

  marketRules(symbol: string): MarketRules | null {
    return this.inner.marketRules(symbol)
  }

  placeOrder(request: PlaceOrderRequest): Promise<BrokerOrder> {
    return this.call('placeOrder', () => this.inner.placeOrder(request))
  }

  cancelOrder(externalId: string, symbol: string): Promise<void> {
    return this.call('cancelOrder', () => this.inner.cancelOrder(externalId, symbol))
  }

  fetchOrder(externalId: string, symbol: string): Promise<BrokerOrder> {
    return this.call('fetchOrder', () => this.inner.fetchOrder(externalId, symbol))
  }

  fetchOrderByClientId(clientOrderId: string, symbol: string): Promise<BrokerOrder | null> {
    return this.call('fetchOrderByClientId', () =>
      this.inner.fetchOrderByClientId(clientOrderId, symbol),
    )
  }

  fetchOpenOrders(symbol?: string): Promise<BrokerOrder[]> {
    return this.call('fetchOpenOrders', () => this.inner.fetchOpenOrders(symbol))
  }

  fetchClosedOrders(symbol?: string, sinceMs?: number): Promise<BrokerOrder[]> {
    return this.call('fetchClosedOrders', () => this.inner.fetchClosedOrders(symbol, sinceMs))
  }

  fetchMyTrades(symbol?: string, sinceMs?: number): Promise<BrokerTrade[]> {
    return this.call('fetchMyTrades', () => this.inner.fetchMyTrades(symbol, sinceMs))
  }

  fetchBalances(): Promise<Record<string, BrokerBalance>> {
    return this.call('fetchBalances', () => this.inner.fetchBalances())
  }

  close(): Promise<void> {
    return this.inner.close()
  }

  private async call<T>(method: Method, forward: () => Promise<T>): Promise<T> {
    this.calls.push(method)
    const index = this.faults.findIndex((fault) => fault.method === method)
    if (index < 0) return forward()
    const [fault] = this.faults.splice(index, 1)
    if (fault!.isAfterEffect) await forward()
    throw fault!.error
  }
}

/** Errors as the Kraken adapter maps them. */
export const faults = {
  timeout: () => new BrokerError('temporary', 'REQUEST_TIMEOUT', { isAmbiguous: true }),
  unavailable: () => new BrokerError('temporary', 'EXCHANGE_UNAVAILABLE', { isAmbiguous: true }),
  rateLimited: () => new BrokerError('rate-limited', 'RATE_LIMITED'),
  invalid: () => new BrokerError('invalid-order', 'INVALID_ORDER'),
  funds: () => new BrokerError('insufficient-funds', 'INSUFFICIENT_FUNDS'),
  auth: () => new BrokerError('authentication', 'INVALID_KEY'),
  notFound: () => new BrokerError('not-found', 'UNKNOWN_ORDER'),
  operational: () => new BrokerError('operational', 'SOMETHING_ODD'),
}
