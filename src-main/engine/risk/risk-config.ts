import { z } from 'zod'
import {
  decimalString,
  flag,
  fraction,
  nonNegativeNumber,
  percentage,
  positiveInteger,
  positiveNumber,
  text,
} from '../config/schema-helpers'
import { TIMEFRAMES } from '../market/timeframe'

const percent = percentage
const POSITIVE_PERCENT = 'expected a percentage above 0, up to 100'
/** One message for -5 and 150 alike, not "between 0 and 100" and "above 0" for one value. */
const positivePercent = () =>
  z
    .number({ error: POSITIVE_PERCENT })
    .gt(0, { error: POSITIVE_PERCENT })
    .max(100, { error: POSITIVE_PERCENT })
/** Money in the quote asset, written as a number or a string in YAML, kept as a decimal string. */
const money = () =>
  decimalString().refine((value) => !value.startsWith('-'), {
    error: 'expected a decimal number >= 0',
  })
/** The market keeps at least a day of 1-minute candles in memory, so a day back is always there. */
const MAX_PRICE_MOVE_MINUTES = 1440
/**
 * The longest cooldown or volatility halt. Its end is saved as a Unix-millisecond instant:
 * beyond some 10^11 minutes that is no date at all, the trip throws and the state saved with
 * it cannot be read at the next start. A halt meant to last is a manual one.
 */
const MAX_HALT_MINUTES = 525_600
const HALT_TOO_LONG = { error: `expected at most ${MAX_HALT_MINUTES} minutes (a year)` }
const leverage = () => positiveInteger().max(5, { error: 'expected a whole leverage from 1 to 5' })

const regimeLeverageCapsSchema = z
  .strictObject({
    trending_bull: positiveInteger().default(5),
    trending_bear: positiveInteger().default(3),
    ranging: positiveInteger().default(3),
    volatile_bull: positiveInteger().default(2),
    volatile_bear: positiveInteger().default(2),
    choppy: positiveInteger().default(1),
    breakout_potential: positiveInteger().default(3),
  })
  .prefault({})

const confidenceStep = fraction

const regimeConfidenceAddSchema = z
  .strictObject({
    trending_bull: confidenceStep().default(0),
    trending_bear: confidenceStep().default(0),
    ranging: confidenceStep().default(0),
    volatile_bull: confidenceStep().default(0.05),
    volatile_bear: confidenceStep().default(0.05),
    choppy: confidenceStep().default(0.1),
    breakout_potential: confidenceStep().default(0),
  })
  .prefault({})

const entryStrictnessAddSchema = z
  .strictObject({
    relaxed: confidenceStep().default(0),
    normal: confidenceStep().default(0),
    strict: confidenceStep().default(0.1),
    very_strict: confidenceStep().default(0.2),
  })
  .prefault({})

const correlationGroupSchema = z.strictObject({
  name: text(),
  /** Base assets counted together, e.g. `[BTC, XRP]`. */
  assets: z.array(text()).min(1, { error: 'expected at least one asset' }),
})

