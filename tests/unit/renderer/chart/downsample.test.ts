import { describe, expect, it } from 'vitest'
import {
  buildChartRows,
  classifyOverlays,
  priceDomain,
} from '../../../../src-renderer/src/chart/chart-rows'
import { downsampleCandles, pointIndexAt } from '../../../../src-renderer/src/chart/downsample'
import { aCandleSeries } from '../../../helpers/renderer/builders'

describe('downsampleCandles', () => {
  it('keeps short series as they are', () => {
    const series = aCandleSeries(10)
    const points = downsampleCandles(series.candles, 100)
    expect(points).toHaveLength(10)
    expect(points[3]).toMatchObject({
      t: series.candles[3]?.t,
      c: Number(series.candles[3]?.c),
      from: 3,
      to: 4,
    })
  })

  it('merges 10,000 candles into at most the requested points, keeping extremes, first open and last close', () => {
    const { candles } = aCandleSeries(10_000)
    const points = downsampleCandles(candles, 320)
    expect(points.length).toBeLessThanOrEqual(320)
    expect(points[0]?.o).toBe(Number(candles[0]?.o))
    expect(points.at(-1)?.c).toBe(Number(candles.at(-1)?.c))
    expect(Math.max(...points.map((point) => point.h))).toBe(
      Math.max(...candles.map((candle) => Number(candle.h))),
    )
    expect(Math.min(...points.map((point) => point.l))).toBe(
      Math.min(...candles.map((candle) => Number(candle.l))),
    )
    const volume = candles.reduce((sum, candle) => sum + Number(candle.v), 0)
    expect(points.reduce((sum, point) => sum + point.v, 0)).toBeCloseTo(volume, 6)
    expect(points.at(-1)?.to).toBe(10_000)
  })

  it('returns nothing for no candles', () => {
    expect(downsampleCandles([], 10)).toEqual([])
  })
})

describe('chart helpers', () => {
  it('finds the point whose span holds a time', () => {
    const points = downsampleCandles(aCandleSeries(100, { stepMs: 1000 }).candles, 10)
    const first = points[0]?.t ?? 0
    expect(pointIndexAt(points, first - 5)).toBe(0)
    expect(pointIndexAt(points, first + 25_500)).toBe(2)
    expect(pointIndexAt(points, first + 10_000_000)).toBe(points.length - 1)
    expect(pointIndexAt([], 1)).toBe(-1)
  })

  it('classifies EMA lines and Bollinger band overlays', () => {
    expect(classifyOverlays(['ema_9', 'bb_upper', 'bb_middle', 'bb_lower', 'sma_50'])).toEqual({
      lines: ['ema_9', 'sma_50'],
      bandUpper: 'bb_upper',
      bandLower: 'bb_lower',
      bandMiddle: 'bb_middle',
    })
  })

  it('builds rows with a candle range, direction, overlays and the band', () => {
    const rows = buildChartRows(aCandleSeries(40), 20)
    expect(rows).toHaveLength(20)
    const last = rows.at(-1)
    expect(last?.range).toEqual([last?.l, last?.h])
    expect(last?.isUp).toBe((last?.c ?? 0) >= (last?.o ?? 0))
    expect(last?.band).toEqual([last?.bb_lower, last?.bb_upper])
    expect(rows[0]?.band).toBeNull()
  })

  it('ends with the forming candle, unmerged, without overlays, within the points asked for', () => {
    const series = aCandleSeries(40)
    const last = series.candles.at(-1)
    const forming = {
      t: (last?.t ?? 0) + 3_600_000,
      o: '70000',
      h: '70500',
      l: '69000',
      c: '69500',
      v: '2.5',
    }
    const rows = buildChartRows({ ...series, forming }, 20)
    expect(rows.length).toBeLessThanOrEqual(20)
    expect(rows.slice(0, -1).every((row) => !row.isForming)).toBe(true)
    expect(rows.at(-1)).toMatchObject({
      t: forming.t,
      o: 70_000,
      h: 70_500,
      l: 69_000,
      c: 69_500,
      v: 2.5,
      from: 40,
      to: 41,
      range: [69_000, 70_500],
      isUp: false,
      isForming: true,
      band: null,
      ema_9: null,
      bb_upper: null,
    })
    // The 40 closed candles merge into at most the 19 points left.
    expect(rows.at(-2)?.to).toBe(40)
    expect(buildChartRows({ ...series, forming }, 41)).toHaveLength(41)
    expect(buildChartRows(series, 20).every((row) => !row.isForming)).toBe(true)
  })

  it('pads the price domain around candles, bands and levels', () => {
    const rows = buildChartRows(aCandleSeries(40), 40)
    const [low, high] = priceDomain(rows, [1, 1_000_000])
    expect(low).toBeLessThan(1)
    expect(high).toBeGreaterThan(1_000_000)
    expect(priceDomain([], [])).toEqual([0, 1])
  })
})
