import { z } from 'zod'
import {
  decimalString,
  flag,
  nonNegativeNumber,
  percentage,
  positiveInteger,
  text,
} from '../schema-helpers'

/** config/portfolio.yaml: target allocation, rebalancing, DCA and hodl bags (seed 001 §3). */
export const portfolioFileSchema = z.strictObject({
  portfolio: z
    .strictObject({
      /** The asset every traded symbol is quoted in (ASSET/QUOTE); it must have a target. */
      quote_asset: text(),
      /** Asset → target percentage of equity; should sum to 100 (a warning otherwise). */
      target_allocation: z.record(z.string().regex(/^[A-Z0-9]{2,10}$/), percentage()),
      rebalancing: z.strictObject({
        threshold_pct: percentage(),
        min_trade_usd: nonNegativeNumber(),
        execution_type: z.enum(['market', 'limit'], { error: 'expected market or limit' }),
        check_interval_seconds: positiveInteger(),
        dca: z.strictObject({
          enabled: flag(),
          threshold_usd: nonNegativeNumber(),
          batches: positiveInteger(),
          interval_hours: positiveInteger(),
        }),
      }),
      hodl_bags: z.strictObject({
        enabled: flag(),
        /** Share of realized profit moved into hodl bags. */
        allocation_pct: percentage(),
        /** Initial locked amounts per asset. */
        amounts: z.record(z.string(), decimalString()),
      }),
    })
    .refine((portfolio) => portfolio.quote_asset in portfolio.target_allocation, {
      error: 'expected quote_asset to be one of the target_allocation assets',
      path: ['quote_asset'],
    }),
})

export type PortfolioConfig = z.infer<typeof portfolioFileSchema>