const riskSettingsSchema = z
  .strictObject({
    /** System maximum leverage. */
    max_leverage: leverage().default(5),
    /** Lower leverage caps per regime; the effective cap is the smaller of this and max_leverage. */
    regime_leverage_caps: regimeLeverageCapsSchema,
    /** Minimum decision confidence per opening action. */
    min_confidence: z
      .strictObject({ BUY: confidenceStep().default(0.6), SELL: confidenceStep().default(0.6) })
      .prefault({}),
    /** Added to the minimum confidence in a regime. */
    regime_confidence_add: regimeConfidenceAddSchema,
    /** Added to the minimum confidence for the regime's entry_strictness. */
    entry_strictness_confidence_add: entryStrictnessAddSchema,
    /** Minimum (take-profit distance) / (stop-loss distance). */
    min_reward_risk: nonNegativeNumber().default(1.5),
    /** When true an opening trade without a take-profit is refused; otherwise reward:risk is not checked for it. */
    require_take_profit: flag().default(false),
    /**
     * Equity a trade may lose when stopped out, in percent: the move from entry to stop-loss
     * plus the entry and exit fees (`fee_pct`, or the account's rate).
     */
    risk_per_trade_pct: positivePercent().default(1),
    /** Largest notional of one new position, in percent of equity. */
    max_position_value_pct: positivePercent().default(20),
    /** Upper clamp of the regime's position_size_multiplier: at 1 a regime only shrinks a trade. */
    max_regime_size_multiplier: nonNegativeNumber().default(1),
    /** Smallest notional worth trading, in the quote asset. */
    min_position_value: money().default('10'),
    /** Sizes are rounded down to this many decimals. */
    size_decimal_places: z
      .number({ error: 'expected a whole number from 0 to 18' })
      .int({ error: 'expected a whole number from 0 to 18' })
      .min(0, { error: 'expected a whole number from 0 to 18' })
      .max(18, { error: 'expected a whole number from 0 to 18' })
      .default(8),
    max_total_exposure_pct: percent().default(80),
    max_correlated_exposure_pct: percent().default(50),
    /** Symbols whose base assets share a group count together for correlated exposure. */
    correlation_groups: z
      .array(correlationGroupSchema)
      .default([{ name: 'majors', assets: ['BTC', 'XRP'] }]),
    /** Open positions allowed per symbol and in total (seed 001 v1.2). */
    position_limits: z
      .strictObject({
        max_per_symbol: positiveInteger().default(2),
        max_total: positiveInteger().default(5),
      })
      .prefault({}),
    /** Trading fee in percent of notional, used when the portfolio gives none. */
    fee_pct: percent().default(0.26),
    cooldown: z
      .strictObject({
        /** Consecutive losing trades that start a cooldown. */
        consecutive_losses: positiveInteger().default(3),
        minutes: nonNegativeNumber().max(MAX_HALT_MINUTES, HALT_TOO_LONG).default(60),
      })
      .prefault({}),
    circuit_breakers: z
      .strictObject({
        /** Realised loss of the UTC day, in percent of the day's starting equity. */
        daily_loss_pct: positivePercent().default(5),
        /** Realised loss of the UTC week (from Monday), in percent of the week's starting equity. */
        weekly_loss_pct: positivePercent().default(10),
        /** Fall of equity from its peak, in percent; reset by hand only. */
        max_drawdown_pct: positivePercent().default(20),
        volatility: z
          .strictObject({
            /** ATR of atr_timeframe as a percent of price from which trading halts. */
            max_atr_pct: positiveNumber().default(6),
            /** Absolute price move over price_move_minutes, in percent, from which trading halts. */
            max_price_move_pct: positiveNumber().default(8),
            /** How long a volatility halt lasts after the last abnormal reading. */
            halt_minutes: positiveNumber().max(MAX_HALT_MINUTES, HALT_TOO_LONG).default(60),
            /**
             * Timeframe whose ATR (the indicators' `atr` period, 14 by default) is read as a
             * percent of the latest price on every closed 1-minute candle; one of the timeframes
             * config/market.yaml keeps (1m always is).
             */
            atr_timeframe: z
              .enum(TIMEFRAMES, { error: `expected one of ${TIMEFRAMES.join(', ')}` })
              .default('1h'),
            /** The price move is the change from the 1-minute close this many minutes back. */
            price_move_minutes: positiveInteger()
              .max(MAX_PRICE_MOVE_MINUTES, {
                error: `expected a whole number of minutes from 1 to ${MAX_PRICE_MOVE_MINUTES}`,
              })
              .default(60),
          })
          .prefault({}),
      })
      .prefault({}),
  })
  .superRefine((settings, context) => {
    const seen = new Map<string, string>()
    for (const group of settings.correlation_groups) {
      for (const asset of group.assets) {
        const other = seen.get(asset)
        if (other !== undefined && other !== group.name) {
          context.addIssue({
            code: 'custom',
            path: ['correlation_groups'],
            message: `asset=${asset} is in two correlation groups: ${other} and ${group.name}`,
          })
        }
        seen.set(asset, group.name)
      }
    }
  })

/** Schema of `config/risk.yaml`: every threshold of the risk engine under the top-level key `risk`. */
export const riskConfigSchema = z.strictObject({ risk: riskSettingsSchema.prefault({}) })

/** The parsed contents of `config/risk.yaml`. */
export type RiskConfig = z.infer<typeof riskConfigSchema>

/** The thresholds under the `risk` key. */
export type RiskSettings = RiskConfig['risk']

/** Returns the configuration with every default, as if `config/risk.yaml` were empty. */
export function defaultRiskConfig(): RiskConfig {
  return riskConfigSchema.parse({})
}
