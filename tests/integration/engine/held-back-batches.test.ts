import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VirtualClock } from '../../../src-main/engine/clock'
import type { ReplaySeries } from '../../../src-main/engine/market'
import { flatCandles, minute, minuteRange } from '../../helpers/market/candles'
import { startQuietEngine, type QuietEngine } from '../../helpers/quiet-engine'
import { aBuyBatch } from '../../helpers/scheduled-batch-fixture'

/*
 * Rebalance batches held back, through the real engine: a due batch waits while its symbol
 * may not trade — the coordinator paused it (after repeated execution errors, or by hand), or
 * its price is older than market.snapshot.max_data_age_seconds (180 s), which the order
 * manager would refuse as STALE_PRICE, failing the batch for good. The other symbol's batch
 * runs; the waiting one runs once the symbol may trade again.
 */

const REBALANCE = '00000000-0000-4000-8000-0000000000aa'
const XRP_BATCH = '00000000-0000-4000-8000-000000000001'
const BTC_BATCH = '00000000-0000-4000-8000-000000000002'

/** A started quiet engine replaying `series`, and the status of a batch. */
function useEngine(series: readonly ReplaySeries[], warmUpMinutes: number) {
  const clock = new VirtualClock(minute(0))
  let quiet: QuietEngine
  beforeAll(async () => {
    quiet = await startQuietEngine(clock, series)
    await quiet.replay.run({ untilMs: minute(warmUpMinutes) })
  }, 120_000)
  afterAll(async () => {
    await quiet?.stop()
  })
  const parts = () => quiet.engine.parts
  return {
    parts,
    replayUntil: (minuteIndex: number) => quiet.replay.run({ untilMs: minute(minuteIndex) }),
    statusOf: async (id: string) => (await parts().portfolio.scheduler.batch(id))?.status,
    /** Schedules one XRP and one BTC buy batch due at `dueMinute`. */
    scheduleBuys: (dueMinute: number) =>
      parts().portfolio.scheduler.schedule(
        [
          { id: XRP_BATCH, symbol: 'XRP/USDT', batchIndex: 1 },
          { id: BTC_BATCH, symbol: 'BTC/USDT', batchIndex: 2 },
        ].map((batch) =>
          aBuyBatch({ ...batch, rebalanceId: REBALANCE, dueAtMs: minute(dueMinute) }),
        ),
      ),
  }
}

describe('rebalance batches of a paused symbol', () => {
  const engine = useEngine(
    [
      { symbol: 'BTC/USDT', candles: flatCandles('50000', minuteRange(0, 30)) },
      { symbol: 'XRP/USDT', candles: flatCandles('0.5', minuteRange(0, 30)) },
    ],
    2,
  )

  it('wait while their symbol is paused; the other symbol trades', async () => {
    expect(engine.parts().coordinator.pauseSymbol('XRP/USDT', 'test')).toBe(true)
    await engine.scheduleBuys(3)
    await engine.replayUntil(6)
    expect(await engine.statusOf(BTC_BATCH)).toBe('executed')
    expect(await engine.statusOf(XRP_BATCH)).toBe('pending')
  })

  it('run once the symbol is resumed', async () => {
    expect(engine.parts().coordinator.resumeSymbol('XRP/USDT')).toBe(true)
    await engine.replayUntil(8)
    expect(await engine.statusOf(XRP_BATCH)).toBe('executed')
  })
})

describe('rebalance batches on a stale price', () => {
  const engine = useEngine(
    [
      { symbol: 'BTC/USDT', candles: flatCandles('50000', minuteRange(0, 30)) },
      // XRP's feed stalls after minute 4 (its last price is from 5:00) and comes back at 15.
      {
        symbol: 'XRP/USDT',
        candles: flatCandles('0.5', [...minuteRange(0, 5), ...minuteRange(15, 30)]),
      },
    ],
    8,
  )

  it('wait while their market price is stale; the other market trades', async () => {
    await engine.scheduleBuys(10)
    await engine.replayUntil(14)
    expect(await engine.statusOf(BTC_BATCH)).toBe('executed')
    expect(await engine.statusOf(XRP_BATCH)).toBe('pending')
  })

  it('run once the price is fresh again', async () => {
    await engine.replayUntil(18)
    expect(await engine.statusOf(XRP_BATCH)).toBe('executed')
  })
})
