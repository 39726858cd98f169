import { describe, expect, it } from 'vitest'
import type { CoordinatorStatus } from '../../../src-shared/contract'
import { aCoordinator, settle } from '../../fakes/coordinator/coordinator-harness'
import { aCircuitBreakerAlert } from '../../helpers/circuit-breaker-alert'

const MINUTE = 60_000

/** A started coordinator whose status changes are recorded as state/level/paused symbols. */
async function watched() {
  const harness = aCoordinator()
  const changes: Pick<CoordinatorStatus, 'state' | 'degradationLevel' | 'pausedSymbols' | 'now'>[] =
    []
  harness.coordinator.onStatusChange(({ state, degradationLevel, pausedSymbols, now }) =>
    changes.push({ state, degradationLevel, pausedSymbols, now }),
  )
  await harness.coordinator.start()
  await settle(harness.clock)
  return { ...harness, changes }
}

describe('coordinator status changes', () => {
  it("tells status listeners of a circuit breaker's halt, at once and stamped with the engine's clock", async () => {
    const { coordinator, bus, clock, changes } = await watched()
    bus.publish({
      topic: 'risk_alerts',
      source: 'risk',
      payload: aCircuitBreakerAlert(),
    })
    await coordinator.whenIdle()
    expect(changes).toEqual([
      { state: 'HALTED', degradationLevel: 'NORMAL', pausedSymbols: [], now: clock.now() },
    ])
  })

  it('tells them when the health check moves the degradation level, both ways', async () => {
    const { clock, health, changes } = await watched()
    health.setAll(false)
    await clock.advance(MINUTE)
    health.setAll(true)
    await clock.advance(MINUTE)
    expect(changes.map((change) => change.degradationLevel)).toEqual(['EMERGENCY', 'NORMAL'])
  })

  it('tells them when repeated execution errors pause a symbol, and when it resumes', async () => {
    const harness = await watched()
    harness.executor.failWith = 'EOrder:Insufficient funds'
    for (let attempt = 0; attempt < 3; attempt++) await harness.signal()
    expect(harness.changes.map((change) => change.pausedSymbols)).toEqual([['BTC/USDT']])
    harness.coordinator.resumeSymbol('BTC/USDT')
    expect(harness.changes.map((change) => change.pausedSymbols)).toEqual([['BTC/USDT'], []])
  })

  it("tells them of a trader's pause and resume, and of nothing that changes no state", async () => {
    const { coordinator, clock, changes } = await watched()
    coordinator.pause('paused by the trader')
    coordinator.pause('again') // refused: already PAUSED
    coordinator.resume('resumed by the trader')
    coordinator.pauseSymbol('XRP/USDT', 'manual')
    coordinator.pauseSymbol('XRP/USDT', 'manual') // already paused
    await clock.advance(5 * MINUTE) // task runs: pushed as task changes, not here
    expect(changes.map(({ state, pausedSymbols }) => [state, pausedSymbols])).toEqual([
      ['PAUSED', []],
      ['RUNNING', []],
      ['RUNNING', ['XRP/USDT']],
    ])
  })

  it('halts even when a status listener throws, and stops telling a removed listener', async () => {
    const harness = aCoordinator()
    const { coordinator } = harness
    coordinator.onStatusChange(() => {
      throw new Error('ui gone')
    })
    const seen: string[] = []
    const stop = coordinator.onStatusChange(({ state }) => seen.push(state))
    await coordinator.start()
    coordinator.halt('test')
    expect(coordinator.state).toBe('HALTED')
    stop()
    coordinator.resume('test')
    expect(seen).toEqual(['HALTED'])
  })
})
