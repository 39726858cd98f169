import { describe, expect, it } from 'vitest'
import { asWords } from '../../../src-shared/words'

describe('asWords', () => {
  it('splits snake case', () => {
    expect(asWords('position_size_multiplier')).toBe('position size multiplier')
  })

  it('splits kebab case: order types and roles read "stop loss"', () => {
    expect(asWords('stop-loss')).toBe('stop loss')
    expect(asWords('take-profit')).toBe('take profit')
  })

  it('splits camel case, after a digit too', () => {
    expect(asWords('tasksRunToday')).toBe('tasks run today')
    expect(asWords('ema9Cross')).toBe('ema9 cross')
  })

  it('reads upper-case names in lower case', () => {
    expect(asWords('DAILY_LOSS')).toBe('daily loss')
  })

  it('leaves a single word as it is', () => {
    expect(asWords('regime')).toBe('regime')
  })
})
