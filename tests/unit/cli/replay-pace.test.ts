import { describe, expect, it } from 'vitest'
import { ReplayPace } from '../../../src-main/cli/replay-pace'

/** A pace on a wall clock the test sets. */
function paceAt() {
  let nowMs = 0
  const pace = new ReplayPace(() => nowMs)
  return { pace, at: (ms: number) => (nowMs = ms) }
}

describe('ReplayPace', () => {
  it('says nothing at the first report: there is no pace yet', () => {
    const { pace } = paceAt()
    expect(pace.note(1_000, 10_000)).toBe('')
  })

  it('counts the rate from the first report, not from before it', () => {
    const { pace, at } = paceAt()
    // The first 1,000 candles came after a slow start; they are not part of the rate.
    at(5_000)
    pace.note(1_000, 13_000)
    at(7_000)
    expect(pace.note(7_000, 13_000)).toBe('3,000 candles/s · 2 s left')
  })

  it('gives the time left in minutes and hours for long replays', () => {
    const { pace, at } = paceAt()
    pace.note(0, 1_000_000)
    at(10_000)
    expect(pace.note(1_000, 1_000_000)).toBe('100 candles/s · 2 h 46 min left')
    at(20_000)
    expect(pace.note(990_000, 1_000_000)).toBe('49,500 candles/s · 1 s left')
    const slower = paceAt()
    slower.pace.note(0, 30_000)
    slower.at(10_000)
    expect(slower.pace.note(1_000, 30_000)).toBe('100 candles/s · 4 min 50 s left')
  })

  it('leaves the time out once done, and says nothing while no time has passed', () => {
    const { pace, at } = paceAt()
    pace.note(0, 2_000)
    expect(pace.note(500, 2_000)).toBe('')
    at(1_000)
    expect(pace.note(2_000, 2_000)).toBe('2,000 candles/s')
  })
})
