import type { CandleSeries } from '../../../src-shared/contract'
import type { ChartCandle } from './downsample'
import { downsampleCandles, downsampleOverlay } from './downsample'

/** One plotted point: a (possibly merged) candle plus its overlay values. */
export interface ChartRow extends ChartCandle {
  /** [low, high] for the range bar that draws the candle. */
  range: [number, number]
  isUp: boolean
  /** [lower, upper] Bollinger band, when both are known. */
  band: [number, number] | null
  /** True for the candle still forming (the last row; no overlay values). */
  isForming: boolean
  [overlay: string]: unknown
}

/** Overlay series names: EMAs are lines, Bollinger bands a shaded band with edges. */
export function classifyOverlays(names: readonly string[]): {
  lines: string[]
  bandUpper: string | null
  bandLower: string | null
  bandMiddle: string | null
} {
  const find = (pattern: RegExp) => names.find((name) => pattern.test(name)) ?? null
  const bandUpper = find(/^(bb|boll\w*)_?upper/i)
  const bandLower = find(/^(bb|boll\w*)_?lower/i)
  const bandMiddle = find(/^(bb|boll\w*)_?(middle|mid|basis)/i)
  const lines = names.filter(
    (name) => name !== bandUpper && name !== bandLower && name !== bandMiddle,
  )
  return { lines, bandUpper, bandLower, bandMiddle }
}

/**
 * Returns the rows to plot: at most `maxPoints`, overlays aligned to the merged candles, and
 * the forming candle last (never merged: it is the one that still moves).
 */
export function buildChartRows(series: CandleSeries, maxPoints: number): ChartRow[] {
  const forming = series.forming
  const points = downsampleCandles(series.candles, forming === null ? maxPoints : maxPoints - 1)
  const names = Object.keys(series.overlays)
  const { bandUpper, bandLower } = classifyOverlays(names)
  const overlayValues = new Map(
    names.map((name) => [name, downsampleOverlay(series.overlays[name] ?? [], points)]),
  )
  const rows = points.map((point, index) => {
    const row = chartRow(point, false)
    for (const [name, values] of overlayValues) row[name] = values[index] ?? null
    const upper = bandUpper ? (row[bandUpper] as number | null) : null
    const lower = bandLower ? (row[bandLower] as number | null) : null
    if (upper !== null && lower !== null) row.band = [lower, upper]
    return row
  })
  if (forming !== null) {
    const [point] = downsampleCandles([forming], 1) as [ChartCandle]
    const at = series.candles.length
    const row = chartRow({ ...point, from: at, to: at + 1 }, true)
    for (const name of names) row[name] = null
    rows.push(row)
  }
  return rows
}

function chartRow(point: ChartCandle, isForming: boolean): ChartRow {
  return { ...point, range: [point.l, point.h], isUp: point.c >= point.o, band: null, isForming }
}

/** Returns a padded [min, max] covering candles, overlays and extra price levels. */
export function priceDomain(
  rows: readonly ChartRow[],
  levels: readonly number[],
): [number, number] {
  let min = Infinity
  let max = -Infinity
  for (const row of rows) {
    if (row.l < min) min = row.l
    if (row.h > max) max = row.h
    if (row.band) {
      if (row.band[0] < min) min = row.band[0]
      if (row.band[1] > max) max = row.band[1]
    }
  }
  for (const level of levels) {
    if (level < min) min = level
    if (level > max) max = level
  }
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1]
  const pad = (max - min || Math.abs(max) || 1) * 0.04
  return [min - pad, max + pad]
}
