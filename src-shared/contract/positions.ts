import Decimal from 'decimal.js'
import { z } from 'zod'
import { symbolSchema } from '../symbols'
import {
  decimalText,
  identifier,
  plainText,
  positiveDecimalText,
  timestampMs,
  whenValidSoFar,
} from './primitives'

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

/** A share of a position's open size in percent: above 0 and at most 100 (all of it). */
export const closePctText = positiveDecimalText.refine((value) => new Decimal(value).lte(100), {
  error: 'expected a percentage of the open size above 0 and at most 100',
  ...whenValidSoFar,
})

/**
 * How much of a position to close: `size` in base units or `sizePct` of the open size, at
 * most one of them; neither closes all of it. Whether `size` fits the position is checked
 * by the engine, which knows the open size.
 */
const closeAmountFields = {
  size: positiveDecimalText
    .optional()
    .describe(
      'Base-asset quantity to close, e.g. "0.025": not above the open size, which closes all of it. Leave out size and sizePct to close all of it.',
    ),
  sizePct: closePctText
    .optional()
    .describe('Share of the open size to close in percent, e.g. "25"; "100" closes all of it.'),
}

type CloseAmountFields = { size?: string | undefined; sizePct?: string | undefined }

function refuseBothAmounts(input: CloseAmountFields, context: z.RefinementCtx): void {
  if (input.size !== undefined && input.sizePct !== undefined) {
    context.addIssue({
      code: 'custom',
      path: ['sizePct'],
      message: 'send either size or sizePct, not both',
    })
  }
}

export const closePositionInput = z
  .object({
    id: identifier,
    /** Seed 001 v1.2: the exit price goes in the body; the market price when omitted. */
    exitPrice: positiveDecimalText.optional(),
    ...closeAmountFields,
    reason: plainText.max(200).default('manual'),
  })
  .strict()
  .superRefine((input, context) => {
    refuseBothAmounts(input, context)
    // Booking at an exit price records a close made elsewhere, of the whole position.
    if (input.exitPrice !== undefined && (input.size ?? input.sizePct) !== undefined) {
      context.addIssue({
        code: 'custom',
        path: ['exitPrice'],
        message:
          'exitPrice books a close of the whole position made elsewhere; leave out size and sizePct with it',
      })
    }
  })

export const closePreviewInput = z
  .object({ id: identifier, ...closeAmountFields })
  .strict()
  .superRefine(refuseBothAmounts)

/** A trailing stop's distance from the best price in percent: at 100 a long's stop is at 0. */
const trailDistancePctText = positiveDecimalText.refine((value) => new Decimal(value).lt(100), {
  error: 'expected a trailing distance in percent above 0 and below 100',
  ...whenValidSoFar,
})

export const modifyPositionInput = z
  .object({
    id: identifier,
    stopLoss: positiveDecimalText.nullable().optional(),
    takeProfit: positiveDecimalText.nullable().optional(),
    trailingStop: z
      .object({ isEnabled: z.boolean(), distancePct: trailDistancePctText.optional() })
      .strict()
      .optional(),
  })
  .strict()

export const closePreviewSchema = z.object({
  id: z.string(),
  /** What the close would sell (or buy back), rounded down to the market's size step. */
  closeSize: decimalText,
  /** What would stay open; "0" for a full close. */
  remainingSize: decimalText,
  estimatedExitPrice: decimalText,
  estimatedPnl: decimalText,
  estimatedFee: decimalText,
})

/** A closed or reduced position, with what this close took off and what is still open. */
export const closePositionResultSchema = positionSchema.extend({
  /** Base quantity this close has filled so far. */
  closedSize: decimalText,
  /**
   * Base quantity still open; "0" once closed. A close order still working on the exchange
   * reduces it further as it fills (position events follow).
   */
  remainingSize: decimalText,
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
export type ClosePositionResult = z.infer<typeof closePositionResultSchema>
/** How much of a position to close; neither field closes all of it. */
export type CloseAmount = Pick<z.input<typeof closePreviewInput>, 'size' | 'sizePct'>
