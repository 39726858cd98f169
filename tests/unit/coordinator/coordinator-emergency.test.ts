import { describe, expect, it } from 'vitest'
import type { CoordinatorStateRow } from '../../../src-main/engine/store'
import {
  aCoordinator,
  settle,
  type HarnessOptions,
} from '../../fakes/coordinator/coordinator-harness'
import { aCircuitBreakerAlert } from '../../helpers/circuit-breaker-alert'

const HOUR = 3_600_000

async function started(options: HarnessOptions = {}) {
  const harness = aCoordinator(options)
  await harness.coordinator.start()
  await settle(harness.clock)
  return harness
}

/** The risk engine's alert that a breaker re-armed, `kind` saying how; `active` still tripped. */
function aResetAlert(kind: 'expired' | 'manual', active: string[] = []) {
  return aCircuitBreakerAlert({
    alert_type: 'circuit_breaker_reset',
    action_required: 'none',
    severity: 'low',
    message: 'Circuit breaker daily_loss re-armed',
    reset_kind: kind,
    active_breakers: active,
  })
}

describe('emergency handling: circuit breakers', () => {
  it('halts trading on a circuit breaker and tells the dashboard, without closing by default', async () => {
    const harness = await started()
    const { coordinator, bus, clock, runners } = harness
    bus.publish({
      topic: 'risk_alerts',
      source: 'risk',
      payload: aCircuitBreakerAlert(),
      correlationId: 'cb-1',
    })
    await coordinator.whenIdle()
    expect(coordinator.state).toBe('HALTED')
    const halted = harness.events.filter((event) => event.payload.event_type === 'trading_halted')
    expect(halted).toHaveLength(1)
    expect(halted[0]).toMatchObject({ priority: 'URGENT', correlationId: 'cb-1' })
    expect(halted[0]?.payload.data).toMatchObject({
      reason: 'Daily loss limit reached',
      was_halted: false,
      close_positions: false,
    })
    expect(harness.eventsOf('coordinator_state_changed').at(-1)).toEqual({
      from: 'RUNNING',
      to: 'HALTED',
      reason: 'circuit_breaker: Daily loss limit reached',
    })
    expect(harness.closer.closed).toHaveLength(0)

    // Trading tasks stop while HALTED; analysis goes on.
    const before = {
      trading: runners.count('trading_decision'),
      ta: runners.count('technical_analysis'),
    }
    await clock.advance(2 * HOUR)
    expect(runners.count('trading_decision')).toBe(before.trading)
    expect(runners.count('portfolio_rebalance')).toBe(1)
    expect(runners.count('technical_analysis')).toBe(before.ta + 240)
    expect(coordinator.status().statistics.task_ticks_held).toBe(4)

    // A second breaker while halted changes nothing; a reset alert does not resume.
    bus.publish({ topic: 'risk_alerts', source: 'risk', payload: aCircuitBreakerAlert() })
    bus.publish({
      topic: 'risk_alerts',
      source: 'risk',
      payload: aCircuitBreakerAlert({
        alert_type: 'circuit_breaker_reset',
        action_required: 'none',
        severity: 'low',
      }),
    })
    await coordinator.whenIdle()
    expect(coordinator.state).toBe('HALTED')
    expect(harness.eventsOf('trading_halted').at(-1)).toMatchObject({ was_halted: true })

    // Only an explicit resume brings trading back.
    expect(coordinator.resume().ok).toBe(true)
    await clock.advance(HOUR)
    expect(runners.count('trading_decision')).toBe(before.trading + 2)
    await coordinator.stop()
  })

  it('cancels the resting entry orders on every circuit breaker, protective orders kept', async () => {
    const harness = await started()
    harness.bus.publish({
      topic: 'risk_alerts',
      source: 'risk',
      payload: aCircuitBreakerAlert(),
      correlationId: 'cb-1',
    })
    await harness.coordinator.whenIdle()
    // cancelAllOrders keeps stop-losses and take-profits; no position is closed by default.
    expect(harness.closer.cancelled).toEqual([
      { reason: 'circuit_breaker: Daily loss limit reached', correlationId: 'cb-1' },
    ])
    expect(harness.closer.closed).toHaveLength(0)
    expect(harness.eventsOf('orders_cancelled')).toEqual([
      { reason: 'circuit_breaker: Daily loss limit reached', cancelled: 3, errors: [] },
    ])

    // A breaker while already halted cancels again; a failure is reported, never thrown.
    harness.closer.cancelAllOrders = () => Promise.reject(new Error('exchange down'))
    harness.bus.publish({ topic: 'risk_alerts', source: 'risk', payload: aCircuitBreakerAlert() })
    await harness.coordinator.whenIdle()
    expect(harness.coordinator.state).toBe('HALTED')
    expect(harness.eventsOf('orders_cancelled').at(-1)).toEqual({
      reason: 'circuit_breaker: Daily loss limit reached',
      cancelled: 0,
      errors: ['exchange down'],
    })
  })

  it('closes every position on a circuit breaker when configured', async () => {
    const harness = await started({
      config: (config) => {
        config.emergency.close_positions_on_circuit_breaker = true
      },
    })
    harness.bus.publish({ topic: 'risk_alerts', source: 'risk', payload: aCircuitBreakerAlert() })
    await harness.coordinator.whenIdle()
    expect(harness.closer.closed).toEqual([
      { reason: 'circuit_breaker: Daily loss limit reached', correlationId: expect.any(String) },
    ])
    expect(harness.eventsOf('positions_closed')).toEqual([
      { reason: 'circuit_breaker: Daily loss limit reached', closed: 2, errors: [] },
    ])
    // The resting entries go first, so none fills while the positions close.
    expect(harness.closer.cancelled).toHaveLength(1)
    const emergencyEvents = harness.events
      .map((event) => event.payload.event_type)
      .filter((type) => type === 'orders_cancelled' || type === 'positions_closed')
    expect(emergencyEvents).toEqual(['orders_cancelled', 'positions_closed'])

    harness.closer.failClose = 'exchange down'
    harness.bus.publish({ topic: 'risk_alerts', source: 'risk', payload: aCircuitBreakerAlert() })
    await harness.coordinator.whenIdle()
    expect(harness.eventsOf('positions_closed').at(-1)).toMatchObject({
      closed: 0,
      errors: ['exchange down'],
    })
  })

  it('halts on any alert that requires halting, and ignores the others', async () => {
    const harness = await started()
    harness.bus.publish({
      topic: 'risk_alerts',
      source: 'risk',
      payload: { alert_type: 'exposure_warning', severity: 'medium', message: 'high exposure' },
    })
    await harness.coordinator.whenIdle()
    expect(harness.coordinator.state).toBe('RUNNING')
    harness.bus.publish({
      topic: 'risk_alerts',
      source: 'risk',
      payload: aCircuitBreakerAlert({ alert_type: 'drawdown', action_required: 'halt_trading' }),
    })
    await harness.coordinator.whenIdle()
    expect(harness.coordinator.state).toBe('HALTED')
  })

  it('the kill switch halts, cancels orders and closes positions when asked', async () => {
    const harness = await started()
    expect(await harness.coordinator.killSwitch({ closePositions: false })).toEqual({
      state: 'HALTED',
      cancelledOrders: 3,
      closedPositions: 0,
      errors: [],
    })
    harness.closer.failClose = 'exchange down'
    expect(await harness.coordinator.killSwitch({ closePositions: true })).toEqual({
      state: 'HALTED',
      cancelledOrders: 3,
      closedPositions: 0,
      errors: ['exchange down'],
    })
    harness.closer.failClose = null
    // The stop-loss and take-profit orders cancelled with the positions count as cancelled.
    expect(await harness.coordinator.killSwitch({ closePositions: true })).toEqual({
      state: 'HALTED',
      cancelledOrders: 7,
      closedPositions: 2,
      errors: [],
    })
  })
})

