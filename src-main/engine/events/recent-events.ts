import type { EngineEvent } from '../../../src-shared/contract'
import { isFeedEvent, MAX_RECENT_EVENTS } from '../../../src-shared/contract'
import { Deque } from '../bus/deque'

/**
 * The latest feed-worthy events the engine pushed (see `isFeedEvent`), oldest dropped
 * first, so a UI that (re)loads can show what happened before it connected. Kept in
 * memory: it starts empty with the engine.
 */
export class RecentEvents {
  private readonly events = new Deque<EngineEvent>()

  constructor(private readonly capacity: number = MAX_RECENT_EVENTS) {}

  /** Keeps `event` when it is worth a feed line; ignores live values. */
  record(event: EngineEvent): void {
    if (!isFeedEvent(event)) return
    this.events.push(event)
    if (this.events.size > this.capacity) this.events.shift()
  }

  /** Returns the newest `limit` events, oldest first. */
  latest(limit: number): EngineEvent[] {
    const count = Math.min(limit, this.events.size)
    const start = this.events.size - count
    return Array.from({ length: count }, (_, index) => this.events.at(start + index) as EngineEvent)
  }
}
