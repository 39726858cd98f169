import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import type { BrokerBalance } from '../../../src-main/engine/execution/broker/broker'
import { holdingShortfalls } from '../../../src-main/engine/execution/unheld-positions'
import { aPosition } from './position-builder'

const d = (value: Decimal.Value) => new Decimal(value)
const total = (amount: string): BrokerBalance => ({
  total: d(amount),
  free: d(amount),
  used: d(0),
})

describe('holdingShortfalls', () => {
  const spot = (id: string, symbol: string, size: string) =>
    aPosition({ id, symbol, size: d(size), leverage: 1 })

  it('sums the open spot longs of an asset and names them when the account holds less', () => {
    const positions = [
      spot('a', 'BTC/USDT', '0.03'),
      spot('b', 'XRP/USDT', '100'),
      spot('c', 'BTC/EUR', '0.02'),
    ]
    const found = holdingShortfalls(positions, { BTC: total('0.04'), XRP: total('100') })
    expect(found.map((f) => [f.asset, f.booked.toString(), f.held.toString()])).toEqual([
      ['BTC', '0.05', '0.04'],
    ])
    expect(found[0]?.positions).toEqual([
      { id: 'a', symbol: 'BTC/USDT' },
      { id: 'c', symbol: 'BTC/EUR' },
    ])
  })

  it('counts an asset the account does not list at all as held at zero', () => {
    const [found] = holdingShortfalls([spot('a', 'XRP/USDT', '10')], {})
    expect(found?.held.toString()).toBe('0')
  })

  it('leaves out margin positions, shorts and closed positions, which hold no coins', () => {
    const positions = [
      aPosition({ id: 'margin', leverage: 2 }),
      aPosition({ id: 'short', side: 'short', leverage: 1 }),
      aPosition({ id: 'closed', leverage: 1, status: 'closed' }),
    ]
    expect(holdingShortfalls(positions, {})).toEqual([])
  })

  it('finds nothing while the account holds at least what the positions bought', () => {
    const positions = [spot('a', 'BTC/USDT', '0.03')]
    expect(holdingShortfalls(positions, { BTC: total('0.03') })).toEqual([])
  })
})
