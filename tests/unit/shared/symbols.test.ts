import { describe, expect, it } from 'vitest'
import { normalizeSymbol, symbolSchema, timeframeSchema } from '../../../src-shared/symbols'

describe('normalizeSymbol', () => {
  it.each([
    ['BTC/USDT', 'BTC/USDT'],
    ['BTC_USDT', 'BTC/USDT'],
    ['xrp_usdt', 'XRP/USDT'],
    [' XRP/BTC ', 'XRP/BTC'],
  ])('%j → %s', (input, expected) => {
    expect(normalizeSymbol(input)).toEqual({ symbol: expected })
  })

  it.each([
    ['BTCUSDT', 'symbol must look like BTC/USDT or BTC_USDT, got "BTCUSDT"'],
    ['BTC-USDT', 'symbol must look like BTC/USDT or BTC_USDT, got "BTC-USDT"'],
    [
      'DOGE/USDT',
      'unsupported symbol DOGE/USDT; supported: BTC/USDT, XRP/USDT, XRP/BTC, ETH/USDT, ETH/BTC',
    ],
  ])('rejects %j', (input, error) => {
    expect(normalizeSymbol(input)).toEqual({ error })
  })

  // The message went back with all of a 16 KB path segment.
  it('quotes only the start of a long text it refuses', () => {
    expect(normalizeSymbol('x'.repeat(16_000))).toEqual({
      error: `symbol must look like BTC/USDT or BTC_USDT, got "${'x'.repeat(24)}…"`,
    })
  })

  it('works as a zod schema with a clear message', () => {
    expect(symbolSchema.parse('ETH_BTC')).toBe('ETH/BTC')
    const result = symbolSchema.safeParse('nope')
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.message).toContain('symbol must look like BTC/USDT')
    expect(timeframeSchema.safeParse('2h').error?.issues[0]?.message).toBe(
      'timeframe must be one of 1m, 5m, 15m, 1h, 4h, 1d',
    )
  })
})
