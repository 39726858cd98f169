import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VirtualClock } from '../../../src-main/engine/clock'
import { flatCandles, minute, minuteRange } from '../../helpers/market/candles'
import { aBuyBatch } from '../../helpers/scheduled-batch-fixture'
import { startQuietEngine, type QuietEngine } from '../../helpers/quiet-engine'

/*
 * Rebalance batches and a symbol the coordinator paused (after repeated execution errors, or
 * by hand), through the real engine: the paused symbol's due batch waits, the other symbol's
 * runs, and the waiting one runs once the symbol is resumed.
 */

const REBALANCE = '00000000-0000-4000-8000-0000000000aa'
const XRP_BATCH = '00000000-0000-4000-8000-000000000001'
const BTC_BATCH = '00000000-0000-4000-8000-000000000002'

describe('rebalance batches of a paused symbol', () => {
  const clock = new VirtualClock(minute(0))
  let quiet: QuietEngine
  const parts = () => quiet.engine.parts
  const statusOf = async (id: string) => (await parts().portfolio.scheduler.batch(id))?.status

  beforeAll(async () => {
    quiet = await startQuietEngine(clock, [
      { symbol: 'BTC/USDT', candles: flatCandles('50000', minuteRange(0, 30)) },
      { symbol: 'XRP/USDT', candles: flatCandles('0.5', minuteRange(0, 30)) },
    ])
    await quiet.replay.run({ untilMs: minute(2) })
  }, 120_000)

  afterAll(async () => {
    await quiet?.stop()
  })

  it('wait while their symbol is paused; the other symbol trades', async () => {
    expect(parts().coordinator.pauseSymbol('XRP/USDT', 'test')).toBe(true)
    await parts().portfolio.scheduler.schedule([
      aBuyBatch({
        id: XRP_BATCH,
        rebalanceId: REBALANCE,
        symbol: 'XRP/USDT',
        batchIndex: 1,
        dueAtMs: minute(3),
      }),
      aBuyBatch({
        id: BTC_BATCH,
        rebalanceId: REBALANCE,
        symbol: 'BTC/USDT',
        batchIndex: 2,
        dueAtMs: minute(3),
      }),
    ])
    await quiet.replay.run({ untilMs: minute(6) })
    expect(await statusOf(BTC_BATCH)).toBe('executed')
    expect(await statusOf(XRP_BATCH)).toBe('pending')
  })

  it('run once the symbol is resumed', async () => {
    expect(parts().coordinator.resumeSymbol('XRP/USDT')).toBe(true)
    await quiet.replay.run({ untilMs: minute(8) })
    expect(await statusOf(XRP_BATCH)).toBe('executed')
  })
})
