import { describe, expect, it } from 'vitest'
import type { TaskSkip } from '../../../../src-shared/contract'
import { describeTaskSkip, taskSkipDetail } from '../../../../src-renderer/src/format/task-skip'

const NOW = Date.UTC(2025, 0, 15, 12)

function aSkip(overrides: Partial<TaskSkip> = {}): TaskSkip {
  return {
    at: NOW - 125_000,
    symbol: 'BTC/USDT',
    code: 'NO_DATA',
    reason: 'NO_DATA: symbol=BTC/USDT has_price=false has_candles=false',
    ...overrides,
  }
}

describe('task skip text', () => {
  it.each([
    ['NO_DATA', 'no market data yet'],
    ['PREVIOUS_RUN_RUNNING', 'previous run ongoing'],
    ['STALE_DATA', 'market data stale'],
  ] as const)('says %s as "%s"', (code, text) => {
    expect(describeTaskSkip(aSkip({ code }))).toBe(text)
  })

  it("gives when, in the engine's time, for which symbol, and the engine's reason on hover", () => {
    expect(taskSkipDetail(aSkip(), NOW)).toBe(
      'Last skipped 2m 05s ago: no market data yet: BTC/USDT\n' +
        'NO_DATA: symbol=BTC/USDT has_price=false has_candles=false',
    )
  })
})
