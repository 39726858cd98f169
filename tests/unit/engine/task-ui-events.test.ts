import { describe, expect, it } from 'vitest'
import type { EngineEvent } from '../../../src-shared/contract'
import type { TaskName } from '../../../src-main/engine/coordinator'
import { VirtualClock } from '../../../src-main/engine/clock'
import { EngineEventHub } from '../../../src-main/engine/events/engine-event-hub'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import { forwardTaskChangesToUi } from '../../../src-main/engine/wiring/task-ui-events'
import { ManualChanges } from '../../helpers/manual-changes'
import { aTask } from '../../helpers/renderer/builders'

const T0 = Date.UTC(2021, 4, 10)

describe('forwardTaskChangesToUi', () => {
  it("pushes each task change as task.updated at the engine's time", () => {
    const changes = new ManualChanges<TaskName>()
    const coordinator = {
      onTaskChange: changes.subscribe,
      taskStatus: () => aTask({ isRunning: true, runs: 4 }),
    }
    const hub = new EngineEventHub(silentLogger())
    const seen: EngineEvent[] = []
    hub.subscribe((event) => seen.push(event))
    forwardTaskChangesToUi(coordinator, hub, new VirtualClock(T0))
    changes.fire('technical_analysis')
    expect(seen).toEqual([
      { type: 'task.updated', at: T0, task: aTask({ isRunning: true, runs: 4 }) },
    ])
  })

  it('sends nothing while no one listens, and stops when told', () => {
    const changes = new ManualChanges<TaskName>()
    let statusReads = 0
    const coordinator = {
      onTaskChange: changes.subscribe,
      taskStatus: () => (statusReads++, aTask()),
    }
    const hub = new EngineEventHub(silentLogger())
    const stop = forwardTaskChangesToUi(coordinator, hub, new VirtualClock(T0))
    changes.fire('technical_analysis')
    // No one listens: the task's status is not even built.
    expect(statusReads).toBe(0)
    const seen: EngineEvent[] = []
    hub.subscribe((event) => seen.push(event))
    stop()
    changes.fire('technical_analysis')
    expect(seen).toEqual([])
  })
})
