import { z } from 'zod'

const period = z.number().int().min(1).max(100_000)
const multiplier = z.number().positive().finite()

/**
 * The periods of an `IndicatorSet`; every key is optional in input and defaults to the value
 * shown (the usual textbook settings).
 */
export const indicatorConfigSchema = z
  .object({
    ema: z.array(period).default([9, 21, 50, 200]),
    sma: z.array(period).default([20, 50, 200]),
    rsi: period.default(14),
    macd: z
      .object({ fast: period, slow: period, signal: period })
      .strict()
      .refine((macd) => macd.fast < macd.slow, { message: 'fast must be shorter than slow' })
      .default({ fast: 12, slow: 26, signal: 9 }),
    atr: period.default(14),
    adx: period.default(14),
    bollinger: z.object({ period, multiplier }).strict().default({ period: 20, multiplier: 2 }),
    stochRsi: z
      .object({ rsiPeriod: period, stochPeriod: period, kPeriod: period, dPeriod: period })
      .strict()
      .default({ rsiPeriod: 14, stochPeriod: 14, kPeriod: 3, dPeriod: 3 }),
    cci: period.default(20),
    mfi: period.default(14),
    williamsR: period.default(14),
    roc: period.default(10),
    choppiness: period.min(2).default(14),
    donchian: period.default(20),
    keltner: z
      .object({ emaPeriod: period, atrPeriod: period, multiplier })
      .strict()
      .default({ emaPeriod: 20, atrPeriod: 10, multiplier: 2 }),
    volumeSma: period.default(20),
    supertrend: z.object({ period, multiplier }).strict().default({ period: 10, multiplier: 3 }),
  })
  .strict()

/** Complete indicator settings (after defaults). */
export type IndicatorConfig = z.output<typeof indicatorConfigSchema>

/** Indicator settings as written in config: any key may be left out. */
export type IndicatorConfigInput = z.input<typeof indicatorConfigSchema>

/** The default settings: EMA 9/21/50/200, SMA 20/50/200, RSI 14, MACD 12/26/9, … */
export const DEFAULT_INDICATOR_CONFIG: IndicatorConfig = indicatorConfigSchema.parse({})
