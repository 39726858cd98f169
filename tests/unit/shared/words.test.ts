import { describe, expect, it } from 'vitest'
import { asCapitalisedWords, asWords } from '../../../src-shared/words'

describe('asWords', () => {
  it('splits snake case', () => {
    expect(asWords('position_size_multiplier')).toBe('position size multiplier')
  })

  it('splits dotted event names: "position.closed" reads "position closed"', () => {
    expect(asWords('position.closed')).toBe('position closed')
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

describe('asCapitalisedWords', () => {
  it('starts the words with a capital, for a title', () => {
    expect(asCapitalisedWords('circuit_breaker_reset')).toBe('Circuit breaker reset')
    expect(asCapitalisedWords('PARTIALLY_FILLED')).toBe('Partially filled')
  })

  it('leaves nothing as nothing', () => {
    expect(asCapitalisedWords('')).toBe('')
  })

  it.each([
    ['trending_bull', 'Trending bull'],
    ['volatile_bear', 'Volatile bear'],
    ['choppy', 'Choppy'],
    ['breakout_potential', 'Breakout potential'],
    // A regime the engine might add later, or a model's camelCase answer, still reads as words.
    ['highVolatility', 'High volatility'],
  ])('reads the regime %s as "%s"', (regime, label) => {
    expect(asCapitalisedWords(regime)).toBe(label)
  })
})
