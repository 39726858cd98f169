import { asWords } from './words'

/**
 * Returns a market regime as a trader reads it: `trending_bull` → "Trending bull",
 * `breakout_potential` → "Breakout potential". Works on any identifier, so a regime added to
 * the engine's list (src-main/engine/agents/output-schemas.ts) reads well without a change here.
 */
export function formatRegime(regime: string): string {
  const words = asWords(regime)
  return words.charAt(0).toUpperCase() + words.slice(1)
}
