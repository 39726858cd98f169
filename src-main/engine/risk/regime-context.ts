import { z } from 'zod'
import { ENTRY_STRICTNESS, REGIMES } from '../bus'

/** The market regimes the Regime Detection agent publishes (the bus's `regime_updates`). */
export const MARKET_REGIMES = REGIMES

export type MarketRegime = (typeof MARKET_REGIMES)[number]

/** How demanding the regime agent wants entries to be. */
export const ENTRY_STRICTNESS_LEVELS = ENTRY_STRICTNESS

export type EntryStrictness = (typeof ENTRY_STRICTNESS_LEVELS)[number]

/** The regime input of a validation: the fields of a `regime_updates` payload the rules use. */
export const regimeContextSchema = z.object({
  regime: z.enum(MARKET_REGIMES),
  confidence: z.number().min(0).max(1),
  position_size_multiplier: z.number().min(0),
  entry_strictness: z.enum(ENTRY_STRICTNESS_LEVELS).default('normal'),
})

export type RegimeContext = z.infer<typeof regimeContextSchema>
