import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import { spotLongHoldings } from '../../../src-main/engine/execution/spot-long-holdings'
import { aPosition } from './position-builder'

const d = (value: Decimal.Value) => new Decimal(value)

describe('spotLongHoldings', () => {
  it('sums what the open spot longs of each base asset hold, whatever the quote', () => {
    const holdings = spotLongHoldings([
      aPosition({ id: 'a', symbol: 'BTC/USDT', size: d('0.03'), leverage: 1 }),
      aPosition({ id: 'b', symbol: 'BTC/EUR', size: d('0.02'), leverage: 1 }),
      aPosition({ id: 'c', symbol: 'XRP/USDT', size: d('100'), leverage: 1 }),
    ])
    expect(Object.entries(holdings).map(([asset, held]) => [asset, held.toFixed()])).toEqual([
      ['BTC', '0.05'],
      ['XRP', '100'],
    ])
  })

  it('leaves out margin positions, shorts and closed positions, which hold no coins', () => {
    expect(
      spotLongHoldings([
        aPosition({ id: 'margin', leverage: 2 }),
        aPosition({ id: 'short', side: 'short', leverage: 1 }),
        aPosition({ id: 'closed', leverage: 1, status: 'closed' }),
      ]),
    ).toEqual({})
  })
})
