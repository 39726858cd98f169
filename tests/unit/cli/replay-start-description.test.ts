import { describe, expect, it } from 'vitest'
import { describeReplayStart } from '../../../src-main/cli/commands/replay-start-description'

const MAY_10 = Date.UTC(2021, 4, 10)
const HOUR_MS = 3_600_000

describe('describeReplayStart', () => {
  it('names the warm-up history, where play begins and how fast', () => {
    const replay = { warmupFromMs: MAY_10, firstTimestampMs: MAY_10 + 12 * HOUR_MS }
    expect(describeReplayStart(replay, 60)).toBe(
      'Replay: plays from 2021-05-10T12:00Z at 60× real time; history from 2021-05-10T00:00Z loaded first, as a live start backfills.',
    )
    expect(describeReplayStart(replay, 'max')).toBe(
      'Replay: plays from 2021-05-10T12:00Z as fast as it can; history from 2021-05-10T00:00Z loaded first, as a live start backfills.',
    )
  })

  it('says so when there is no history before play or nothing to play', () => {
    expect(describeReplayStart({ warmupFromMs: null, firstTimestampMs: MAY_10 }, 1)).toBe(
      'Replay: plays from 2021-05-10T00:00Z at 1× real time; no history before it.',
    )
    expect(describeReplayStart({ warmupFromMs: null, firstTimestampMs: null }, 60)).toBe(
      'Replay: the data holds no candles to play.',
    )
  })
})
