import { describe, expect, it } from 'vitest'
import { isNewerCandleDue } from '../../../../src-renderer/src/chart/newer-candle-due'
import { aCandleSeries, BASE_TIME } from '../../../helpers/renderer/builders'

const HOUR_MS = 3_600_000

describe('isNewerCandleDue', () => {
  // The newest 1h candle opened at BASE_TIME and closed an hour later; the next one forms.
  const forming = { t: BASE_TIME + HOUR_MS, o: '1', h: '1', l: '1', c: '1', v: '1' }
  const series = aCandleSeries(10, { timeframe: '1h', forming })

  it('is not due while the candle after the newest is still open', () => {
    expect(isNewerCandleDue(series, '1h', BASE_TIME + HOUR_MS)).toBe(false)
    expect(isNewerCandleDue(series, '1h', BASE_TIME + 2 * HOUR_MS - 1)).toBe(false)
  })

  it('is due once the candle after the newest has closed', () => {
    expect(isNewerCandleDue(series, '1h', BASE_TIME + 2 * HOUR_MS)).toBe(true)
  })

  it('is due, without the forming candle, once its first minute has closed', () => {
    const closedOnly = aCandleSeries(10, { timeframe: '1h' })
    expect(isNewerCandleDue(closedOnly, '1h', BASE_TIME + HOUR_MS + 59_999)).toBe(false)
    expect(isNewerCandleDue(closedOnly, '1h', BASE_TIME + HOUR_MS + 60_000)).toBe(true)
  })

  it('measures by the timeframe shown', () => {
    const minutes = aCandleSeries(10, { timeframe: '1m', stepMs: 60_000 })
    expect(isNewerCandleDue(minutes, '1m', BASE_TIME + 119_999)).toBe(false)
    expect(isNewerCandleDue(minutes, '1m', BASE_TIME + 120_000)).toBe(true)
  })

  it('is always due for a series without candles', () => {
    expect(isNewerCandleDue(aCandleSeries(0), '1h', BASE_TIME)).toBe(true)
  })
})
