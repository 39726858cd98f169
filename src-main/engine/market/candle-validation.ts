import { compareCandleValues, type Candle } from './candle'
import { candleRejection, type CandleRejection } from './candle-rejection'
import { isAlignedTo, type Timeframe } from './timeframe'

/**
 * Checks one candle on its own and returns why it is refused, or null when it is sound:
 * a non-negative integer timestamp (aligned to `timeframe` when given), finite positive
 * prices, a finite non-negative volume, high ≥ low, high ≥ max(open, close) and
 * low ≤ min(open, close). Comparisons are exact on the decimal values.
 *
 * Order in time is not checked here; `CandleSequenceGuard` does that per symbol and timeframe.
 */
export function validateCandle(candle: Candle, timeframe?: Timeframe): CandleRejection | null {
  const { timestampMs, numeric } = candle
  if (!Number.isSafeInteger(timestampMs) || timestampMs < 0) {
    return candleRejection('INVALID_TIMESTAMP', { timestamp_ms: timestampMs })
  }
  if (timeframe !== undefined && !isAlignedTo(timestampMs, timeframe)) {
    return candleRejection('TIMESTAMP_NOT_ALIGNED', { timestamp_ms: timestampMs, timeframe })
  }
  const { open, high, low, close, volume } = numeric
  // One comparison chain for the common case; the detailed checks run only on failure. When
  // the doubles identify the decimals, comparing them is exact, ties included.
  if (
    candle.isNumericExact &&
    low > 0 &&
    high < Infinity &&
    volume >= 0 &&
    volume < Infinity &&
    high >= open &&
    high >= close &&
    low <= open &&
    low <= close
  ) {
    return null
  }
  return validateSlowly(candle)
}

function validateSlowly(candle: Candle): CandleRejection | null {
  const { timestampMs, numeric } = candle
  for (const field of ['open', 'high', 'low', 'close'] as const) {
    const value = numeric[field]
    if (!Number.isFinite(value)) {
      return candleRejection('NON_FINITE_PRICE', {
        timestamp_ms: timestampMs,
        field,
        value: textOf(candle, field),
      })
    }
    if (value <= 0) {
      return candleRejection('NON_POSITIVE_PRICE', {
        timestamp_ms: timestampMs,
        field,
        value: textOf(candle, field),
      })
    }
  }
  if (Number.isNaN(numeric.volume) || !Number.isFinite(numeric.volume)) {
    return candleRejection('NON_FINITE_VOLUME', {
      timestamp_ms: timestampMs,
      volume: candle.volumeText,
    })
  }
  if (numeric.volume < 0) {
    return candleRejection('NEGATIVE_VOLUME', {
      timestamp_ms: timestampMs,
      volume: candle.volumeText,
    })
  }
  if (compareCandleValues(candle, 'high', candle, 'low') < 0) {
    return candleRejection('HIGH_BELOW_LOW', {
      timestamp_ms: timestampMs,
      high: candle.highText,
      low: candle.lowText,
    })
  }
  if (
    compareCandleValues(candle, 'high', candle, 'open') < 0 ||
    compareCandleValues(candle, 'high', candle, 'close') < 0
  ) {
    return candleRejection('HIGH_BELOW_OPEN_CLOSE', {
      timestamp_ms: timestampMs,
      high: candle.highText,
      open: candle.openText,
      close: candle.closeText,
    })
  }
  if (
    compareCandleValues(candle, 'low', candle, 'open') > 0 ||
    compareCandleValues(candle, 'low', candle, 'close') > 0
  ) {
    return candleRejection('LOW_ABOVE_OPEN_CLOSE', {
      timestamp_ms: timestampMs,
      low: candle.lowText,
      open: candle.openText,
      close: candle.closeText,
    })
  }
  return null
}

function textOf(candle: Candle, field: 'open' | 'high' | 'low' | 'close'): string {
  return candle[`${field}Text` as const]
}
