import { z } from 'zod'
import { decimalText, identifier, timestampMs } from './primitives'

export const breakerStatusSchema = z.object({
  name: z.string(),
  isTripped: z.boolean(),
  trippedAt: timestampMs.nullable(),
  reason: z.string().nullable(),
  resetCondition: z.string(),
})

export const riskStatusSchema = z.object({
  breakers: z.array(breakerStatusSchema),
  equityPeak: decimalText,
  dailyPnl: decimalText,
  weeklyPnl: decimalText,
  drawdownPct: decimalText,
  consecutiveLosses: z.number(),
  cooldownUntil: timestampMs.nullable(),
  pausedSymbols: z.array(z.string()),
})

export const breakerNameInput = z.object({ name: identifier }).strict()

export type RiskStatus = z.infer<typeof riskStatusSchema>
export type BreakerStatus = z.infer<typeof breakerStatusSchema>
