/**
 * Textbook indicator definitions computed the slow, obvious way: every windowed value is
 * recomputed from its whole window (no running sums, no deques), so they check the
 * incremental implementations independently. Each returns one entry per input candle, null
 * during warm-up. Recursive definitions (EMA, Wilder's average, Supertrend) are written
 * straight from the textbook formulas.
 */
import type { NumericCandle } from '../../../src-main/engine/market'

type Series = (number | null)[]

const FLAT = 1e-12

function window<T>(values: readonly T[], end: number, length: number): T[] {
  return values.slice(end - length + 1, end + 1)
}

function sum(values: readonly number[]): number {
  let total = 0
  for (const value of values) total += value
  return total
}

export function sma(values: readonly number[], period: number): Series {
  return values.map((_, i) => (i >= period - 1 ? sum(window(values, i, period)) / period : null))
}

/** EMA with α = 2/(n+1) seeded with the mean of the first n values. */
export function ema(values: readonly (number | null)[], period: number): Series {
  const out: Series = []
  const alpha = 2 / (period + 1)
  const seen: number[] = []
  let previous: number | null = null
  for (const value of values) {
    if (value === null) {
      out.push(null)
      continue
    }
    if (previous === null) {
      seen.push(value)
      if (seen.length === period) previous = sum(seen) / period
      out.push(previous)
      continue
    }
    previous = previous + alpha * (value - previous)
    out.push(previous)
  }
  return out
}

/** Wilder's average: mean of the first n values, then (previous × (n − 1) + value) / n. */
export function wilder(values: readonly (number | null)[], period: number): Series {
  const out: Series = []
  const seen: number[] = []
  let previous: number | null = null
  for (const value of values) {
    if (value === null) {
      out.push(null)
      continue
    }
    if (previous === null) {
      seen.push(value)
      if (seen.length === period) previous = sum(seen) / period
      out.push(previous)
      continue
    }
    previous = (previous * (period - 1) + value) / period
    out.push(previous)
  }
  return out
}

export function trueRanges(candles: readonly NumericCandle[]): number[] {
  return candles.map((c, i) => {
    if (i === 0) return c.high - c.low
    const previousClose = (candles[i - 1] as NumericCandle).close
    return Math.max(
      c.high - c.low,
      Math.abs(c.high - previousClose),
      Math.abs(c.low - previousClose),
    )
  })
}

export function rsi(closes: readonly number[], period: number): Series {
  const gains: (number | null)[] = closes.map((c, i) =>
    i === 0 ? null : Math.max(c - (closes[i - 1] as number), 0),
  )
  const losses: (number | null)[] = closes.map((c, i) =>
    i === 0 ? null : Math.max((closes[i - 1] as number) - c, 0),
  )
  const averageGain = wilder(gains, period)
  const averageLoss = wilder(losses, period)
  return closes.map((_, i) => {
    const gain = averageGain[i] ?? null
    const loss = averageLoss[i] ?? null
    if (gain === null || loss === null) return null
    return loss === 0 ? 100 : 100 - 100 / (1 + gain / loss)
  })
}

export function macd(
  closes: readonly number[],
  fast: number,
  slow: number,
  signal: number,
): { macd: Series; signal: Series; histogram: Series } {
  const fastEma = ema(closes, fast)
  const slowEma = ema(closes, slow)
  const line = closes.map((_, i) => {
    const s = slowEma[i] ?? null
    return s === null ? null : (fastEma[i] as number) - s
  })
  const signalLine = ema(line, signal)
  return {
    macd: line.map((value, i) => (signalLine[i] === null ? null : value)),
    signal: signalLine,
    histogram: line.map((value, i) => {
      const s = signalLine[i] ?? null
      return s === null || value === null ? null : value - s
    }),
  }
}

export function atr(candles: readonly NumericCandle[], period: number): Series {
  return wilder(trueRanges(candles), period)
}