describe('emergency handling: repeated execution errors', () => {
  it('pauses a symbol after execution_errors_before_symbol_pause failures; resuming clears it', async () => {
    const harness = await started()
    const { coordinator, executor } = harness
    executor.failWith = 'EOrder:Insufficient funds'
    expect(await harness.signal()).toMatchObject({
      outcome: 'execution_failed',
      detail: 'EXECUTION: EOrder:Insufficient funds',
    })
    executor.failWith = null
    executor.throwWith = 'socket hang up'
    await harness.signal()
    expect(coordinator.status().pausedSymbols).toEqual([])
    await harness.signal()
    expect(coordinator.status().pausedSymbols).toEqual(['BTC/USDT'])
    expect(harness.eventsOf('execution_failed').map((data) => data.consecutive_errors)).toEqual([
      1, 2, 3,
    ])
    expect(harness.eventsOf('symbol_paused')).toEqual([
      {
        symbol: 'BTC/USDT',
        reason: 'execution_errors=3 limit=3 last_error=socket hang up',
      },
    ])

    executor.throwWith = null
    expect(await harness.signal()).toMatchObject({ outcome: 'ignored_symbol_paused' })
    expect(
      await harness.signal({ symbol: 'XRP/USDT', entry_price: '0.6', action: 'SELL' }),
    ).toMatchObject({
      outcome: 'executed',
    })

    expect(coordinator.resumeSymbol('BTC/USDT')).toBe(true)
    expect(coordinator.resumeSymbol('BTC/USDT')).toBe(false)
    expect(harness.eventsOf('symbol_resumed')).toEqual([{ symbol: 'BTC/USDT' }])
    expect(await harness.signal({ action: 'SELL' })).toMatchObject({ outcome: 'executed' })
    expect(coordinator.status().statistics.execution_errors).toBe(3)
  })

  it('a success resets the count of consecutive errors', async () => {
    const harness = await started()
    harness.executor.failWith = 'rejected'
    await harness.signal()
    await harness.signal()
    harness.executor.failWith = null
    await harness.signal({ action: 'SELL' })
    harness.executor.failWith = 'rejected'
    await harness.signal()
    await harness.signal()
    expect(harness.coordinator.status().pausedSymbols).toEqual([])
    expect(harness.coordinator.pauseSymbol('BTC/USDT', 'manual')).toBe(true)
    expect(harness.coordinator.pauseSymbol('BTC/USDT', 'manual')).toBe(false)
    expect(harness.coordinator.isTradeAllowed('BTC/USDT', false)).toBe(false)
    expect(harness.coordinator.isTradeAllowed('BTC/USDT', true)).toBe(true)
    expect(harness.coordinator.isTradeAllowed('XRP/USDT', false)).toBe(true)
  })
})

