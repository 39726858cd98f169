import type { MarketSnapshot } from '../../agents/agent-context'
import type { Regime, RegimeOutput } from '../../agents/output-schemas'
import { clamp, IndicatorReader, round } from './indicator-reader'

/** Thresholds of the rules regime classifier. */
export interface RegimeThresholds {
  /** ADX at or above which a market trends. */
  readonly trendAdx: number
  /** ADX below which a market may be choppy or squeezing. */
  readonly weakAdx: number
  /** Choppiness index at or above which the market is choppy (61.8, Dreiss). */
  readonly choppiness: number
  /** ATR as % of price at or above which the market is volatile. */
  readonly volatileAtrPercent: number
  /** Bollinger width ((upper − lower) / middle) at or below which a breakout may be near. */
  readonly squeezeWidth: number
}

export const DEFAULT_REGIME_THRESHOLDS: RegimeThresholds = {
  trendAdx: 25,
  weakAdx: 20,
  choppiness: 61.8,
  volatileAtrPercent: 3,
  squeezeWidth: 0.04,
}

/** How to trade in each regime: size multiplier and entry strictness. */
export const REGIME_POLICY: Readonly<
  Record<Regime, { multiplier: number; strictness: RegimeOutput['entry_strictness'] }>
> = {
  trending_bull: { multiplier: 1, strictness: 'relaxed' },
  trending_bear: { multiplier: 1, strictness: 'relaxed' },
  ranging: { multiplier: 0.75, strictness: 'normal' },
  volatile_bull: { multiplier: 0.5, strictness: 'strict' },
  volatile_bear: { multiplier: 0.5, strictness: 'strict' },
  choppy: { multiplier: 0.25, strictness: 'strict' },
  breakout_potential: { multiplier: 0.75, strictness: 'normal' },
}

/**
 * Classifies the market regime from ADX, ATR %, the choppiness index and Bollinger width,
 * with direction from EMA alignment (or the 24 h change when the EMAs are flat).
 */
export function regimeByRules(
  snapshot: MarketSnapshot,
  thresholds: RegimeThresholds = DEFAULT_REGIME_THRESHOLDS,
): RegimeOutput {
  const read = new IndicatorReader(snapshot)
  const adx = read.get('adx')
  const atrPercent = read.atrPercent()
  const choppiness = read.get('choppiness')
  const width = read.bollingerWidth()
  const alignment = read.emaAlignment()
  const direction =
    alignment !== null && Math.abs(alignment) >= 0.25
      ? Math.sign(alignment)
      : Math.sign(snapshot.change24hPct ?? 0)
  const isWeak = adx === null || adx < thresholds.weakAdx

  let regime: Regime
  let confidence: number
  if (choppiness !== null && choppiness >= thresholds.choppiness && isWeak) {
    regime = 'choppy'
    confidence = 0.55 + (choppiness - thresholds.choppiness) / 40
  } else if (atrPercent !== null && atrPercent >= thresholds.volatileAtrPercent) {
    if (direction === 0) {
      regime = 'choppy'
      confidence = 0.5
    } else {
      regime = direction > 0 ? 'volatile_bull' : 'volatile_bear'
      confidence = 0.55 + (atrPercent - thresholds.volatileAtrPercent) / 10
    }
  } else if (
    adx !== null &&
    adx >= thresholds.trendAdx &&
    alignment !== null &&
    Math.abs(alignment) >= 0.5
  ) {
    regime = alignment > 0 ? 'trending_bull' : 'trending_bear'
    confidence = 0.55 + (adx - thresholds.trendAdx) / 50
  } else if (width !== null && width <= thresholds.squeezeWidth && isWeak) {
    regime = 'breakout_potential'
    confidence = 0.55
  } else {
    regime = 'ranging'
    confidence = 0.5
  }
  const available = [adx, atrPercent, choppiness, width].filter((value) => value !== null).length
  const policy = REGIME_POLICY[regime]
  return {
    regime,
    confidence: round(clamp(confidence, 0.3, 0.9) * (0.5 + available / 8)),
    position_size_multiplier: policy.multiplier,
    entry_strictness: policy.strictness,
    reasoning: `rules: adx=${show(adx)} atr_pct=${show(atrPercent)} choppiness=${show(choppiness)} bb_width=${show(width)}`,
  }
}

function show(value: number | null): string {
  return value === null ? 'n/a' : String(round(value, 4))
}
