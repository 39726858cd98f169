import type { ModelStats } from '../../../src-shared/contract'
import { formatRatio } from './numbers'

/** The fields of a comparison row that hold a hit rate: a ratio (0–1), unlike the 0–100 agreement. */
export type HitRateField = 'hitRate1h' | 'hitRate4h' | 'hitRate24h'

/** The horizons a vote is judged at, shortest first, with the label the UI gives each. */
export const HIT_RATE_HORIZONS: readonly { field: HitRateField; label: string }[] = [
  { field: 'hitRate1h', label: '1 h' },
  { field: 'hitRate4h', label: '4 h' },
  { field: 'hitRate24h', label: '24 h' },
]

/** Returns whether any model has a hit rate at any horizon yet. */
export function hasHitRates(stats: readonly ModelStats[]): boolean {
  return stats.some((row) => HIT_RATE_HORIZONS.some(({ field }) => row[field] !== null))
}

/**
 * Returns the hit rates in words, for a chart's accessible name: "Hit rate by model at 1 h /
 * 4 h / 24 h: claude-sonnet-4-5 56% / 60% / 64%; deepseek-v4 — / 52% / —".
 */
export function hitRateSummary(stats: readonly ModelStats[]): string {
  const horizons = HIT_RATE_HORIZONS.map(({ label }) => label).join(' / ')
  const models = stats.map(
    (row) =>
      `${row.model} ${HIT_RATE_HORIZONS.map(({ field }) => formatRatio(row[field], 0)).join(' / ')}`,
  )
  return `Hit rate by model at ${horizons}: ${models.join('; ')}`
}
