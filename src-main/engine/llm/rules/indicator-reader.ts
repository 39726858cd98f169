import type { MarketSnapshot, TimeframeSnapshot } from '../../agents/agent-context'
import { INDICATOR_NAMES } from '../../agents/agent-context'

/** Timeframes the rules prefer, most useful first. */
export const RULES_TIMEFRAMES = ['1h', '4h', '15m', '1d', '5m', '1m'] as const

/** Reads finite indicator values of one timeframe; anything else reads as null. */
export class IndicatorReader {
  readonly price: number
  private readonly view: TimeframeSnapshot | undefined

  constructor(snapshot: MarketSnapshot, timeframes: readonly string[] = RULES_TIMEFRAMES) {
    this.price = Number(snapshot.price)
    const chosen =
      timeframes.find((timeframe) => snapshot.timeframes[timeframe]) ??
      Object.keys(snapshot.timeframes)[0]
    this.view = chosen === undefined ? undefined : snapshot.timeframes[chosen]
  }

  /** The indicator values read (the chosen timeframe's), or undefined when there are none. */
  get indicators(): TimeframeSnapshot['indicators'] | undefined {
    return this.view?.indicators
  }

  /** Returns the indicator's value, or null when missing, warming up or not finite. */
  get(name: keyof typeof INDICATOR_NAMES): number | null {
    const value = this.view?.indicators[INDICATOR_NAMES[name]]
    return typeof value === 'number' && Number.isFinite(value) ? value : null
  }

  /**
   * Returns EMA alignment in [-1, 1]: +1 when price > EMA9 > EMA21 > EMA50 > EMA200,
   * -1 for the reverse, and null when no pair can be compared.
   */
  emaAlignment(): number | null {
    const chain = [
      this.price,
      this.get('emaFast'),
      this.get('emaMedium'),
      this.get('emaSlow'),
      this.get('emaLong'),
    ]
    let sum = 0
    let pairs = 0
    for (let index = 0; index + 1 < chain.length; index++) {
      const upper = chain[index]
      const lower = chain[index + 1]
      if (upper === null || upper === undefined || lower === null || lower === undefined) continue
      sum += Math.sign(upper - lower)
      pairs++
    }
    return pairs === 0 ? null : sum / pairs
  }

  /** Returns ATR as a percentage of price, or null. */
  atrPercent(): number | null {
    const atr = this.get('atr')
    return atr === null || !(this.price > 0) ? null : (atr / this.price) * 100
  }

  /** Returns Bollinger width as (upper − lower) / middle, from the indicator or the bands. */
  bollingerWidth(): number | null {
    const width = this.get('bollingerWidth')
    if (width !== null) return width
    const upper = this.get('bollingerUpper')
    const lower = this.get('bollingerLower')
    const middle = this.get('bollingerMiddle')
    if (upper === null || lower === null || middle === null || middle === 0) return null
    return (upper - lower) / middle
  }
}

/** Clamps `value` into [low, high]. */
export function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value))
}

/** Rounds to `digits` decimals so rules output is stable text. */
export function round(value: number, digits = 3): number {
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}
