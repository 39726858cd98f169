/** What happened, past tense (NautilusTrader vocabulary). */
export type ExecutionEventType =
  | 'order.pending'
  | 'order.open'
  | 'order.amended'
  | 'order.partially_filled'
  | 'order.filled'
  | 'order.cancelled'
  | 'order.expired'
  | 'order.error'
  | 'order.denied'
  | 'order.illegal_transition'
  | 'position.opened'
  | 'position.increased'
  | 'position.reduced'
  | 'position.closed'
  | 'position.protection_changed'
  | 'position.overfilled'
  | 'trailing_stop.moved'
  | 'broker.alert'
  | 'sync.completed'

/**
 * An execution event: published for the bus (`execution_events` topic) and recorded in the
 * `execution_events` table. Values in `payload` are strings (decimals) or plain JSON.
 */
export interface ExecutionEvent {
  readonly type: ExecutionEventType
  readonly timestampMs: number
  readonly orderId: string | null
  readonly positionId: string | null
  readonly symbol: string | null
  readonly correlationId: string | null
  readonly payload: Readonly<Record<string, unknown>>
}

/** Where the execution part announces its events; the engine wires it to the message bus. */
export interface ExecutionEventPublisher {
  publish(event: ExecutionEvent): void | Promise<void>
}

/** Keeps published events in memory; for tests. */
export class InMemoryExecutionEventPublisher implements ExecutionEventPublisher {
  readonly events: ExecutionEvent[] = []

  publish(event: ExecutionEvent): void {
    this.events.push(event)
  }

  /** Returns the events of one type, oldest first. */
  ofType(type: ExecutionEventType): ExecutionEvent[] {
    return this.events.filter((event) => event.type === type)
  }
}

/**
 * Sends each event to every publisher in turn (e.g. the audit table, the bus, the risk
 * engine's trade results). One that fails does not keep the event from the others — a
 * failed audit write must not hide a loss from the risk engine — and its error is thrown
 * once all had it.
 */
export class FanOutExecutionEventPublisher implements ExecutionEventPublisher {
  constructor(private readonly publishers: readonly ExecutionEventPublisher[]) {}

  async publish(event: ExecutionEvent): Promise<void> {
    const failures: unknown[] = []
    for (const publisher of this.publishers) {
      try {
        await publisher.publish(event)
      } catch (error) {
        failures.push(error)
      }
    }
    if (failures.length === 1) throw failures[0]
    if (failures.length > 1) {
      throw new AggregateError(failures, `${failures.length} execution event publishers failed`)
    }
  }
}

/**
 * The `execution_events` bus payload (snake_case, decimals as strings): `event_type` and
 * `order_id` are required by the topic schema, so position-only events use the position id.
 * The topic's `side` is an order side (buy/sell); a position's long/short travels as
 * `position_side`.
 */
export function toExecutionEventPayload(event: ExecutionEvent): Record<string, unknown> {
  const { side, ...rest } = event.payload
  const isPositionSide = side === 'long' || side === 'short'
  return {
    ...rest,
    ...(side === undefined ? {} : isPositionSide ? { position_side: side } : { side }),
    event_type: event.type,
    order_id: event.orderId ?? event.positionId ?? 'none',
    ...(event.positionId ? { position_id: event.positionId } : {}),
    ...(event.symbol ? { symbol: event.symbol } : {}),
    ...(event.correlationId ? { correlation_id: event.correlationId } : {}),
    timestamp_ms: event.timestampMs,
  }
}
