import { Deque } from './deque'
import { isExpired, type AnyMessage } from './message'
import type { Topic } from './topics'

/** Which messages `MessageBus.history` returns; every field narrows, none is required. */
export interface HistoryQuery {
  topic?: Topic
  source?: string
  /** Matches `payload.symbol`. */
  symbol?: string
  correlationId?: string
  /** Published at or after this time (Unix ms). */
  sinceMs?: number
  /** Published at or before this time (Unix ms). */
  untilMs?: number
  /** Returns only the most recent `limit` matches. */
  limit?: number
}

/**
 * Recently published messages, oldest first, bounded in count. Expired messages are
 * dropped from the front as new ones arrive and are never returned by a query; a message
 * with a long TTL ahead of shorter-lived ones is dropped at the latest when the count
 * bound pushes it out.
 */
export class MessageHistory {
  private readonly messages = new Deque<AnyMessage>()
  private evictedCount = 0

  constructor(private readonly maxSize: number) {}

  /** How many messages are held, expired ones not yet dropped included. */
  get size(): number {
    return this.messages.size
  }

  /** How many messages were dropped so far, by expiry or by the count bound. */
  get evicted(): number {
    return this.evictedCount
  }

  /** Adds a message, dropping expired ones from the front and the oldest beyond the bound. */
  add(message: AnyMessage, nowMs: number): void {
    this.messages.push(message)
    for (
      let front = this.messages.peekFront();
      front !== undefined;
      front = this.messages.peekFront()
    ) {
      if (this.messages.size <= this.maxSize && !isExpired(front, nowMs)) break
      this.messages.shift()
      this.evictedCount++
    }
  }

  /** Returns the unexpired messages matching the query, oldest first. */
  query(query: HistoryQuery, nowMs: number): AnyMessage[] {
    const limit = query.limit ?? Number.POSITIVE_INFINITY
    const found: AnyMessage[] = []
    for (let offset = this.messages.size - 1; offset >= 0 && found.length < limit; offset--) {
      const message = this.messages.at(offset) as AnyMessage
      if (matches(message, query) && !isExpired(message, nowMs)) found.push(message)
    }
    return found.reverse()
  }
}

function matches(message: AnyMessage, query: HistoryQuery): boolean {
  if (query.topic !== undefined && message.topic !== query.topic) return false
  if (query.source !== undefined && message.source !== query.source) return false
  if (query.correlationId !== undefined && message.correlationId !== query.correlationId)
    return false
  if (query.sinceMs !== undefined && message.timestamp < query.sinceMs) return false
  if (query.untilMs !== undefined && message.timestamp > query.untilMs) return false
  if (query.symbol !== undefined && symbolOf(message) !== query.symbol) return false
  return true
}

/** Returns `payload.symbol` when the payload has a string one. */
export function symbolOf(message: AnyMessage): string | undefined {
  const symbol = (message.payload as { symbol?: unknown }).symbol
  return typeof symbol === 'string' ? symbol : undefined
}