/** Wilder's ADX: sums of the first n TR/DM values from candle 2, then S − S/n + x. */
export function adx(
  candles: readonly NumericCandle[],
  period: number,
): { adx: Series; plusDi: Series; minusDi: Series } {
  const plusDi: Series = [null]
  const minusDi: Series = [null]
  const dx: (number | null)[] = [null]
  const tr: number[] = []
  const plusDm: number[] = []
  const minusDm: number[] = []
  let sTr = 0
  let sPlus = 0
  let sMinus = 0
  for (let i = 1; i < candles.length; i++) {
    const c = candles[i] as NumericCandle
    const p = candles[i - 1] as NumericCandle
    const up = c.high - p.high
    const down = p.low - c.low
    plusDm.push(up > down && up > 0 ? up : 0)
    minusDm.push(down > up && down > 0 ? down : 0)
    tr.push(Math.max(c.high - c.low, Math.abs(c.high - p.close), Math.abs(c.low - p.close)))
    const n = tr.length
    if (n < period) {
      plusDi.push(null)
      minusDi.push(null)
      dx.push(null)
      continue
    }
    if (n === period) {
      sTr = sum(tr)
      sPlus = sum(plusDm)
      sMinus = sum(minusDm)
    } else {
      sTr = sTr - sTr / period + (tr[n - 1] as number)
      sPlus = sPlus - sPlus / period + (plusDm[n - 1] as number)
      sMinus = sMinus - sMinus / period + (minusDm[n - 1] as number)
    }
    const pdi = sTr === 0 ? 0 : (100 * sPlus) / sTr
    const mdi = sTr === 0 ? 0 : (100 * sMinus) / sTr
    plusDi.push(pdi)
    minusDi.push(mdi)
    dx.push(pdi + mdi === 0 ? 0 : (100 * Math.abs(pdi - mdi)) / (pdi + mdi))
  }
  const adxLine = wilder(dx, period)
  return {
    adx: adxLine,
    plusDi: plusDi.map((v, i) => (adxLine[i] === null ? null : v)),
    minusDi: minusDi.map((v, i) => (adxLine[i] === null ? null : v)),
  }
}

export function bollinger(
  closes: readonly number[],
  period: number,
  multiplier: number,
): { upper: Series; middle: Series; lower: Series; width: Series; percentB: Series } {
  const rows = closes.map((close, i) => {
    if (i < period - 1) return null
    const values = window(closes, i, period)
    const mean = sum(values) / period
    let sd = Math.sqrt(sum(values.map((v) => (v - mean) ** 2)) / period)
    if (sd <= FLAT * Math.abs(mean)) sd = 0
    const upper = mean + multiplier * sd
    const lower = mean - multiplier * sd
    return {
      upper,
      middle: mean,
      lower,
      width: (upper - lower) / mean,
      percentB: sd === 0 ? 0.5 : (close - lower) / (upper - lower),
    }
  })
  return {
    upper: rows.map((r) => r?.upper ?? null),
    middle: rows.map((r) => r?.middle ?? null),
    lower: rows.map((r) => r?.lower ?? null),
    width: rows.map((r) => r?.width ?? null),
    percentB: rows.map((r) => r?.percentB ?? null),
  }
}

/** Stochastic RSI (0–100), 50 while the RSI window is flat (spread below 1e-9). */
export function stochRsi(
  closes: readonly number[],
  rsiPeriod: number,
  stochPeriod: number,
  kPeriod: number,
  dPeriod: number,
): { stoch: Series; k: Series; d: Series } {
  const r = rsi(closes, rsiPeriod)
  const stoch: Series = r.map((value, i) => {
    if (value === null || i < stochPeriod - 1) return null
    const values = window(r, i, stochPeriod)
    if (values.some((v) => v === null)) return null
    const lowest = Math.min(...(values as number[]))
    const highest = Math.max(...(values as number[]))
    return highest - lowest < 1e-9 ? 50 : (100 * (value - lowest)) / (highest - lowest)
  })
  const k = smaOfNullable(stoch, kPeriod)
  const d = smaOfNullable(k, dPeriod)
  return { stoch, k: k.map((v, i) => (d[i] === null ? null : v)), d }
}

function smaOfNullable(values: readonly (number | null)[], period: number): Series {
  return values.map((value, i) => {
    if (value === null || i < period - 1) return null
    const w = window(values, i, period)
    return w.some((v) => v === null) ? null : sum(w as number[]) / period
  })
}

export function obv(candles: readonly NumericCandle[]): Series {
  let total = 0
  return candles.map((c, i) => {
    if (i > 0) {
      const previous = (candles[i - 1] as NumericCandle).close
      if (c.close > previous) total += c.volume
      else if (c.close < previous) total -= c.volume
    }
    return total
  })
}

/** Session VWAP over the UTC day so far. */
export function vwap(candles: readonly NumericCandle[]): Series {
  return candles.map((c, i) => {
    const day = Math.floor(c.timestampMs / 86_400_000)
    let priceVolume = 0
    let volume = 0
    for (let j = i; j >= 0; j--) {
      const d = candles[j] as NumericCandle
      if (Math.floor(d.timestampMs / 86_400_000) !== day) break
      priceVolume += ((d.high + d.low + d.close) / 3) * d.volume
      volume += d.volume
    }
    return volume > 0 ? priceVolume / volume : null
  })
}

