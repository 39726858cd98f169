import type { EngineEvent } from '../../../src-shared/contract'
import type { Logger } from '../logging/logger'

/**
 * Fans engine events out to the transports (IPC window, WebSocket clients). A listener that
 * throws is logged and kept; it never stops delivery to the others.
 */
export class EngineEventHub {
  private readonly listeners = new Set<(event: EngineEvent) => void>()

  constructor(private readonly logger: Logger) {}

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }

  /** Sends an event to every listener. */
  emit(event: EngineEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event)
      } catch (error) {
        this.logger.warn({ err: error, type: event.type }, 'engine event listener failed')
      }
    }
  }

  /** Returns how many listeners are attached. */
  size(): number {
    return this.listeners.size
  }
}
