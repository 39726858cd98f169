import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { RollingExtremum, RollingWindow, WilderAverage } from '../../../../src-main/engine/market'

const values = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { maxLength: 300 })
const period = fc.integer({ min: 1, max: 40 })

describe('RollingWindow', () => {
  it('sums the last period numbers like a fresh sum', () => {
    fc.assert(
      fc.property(values, period, (numbers, n) => {
        const window = new RollingWindow(n)
        numbers.forEach((value, i) => {
          window.push(value)
          const last = numbers.slice(Math.max(0, i - n + 1), i + 1)
          const expected = last.reduce((a, b) => a + b, 0)
          expect(window.count).toBe(last.length)
          expect(window.isFull).toBe(last.length === n)
          expect(Math.abs(window.sum - expected)).toBeLessThanOrEqual(1e-6)
          expect(window.oldest).toBe(last[0])
          expect(window.newest).toBe(value)
        })
      }),
    )
  })

  it('sums to exactly zero once only zeros remain', () => {
    const window = new RollingWindow(2)
    for (const value of [0.1, 0.2, 0, 0]) window.push(value)
    expect(window.sum).toBe(0)
  })

  it('refuses a period below 1', () => {
    expect(() => new RollingWindow(0)).toThrow('invalid period: period=0')
  })
})

describe('RollingExtremum', () => {
  it.each(['max', 'min'] as const)('tracks the %s of the last period numbers', (kind) => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -20, max: 20 }), { maxLength: 200 }),
        period,
        (numbers, n) => {
          const extremum = new RollingExtremum(n, kind)
          expect(extremum.value).toBeNaN()
          numbers.forEach((value, i) => {
            extremum.push(value)
            const last = numbers.slice(Math.max(0, i - n + 1), i + 1)
            expect(extremum.value).toBe(kind === 'max' ? Math.max(...last) : Math.min(...last))
            expect(extremum.isFull).toBe(i + 1 >= n)
          })
        },
      ),
    )
  })

  it('refuses a period below 1', () => {
    expect(() => new RollingExtremum(0, 'max')).toThrow('invalid period: period=0')
  })
})

describe('WilderAverage', () => {
  it('starts with the mean of the first period inputs, then smooths by 1/period', () => {
    const average = new WilderAverage(3)
    for (const value of [3, 6]) average.push(value)
    expect(average.isReady).toBe(false)
    expect(average.current).toBeNaN()
    average.push(9)
    expect(average.current).toBe(6)
    average.push(12)
    expect(average.current).toBe((6 * 2 + 12) / 3)
  })

  it('refuses a period below 1', () => {
    expect(() => new WilderAverage(0)).toThrow('invalid period: period=0')
  })
})
