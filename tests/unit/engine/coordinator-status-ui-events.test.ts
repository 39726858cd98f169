import { describe, expect, it } from 'vitest'
import type { CoordinatorStatus, EngineEvent } from '../../../src-shared/contract'
import { EngineEventHub } from '../../../src-main/engine/events/engine-event-hub'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import { forwardCoordinatorStatusToUi } from '../../../src-main/engine/wiring/coordinator-status-ui-events'
import { aCoordinatorStatus } from '../../helpers/renderer/builders'

const T0 = Date.UTC(2021, 4, 10)

/** A coordinator that reports the status changes a test hands it. */
class FakeCoordinator {
  private listener: ((status: CoordinatorStatus) => void) | null = null

  onStatusChange(listener: (status: CoordinatorStatus) => void): () => void {
    this.listener = listener
    return () => (this.listener = null)
  }

  change(status: CoordinatorStatus): void {
    this.listener?.(status)
  }
}

describe('forwardCoordinatorStatusToUi', () => {
  it("pushes each status change as coordinator.state at the status's engine time", () => {
    const coordinator = new FakeCoordinator()
    const hub = new EngineEventHub(silentLogger())
    const seen: EngineEvent[] = []
    hub.subscribe((event) => seen.push(event))
    forwardCoordinatorStatusToUi(coordinator, hub)
    const halted = aCoordinatorStatus({ now: T0, state: 'HALTED', degradationLevel: 'EMERGENCY' })
    coordinator.change(halted)
    expect(seen).toEqual([{ type: 'coordinator.state', at: T0, status: halted }])
  })

  it('keeps a change for the recent feed while no one listens, and stops when told', () => {
    const coordinator = new FakeCoordinator()
    const hub = new EngineEventHub(silentLogger())
    const stop = forwardCoordinatorStatusToUi(coordinator, hub)
    const halted = aCoordinatorStatus({ now: T0, state: 'HALTED' })
    coordinator.change(halted)
    stop()
    coordinator.change(aCoordinatorStatus({ now: T0 + 1, state: 'RUNNING' }))
    expect(hub.recent.latest(10)).toEqual([{ type: 'coordinator.state', at: T0, status: halted }])
  })
})
