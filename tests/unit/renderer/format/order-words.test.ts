import { describe, expect, it } from 'vitest'
import { formatOrderKind } from '../../../../src-renderer/src/format/order-words'

describe('formatOrderKind', () => {
  it.each([
    ['stop-loss', 'stop loss'],
    ['take-profit', 'take profit'],
    ['stop_loss', 'stop loss'],
    ['entry', 'entry'],
    ['close', 'close'],
    ['rebalance', 'rebalance'],
    ['limit', 'limit'],
  ])('reads %s as "%s"', (kind, words) => {
    expect(formatOrderKind(kind)).toBe(words)
  })
})
