import { asc, desc, eq } from 'drizzle-orm'
import type {
  ExecutionEvent,
  ExecutionEventPublisher,
  ExecutionEventType,
} from '../../execution/execution-event'
import type { Database } from '../database'
import { executionEvents, orders, positions } from '../schema'
import { WriteBehind, type AppendOptions } from '../write-behind'

/** An event names its order and position, written first. */
const APPEND: AppendOptions = { references: [orders, positions] }

/** The execution audit log (execution_events); it is also a publisher, to record what is published. */
export class ExecutionEventRepository implements ExecutionEventPublisher {
  constructor(
    private readonly db: Database,
    private readonly writes: WriteBehind = WriteBehind.immediate(db),
  ) {}

  /** Stores one event (or queues it, see {@link WriteBehind}). */
  async append(event: ExecutionEvent): Promise<void> {
    await this.writes.append(
      executionEvents,
      {
        createdAt: new Date(event.timestampMs),
        eventType: event.type,
        orderId: event.orderId,
        positionId: event.positionId,
        symbol: event.symbol,
        correlationId: event.correlationId,
        payload: event.payload,
      },
      APPEND,
    )
  }

  publish(event: ExecutionEvent): Promise<void> {
    return this.append(event)
  }

  /** Returns the newest events, newest first. */
  async recent(limit: number): Promise<ExecutionEvent[]> {
    await this.writes.flush(executionEvents)
    const rows = await this.db
      .select()
      .from(executionEvents)
      .orderBy(desc(executionEvents.id))
      .limit(limit)
    return rows.map(toEvent)
  }

  /** Returns every event of one correlation id, oldest first. */
  async byCorrelationId(correlationId: string): Promise<ExecutionEvent[]> {
    await this.writes.flush(executionEvents)
    const rows = await this.db
      .select()
      .from(executionEvents)
      .where(eq(executionEvents.correlationId, correlationId))
      .orderBy(asc(executionEvents.id))
    return rows.map(toEvent)
  }
}

function toEvent(row: typeof executionEvents.$inferSelect): ExecutionEvent {
  return {
    type: row.eventType as ExecutionEventType,
    timestampMs: row.createdAt.getTime(),
    orderId: row.orderId,
    positionId: row.positionId,
    symbol: row.symbol,
    correlationId: row.correlationId,
    payload: row.payload as Record<string, unknown>,
  }
}
