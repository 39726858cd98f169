import { describe, expect, it } from 'vitest'
import {
  generalLimiterSettings,
  ORDER_METHODS,
  ThrottledKraken,
} from '../../../../src-main/engine/execution/kraken/kraken-rate-limits'

const budget = { calls_per_minute: 120, order_calls_per_minute: 30, burst: 10, order_burst: 5 }

describe('Kraken rate limits on ccxt', () => {
  it('turns the general budget into ccxt leaky-bucket settings', () => {
    expect(generalLimiterSettings(budget)).toEqual({
      enableRateLimit: true,
      rateLimit: 500,
      rateLimiterAlgorithm: 'leakyBucket',
      tokenBucket: { capacity: 10, refillRate: 0.002 },
    })
  })

  it('configures ccxt itself and leaves the limiter off when told to', () => {
    const limited = new ThrottledKraken({}, budget)
    expect(limited.rateLimit).toBe(500)
    expect(limited.enableRateLimit).toBe(true)
    expect(new ThrottledKraken({ enableRateLimit: false }, budget).enableRateLimit).toBe(false)
  })

  it('sends the calls Kraken counts in the matching-engine budget through the order bucket', () => {
    expect([...ORDER_METHODS]).toEqual(
      expect.arrayContaining(['AddOrder', 'CancelOrder', 'AmendOrder', 'EditOrder']),
    )
    expect(ORDER_METHODS.has('QueryOrders')).toBe(false)
  })
})
