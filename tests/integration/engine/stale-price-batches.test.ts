import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VirtualClock } from '../../../src-main/engine/clock'
import { flatCandles, minute, minuteRange } from '../../helpers/market/candles'
import { aBuyBatch } from '../../helpers/scheduled-batch-fixture'
import { startQuietEngine, type QuietEngine } from '../../helpers/quiet-engine'

/*
 * Rebalance batches and a stalled feed, through the real engine: a batch due while its
 * market's price is older than market.snapshot.max_data_age_seconds (180 s) waits instead of
 * being sent to the order manager's STALE_PRICE refusal (and failing for good); the other
 * market's batch runs; the waiting one runs once prices come again.
 */

const REBALANCE = '00000000-0000-4000-8000-0000000000bb'
const XRP_BATCH = '00000000-0000-4000-8000-000000000011'
const BTC_BATCH = '00000000-0000-4000-8000-000000000012'

describe('rebalance batches on a stale price', () => {
  const clock = new VirtualClock(minute(0))
  let quiet: QuietEngine
  const parts = () => quiet.engine.parts
  const statusOf = async (id: string) => (await parts().portfolio.scheduler.batch(id))?.status

  beforeAll(async () => {
    quiet = await startQuietEngine(clock, [
      { symbol: 'BTC/USDT', candles: flatCandles('50000', minuteRange(0, 30)) },
      // XRP's feed stalls after minute 4 (its last price is from 5:00) and comes back at 15.
      {
        symbol: 'XRP/USDT',
        candles: flatCandles('0.5', [...minuteRange(0, 5), ...minuteRange(15, 30)]),
      },
    ])
    await quiet.replay.run({ untilMs: minute(8) })
  }, 120_000)

  afterAll(async () => {
    await quiet?.stop()
  })

  it('wait while their market price is stale; the other market trades', async () => {
    await parts().portfolio.scheduler.schedule([
      aBuyBatch({
        id: XRP_BATCH,
        rebalanceId: REBALANCE,
        symbol: 'XRP/USDT',
        batchIndex: 1,
        dueAtMs: minute(10),
      }),
      aBuyBatch({
        id: BTC_BATCH,
        rebalanceId: REBALANCE,
        symbol: 'BTC/USDT',
        batchIndex: 2,
        dueAtMs: minute(10),
      }),
    ])
    await quiet.replay.run({ untilMs: minute(14) })
    expect(await statusOf(BTC_BATCH)).toBe('executed')
    expect(await statusOf(XRP_BATCH)).toBe('pending')
  })

  it('run once the price is fresh again', async () => {
    await quiet.replay.run({ untilMs: minute(18) })
    expect(await statusOf(XRP_BATCH)).toBe('executed')
  })
})
