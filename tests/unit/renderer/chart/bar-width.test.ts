import { describe, expect, it } from 'vitest'
import { barWidth, MAX_BAR_WIDTH_PX } from '../../../../src-renderer/src/chart/bar-width'

describe('barWidth', () => {
  it('takes 70 % of the distance between neighbouring candles', () => {
    expect(barWidth([0, 10, 20, 30])).toBeCloseTo(7)
  })

  it('never draws a candle wider than the cap when there are few of them', () => {
    expect(barWidth([100, 800])).toBe(MAX_BAR_WIDTH_PX)
  })

  it('keeps a candle visible when thousands share the width', () => {
    const centers = Array.from({ length: 5000 }, (_, index) => index * 0.2)
    expect(barWidth(centers)).toBe(1)
  })

  it('draws a lone candle at a modest width', () => {
    expect(barWidth([400])).toBeLessThan(MAX_BAR_WIDTH_PX)
    expect(barWidth([])).toBeGreaterThan(0)
  })

  it('measures between the candles the scale could place, skipping NaN centres', () => {
    expect(barWidth([Number.NaN, 10, 20, 30, Number.NaN])).toBeCloseTo(7)
    expect(barWidth([Number.NaN, 400])).toBeLessThan(MAX_BAR_WIDTH_PX)
    expect(barWidth([Number.NaN, Number.NaN])).toBeGreaterThan(0)
  })
})
