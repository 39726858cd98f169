import type { Clock } from '../clock'
import type { EngineEventHub } from '../events/engine-event-hub'
import type { RiskEngine } from '../risk'

/**
 * Pushes the risk engine's whole status as `risk.status` each time what blocks new entries
 * changes — a symbol paused or resumed, a cooldown started, a breaker tripped or re-armed,
 * and each of them ending by itself on the engine's clock — so the risk panel never shows a
 * pause that has ended. Nothing is sent while no one listens: the status is not a feed line,
 * and a UI that connects later loads it. Returns the function that stops it.
 */
export function forwardRiskStatusToUi(
  risk: Pick<RiskEngine, 'onStatusChange'>,
  events: EngineEventHub,
  clock: Pick<Clock, 'now'>,
): () => void {
  return risk.onStatusChange((status) => {
    if (events.size() === 0) return
    events.emit({ type: 'risk.status', at: clock.now(), status })
  })
}
