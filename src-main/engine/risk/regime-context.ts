import { z } from 'zod'

/** The market regimes the Regime Detection agent publishes. */
export const MARKET_REGIMES = [
  'trending_bull',
  'trending_bear',
  'ranging',
  'volatile_bull',
  'volatile_bear',
  'choppy',
  'breakout_potential',
] as const

export type MarketRegime = (typeof MARKET_REGIMES)[number]

/** How demanding the regime agent wants entries to be. */
export const ENTRY_STRICTNESS_LEVELS = ['relaxed', 'normal', 'strict', 'very_strict'] as const

export type EntryStrictness = (typeof ENTRY_STRICTNESS_LEVELS)[number]

/** The regime input of a validation: the fields of a `regime_updates` payload the rules use. */
export const regimeContextSchema = z.object({
  regime: z.enum(MARKET_REGIMES),
  confidence: z.number().min(0).max(1),
  position_size_multiplier: z.number().min(0),
  entry_strictness: z.enum(ENTRY_STRICTNESS_LEVELS).default('normal'),
})

export type RegimeContext = z.infer<typeof regimeContextSchema>
