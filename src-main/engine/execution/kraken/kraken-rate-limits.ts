import { functions, kraken, type ConstructorArgs } from 'ccxt'
import type { ExecutionConfig } from '../../config/schemas/execution'

type RateLimitConfig = ExecutionConfig['execution']['kraken']['rate_limit']

/** Kraken methods that count against the matching engine's per-pair order budget. */
export const ORDER_METHODS: ReadonlySet<string> = new Set([
  'AddOrder',
  'AddOrderBatch',
  'AmendOrder',
  'EditOrder',
  'CancelOrder',
  'CancelOrderBatch',
])

/**
 * The ccxt settings that make ccxt's own leaky bucket enforce the general budget: one cost
 * unit every 60 000 / calls_per_minute ms (ccxt's Kraken default is 1 000 ms, i.e. 60), with
 * `burst` units of capacity.
 */
export function generalLimiterSettings(rateLimit: RateLimitConfig): Partial<ConstructorArgs> {
  const msPerUnit = 60_000 / rateLimit.calls_per_minute
  return {
    enableRateLimit: true,
    rateLimit: msPerUnit,
    rateLimiterAlgorithm: 'leakyBucket',
    tokenBucket: { capacity: rateLimit.burst, refillRate: 1 / msPerUnit },
  }
}

/**
 * ccxt `kraken` with a second ccxt Throttler for order calls. ccxt weighs AddOrder and
 * CancelOrder 0 in its single bucket (Kraken counts them in a separate matching-engine
 * budget), so one bucket cannot hold both budgets; every order call here waits for the order
 * bucket and then passes ccxt's general bucket as usual.
 */
export class ThrottledKraken extends kraken {
  private readonly orderThrottler: InstanceType<typeof functions.Throttler>

  constructor(args: ConstructorArgs, rateLimit: RateLimitConfig) {
    super({ ...args, ...generalLimiterSettings(rateLimit), ...pick(args, ['enableRateLimit']) })
    const msPerOrder = 60_000 / rateLimit.order_calls_per_minute
    this.orderThrottler = new functions.Throttler({
      refillRate: 1 / msPerOrder,
      capacity: rateLimit.order_burst,
      delay: 0.001,
      cost: 1,
      tokens: 0,
      algorithm: 'leakyBucket',
    })
  }

  override async fetch2(
    path: unknown,
    api: unknown = 'public',
    method = 'GET',
    params = {},
    headers: unknown = undefined,
    body: unknown = undefined,
    config = {},
  ): Promise<unknown> {
    if (this.enableRateLimit && typeof path === 'string' && ORDER_METHODS.has(path)) {
      await this.orderThrottler.throttle(1)
    }
    return super.fetch2(path, api, method, params, headers, body, config)
  }
}

function pick(args: ConstructorArgs, keys: string[]): Partial<ConstructorArgs> {
  const picked: Record<string, unknown> = {}
  for (const key of keys) if (key in args) picked[key] = (args as Record<string, unknown>)[key]
  return picked as Partial<ConstructorArgs>
}
