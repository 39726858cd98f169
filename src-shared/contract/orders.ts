import { z } from 'zod'
import { symbolSchema } from '../symbols'
import { decimalText, identifier, timestampMs } from './primitives'

export const ORDER_STATUSES = [
  'PENDING',
  'OPEN',
  'PARTIALLY_FILLED',
  'FILLED',
  'CANCELLED',
  'EXPIRED',
  'ERROR',
] as const

export const orderTransitionSchema = z.object({
  status: z.enum(ORDER_STATUSES),
  at: timestampMs,
  details: z.record(z.string(), z.unknown()).nullable(),
})

export const orderSchema = z.object({
  id: z.string(),
  clientOrderId: z.string(),
  externalId: z.string().nullable(),
  symbol: z.string(),
  side: z.enum(['buy', 'sell']),
  type: z.enum(['market', 'limit', 'stop-loss', 'take-profit']),
  role: z.string(),
  size: decimalText,
  price: decimalText.nullable(),
  triggerPrice: decimalText.nullable(),
  status: z.enum(ORDER_STATUSES),
  filledSize: decimalText,
  averageFillPrice: decimalText.nullable(),
  fee: decimalText,
  positionId: z.string().nullable(),
  correlationId: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: timestampMs,
  updatedAt: timestampMs,
  timeline: z.array(orderTransitionSchema).optional(),
})

export const ordersListInput = z
  .object({
    status: z.enum(['open', 'all']).default('open'),
    symbol: symbolSchema.optional(),
    limit: z.number().int().positive().max(1000).default(200),
  })
  .strict()
  .prefault({})

export const orderIdInput = z.object({ id: identifier }).strict()

export const syncResultSchema = z.object({
  ordersChecked: z.number(),
  ordersUpdated: z.number(),
  fillsAdded: z.number(),
})

export const executionStatsSchema = z.object({
  ordersPlaced: z.number(),
  ordersFilled: z.number(),
  ordersCancelled: z.number(),
  ordersFailed: z.number(),
  openOrders: z.number(),
  openPositions: z.number(),
  totalFees: decimalText,
  realizedPnl: decimalText,
})

export type Order = z.infer<typeof orderSchema>
export type ExecutionStats = z.infer<typeof executionStatsSchema>
