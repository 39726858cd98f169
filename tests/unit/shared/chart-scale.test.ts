import { describe, expect, it } from 'vitest'
import { niceScale, niceStep, niceTicks, stepPlaces, thin } from '../../../src-shared/chart-scale'

describe('thin', () => {
  it('thins a series evenly, keeping both ends', () => {
    expect(thin([1, 2, 3, 4, 5, 6, 7, 8, 9], 3)).toEqual([1, 5, 9])
    expect(thin([1, 2], 5)).toEqual([1, 2])
  })
})

describe('niceTicks', () => {
  it.each([
    [59_900, 70_100, 8, [62_000, 64_000, 66_000, 68_000]],
    [0.6, 0.64, 5, [0.61, 0.62, 0.63]],
  ])('picks round ticks in [%d, %d]', (min, max, count, expected) => {
    const ticks = niceTicks(min, max, count)
    for (const tick of expected) expect(ticks).toContain(tick)
    expect(ticks.every((tick) => tick > min && tick < max)).toBe(true)
  })
})

describe('niceStep', () => {
  it.each([
    [0, 10, 6, 2],
    [9_988, 10_004, 5, 5],
    [9_840, 10_160, 5, 100],
    [0, 0.9, 5, 0.25],
    [100, 101, 5, 0.25],
    [0, 7, 5, 2],
  ])('cuts [%d, %d] into about %d ticks %d apart', (min, max, count, step) => {
    expect(niceStep(min, max, count)).toBe(step)
  })

  it('steps only by 1, 2, 2.5 or 5 × 10ⁿ', () => {
    for (let span = 0.013; span < 1e7; span *= 1.37) {
      const step = niceStep(1000, 1000 + span, 5)
      const mantissa = Number((step / 10 ** Math.floor(Math.log10(step))).toPrecision(6))
      expect([1, 2, 2.5, 5]).toContain(mantissa)
    }
  })
})

describe('niceScale', () => {
  it('widens the domain to the round ticks around the data', () => {
    expect(niceScale(9_988.4, 10_003.9, 5)).toEqual({
      domain: [9_985, 10_005],
      ticks: [9_985, 9_990, 9_995, 10_000, 10_005],
      step: 5,
    })
    expect(niceScale(9_850, 10_160, 5)).toEqual({
      domain: [9_800, 10_200],
      ticks: [9_800, 9_900, 10_000, 10_100, 10_200],
      step: 100,
    })
  })

  it('keeps ticks free of float noise', () => {
    const { ticks } = niceScale(0.1, 0.7, 7)
    expect(ticks).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7])
  })

  it('gives a flat series a small band around its value', () => {
    const { domain, ticks } = niceScale(10_000, 10_000, 5)
    expect(domain[0]).toBeLessThan(10_000)
    expect(domain[1]).toBeGreaterThan(10_000)
    expect(ticks).toContain(10_000)
  })

  it('always covers the data with about the asked number of ticks', () => {
    for (const [min, max] of [
      [1, 2],
      [9_991.2, 9_999.9],
      [123_456, 1_234_567],
      [-50, 75],
    ] as const) {
      const { domain, ticks } = niceScale(min, max, 5)
      expect(domain[0]).toBeLessThanOrEqual(min)
      expect(domain[1]).toBeGreaterThanOrEqual(max)
      expect(ticks.length).toBeGreaterThanOrEqual(3)
      expect(ticks.length).toBeLessThanOrEqual(7)
    }
  })
})

describe('stepPlaces', () => {
  it.each([
    [100, 0],
    [5, 0],
    [2.5, 1],
    [0.25, 2],
    [0.1, 1],
    [2.5e-7, 8],
  ])('ticks %d apart need %d places', (step, places) => {
    expect(stepPlaces(step)).toBe(places)
  })
})
