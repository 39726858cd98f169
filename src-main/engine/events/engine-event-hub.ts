import type { EngineEvent } from '../../../src-shared/contract'
import type { Logger } from '../logging/logger'
import { ChangeListeners } from './change-listeners'
import { RecentEvents } from './recent-events'

/**
 * Fans engine events out to the transports (IPC window, WebSocket clients) and keeps the
 * recent feed-worthy ones for a UI that loads later. A listener that throws is logged and
 * kept; it never stops delivery to the others.
 */
export class EngineEventHub {
  private readonly listeners: ChangeListeners<EngineEvent>

  constructor(
    logger: Logger,
    /** Where emitted events are remembered (also while no one listens). */
    readonly recent: RecentEvents = new RecentEvents(),
  ) {
    this.listeners = new ChangeListeners(logger, 'engine event', (event) => ({ type: event.type }))
  }

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: (event: EngineEvent) => void): () => void {
    return this.listeners.add(listener)
  }

  /** Sends an event to every listener. */
  emit(event: EngineEvent): void {
    this.recent.record(event)
    this.listeners.notify(event)
  }

  /**
   * Returns how many listeners are attached. Emitters skip building live values when it is 0;
   * feed-worthy events are emitted anyway, for `recent`.
   */
  size(): number {
    return this.listeners.size
  }
}
