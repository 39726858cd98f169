import { describe, expect, it } from 'vitest'
import type { CoordinatorStatus, EngineEvent } from '../../../src-shared/contract'
import { EngineEventHub } from '../../../src-main/engine/events/engine-event-hub'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import { forwardCoordinatorStatusToUi } from '../../../src-main/engine/wiring/coordinator-status-ui-events'
import { ManualChanges } from '../../helpers/manual-changes'
import { aCoordinatorStatus } from '../../helpers/renderer/builders'

const T0 = Date.UTC(2021, 4, 10)

describe('forwardCoordinatorStatusToUi', () => {
  it("pushes each status change as coordinator.state at the status's engine time", () => {
    const changes = new ManualChanges<CoordinatorStatus>()
    const coordinator = { onStatusChange: changes.subscribe }
    const hub = new EngineEventHub(silentLogger())
    const seen: EngineEvent[] = []
    hub.subscribe((event) => seen.push(event))
    forwardCoordinatorStatusToUi(coordinator, hub)
    const halted = aCoordinatorStatus({ now: T0, state: 'HALTED', degradationLevel: 'EMERGENCY' })
    changes.fire(halted)
    expect(seen).toEqual([{ type: 'coordinator.state', at: T0, status: halted }])
  })

  it('keeps a change for the recent feed while no one listens, and stops when told', () => {
    const changes = new ManualChanges<CoordinatorStatus>()
    const coordinator = { onStatusChange: changes.subscribe }
    const hub = new EngineEventHub(silentLogger())
    const stop = forwardCoordinatorStatusToUi(coordinator, hub)
    const halted = aCoordinatorStatus({ now: T0, state: 'HALTED' })
    changes.fire(halted)
    stop()
    changes.fire(aCoordinatorStatus({ now: T0 + 1, state: 'RUNNING' }))
    expect(hub.recent.latest(10)).toEqual([{ type: 'coordinator.state', at: T0, status: halted }])
  })
})
