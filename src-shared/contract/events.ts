import { z } from 'zod'
import { coordinatorStatusSchema, taskStatusSchema } from './coordinator'
import { orderSchema } from './orders'
import { PORTFOLIO_CHANGES } from './portfolio'
import { positionSchema } from './positions'
import { riskStatusSchema } from './risk'
import { decimalText, timestampMs } from './primitives'

/**
 * Everything the engine pushes to the UI, a union discriminated on `type` (past tense:
 * these are facts). The renderer coalesces them per animation frame.
 */
export const engineEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('coordinator.state'),
    at: timestampMs,
    status: coordinatorStatusSchema,
  }),
  /**
   * One scheduled task's status after it changed: a run started, ended or was skipped, or the
   * task was enabled or disabled. The task list follows these instead of polling.
   */
  z.object({ type: z.literal('task.updated'), at: timestampMs, task: taskStatusSchema }),
  z.object({ type: z.literal('order.updated'), at: timestampMs, order: orderSchema }),
  z.object({ type: z.literal('order.filled'), at: timestampMs, order: orderSchema }),
  z.object({ type: z.literal('position.updated'), at: timestampMs, position: positionSchema }),
  z.object({ type: z.literal('position.closed'), at: timestampMs, position: positionSchema }),
  /**
   * The risk engine's whole status after what blocks new entries changed: a symbol paused or
   * resumed, a cooldown started, a breaker tripped or re-armed, or one of them ending by
   * itself on the engine's clock. The risk panel follows these instead of waiting for a poll.
   */
  z.object({ type: z.literal('risk.status'), at: timestampMs, status: riskStatusSchema }),
  z.object({
    type: z.literal('risk.alert'),
    at: timestampMs,
    alertType: z.string(),
    severity: z.string(),
    message: z.string(),
  }),
  z.object({
    type: z.literal('agent.output'),
    at: timestampMs,
    agent: z.string(),
    symbol: z.string().nullable(),
    summary: z.string(),
    correlationId: z.string().nullable(),
  }),
  /**
   * A portfolio change (see `PORTFOLIO_CHANGES`) with a one-line summary: the scheduled batches
   * and the hodl bags follow these; a rebalance check that planned nothing is not sent.
   */
  z.object({
    type: z.literal('portfolio.changed'),
    at: timestampMs,
    change: z.enum(PORTFOLIO_CHANGES),
    summary: z.string(),
    correlationId: z.string().nullable(),
  }),
  z.object({
    type: z.literal('market.tick'),
    at: timestampMs,
    symbol: z.string(),
    price: decimalText,
  }),
  z.object({
    type: z.literal('equity.updated'),
    at: timestampMs,
    equity: decimalText,
    dailyPnl: decimalText,
  }),
  z.object({
    type: z.literal('ollama.pull.progress'),
    at: timestampMs,
    pullId: z.string(),
    name: z.string(),
    status: z.string(),
    completedBytes: z.number().nullable(),
    totalBytes: z.number().nullable(),
    isDone: z.boolean(),
    error: z.string().nullable(),
  }),
  /**
   * The engine's clock (`at`), sent by the host every second: the UI measures relative times
   * against it (a replay's clock runs years behind, and faster than, the machine's).
   */
  z.object({ type: z.literal('engine.time'), at: timestampMs }),
  z.object({
    type: z.literal('system.notice'),
    at: timestampMs,
    level: z.enum(['info', 'warning', 'error']),
    message: z.string(),
  }),
])

export type EngineEvent = z.infer<typeof engineEventSchema>
export type EngineEventType = EngineEvent['type']
