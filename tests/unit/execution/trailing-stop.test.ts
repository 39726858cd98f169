import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import {
  initialTrailingStop,
  stepTrailingStop,
} from '../../../src-main/engine/execution/trailing-stop'
import type { Position } from '../../../src-main/engine/execution/position'
import { aPosition } from './position-builder'

const d = (value: Decimal.Value) => new Decimal(value)

/** Feeds prices one after another, carrying state and stop-loss along like the tracker does. */
function walk(
  position: Position,
  prices: string[],
): { position: Position; stops: (string | null)[] } {
  const stops: (string | null)[] = []
  let current = position
  for (const price of prices) {
    const step = stepTrailingStop(current, d(price))
    current = { ...current, trailingStop: step.state, stopLoss: step.stopLoss }
    stops.push(step.stopLoss?.toString() ?? null)
  }
  return { position: current, stops }
}

describe('trailing stop (seed 001 v1.2)', () => {
  it('starts inactive with the configured settings', () => {
    expect(
      initialTrailingStop({ isEnabled: true, activationPct: d('1'), distancePct: d('1.5') }),
    ).toEqual({
      isEnabled: true,
      activationPct: d('1'),
      distancePct: d('1.5'),
      isActive: false,
      extremePrice: null,
    })
  })

  it('activates a long at +1 % and trails 1.5 % behind the highest price, never lowering', () => {
    const long = aPosition({ entryPrice: d('100'), stopLoss: d('95') })
    const { position, stops } = walk(long, ['100.5', '101', '104', '103', '110', '90'])
    // 100.5: not yet active; 101: active, 101 × 0.985 = 99.485; 104 → 102.44; 103 keeps 102.44;
    // 110 → 108.35; 90 keeps it (only moves in the trade's favour).
    expect(stops).toEqual(['95', '99.485', '102.44', '102.44', '108.35', '108.35'])
    expect(position.trailingStop.isActive).toBe(true)
    expect(position.trailingStop.extremePrice?.toString()).toBe('110')
  })

  it('activates a short at +1 % and trails 1.5 % above the lowest price, never raising', () => {
    const short = aPosition({ side: 'short', entryPrice: d('100'), stopLoss: null })
    const { stops } = walk(short, ['99.5', '99', '95', '97', '120'])
    expect(stops).toEqual([null, '100.485', '96.425', '96.425', '96.425'])
  })

  it('does not replace a tighter existing stop with a looser one', () => {
    const long = aPosition({ entryPrice: d('100'), stopLoss: d('100.5') })
    const step = stepTrailingStop(long, d('101'))
    expect(step.hasMoved).toBe(false)
    expect(step.stopLoss?.toString()).toBe('100.5')
    expect(step.state.isActive).toBe(true)
  })

  it("puts the stop on the market's tick, and a stop the tick leaves in place has not moved", () => {
    const long = aPosition({ entryPrice: d('100'), stopLoss: null })
    // 110 × 0.985 = 108.35: on a 0.1 tick, 108.4 (the nearest).
    const first = stepTrailingStop(long, d('110'), d('0.1'))
    expect(first.stopLoss?.toString()).toBe('108.4')
    // 110.03 × 0.985 = 108.37955: still 108.4 on the tick, so it did not move.
    const moved = { ...long, trailingStop: first.state, stopLoss: first.stopLoss }
    const second = stepTrailingStop(moved, d('110.03'), d('0.1'))
    expect(second.hasMoved).toBe(false)
    expect(second.stopLoss?.toString()).toBe('108.4')
  })

  it('keeps the very same state while an active stop sees no new extreme', () => {
    const long = aPosition({ entryPrice: d('100'), stopLoss: null })
    const first = stepTrailingStop(long, d('110'))
    const active = { ...long, trailingStop: first.state, stopLoss: first.stopLoss }
    const step = stepTrailingStop(active, d('109'))
    expect(step.hasMoved).toBe(false)
    // Same object: the tracker saves nothing and its revision stands.
    expect(step.state).toBe(active.trailingStop)
  })

  it('uses a per-position distance', () => {
    const long = aPosition({
      entryPrice: d('100'),
      trailingStop: { ...aPosition().trailingStop, distancePct: d('2') },
    })
    expect(stepTrailingStop(long, d('110')).stopLoss?.toString()).toBe('107.8')
  })

  it.each([
    ['disabled', { trailingStop: { ...aPosition().trailingStop, isEnabled: false } }],
    ['closed', { status: 'closed' as const, size: d(0) }],
  ])('does nothing when %s', (_name, fields) => {
    const position = aPosition({ entryPrice: d('100'), ...fields })
    const step = stepTrailingStop(position, d('200'))
    expect(step).toEqual({ state: position.trailingStop, stopLoss: null, hasMoved: false })
  })
})