/** Supertrend with the initial direction from hl2 (up when close ≥ hl2). */
export function supertrend(
  candles: readonly NumericCandle[],
  period: number,
  multiplier: number,
): { value: Series; direction: ('up' | 'down' | null)[] } {
  const a = atr(candles, period)
  const value: Series = []
  const direction: ('up' | 'down' | null)[] = []
  let upper = 0
  let lower = 0
  let isUp = false
  let started = false
  candles.forEach((c, i) => {
    const range = a[i] ?? null
    if (range === null) {
      value.push(null)
      direction.push(null)
      return
    }
    const hl2 = (c.high + c.low) / 2
    const basicUpper = hl2 + multiplier * range
    const basicLower = hl2 - multiplier * range
    if (!started) {
      started = true
      upper = basicUpper
      lower = basicLower
      isUp = c.close >= hl2
    } else {
      const previousClose = (candles[i - 1] as NumericCandle).close
      const finalUpper = basicUpper < upper || previousClose > upper ? basicUpper : upper
      const finalLower = basicLower > lower || previousClose < lower ? basicLower : lower
      if (isUp && c.close < finalLower) isUp = false
      else if (!isUp && c.close > finalUpper) isUp = true
      upper = finalUpper
      lower = finalLower
    }
    value.push(isUp ? lower : upper)
    direction.push(isUp ? 'up' : 'down')
  })
  return { value, direction }
}

export function keltner(
  candles: readonly NumericCandle[],
  emaPeriod: number,
  atrPeriod: number,
  multiplier: number,
): { upper: Series; middle: Series; lower: Series } {
  const middle = ema(
    candles.map((c) => c.close),
    emaPeriod,
  )
  const a = atr(candles, atrPeriod)
  const both = (i: number): boolean => middle[i] !== null && a[i] !== null
  return {
    upper: candles.map((_, i) =>
      both(i) ? (middle[i] as number) + multiplier * (a[i] as number) : null,
    ),
    middle: candles.map((_, i) => (both(i) ? (middle[i] as number) : null)),
    lower: candles.map((_, i) =>
      both(i) ? (middle[i] as number) - multiplier * (a[i] as number) : null,
    ),
  }
}

export function cci(candles: readonly NumericCandle[], period: number): Series {
  const typical = candles.map((c) => (c.high + c.low + c.close) / 3)
  return typical.map((tp, i) => {
    if (i < period - 1) return null
    const values = window(typical, i, period)
    const mean = sum(values) / period
    const deviation = sum(values.map((v) => Math.abs(v - mean))) / period
    return deviation <= FLAT * Math.abs(mean) ? 0 : (tp - mean) / (0.015 * deviation)
  })
}

export function mfi(candles: readonly NumericCandle[], period: number): Series {
  const typical = candles.map((c) => (c.high + c.low + c.close) / 3)
  return candles.map((_, i) => {
    if (i < period) return null
    let positive = 0
    let negative = 0
    for (let j = i - period + 1; j <= i; j++) {
      const flow = (typical[j] as number) * (candles[j] as NumericCandle).volume
      if ((typical[j] as number) > (typical[j - 1] as number)) positive += flow
      else if ((typical[j] as number) < (typical[j - 1] as number)) negative += flow
    }
    return positive + negative === 0 ? 50 : (100 * positive) / (positive + negative)
  })
}

export function williamsR(candles: readonly NumericCandle[], period: number): Series {
  return candles.map((c, i) => {
    if (i < period - 1) return null
    const w = window(candles, i, period)
    const highest = Math.max(...w.map((d) => d.high))
    const lowest = Math.min(...w.map((d) => d.low))
    return highest === lowest ? -50 : (-100 * (highest - c.close)) / (highest - lowest)
  })
}

export function roc(closes: readonly number[], period: number): Series {
  return closes.map((close, i) => {
    if (i < period) return null
    const past = closes[i - period] as number
    return (100 * (close - past)) / past
  })
}

export function choppiness(candles: readonly NumericCandle[], period: number): Series {
  const tr = trueRanges(candles)
  return candles.map((_, i) => {
    if (i < period - 1) return null
    const w = window(candles, i, period)
    const range = Math.max(...w.map((d) => d.high)) - Math.min(...w.map((d) => d.low))
    if (range <= 0) return 100
    return (100 * Math.log10(sum(window(tr, i, period)) / range)) / Math.log10(period)
  })
}

export function donchian(
  candles: readonly NumericCandle[],
  period: number,
): { upper: Series; middle: Series; lower: Series } {
  const upper = candles.map((_, i) =>
    i < period - 1 ? null : Math.max(...window(candles, i, period).map((d) => d.high)),
  )
  const lower = candles.map((_, i) =>
    i < period - 1 ? null : Math.min(...window(candles, i, period).map((d) => d.low)),
  )
  return {
    upper,
    lower,
    middle: upper.map((u, i) => (u === null ? null : (u + (lower[i] as number)) / 2)),
  }
}
