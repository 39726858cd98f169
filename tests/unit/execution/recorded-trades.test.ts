import { describe, expect, it } from 'vitest'
import { RecordedTrades } from '../../../src-main/engine/execution/recorded-trades'

describe('RecordedTrades', () => {
  it('knows the trades it was told of until they fall out of the window', () => {
    const trades = new RecordedTrades()
    trades.add('T-1', 1_000)
    trades.add('T-2', 2_000)
    expect(trades.has('T-1')).toBe(true)
    expect(trades.has('T-3')).toBe(false)
    trades.forgetBefore(2_000)
    expect(trades.has('T-1')).toBe(false)
    expect(trades.has('T-2')).toBe(true)
    expect(trades.size).toBe(1)
  })

  it('forgets one trade on request', () => {
    const trades = new RecordedTrades()
    trades.add('T-1', 1_000)
    trades.forget('T-1')
    expect(trades.has('T-1')).toBe(false)
  })
})
