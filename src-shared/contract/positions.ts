import { z } from 'zod'
import { symbolSchema } from '../symbols'
import { decimalText, identifier, positiveDecimalText, timestampMs } from './primitives'

export const trailingStopSchema = z.object({
  isEnabled: z.boolean(),
  isActive: z.boolean(),
  activationPct: decimalText,
  distancePct: decimalText,
  extremePrice: decimalText.nullable(),
})

export const positionSchema = z.object({
  id: z.string(),
  symbol: z.string(),
  side: z.enum(['long', 'short']),
  size: decimalText,
  entryPrice: decimalText,
  currentPrice: decimalText.nullable(),
  leverage: z.number(),
  stopLoss: decimalText.nullable(),
  takeProfit: decimalText.nullable(),
  trailingStop: trailingStopSchema.nullable(),
  unrealizedPnl: decimalText,
  unrealizedPnlPct: decimalText,
  realizedPnl: decimalText.nullable(),
  fees: decimalText,
  status: z.enum(['open', 'closed']),
  openedAt: timestampMs,
  closedAt: timestampMs.nullable(),
  exitPrice: decimalText.nullable(),
  closeReason: z.string().nullable(),
  correlationId: z.string().nullable(),
})

export const positionsListInput = z
  .object({
    status: z.enum(['open', 'closed', 'all']).default('open'),
    symbol: symbolSchema.optional(),
    limit: z.number().int().positive().max(1000).default(200),
  })
  .strict()
  .prefault({})

export const positionIdInput = z.object({ id: identifier }).strict()

export const closePositionInput = z
  .object({
    id: identifier,
    /** Seed 001 v1.2: the exit price goes in the body; the market price when omitted. */
    exitPrice: positiveDecimalText.optional(),
    reason: z.string().max(200).default('manual'),
  })
  .strict()

export const modifyPositionInput = z
  .object({
    id: identifier,
    stopLoss: positiveDecimalText.nullable().optional(),
    takeProfit: positiveDecimalText.nullable().optional(),
    trailingStop: z
      .object({ isEnabled: z.boolean(), distancePct: positiveDecimalText.optional() })
      .strict()
      .optional(),
  })
  .strict()

export const closePreviewSchema = z.object({
  id: z.string(),
  estimatedExitPrice: decimalText,
  estimatedPnl: decimalText,
  estimatedFee: decimalText,
})

export const exposureSchema = z.object({
  totalNotional: decimalText,
  equity: decimalText,
  exposurePct: decimalText,
  bySymbol: z.array(z.object({ symbol: z.string(), notional: decimalText, positions: z.number() })),
})

export type Position = z.infer<typeof positionSchema>
export type Exposure = z.infer<typeof exposureSchema>
export type ClosePreview = z.infer<typeof closePreviewSchema>
