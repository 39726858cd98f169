import { describe, expect, it } from 'vitest'
import {
  HIT_RATE_HORIZONS,
  hasHitRates,
  hitRateSummary,
} from '../../../../src-renderer/src/format/hit-rates'
import { aModelStats } from '../../../helpers/renderer/builders'

const notJudged = { hitRate1h: null, hitRate4h: null, hitRate24h: null }

describe('hit rates', () => {
  it('lists the three horizons shortest first', () => {
    expect(HIT_RATE_HORIZONS.map(({ label }) => label)).toEqual(['1 h', '4 h', '24 h'])
  })

  it('has hit rates once any model has one at any horizon', () => {
    expect(hasHitRates([])).toBe(false)
    expect(hasHitRates([aModelStats(notJudged), aModelStats(notJudged)])).toBe(false)
    expect(hasHitRates([aModelStats(notJudged), aModelStats({ ...notJudged, hitRate4h: 0 })])).toBe(
      true,
    )
  })

  it('sums up every model at every horizon, a dash where none was judged', () => {
    expect(
      hitRateSummary([
        aModelStats({
          model: 'claude-sonnet-4-5',
          hitRate1h: 0.56,
          hitRate4h: 0.6,
          hitRate24h: 0.64,
        }),
        aModelStats({ model: 'deepseek-v4', hitRate1h: null, hitRate4h: 0.52, hitRate24h: null }),
      ]),
    ).toBe(
      'Hit rate by model at 1 h / 4 h / 24 h: claude-sonnet-4-5 56% / 60% / 64%; deepseek-v4 — / 52% / —',
    )
  })
})