describe('emergency handling: the database', () => {
  it('pauses trading when the state cannot be saved', async () => {
    const harness = await started()
    harness.memoryState.failWith = 'connection refused'
    harness.coordinator.pauseSymbol('XRP/USDT', 'manual')
    await harness.coordinator.flush()
    expect(harness.coordinator.state).toBe('PAUSED')
    expect(harness.coordinator.status().statistics.persistence_failures).toBeGreaterThanOrEqual(1)
    expect(harness.eventsOf('coordinator_state_changed').at(-1)).toMatchObject({
      to: 'PAUSED',
      reason: 'database_unavailable: coordinator_state',
    })
    harness.memoryState.failWith = null
    await harness.coordinator.stop()
  })

  it('starts PAUSED when the saved state cannot be read or is invalid', async () => {
    const unreadable = aCoordinator()
    unreadable.memoryState.failWith = 'connection refused'
    await unreadable.coordinator.start()
    expect(unreadable.coordinator.state).toBe('PAUSED')
    unreadable.memoryState.failWith = null
    await unreadable.coordinator.stop()

    const invalid = aCoordinator()
    await invalid.memoryState.save('coordinator', {
      state: 'DANCING',
      degradationLevel: 'NORMAL',
      tasks: {},
      statistics: {},
      pausedSymbols: [],
      degradationHistory: [],
      updatedAtMs: 0,
    })
    await invalid.coordinator.start()
    expect(invalid.coordinator.state).toBe('PAUSED')
    expect(invalid.coordinator.status().statistics.restore_failures).toBe(1)
    await invalid.coordinator.stop()
  })
})

