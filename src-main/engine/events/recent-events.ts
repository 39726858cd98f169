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
  /** The newest coordinator state event dropped for capacity. */
  private droppedCoordinatorState: EngineEvent | null = null

  constructor(private readonly capacity: number = MAX_RECENT_EVENTS) {}

  /** Keeps `event` when it is worth a feed line; ignores live values. */
  record(event: EngineEvent): void {
    if (!isFeedEvent(event)) return
    this.events.push(event)
    if (this.events.size <= this.capacity) return
    const dropped = this.events.shift()
    if (dropped?.type === 'coordinator.state') this.droppedCoordinatorState = dropped
  }

  /**
   * Returns the newest `limit` events, oldest first, led by the coordinator state event
   * before them when there was one: a feed tells each coordinator change against the state
   * before it, so the first change among them would otherwise go untold.
   */
  latest(limit: number): EngineEvent[] {
    const count = Math.min(limit, this.events.size)
    const start = this.events.size - count
    const newest = Array.from(
      { length: count },
      (_, index) => this.events.at(start + index) as EngineEvent,
    )
    const before = this.coordinatorStateBefore(start)
    return before ? [before, ...newest] : newest
  }

  private coordinatorStateBefore(start: number): EngineEvent | null {
    for (let index = start - 1; index >= 0; index--) {
      const event = this.events.at(index) as EngineEvent
      if (event.type === 'coordinator.state') return event
    }
    return this.droppedCoordinatorState
  }
}
