import { describe, expect, it } from 'vitest'
import { formatConfidence } from '../../../src-shared/confidence-text'

describe('formatConfidence', () => {
  it.each([
    [0.72, '72%'],
    [0.7, '70%'],
    [0.555, '56%'],
    [0, '0%'],
    [1, '100%'],
    // A model that answers in percent is not shown as 7200 %.
    [72, '72%'],
    [72.4, '72%'],
    [null, '—'],
    [undefined, '—'],
    [Number.NaN, '—'],
  ])('%s reads %s', (confidence, text) => {
    expect(formatConfidence(confidence)).toBe(text)
  })
})
