import { describe, expect, it } from 'vitest'
import { runSkipped, TASK_NAMES, type TaskName } from '../../../src-main/engine/coordinator'
import { aCoordinator, settle } from '../../fakes/coordinator/coordinator-harness'

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

function never(): Promise<void> {
  return new Promise(() => {})
}

describe('task scheduling over a simulated day', () => {
  it('fires each task at its interval: 1440 TA, 288 regime, 24 trading, 24 portfolio, no sentiment', async () => {
    const harness = aCoordinator()
    const { coordinator, clock, runners } = harness
    const start = clock.now()
    await coordinator.start()
    await clock.advance(DAY - 1)

    const expected: Record<TaskName, number> = {
      technical_analysis: 1440,
      regime_detection: 288,
      sentiment_analysis: 0,
      trading_decision: 24,
      portfolio_rebalance: 24,
    }
    for (const task of TASK_NAMES) {
      expect(coordinator.taskStatus(task)?.runs, task).toBe(expected[task])
    }
    for (const symbol of ['BTC/USDT', 'XRP/USDT']) {
      expect(runners.count('technical_analysis', symbol)).toBe(1440)
      expect(runners.count('regime_detection', symbol)).toBe(288)
      expect(runners.count('trading_decision', symbol)).toBe(24)
    }
    expect(runners.count('portfolio_rebalance', 'PORTFOLIO')).toBe(24)
    expect(runners.count('portfolio_rebalance')).toBe(24)
    expect(runners.count('sentiment_analysis')).toBe(0)

    // The right times: every TA run on a minute boundary, every trading run on the hour.
    const taTimes = runners.calls
      .filter((call) => call.task === 'technical_analysis' && call.symbol === 'BTC/USDT')
      .map((call) => call.at - start)
    expect(taTimes.slice(0, 3)).toEqual([0, MINUTE, 2 * MINUTE])
    expect(taTimes.every((offset, index) => offset === index * MINUTE)).toBe(true)
    const tradingTimes = runners.calls
      .filter((call) => call.task === 'trading_decision' && call.symbol === 'XRP/USDT')
      .map((call) => call.at - start)
    expect(tradingTimes).toEqual(Array.from({ length: 24 }, (_, hour) => hour * HOUR))

    const ta = coordinator.taskStatus('technical_analysis')
    expect(ta).toMatchObject({
      intervalSeconds: 60,
      isEnabled: true,
      isRunning: false,
      lastRunAt: start + DAY - MINUTE,
      nextRunAt: start + DAY,
      lastDurationMs: 0,
      failures: 0,
      skipped: 0,
      timeouts: 0,
      lastError: null,
    })
    expect(coordinator.taskStatus('sentiment_analysis')).toMatchObject({
      isEnabled: false,
      nextRunAt: null,
      lastRunAt: null,
    })
    await coordinator.stop()
  })

  it('tells task-change listeners when a run starts, ends or is skipped, and on enable/disable', async () => {
    const { coordinator, clock, runners } = aCoordinator()
    const changes: { name: string; isRunning: boolean; runs: number; skipped: number }[] = []
    const stop = coordinator.onTaskChange((task) => {
      const { name, isRunning, runs, skipped } = coordinator.taskStatus(task)!
      changes.push({ name, isRunning, runs, skipped })
    })
    const releases: (() => void)[] = []
    runners.behaviour = (task) =>
      task === 'technical_analysis'
        ? new Promise<void>((resolve) => releases.push(resolve))
        : Promise.resolve()
    await coordinator.start()
    await settle(clock)
    const technical = () => changes.filter((change) => change.name === 'technical_analysis')
    expect(technical()).toEqual([
      { name: 'technical_analysis', isRunning: true, runs: 1, skipped: 0 },
    ])
    coordinator.runTaskNow('technical_analysis')
    await settle(clock)
    // A run now finds both symbols still running: both skipped, then the tick reported.
    expect(technical().slice(1)).toEqual([
      { name: 'technical_analysis', isRunning: true, runs: 2, skipped: 1 },
      { name: 'technical_analysis', isRunning: true, runs: 2, skipped: 2 },
      { name: 'technical_analysis', isRunning: true, runs: 2, skipped: 2 },
      // That tick is over (nothing of it ran); the first one's runs still go.
      { name: 'technical_analysis', isRunning: true, runs: 2, skipped: 2 },
    ])
    for (const release of releases) release()
    await settle(clock)
    expect(technical().at(-1)).toEqual({
      name: 'technical_analysis',
      isRunning: false,
      runs: 2,
      skipped: 2,
    })
    changes.length = 0
    coordinator.disableTask('regime_detection')
    expect(changes).toEqual([{ name: 'regime_detection', isRunning: false, runs: 1, skipped: 0 }])
    stop()
    coordinator.enableTask('regime_detection')
    expect(changes).toHaveLength(1)
  })

  it('keeps scheduling when a task-change listener throws', async () => {
    const { coordinator, clock } = aCoordinator()
    coordinator.onTaskChange(() => {
      throw new Error('ui gone')
    })
    await coordinator.start()
    await clock.advance(2 * MINUTE)
    expect(coordinator.taskStatus('technical_analysis')?.runs).toBe(3)
  })

  it('gives every run its own correlation id and the current degradation level', async () => {
    const { coordinator, clock, runners } = aCoordinator()
    await coordinator.start()
    await clock.advance(MINUTE)
    const ids = runners.calls.map((call) => call.context.correlationId)
    expect(new Set(ids).size).toBe(ids.length)
    expect(runners.calls.every((call) => call.context.degradationLevel === 'NORMAL')).toBe(true)
    await coordinator.stop()
  })

  it('never overlaps runs of a task: a slow run makes the next tick skip that symbol, counted', async () => {
    const harness = aCoordinator({
      config: (config) => {
        config.schedules.technical_analysis.timeout_seconds = 300
      },
    })
    const { coordinator, clock, runners } = harness
    // Every BTC TA run takes 150 s: it spans two later ticks.
    runners.behaviour = (task, symbol) =>
      task === 'technical_analysis' && symbol === 'BTC/USDT'
        ? clock.sleep(150 * SECOND)
        : Promise.resolve()
    await coordinator.start()
    await clock.advance(10 * MINUTE - 1)

    const btcStarts = runners.calls
      .filter((call) => call.task === 'technical_analysis' && call.symbol === 'BTC/USDT')
      .map((call) => (call.at - (clock.now() - 10 * MINUTE + 1)) / MINUTE)
    // Runs at 0, 3, 6, 9 minutes; the ticks at 1, 2, 4, 5, 7, 8 are skipped.
    expect(btcStarts).toEqual([0, 3, 6, 9])
    expect(runners.count('technical_analysis', 'XRP/USDT')).toBe(10)
    const status = coordinator.taskStatus('technical_analysis')
    expect(status).toMatchObject({
      runs: 10,
      skipped: 6,
      failures: 0,
      timeouts: 0,
      isRunning: true,
    })
    // The skip at 8 minutes outlives the run it waited for (6 to 8.5 minutes).
    expect(status?.lastSkip).toEqual({
      at: clock.now() - 2 * MINUTE + 1,
      symbol: 'BTC/USDT',
      code: 'PREVIOUS_RUN_RUNNING',
      reason: 'PREVIOUS_RUN_RUNNING: task=technical_analysis symbol=BTC/USDT',
    })
    const stopping = coordinator.stop()
    await clock.advance(3 * MINUTE)
    await stopping
  })

  it('counts a run with no market data yet as skipped: no failure, no task_failed, no degradation', async () => {
    const harness = aCoordinator()
    const { coordinator, clock, runners } = harness
    const start = clock.now()
    // BTC's first candle arrives after five minutes; until then its runs have nothing to analyse.
    const firstCandleAt = clock.now() + 5 * MINUTE
    runners.behaviour = (task, symbol) =>
      Promise.resolve(
        symbol === 'BTC/USDT' && clock.now() < firstCandleAt
          ? runSkipped('NO_DATA', `NO_DATA: symbol=${symbol} has_price=false has_candles=false`)
          : undefined,
      )
    await coordinator.start()
    await clock.advance(5 * MINUTE - 1)

    // TA ran five times for BTC, more than the three failures that make an agent unhealthy.
    expect(runners.count('technical_analysis', 'BTC/USDT')).toBe(5)
    expect(coordinator.taskStatus('technical_analysis')).toMatchObject({
      runs: 5,
      skipped: 5,
      failures: 0,
      timeouts: 0,
      lastError: null,
      isRunning: false,
    })
    expect(coordinator.taskStatus('technical_analysis')?.lastSkip).toEqual({
      at: start + 4 * MINUTE,
      symbol: 'BTC/USDT',
      code: 'NO_DATA',
      reason: 'NO_DATA: symbol=BTC/USDT has_price=false has_candles=false',
    })
    expect(coordinator.taskStatus('trading_decision')).toMatchObject({ skipped: 1, failures: 0 })
    expect(harness.eventsOf('task_failed')).toEqual([])
    expect(coordinator.degradationLevel).toBe('NORMAL')
    expect(coordinator.status().statistics).toMatchObject({ task_runs_skipped: 7 })
    expect(coordinator.status().statistics.task_runs_failed).toBeUndefined()

    // Once the data is there the runs go through as usual, and the skip no longer holds.
    await clock.advance(1)
    expect(coordinator.taskStatus('technical_analysis')).toMatchObject({
      runs: 6,
      skipped: 5,
      lastSkip: null,
    })
    await coordinator.stop()
  })

  it("keeps the latest skip while other symbols' runs go through, and drops it when its symbol's does", async () => {
    const { coordinator, clock, runners } = aCoordinator()
    const start = clock.now()
    let hasBtcData = false
    runners.behaviour = (task, symbol) => {
      if (task !== 'technical_analysis' || symbol !== 'BTC/USDT') return Promise.resolve()
      if (!hasBtcData) return Promise.resolve(runSkipped('NO_DATA', 'NO_DATA: symbol=BTC/USDT'))
      return Promise.reject(new Error('model exploded'))
    }
    await coordinator.start()
    await clock.advance(MINUTE)
    // XRP ran twice meanwhile; the BTC skip still says why BTC is not analysed.
    expect(runners.count('technical_analysis', 'XRP/USDT')).toBe(2)
    expect(coordinator.taskStatus('technical_analysis')?.lastSkip).toMatchObject({
      at: start + MINUTE,
      symbol: 'BTC/USDT',
      code: 'NO_DATA',
    })

    // A failed run went through too: the task is no longer waiting, it is failing.
    hasBtcData = true
    await clock.advance(MINUTE)
    expect(coordinator.taskStatus('technical_analysis')).toMatchObject({
      failures: 1,
      lastSkip: null,
      lastError: 'model exploded: task=technical_analysis symbol=BTC/USDT',
    })
    await coordinator.stop()
  })

  it('reports the skip of a run now while the previous run is still going', async () => {
    const { coordinator, clock, runners } = aCoordinator({
      config: (config) => {
        config.schedules.technical_analysis.timeout_seconds = 300
      },
    })
    runners.behaviour = (task) =>
      task === 'technical_analysis' ? clock.sleep(30 * SECOND) : Promise.resolve()
    await coordinator.start()
    await clock.advance(10 * SECOND)
    const result = coordinator.runTaskNow('technical_analysis')
    // Both symbols are still running their first run: nothing new ran.
    expect(result).toMatchObject({
      ok: true,
      status: {
        skipped: 2,
        lastSkip: {
          at: clock.now(),
          symbol: 'XRP/USDT',
          code: 'PREVIOUS_RUN_RUNNING',
          reason: 'PREVIOUS_RUN_RUNNING: task=technical_analysis symbol=XRP/USDT',
        },
      },
    })
    // The runs it waited for end at 30 s: the skip holds until a run started after it ends.
    await clock.advance(25 * SECOND)
    expect(coordinator.taskStatus('technical_analysis')).toMatchObject({ isRunning: false })
    expect(coordinator.taskStatus('technical_analysis')?.lastSkip).not.toBeNull()
    // The tick at 60 s runs both symbols, which end at 90 s.
    await clock.advance(MINUTE)
    expect(coordinator.taskStatus('technical_analysis')?.lastSkip).toBeNull()
    await coordinator.stop()
  })

  it('isolates symbols: one throws and one hangs, the other completes on time', async () => {
    const harness = aCoordinator()
    const { coordinator, clock, runners } = harness
    const completed: { symbol: string; at: number }[] = []
    runners.behaviour = (task, symbol) => {
      if (task !== 'regime_detection') return Promise.resolve()
      if (symbol === 'BTC/USDT') return Promise.reject(new Error('model exploded'))
      return clock.sleep(5 * SECOND).then(() => void completed.push({ symbol, at: clock.now() }))
    }
    const start = clock.now()
    await coordinator.start()
    await clock.advance(10 * SECOND)
    expect(completed).toEqual([{ symbol: 'XRP/USDT', at: start + 5 * SECOND }])
    expect(coordinator.taskStatus('regime_detection')).toMatchObject({
      runs: 1,
      failures: 1,
      timeouts: 0,
      lastError: 'model exploded: task=regime_detection symbol=BTC/USDT',
      lastDurationMs: 5 * SECOND,
    })

    // Now BTC hangs: it times out at 60 s; XRP still finishes after 5 s.
    runners.behaviour = (task, symbol) => {
      if (task !== 'regime_detection') return Promise.resolve()
      if (symbol === 'BTC/USDT') return never()
      return clock.sleep(5 * SECOND).then(() => void completed.push({ symbol, at: clock.now() }))
    }
    await clock.advanceTo(start + 5 * MINUTE + 10 * SECOND)
    expect(completed.at(-1)).toEqual({ symbol: 'XRP/USDT', at: start + 5 * MINUTE + 5 * SECOND })
    expect(coordinator.taskStatus('regime_detection')).toMatchObject({
      isRunning: true,
      timeouts: 0,
    })
    await clock.advanceTo(start + 6 * MINUTE)
    expect(coordinator.taskStatus('regime_detection')).toMatchObject({
      runs: 2,
      failures: 1,
      timeouts: 1,
      isRunning: false,
      lastDurationMs: 60 * SECOND,
      lastError: 'timeout: task=regime_detection symbol=BTC/USDT timeout_ms=60000',
    })
    // TA ran every minute throughout, for both symbols.
    expect(runners.count('technical_analysis', 'XRP/USDT')).toBe(7)
    expect(harness.eventsOf('task_timed_out')).toEqual([
      {
        task: 'regime_detection',
        symbol: 'BTC/USDT',
        error: 'timeout: task=regime_detection symbol=BTC/USDT timeout_ms=60000',
      },
    ])
    await coordinator.stop()
  })

  it('aborts the signal of a timed-out run and frees the symbol for the next tick', async () => {
    const { coordinator, clock, runners } = aCoordinator({
      config: (config) => {
        config.schedules.technical_analysis.timeout_seconds = 30
      },
    })
    const aborted: number[] = []
    runners.behaviour = (task, symbol, context) => {
      if (task !== 'technical_analysis' || symbol !== 'BTC/USDT') return Promise.resolve()
      context.signal.addEventListener('abort', () => aborted.push(clock.now()))
      return never()
    }
    const start = clock.now()
    await coordinator.start()
    await clock.advance(2 * MINUTE - 1)
    expect(aborted).toEqual([start + 30 * SECOND, start + MINUTE + 30 * SECOND])
    expect(coordinator.taskStatus('technical_analysis')).toMatchObject({
      runs: 2,
      timeouts: 2,
      skipped: 0,
    })
    await clock.advance(MINUTE)
    await coordinator.stop()
  })

  it('counts a runner that throws synchronously as a failure', async () => {
    const { coordinator, clock, runners } = aCoordinator()
    runners.behaviour = (task) => {
      if (task === 'trading_decision') throw new Error('sync boom')
      return Promise.resolve()
    }
    await coordinator.start()
    await settle(clock)
    expect(coordinator.taskStatus('trading_decision')).toMatchObject({ failures: 2 })
    await coordinator.stop()
  })

  it('runs a task now without moving its schedule, and refuses unknown names', async () => {
    const { coordinator, clock, runners } = aCoordinator()
    const start = clock.now()
    await coordinator.start()
    await clock.advance(10 * MINUTE)
    const result = coordinator.runTaskNow('trading_decision')
    expect(result.ok).toBe(true)
    await settle(clock)
    expect(runners.count('trading_decision')).toBe(4)
    expect(coordinator.taskStatus('trading_decision')).toMatchObject({
      runs: 2,
      lastRunAt: start + 10 * MINUTE,
      nextRunAt: start + HOUR,
    })
    // Run-now works for a disabled task too.
    expect(coordinator.runTaskNow('sentiment_analysis').ok).toBe(true)
    await settle(clock)
    expect(runners.count('sentiment_analysis')).toBe(2)

    expect(coordinator.runTaskNow('nope')).toEqual({
      ok: false,
      error:
        'unknown task name=nope known=technical_analysis,regime_detection,sentiment_analysis,trading_decision,portfolio_rebalance',
    })
    expect(coordinator.enableTask('nope').ok).toBe(false)
    expect(coordinator.disableTask('nope').ok).toBe(false)
    expect(coordinator.taskStatus('nope')).toBeUndefined()
    await coordinator.stop()
  })

  it('enables and disables tasks', async () => {
    const { coordinator, clock, runners } = aCoordinator()
    const start = clock.now()
    await coordinator.start()
    await settle(clock)
    const disabled = coordinator.disableTask('technical_analysis')
    expect(disabled).toMatchObject({ ok: true, status: { isEnabled: false, nextRunAt: null } })
    await clock.advance(5 * MINUTE)
    expect(runners.count('technical_analysis')).toBe(2) // only the run at start

    const enabled = coordinator.enableTask('technical_analysis')
    // Overdue since its last run: runs now, once.
    expect(enabled).toMatchObject({
      ok: true,
      status: { isEnabled: true, nextRunAt: start + 5 * MINUTE },
    })
    await clock.advance(MINUTE - 1)
    expect(runners.count('technical_analysis')).toBe(4)

    coordinator.enableTask('sentiment_analysis')
    await settle(clock)
    expect(runners.count('sentiment_analysis')).toBe(2)
    // Enabling an enabled task changes nothing.
    expect(coordinator.enableTask('sentiment_analysis')).toMatchObject({
      status: { nextRunAt: start + 6 * MINUTE - 1 + 30 * MINUTE },
    })
    await coordinator.stop()
  })

  it('does not burst when the clock jumps past several intervals', async () => {
    const { coordinator, clock, runners } = aCoordinator()
    const start = clock.now()
    await coordinator.start()
    await settle(clock)
    // Stopped timers cannot fire; simulate a suspended machine by stopping, jumping, starting.
    await coordinator.stop()
    await clock.advanceTo(start + 3 * HOUR + 30 * SECOND)
    await coordinator.start()
    await settle(clock)
    expect(runners.count('trading_decision')).toBe(4) // one at start, one catch-up
    expect(runners.count('technical_analysis')).toBe(4)
    expect(coordinator.taskStatus('technical_analysis')?.nextRunAt).toBe(
      start + 3 * HOUR + 90 * SECOND,
    )
    await coordinator.stop()
  })

  it('waits at most one interval when a saved last run lies in the future', async () => {
    const harness = aCoordinator()
    const now = harness.clock.now()
    await harness.memoryState.save('coordinator', {
      state: 'RUNNING',
      degradationLevel: 'NORMAL',
      tasks: {
        technical_analysis: {
          isEnabled: true,
          lastRunAt: now + 5 * HOUR,
          lastDurationMs: 10,
          runs: 7,
          failures: 1,
          skipped: 0,
          timeouts: 0,
          lastError: 'x',
        },
        unknown_task: {
          isEnabled: true,
          lastRunAt: null,
          lastDurationMs: null,
          runs: 0,
          failures: 0,
          skipped: 0,
          timeouts: 0,
          lastError: null,
        },
      },
      statistics: {},
      pausedSymbols: [],
      degradationHistory: [],
      updatedAtMs: now,
    })
    await harness.coordinator.start()
    expect(harness.coordinator.taskStatus('technical_analysis')).toMatchObject({
      runs: 7,
      failures: 1,
      nextRunAt: now + MINUTE,
      // Saved before skips were reported.
      lastSkip: null,
    })
    await harness.coordinator.stop()
  })

  it('restores the latest skip after a restart', async () => {
    const first = aCoordinator()
    first.runners.behaviour = (task, symbol) =>
      Promise.resolve(
        symbol === 'XRP/USDT' ? runSkipped('NO_DATA', 'NO_DATA: symbol=XRP/USDT') : undefined,
      )
    await first.coordinator.start()
    await settle(first.clock)
    await first.coordinator.stop()
    const saved = first.coordinator.taskStatus('technical_analysis')?.lastSkip
    expect(saved).toMatchObject({ symbol: 'XRP/USDT', code: 'NO_DATA' })

    const second = aCoordinator({ share: first })
    await second.coordinator.start()
    expect(second.coordinator.taskStatus('technical_analysis')?.lastSkip).toEqual(saved)
    await second.coordinator.stop()
  })

  it('stop waits for running tasks up to its bound, then aborts them', async () => {
    const { coordinator, clock, runners } = aCoordinator({
      config: (config) => {
        config.state.stop_timeout_seconds = 10
        config.schedules.trading_decision.timeout_seconds = 600
      },
    })
    let aborts = 0
    runners.behaviour = (task, _symbol, context) => {
      if (task !== 'trading_decision') return Promise.resolve()
      context.signal.addEventListener('abort', () => aborts++)
      return never()
    }
    await coordinator.start()
    await settle(clock)
    let isStopped = false
    const stopping = coordinator.stop().then(() => {
      isStopped = true
    })
    await clock.advance(9 * SECOND)
    expect(isStopped).toBe(false)
    await clock.advance(SECOND)
    await stopping
    expect(isStopped).toBe(true)
    expect(aborts).toBe(2)
  })
})
