import { beforeEach, describe, expect, it } from 'vitest'
import { VirtualClock } from '../../../src-main/engine/clock'
import {
  ConflictResolutionRepository,
  CoordinatorStateRepository,
  type Store,
} from '../../../src-main/engine/store'
import { answer } from '../../fakes/coordinator/coordinator-fakes'
import { aCoordinator, settle } from '../../fakes/coordinator/coordinator-harness'
import { testStores, useTestStore } from '../../helpers/test-store'

const MINUTE = 60_000
const HOUR = 60 * MINUTE

describe.each(testStores())('coordinator persistence on $name', (testStore) => {
  let store: Store
  useTestStore(testStore, (opened) => (store = opened))

  describe('CoordinatorStateRepository', () => {
    it('saves, replaces and loads one row per coordinator', async () => {
      const repository = new CoordinatorStateRepository(store.db)
      expect(await repository.load('repo-test')).toBeNull()
      const row = {
        state: 'PAUSED',
        degradationLevel: 'REDUCED',
        tasks: { technical_analysis: { isEnabled: true, lastRunAt: 1_000, runs: 3 } },
        statistics: { signals_received: 4 },
        pausedSymbols: ['XRP/USDT'],
        degradationHistory: [{ at: 5, from: 'NORMAL', to: 'REDUCED', reason: 'r' }],
        resumeAfterBreakers: 'PAUSED',
        updatedAtMs: Date.UTC(2026, 0, 1),
      }
      await repository.save('repo-test', row)
      expect(await repository.load('repo-test')).toEqual(row)
      await repository.save('repo-test', {
        ...row,
        state: 'RUNNING',
        resumeAfterBreakers: null,
        updatedAtMs: row.updatedAtMs + 1,
      })
      expect(await repository.load('repo-test')).toMatchObject({
        state: 'RUNNING',
        resumeAfterBreakers: null,
        updatedAtMs: row.updatedAtMs + 1,
      })
      expect(await repository.load('other')).toBeNull()
    })
  })

  describe('ConflictResolutionRepository', () => {
    it('records resolutions and reads them by correlation id and recency', async () => {
      const repository = new ConflictResolutionRepository(store.db)
      const entry = {
        createdAtMs: Date.UTC(2026, 0, 2),
        correlationId: 'repo-corr',
        symbol: 'BTC/USDT',
        conflicts: [{ type: 'regime_choppy', description: 'd', details: { a: 1 } }],
        action: 'modify',
        confidence: 0.61,
        reasoning: 'halve',
        modifications: { position_size_pct: 5 },
        model: 'deepseek',
        latencyMs: 1234.6,
        usedDefault: false,
      }
      const id = await repository.record(entry)
      expect(id).toMatch(/^[0-9a-f-]{36}$/)
      await repository.record({
        ...entry,
        createdAtMs: entry.createdAtMs + 1,
        action: 'wait',
        modifications: null,
        model: null,
        usedDefault: true,
      })
      const flow = await repository.byCorrelationId('repo-corr')
      expect(flow).toHaveLength(2)
      expect(flow[0]).toEqual({ ...entry, latencyMs: 1235 })
      expect(flow[1]).toMatchObject({
        action: 'wait',
        model: null,
        usedDefault: true,
        modifications: null,
      })
      const [newest] = await repository.recent(1)
      expect(newest?.action).toBe('wait')
    })
  })

  describe('a coordinator on the store', () => {
    beforeEach(async () => {
      await store.execute('DELETE FROM coordinator_state')
    })

    it('logs every conflict and resolution with the signal correlation id', async () => {
      const harness = aCoordinator({
        primary: [answer('wait', {}, 0.7)],
        conflictLog: new ConflictResolutionRepository(store.db),
        stateStore: new CoordinatorStateRepository(store.db),
      })
      await harness.coordinator.start()
      await settle(harness.clock)
      harness.bus.publish({
        topic: 'regime_updates',
        source: 'regime_detection',
        payload: {
          symbol: 'BTC/USDT',
          regime: 'choppy',
          confidence: 0.7,
          position_size_multiplier: 0.5,
          entry_strictness: 'strict',
        },
      })
      await harness.signal({}, 'flow-42')
      const logged = await new ConflictResolutionRepository(store.db).byCorrelationId('flow-42')
      expect(logged).toEqual([
        expect.objectContaining({
          symbol: 'BTC/USDT',
          action: 'wait',
          confidence: 0.7,
          model: 'deepseek',
          usedDefault: false,
          conflicts: [expect.objectContaining({ type: 'regime_choppy' })],
        }),
      ])
      await harness.coordinator.stop()
    })

    it('restores state, enabled flags, statistics, last runs and paused symbols after a restart', async () => {
      const stateStore = new CoordinatorStateRepository(store.db)
      const first = aCoordinator({ stateStore })
      const { coordinator, clock } = first
      const start = clock.now()
      await coordinator.start()
      await clock.advance(90 * MINUTE)
      coordinator.enableTask('sentiment_analysis')
      coordinator.disableTask('portfolio_rebalance')
      await first.signal({ action: 'HOLD' })
      coordinator.pauseSymbol('XRP/USDT', 'manual')
      coordinator.pause('maintenance')
      first.health.setAll(false)
      coordinator.evaluateHealth()
      await settle(clock)
      await coordinator.stop()
      const before = coordinator.status()
      expect(before).toMatchObject({ state: 'PAUSED', degradationLevel: 'EMERGENCY' })

      const second = aCoordinator({ share: first, stateStore })
      await second.coordinator.start()
      const after = second.coordinator.status()
      expect(after.state).toBe('PAUSED')
      expect(after.degradationLevel).toBe('EMERGENCY')
      expect(after.pausedSymbols).toEqual(['XRP/USDT'])
      expect(after.degradationHistory).toEqual(before.degradationHistory)
      expect(after.statistics).toEqual(before.statistics)
      expect(after.statistics.signals_ignored_hold).toBe(1)
      for (const task of after.tasks) {
        const previous = before.tasks.find((each) => each.name === task.name)
        expect({ ...task, nextRunAt: null }, task.name).toEqual({ ...previous, nextRunAt: null })
      }
      // Each task resumes from its saved last run: TA last ran at 90 min, next at 91.
      expect(second.coordinator.taskStatus('technical_analysis')).toMatchObject({
        lastRunAt: start + 90 * MINUTE,
        nextRunAt: start + 91 * MINUTE,
        runs: 91,
      })
      expect(second.coordinator.taskStatus('trading_decision')).toMatchObject({
        lastRunAt: start + HOUR,
        nextRunAt: start + 2 * HOUR,
      })
      expect(second.coordinator.taskStatus('portfolio_rebalance')).toMatchObject({
        isEnabled: false,
        nextRunAt: null,
      })
      expect(second.coordinator.taskStatus('sentiment_analysis')?.isEnabled).toBe(true)
      await second.coordinator.stop()
    })

    it('after a crash, runs each overdue task once (no burst of catch-up runs)', async () => {
      const stateStore = new CoordinatorStateRepository(store.db)
      const first = aCoordinator({ stateStore })
      await first.coordinator.start()
      await first.clock.advance(10 * MINUTE)
      await first.coordinator.flush()
      const lastTa = first.coordinator.taskStatus('technical_analysis')
      // Crash: the first coordinator is never stopped; its clock simply stops.
      const restartAt = first.clock.now() + 3 * HOUR
      const clock = new VirtualClock(restartAt)
      const second = aCoordinator({ stateStore, clock })
      await second.coordinator.start()
      await settle(clock)
      expect(second.runners.count('technical_analysis')).toBe(2)
      expect(second.runners.count('regime_detection')).toBe(2)
      expect(second.runners.count('trading_decision')).toBe(2)
      expect(second.runners.count('portfolio_rebalance')).toBe(1)
      expect(second.coordinator.taskStatus('technical_analysis')).toMatchObject({
        runs: (lastTa?.runs ?? 0) + 1,
        lastRunAt: restartAt,
        nextRunAt: restartAt + MINUTE,
      })
      await clock.advance(MINUTE)
      expect(second.runners.count('technical_analysis')).toBe(4)
      await second.coordinator.stop()
    })

    it('starts fresh when recovery_on_restart is off, and saves nothing when persist_to_db is off', async () => {
      const stateStore = new CoordinatorStateRepository(store.db)
      const first = aCoordinator({
        stateStore,
        config: (config) => void (config.state.recovery_on_restart = false),
      })
      await first.coordinator.start()
      expect(first.coordinator.state).toBe('RUNNING')
      await first.coordinator.stop()

      const memoryless = aCoordinator({
        config: (config) => void (config.state.persist_to_db = false),
      })
      await memoryless.coordinator.start()
      memoryless.coordinator.pause()
      await memoryless.coordinator.stop()
      expect(memoryless.memoryState.saves).toBe(0)
    })
  })
})
