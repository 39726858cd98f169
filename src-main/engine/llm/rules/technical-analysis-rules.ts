import Decimal from 'decimal.js'
import type { MarketSnapshot } from '../../agents/agent-context'
import type { TechnicalAnalysisOutput } from '../../agents/output-schemas'
import { clamp, IndicatorReader, round } from './indicator-reader'

/** ADX below this is no trend (Wilder). */
export const TREND_ADX = 20

/**
 * Technical analysis from indicators alone: trend from EMA alignment gated by ADX, strength
 * from ADX, momentum from RSI and the MACD histogram, key levels from the Bollinger and
 * Donchian bands, bias where trend and momentum agree. Confidence shrinks with missing inputs.
 */
export function technicalAnalysisByRules(snapshot: MarketSnapshot): TechnicalAnalysisOutput {
  const read = new IndicatorReader(snapshot)
  const alignment = read.emaAlignment()
  const adx = read.get('adx')
  const rsi = read.get('rsi')
  const histogram = read.get('macdHistogram')
  const atr = read.get('atr')

  const trendStrength = adx === null ? Math.abs(alignment ?? 0) * 0.5 : clamp(adx / 50, 0, 1)
  const isTrending = adx === null || adx >= TREND_ADX
  const direction =
    alignment !== null && alignment >= 0.5 && isTrending
      ? 'bullish'
      : alignment !== null && alignment <= -0.5 && isTrending
        ? 'bearish'
        : 'neutral'

  const parts: { value: number; weight: number }[] = []
  if (rsi !== null) parts.push({ value: clamp((rsi - 50) / 30, -1, 1), weight: 0.6 })
  if (histogram !== null) {
    // The histogram is in price units; ATR (or 1 % of price) makes it comparable across symbols.
    const scale = atr !== null && atr > 0 ? atr : Math.max(read.price * 0.01, Number.EPSILON)
    parts.push({ value: Math.tanh(histogram / scale), weight: 0.4 })
  }
  const weights = parts.reduce((sum, part) => sum + part.weight, 0)
  const momentum =
    weights === 0 ? 0 : parts.reduce((sum, part) => sum + part.value * part.weight, 0) / weights

  const bias =
    direction === 'bullish' && momentum >= 0
      ? 'long'
      : direction === 'bearish' && momentum <= 0
        ? 'short'
        : 'neutral'

  const available = [alignment, adx, rsi, histogram].filter((value) => value !== null).length / 4
  const agrees = bias !== 'neutral'
  const confidence =
    clamp(
      0.2 +
        0.4 * Math.abs(alignment ?? 0) * trendStrength +
        (agrees ? 0.3 * Math.abs(momentum) : 0),
      0.05,
      0.9,
    ) * available

  return {
    trend_direction: direction,
    trend_strength: round(trendStrength),
    momentum_score: round(clamp(momentum, -1, 1)),
    bias,
    confidence: round(confidence),
    key_levels: keyLevels(read),
    reasoning: [
      `rules: ema_alignment=${formatNumber(alignment)}`,
      `adx=${formatNumber(adx)}`,
      `rsi=${formatNumber(rsi)}`,
      `macd_histogram=${formatNumber(histogram)}`,
    ].join(' '),
  }
}

function keyLevels(read: IndicatorReader): { support: string[]; resistance: string[] } {
  const levels = roundedLevels(read)
  // Plain numbers order these exactly as decimals would: a price of at most 8 significant
  // digits reads as the one double nearest to it, and no other decimal of at most 15
  // digits reads as that double, so ties and order survive the conversion.
  const price = read.price > 0 ? read.price : 0
  const support = levels
    .filter((level) => level.value < price)
    .sort((a, b) => b.value - a.value)
    .map((level) => level.text)
  const resistance = levels
    .filter((level) => level.value > price)
    .sort((a, b) => a.value - b.value)
    .map((level) => level.text)
  return { support, resistance }
}

interface Level {
  readonly text: string
  readonly value: number
}

/**
 * Rounded levels by the indicator values they came from. The rules read the 1h timeframe
 * first, whose snapshot values stay the same frozen object until the next hourly close, so
 * the levels are rounded once an hour instead of every minute. Only frozen values are
 * remembered: anything else could change under the same object.
 */
const levelsByIndicators = new WeakMap<object, readonly Level[]>()

/** The distinct positive band levels, rounded to prices. */
function roundedLevels(read: IndicatorReader): readonly Level[] {
  const indicators = read.indicators
  const isCacheable = indicators !== undefined && Object.isFrozen(indicators)
  const cached = isCacheable ? levelsByIndicators.get(indicators) : undefined
  if (cached !== undefined) return cached
  const levels = [
    read.get('bollingerLower'),
    read.get('bollingerUpper'),
    read.get('donchianLower'),
    read.get('donchianUpper'),
  ].filter((level): level is number => level !== null && level > 0)
  const unique = [...new Set(levels.map(toPrice))].map((text) => ({ text, value: Number(text) }))
  if (isCacheable) levelsByIndicators.set(indicators, unique)
  return unique
}

/** Indicator numbers become prices with 8 significant digits, enough for any pair. */
export function toPrice(value: number): string {
  return new Decimal(value).toSignificantDigits(MAX_PRICE_DIGITS).toFixed()
}

const MAX_PRICE_DIGITS = 8

function formatNumber(value: number | null): string {
  return value === null ? 'n/a' : String(round(value))
}
