import type { Clock } from '../clock'
import type { Coordinator } from '../coordinator'
import type { EngineEventHub } from '../events/engine-event-hub'

/**
 * Pushes each change of a scheduled task (run started, ended or skipped; enabled or disabled)
 * to the hosts as `task.updated` with the task's status, so the task list is current without
 * polling. Nothing is built while no one listens (a replay without a UI). Returns the
 * function that stops it.
 */
export function forwardTaskChangesToUi(
  coordinator: Pick<Coordinator, 'onTaskChange' | 'taskStatus'>,
  events: EngineEventHub,
  clock: Pick<Clock, 'now'>,
): () => void {
  return coordinator.onTaskChange((name) => {
    if (events.size() === 0) return
    const task = coordinator.taskStatus(name)
    if (task !== undefined) events.emit({ type: 'task.updated', at: clock.now(), task })
  })
}
