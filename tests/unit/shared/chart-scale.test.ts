import { describe, expect, it } from 'vitest'
import { niceTicks, thin } from '../../../src-shared/chart-scale'

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
