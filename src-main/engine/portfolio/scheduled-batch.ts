import type Decimal from 'decimal.js'
import { REBALANCE_BATCH_STATUSES } from '../../../src-shared/contract/portfolio'
import type { ExecutionType } from './execution-strategy'
import type { TradeSide } from './rebalance-plan'

/** The statuses the contract shows the UI: one list for the engine and its clients. */
export { REBALANCE_BATCH_STATUSES as BATCH_STATUSES }

/** Where a batch is in its life; see {@link BATCH_TRANSITIONS}. */
export type BatchStatus = (typeof REBALANCE_BATCH_STATUSES)[number]

/** What happens to a batch. */
export type BatchEvent = 'start' | 'cancel' | 'succeed' | 'reject' | 'defer' | 'fail' | 'interrupt'

export const BATCH_EVENTS = [
  'start',
  'cancel',
  'succeed',
  'reject',
  'defer',
  'fail',
  'interrupt',
] as const satisfies readonly BatchEvent[]

/**
 * The batch state machine. A batch is stored `pending`, marked `executing` before it is
 * sent (so a crash mid-send is visible), and ends `executed`, `rejected` (risk or hodl
 * protection refused it), `failed` or `cancelled`; a buy the risk engine's entry gates
 * refuse for now goes back to `pending`. Only pending batches can be cancelled.
 */
export const BATCH_TRANSITIONS: Readonly<
  Record<BatchStatus, Readonly<Partial<Record<BatchEvent, BatchStatus>>>>
> = {
  pending: { start: 'executing', cancel: 'cancelled' },
  executing: {
    succeed: 'executed',
    reject: 'rejected',
    // Refused for now by the risk engine's entry gates (breaker, cooldown, paused symbol)
    // before anything was sent: it waits for them to lift.
    defer: 'pending',
    fail: 'failed',
    // The engine stopped mid-send: the order manager reconciles whatever reached the
    // exchange; re-running the batch could send it twice.
    interrupt: 'failed',
  },
  executed: {},
  rejected: {},
  failed: {},
  cancelled: {},
}

/** Returns the status after an event, or an error naming the illegal pair. */
export function transitionBatch(
  status: BatchStatus,
  event: BatchEvent,
):
  | { readonly ok: true; readonly status: BatchStatus }
  | { readonly ok: false; readonly error: string } {
  const next = BATCH_TRANSITIONS[status][event]
  if (next === undefined) {
    return { ok: false, error: `BATCH_TRANSITION: status=${status} event=${event} is not allowed` }
  }
  return { ok: true, status: next }
}

/** Returns the status an event leads to, throwing on an illegal pair (an invariant of callers). */
export function nextBatchStatus(status: BatchStatus, event: BatchEvent): BatchStatus {
  const result = transitionBatch(status, event)
  if (!result.ok) throw new Error(result.error)
  return result.status
}

/** One batch of a rebalance trade, as stored in scheduled_trades. */
export interface ScheduledBatch {
  readonly id: string
  readonly rebalanceId: string
  readonly symbol: string
  readonly side: TradeSide
  readonly amountUsd: Decimal
  readonly executionType: ExecutionType
  /** The trade's priority: among batches due together, lower runs first. */
  readonly priority: number
  /** 0-based. */
  readonly batchIndex: number
  readonly batchCount: number
  readonly dueAtMs: number
  readonly status: BatchStatus
  readonly correlationId: string | null
  readonly orderId: string | null
  readonly error: string | null
  readonly createdAtMs: number
  readonly executedAtMs: number | null
}

/** A batch to store; it starts pending. */
export type NewScheduledBatch = Omit<
  ScheduledBatch,
  'status' | 'orderId' | 'error' | 'executedAtMs'
>

/**
 * Orders batches as they run: by due time, then sells before buys (the trade's priority),
 * then batch index, then creation time.
 */
export function byExecutionOrder(a: ScheduledBatch, b: ScheduledBatch): number {
  return (
    a.dueAtMs - b.dueAtMs ||
    a.priority - b.priority ||
    a.batchIndex - b.batchIndex ||
    a.createdAtMs - b.createdAtMs
  )
}
