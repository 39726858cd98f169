import { afterEach, describe, expect, it } from 'vitest'
import { VirtualClock } from '../../../src-main/engine/clock'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import { ReplayMarketSource } from '../../../src-main/engine/market'
import {
  CoordinatorStateRepository,
  openStore,
  type CoordinatorStateRow,
  type Store,
} from '../../../src-main/engine/store'
import { flatCandles, minute, minuteRange } from '../../helpers/market/candles'
import { createQuietEngine } from '../../helpers/quiet-engine'
import { memoryStoreOptions } from '../../helpers/test-store'

/** A halt by a circuit breaker saved by an older app, one of whose JSON fields no longer fits. */
const UNREADABLE_HALT: CoordinatorStateRow = {
  state: 'HALTED',
  degradationLevel: 'NORMAL',
  tasks: 'not an object',
  statistics: { circuit_breaker_alerts: 1 },
  pausedSymbols: ['XRP/USDT'],
  degradationHistory: [],
  resumeAfterBreakers: 'RUNNING',
  updatedAtMs: minute(-10),
}

/*
 * A coordinator_state row that does not validate must not be written over by the state the
 * engine falls back to: a halt would be forgotten at the next restart, with what made it.
 */
describe('an engine whose saved coordinator state does not validate', () => {
  let store: Store | null = null
  afterEach(async () => {
    await store?.close()
    store = null
  })

  /** Composes (does not start) a quiet engine replaying flat candles over `opened`. */
  function anEngine(clock: VirtualClock, opened: Store) {
    const source = new ReplayMarketSource({
      clock,
      logger: silentLogger(),
      series: [{ symbol: 'BTC/USDT', candles: flatCandles('50000', minuteRange(0, 5)) }],
    })
    return createQuietEngine(clock, source, opened)
  }

  it('starts HALTED, says why, and keeps the row across a restart until trading is resumed', async () => {
    const clock = new VirtualClock(minute(0))
    store = await openStore(memoryStoreOptions())
    const repository = new CoordinatorStateRepository(store.db)

    const first = await anEngine(clock, store)
    await repository.save('coordinator', UNREADABLE_HALT)
    await first.start()
    expect(first.parts.coordinator.state).toBe('HALTED')
    expect(first.events.recent.latest(50)).toContainEqual(
      expect.objectContaining({
        type: 'system.notice',
        level: 'error',
        message: expect.stringMatching(
          /could not be restored \(.*field=tasks.*\): trading starts HALTED/,
        ),
      }),
    )
    await clock.advance(5 * 60_000)
    await first.stop()
    expect(await repository.load('coordinator')).toEqual(UNREADABLE_HALT)

    const second = await anEngine(clock, store)
    await second.start()
    expect(second.parts.coordinator.state).toBe('HALTED')
    await second.commands['coordinator:resume']({})
    await second.stop()
    expect(await repository.load('coordinator')).toMatchObject({
      state: 'RUNNING',
      resumeAfterBreakers: null,
    })
  }, 120_000)
})