describe('emergency handling: breakers that re-arm by themselves', () => {
  const trip = aCircuitBreakerAlert()

  it('resumes trading once the last breaker that halted it re-armed at its reset time', async () => {
    const harness = await started()
    const { coordinator, bus } = harness
    bus.publish({ topic: 'risk_alerts', source: 'risk', payload: trip })
    bus.publish({ topic: 'risk_alerts', source: 'risk', payload: trip })
    await coordinator.whenIdle()
    expect(coordinator.state).toBe('HALTED')

    // One of two breakers re-armed: still halted.
    bus.publish({
      topic: 'risk_alerts',
      source: 'risk',
      payload: aResetAlert('expired', ['volatility']),
    })
    expect(coordinator.state).toBe('HALTED')
    bus.publish({ topic: 'risk_alerts', source: 'risk', payload: aResetAlert('expired') })
    expect(coordinator.state).toBe('RUNNING')
    expect(harness.eventsOf('coordinator_state_changed').at(-1)).toEqual({
      from: 'HALTED',
      to: 'RUNNING',
      reason: 'circuit breakers re-armed: Circuit breaker daily_loss re-armed',
    })
    await coordinator.stop()
  })

  it('goes back to PAUSED when trading was paused before the breaker', async () => {
    const harness = await started()
    const { coordinator, bus } = harness
    coordinator.pause()
    bus.publish({ topic: 'risk_alerts', source: 'risk', payload: trip })
    await coordinator.whenIdle()
    expect(coordinator.state).toBe('HALTED')
    bus.publish({ topic: 'risk_alerts', source: 'risk', payload: aResetAlert('expired') })
    expect(coordinator.state).toBe('PAUSED')
    await coordinator.stop()
  })

  it.each([
    [
      'a breaker reset by hand',
      (h: Awaited<ReturnType<typeof started>>) =>
        h.bus.publish({ topic: 'risk_alerts', source: 'risk', payload: aResetAlert('manual') }),
    ],
    [
      'a kill switch during the halt',
      async (h: Awaited<ReturnType<typeof started>>) => {
        await h.coordinator.killSwitch({ closePositions: false })
        h.bus.publish({ topic: 'risk_alerts', source: 'risk', payload: aResetAlert('expired') })
      },
    ],
    [
      'a halt a person made before the breaker',
      async (h: Awaited<ReturnType<typeof started>>) => {
        h.coordinator.halt('by hand')
        h.bus.publish({ topic: 'risk_alerts', source: 'risk', payload: trip })
        await h.coordinator.whenIdle()
        h.bus.publish({ topic: 'risk_alerts', source: 'risk', payload: aResetAlert('expired') })
      },
    ],
  ])('stays HALTED after %s', async (_case, act) => {
    const harness = await started()
    harness.bus.publish({ topic: 'risk_alerts', source: 'risk', payload: trip })
    await harness.coordinator.whenIdle()
    await act(harness)
    await harness.coordinator.whenIdle()
    expect(harness.coordinator.state).toBe('HALTED')
    await harness.coordinator.stop()
  })

  describe('across a restart', () => {
    /** A coordinator halted by a breaker (after a pause when `wasPaused`), then stopped. */
    async function haltedAndStopped(wasPaused = false) {
      const first = await started()
      if (wasPaused) first.coordinator.pause()
      first.bus.publish({ topic: 'risk_alerts', source: 'risk', payload: trip })
      await first.coordinator.whenIdle()
      await first.coordinator.stop()
      return first
    }

    it.each([
      [false, 'RUNNING'],
      [true, 'PAUSED'],
    ] as const)(
      'resumes at start when the breakers re-armed while it was stopped (paused before: %s)',
      async (wasPaused, state) => {
        const first = await haltedAndStopped(wasPaused)
        const second = aCoordinator({ share: first })
        await second.coordinator.start()
        expect(second.coordinator.state).toBe(state)
        expect(second.eventsOf('coordinator_state_changed')).toContainEqual({
          from: 'HALTED',
          to: 'RUNNING',
          reason: 'circuit breakers re-armed while the app was stopped',
        })
        await second.coordinator.stop()
      },
    )

    it('stays HALTED at start while a breaker is tripped, and resumes when it re-arms', async () => {
      const first = await haltedAndStopped()
      first.risk.breakers = ['daily_loss']
      const second = aCoordinator({ share: first })
      await second.coordinator.start()
      expect(second.coordinator.state).toBe('HALTED')
      first.risk.breakers = []
      second.bus.publish({ topic: 'risk_alerts', source: 'risk', payload: aResetAlert('expired') })
      expect(second.coordinator.state).toBe('RUNNING')
      await second.coordinator.stop()
    })

    it.each([
      [false, 'RUNNING'],
      [true, 'PAUSED'],
    ] as const)(
      'halts at start when a breaker is tripped that it never heard of (paused before: %s), and resumes when it re-arms',
      async (wasPaused, resumedTo) => {
        const first = await started()
        if (wasPaused) first.coordinator.pause()
        await first.coordinator.stop()
        // Tripped while it was stopped (a limit tightened), its alert sent before anyone listened.
        first.risk.breakers = ['max_drawdown']
        const second = aCoordinator({ share: first })
        await second.coordinator.start()
        await second.coordinator.whenIdle()
        expect(second.coordinator.state).toBe('HALTED')
        expect(second.eventsOf('trading_halted')).toContainEqual(
          expect.objectContaining({
            reason: 'circuit breakers tripped at start: max_drawdown',
            was_halted: false,
          }),
        )
        first.risk.breakers = []
        second.bus.publish({
          topic: 'risk_alerts',
          source: 'risk',
          payload: aResetAlert('expired'),
        })
        expect(second.coordinator.state).toBe(resumedTo)
        await second.coordinator.stop()
      },
    )

    it.each([
      ['no breaker left', [] as string[]],
      ['another breaker still tripped', ['volatility']],
    ])(
      'stays HALTED after a breaker reset by hand (%s), also once the rest re-arm and after a restart',
      async (_case, stillTripped) => {
        const first = await started()
        first.bus.publish({ topic: 'risk_alerts', source: 'risk', payload: trip })
        await first.coordinator.whenIdle()
        first.bus.publish({
          topic: 'risk_alerts',
          source: 'risk',
          payload: aResetAlert('manual', stillTripped),
        })
        first.bus.publish({ topic: 'risk_alerts', source: 'risk', payload: aResetAlert('expired') })
        expect(first.coordinator.state).toBe('HALTED')
        await first.coordinator.stop()
        first.risk.breakers = []
        const second = aCoordinator({ share: first })
        await second.coordinator.start()
        expect(second.coordinator.state).toBe('HALTED')
        await second.coordinator.stop()
      },
    )

    it('stays HALTED after a restart when a person halted it', async () => {
      const first = await started()
      first.coordinator.halt('by hand')
      await first.coordinator.stop()
      const second = aCoordinator({ share: first })
      await second.coordinator.start()
      expect(second.coordinator.state).toBe('HALTED')
      second.bus.publish({ topic: 'risk_alerts', source: 'risk', payload: aResetAlert('expired') })
      expect(second.coordinator.state).toBe('HALTED')
      await second.coordinator.stop()
    })

    it('stays HALTED when the saved halt no longer validates, and keeps its row until a person resumes', async () => {
      const first = await haltedAndStopped()
      const halted = first.memoryState.rows.get('coordinator')
      expect(halted).toMatchObject({ state: 'HALTED', resumeAfterBreakers: 'RUNNING' })
      // One field that no longer fits (a bad JSON value) spoils the row; its state still reads.
      const unreadable = { ...halted, tasks: 'not an object' } as CoordinatorStateRow
      first.memoryState.rows.set('coordinator', structuredClone(unreadable))

      const second = aCoordinator({ share: first })
      await second.coordinator.start()
      await settle(second.clock)
      // No breaker is tripped, yet the halt waits for a person: what made it cannot be read.
      expect(second.coordinator.state).toBe('HALTED')
      expect(second.eventsOf('coordinator_restore_failed')).toEqual([
        { state: 'HALTED', error: expect.stringContaining('field=tasks') },
      ])
      expect(second.coordinator.restoreFailure).toContain('field=tasks')
      await second.coordinator.stop()
      expect(first.memoryState.rows.get('coordinator')).toEqual(unreadable)

      first.risk.breakers = ['daily_loss']
      const third = aCoordinator({ share: first })
      await third.coordinator.start()
      expect(third.coordinator.state).toBe('HALTED')
      third.coordinator.resume('checked by hand')
      await third.coordinator.flush()
      expect(first.memoryState.rows.get('coordinator')).toMatchObject({
        state: 'RUNNING',
        tasks: expect.any(Object),
      })
      await third.coordinator.stop()
    })

    it('starts PAUSED when the saved state cannot be loaded, and does not write over it', async () => {
      const first = await haltedAndStopped()
      // No breaker is tripped now (one would halt it): the row alone knows of the halt.
      first.risk.breakers = []
      const halted = structuredClone(first.memoryState.rows.get('coordinator'))
      first.memoryState.failWith = 'connection refused'
      const second = aCoordinator({ share: first })
      await second.coordinator.start()
      first.memoryState.failWith = null
      await settle(second.clock)
      expect(second.coordinator.state).toBe('PAUSED')
      await second.coordinator.stop()
      expect(first.memoryState.rows.get('coordinator')).toEqual(halted)
      expect(second.eventsOf('coordinator_restore_failed')).toEqual([
        { state: 'PAUSED', error: 'connection refused' },
      ])

      first.risk.breakers = ['daily_loss']
      const third = aCoordinator({ share: first })
      await third.coordinator.start()
      expect(third.coordinator.state).toBe('HALTED')
      await third.coordinator.stop()
    })
  })

  it('stays HALTED when configured to wait for a person', async () => {
    const harness = await started({
      config: (config) => {
        config.emergency.resume_when_breakers_rearm = false
      },
    })
    harness.bus.publish({ topic: 'risk_alerts', source: 'risk', payload: trip })
    await harness.coordinator.whenIdle()
    harness.bus.publish({ topic: 'risk_alerts', source: 'risk', payload: aResetAlert('expired') })
    expect(harness.coordinator.state).toBe('HALTED')
    await harness.coordinator.stop()
  })
})
