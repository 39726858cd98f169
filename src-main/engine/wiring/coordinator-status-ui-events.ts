import type { Coordinator } from '../coordinator'
import type { EngineEventHub } from '../events/engine-event-hub'

/**
 * Pushes the coordinator's whole status as `coordinator.state` each time its state, degradation
 * level or paused symbols change — the trader's commands and the engine's own changes alike
 * (a breaker's halt, the health check moving NORMAL → LIMITED → EMERGENCY, a symbol paused
 * after repeated execution errors) — so the header shows a halt at once, not at the next
 * poll. Emitted also while no one listens: such a change is a feed line a later UI loads.
 * Returns the function that stops it.
 */
export function forwardCoordinatorStatusToUi(
  coordinator: Pick<Coordinator, 'onStatusChange'>,
  events: EngineEventHub,
): () => void {
  return coordinator.onStatusChange((status) => {
    events.emit({ type: 'coordinator.state', at: status.now, status })
  })
}
