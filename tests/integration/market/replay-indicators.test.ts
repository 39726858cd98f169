import { describe, expect, it } from 'vitest'
import {
  aggregateCandles,
  loadShippedCandles,
  MultiTimeframeIndicators,
  TIMEFRAMES,
  type Candle,
  type Timeframe,
} from '../../../src-main/engine/market'
import { RESOURCES_DIR } from '../../helpers/market/candles'
import {
  disagreements,
  flattenSnapshot,
  textbookSnapshot,
} from '../../helpers/market/textbook-snapshot'

const EXPECTED_COUNTS: Record<Timeframe, number> = {
  '1m': 4320,
  '5m': 864,
  '15m': 288,
  '1h': 72,
  '4h': 18,
  '1d': 3,
}

describe('replaying the shipped slices through MultiTimeframeIndicators', () => {
  it.each(['BTC/USDT', 'XRP/USDT', 'XRP/BTC'])(
    '%s: every timeframe sees the batch-aggregated candles and snapshots match the textbook',
    async (symbol) => {
      const { candles, rejections } = await loadShippedCandles(RESOURCES_DIR, symbol)
      expect(rejections).toEqual([])
      const closed = new Map<Timeframe, Candle[]>(TIMEFRAMES.map((tf) => [tf, []]))
      const indicators = new MultiTimeframeIndicators({
        symbol,
        onCandle: (timeframe, candle) => closed.get(timeframe)?.push(candle),
      })
      const priceLevel = candles[0]?.numeric.close ?? 1
      const problems: string[] = []
      candles.forEach((candle, i) => {
        expect(indicators.update(candle)).toBeNull()
        // Check every timeframe's snapshot four times a day and at the end.
        if ((i + 1) % 360 !== 0) return
        const snapshot = indicators.snapshot()
        for (const timeframe of TIMEFRAMES) {
          const series = (closed.get(timeframe) ?? []).map((c) => c.numeric)
          if (series.length === 0) continue
          const found = disagreements(
            flattenSnapshot(snapshot[timeframe] ?? expect.fail(`no ${timeframe} snapshot`)),
            textbookSnapshot(series),
            priceLevel,
          )
          problems.push(...found.map((p) => `${timeframe} after minute ${i}: ${p}`))
        }
      })
      expect(problems).toEqual([])
      for (const timeframe of TIMEFRAMES) {
        const series = closed.get(timeframe) ?? []
        expect(series).toHaveLength(EXPECTED_COUNTS[timeframe])
        expect(indicators.snapshot()[timeframe]?.candleCount).toBe(EXPECTED_COUNTS[timeframe])
        if (timeframe === '1m') continue
        const batch = aggregateCandles(candles, timeframe).candles
        expect(series.map((c) => c.toStrings())).toEqual(batch.map((c) => c.toStrings()))
      }
      // Three days are enough to warm every indicator on 1m and 5m.
      const fiveMinutes = flattenSnapshot(indicators.snapshot()['5m'] ?? expect.fail('no 5m'))
      expect(Object.entries(fiveMinutes).filter(([, value]) => value === null)).toEqual([])
    },
  )
})
