import fc from 'fast-check'
import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import { ExactVolumeSum } from '../../../src-main/engine/market'
import { aCandle } from '../../helpers/market/candles'

const volumeText = fc
  .tuple(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 0, max: 10 }))
  .map(([units, scale]) => new Decimal(units.toString()).div(new Decimal(10).pow(scale)).toFixed())

describe('ExactVolumeSum', () => {
  it('sums volumes exactly, like Decimal', () => {
    fc.assert(
      fc.property(fc.array(volumeText, { maxLength: 60 }), (volumes) => {
        const sum = new ExactVolumeSum()
        let expected = new Decimal(0)
        for (const volume of volumes) {
          sum.add(aCandle(0).ohlc('1', '1', '1', '1').volume(volume).build())
          expected = expected.plus(volume)
        }
        expect(new Decimal(sum.text).eq(expected)).toBe(true)
        expect(sum.value).toBe(expected.toNumber())
      }),
    )
  })

  it('switches to Decimal beyond 2^53 units and stays exact', () => {
    const sum = new ExactVolumeSum()
    const big = aCandle(0).ohlc('1', '1', '1', '1').volume('900000000.000001').build()
    for (let i = 0; i < 10; i++) sum.add(big)
    expect(sum.units).toBe(9000000000000010)
    expect(sum.isExact).toBe(false) // 16 significant digits
    sum.add(big)
    expect(sum.units).toBe(-1)
    expect(sum.scale).toBe(0)
    expect(sum.text).toBe('9900000000.000011')
    expect(sum.value).toBe(9900000000.000011)
  })

  it('adds volumes with too many digits through Decimal', () => {
    const sum = new ExactVolumeSum()
    sum.add(aCandle(0).ohlc('1', '1', '1', '1').volume('0.1').build())
    sum.add(aCandle(0).ohlc('1', '1', '1', '1').volume('0.10000000000000000001').build())
    expect(sum.text).toBe('0.20000000000000000001')
  })

  it('starts over on reset', () => {
    const sum = new ExactVolumeSum()
    sum.add(aCandle(0).volume('2.5').build())
    sum.reset()
    expect(sum.text).toBe('0')
    expect(sum.value).toBe(0)
    expect(sum.isExact).toBe(true)
  })
})
