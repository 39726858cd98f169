import { afterEach, describe, expect, it } from 'vitest'
import { VirtualClock } from '../../../src-main/engine/clock'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import { ReplayMarketSource } from '../../../src-main/engine/market'
import { openStore, type Store } from '../../../src-main/engine/store'
import { flatCandles, minute, minuteRange } from '../../helpers/market/candles'
import { createQuietEngine } from '../../helpers/quiet-engine'
import { memoryStoreOptions } from '../../helpers/test-store'

/** A replay whose feed refuses to start: the step after the order manager and the portfolio. */
class RefusingSource extends ReplayMarketSource {
  override async start(): Promise<void> {
    throw new Error('feed refused to start')
  }
}

/*
 * A start that fails half-way must not leave the parts it already started running behind a
 * host that reports the engine down: the order manager's polls, the portfolio's schedules.
 */
describe('an engine whose start fails', () => {
  let store: Store | null = null
  afterEach(async () => {
    await store?.close()
    store = null
  })

  it('stops the parts it had started and ends stopped', async () => {
    const clock = new VirtualClock(minute(0))
    const source = new RefusingSource({
      clock,
      logger: silentLogger(),
      series: [{ symbol: 'BTC/USDT', candles: flatCandles('50000', minuteRange(0, 5)) }],
    })
    store = await openStore(memoryStoreOptions())
    const engine = await createQuietEngine(clock, source, store)
    const timersBefore = clock.pendingTimers()

    await expect(engine.start()).rejects.toThrow('feed refused to start')

    expect(engine.state).toBe('stopped')
    expect(clock.pendingTimers()).toBe(timersBefore)
  }, 120_000)
})
