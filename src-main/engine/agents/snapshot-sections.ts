import Decimal from 'decimal.js'
import type { PromptSection } from '../llm/prompt-builder'
import type { TierProfile } from '../llm/prompt-templates'
import type { MarketSnapshot } from './agent-context'

/** Priority of the market header; required, never cut. */
export const HEADER_PRIORITY = 100

/**
 * Turns a snapshot into prompt sections for a tier: a header (required), indicators per
 * timeframe, then candles per timeframe, which are cut first and lose their oldest lines
 * first. Timeframes earlier in the profile rank higher.
 */
export function snapshotSections(snapshot: MarketSnapshot, profile: TierProfile): PromptSection[] {
  const header: PromptSection = {
    name: 'Market',
    text: [
      `symbol: ${snapshot.symbol}`,
      `price: ${snapshot.price}`,
      `change_24h_pct: ${formatNumber(snapshot.change24hPct)}`,
      `data_age_s: ${Math.round(snapshot.dataAgeMs / 1000)}`,
    ].join('\n'),
    priority: HEADER_PRIORITY,
    isRequired: true,
  }
  const timeframes = profile.timeframes.filter((timeframe) => snapshot.timeframes[timeframe])
  const indicators = timeframes.map((timeframe, index): PromptSection => {
    const view = snapshot.timeframes[timeframe]
    const lines = Object.entries(view?.indicators ?? {}).map(
      ([name, value]) => `${name}: ${formatNumber(value)}`,
    )
    return {
      name: `Indicators ${timeframe}`,
      text: lines.length > 0 ? lines.join('\n') : 'none',
      priority: 60 - index,
      cutFrom: 'end',
    }
  })
  const candles = timeframes.flatMap((timeframe, index): PromptSection[] => {
    const rows = (snapshot.timeframes[timeframe]?.candles ?? []).slice(-profile.candles)
    if (rows.length === 0 || profile.candles === 0) return []
    return [
      {
        name: `Candles ${timeframe} (time, open, high, low, close, volume; oldest first)`,
        text: rows
          .map((candle) =>
            [
              new Date(candle.timestampMs).toISOString(),
              candle.open,
              candle.high,
              candle.low,
              candle.close,
              candle.volume,
            ].join(' '),
          )
          .join('\n'),
        priority: 20 - index,
        cutFrom: 'start',
      },
    ]
  })
  return [header, ...indicators, ...candles]
}

/** Numbers with at most 6 significant digits, `n/a` for null. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a'
  return new Decimal(value).toSignificantDigits(6).toString()
}
