import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import { triggeredLevel } from '../../../src-main/engine/execution/position-triggers'
import { aPosition } from './position-builder'

const d = (value: Decimal.Value) => new Decimal(value)

describe('stop-loss / take-profit trigger check (seed 001 v1.1)', () => {
  it.each([
    ['long', '44000', 'stop_loss'],
    ['long', '44300', 'stop_loss'],
    ['long', '45000', null],
    ['long', '47000', 'take_profit'],
    ['long', '48000', 'take_profit'],
    ['short', '46000', 'stop_loss'],
    ['short', '45000', null],
    ['short', '43000', 'take_profit'],
  ] as const)('%s at %s → %s', (side, price, expected) => {
    const levels =
      side === 'long'
        ? { stopLoss: d('44300'), takeProfit: d('47000') }
        : { stopLoss: d('46000'), takeProfit: d('43000') }
    expect(triggeredLevel(aPosition({ side, ...levels }), d(price))).toBe(expected)
  })

  it('ignores missing levels and closed positions', () => {
    expect(triggeredLevel(aPosition(), d('1'))).toBeNull()
    expect(
      triggeredLevel(aPosition({ status: 'closed', size: d(0), stopLoss: d('50000') }), d('1')),
    ).toBeNull()
  })
})
