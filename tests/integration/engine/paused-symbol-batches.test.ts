import Decimal from 'decimal.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VirtualClock } from '../../../src-main/engine/clock'
import type { Candle } from '../../../src-main/engine/market'
import type { NewScheduledBatch } from '../../../src-main/engine/portfolio/scheduled-batch'
import { aCandle, minute } from '../../helpers/market/candles'
import { startQuietEngine, type QuietEngine } from '../../helpers/quiet-engine'

/*
 * Rebalance batches and a symbol the coordinator paused (after repeated execution errors, or
 * by hand), through the real engine: the paused symbol's due batch waits, the other symbol's
 * runs, and the waiting one runs once the symbol is resumed.
 */

const REBALANCE = '00000000-0000-4000-8000-0000000000aa'
const XRP_BATCH = '00000000-0000-4000-8000-000000000001'
const BTC_BATCH = '00000000-0000-4000-8000-000000000002'

function flat(price: string): Candle[] {
  return Array.from({ length: 30 }, (_, index) =>
    aCandle(minute(index)).ohlc(price, price, price, price).build(),
  )
}

function aBuy(id: string, symbol: string, batchIndex: number): NewScheduledBatch {
  return {
    id,
    rebalanceId: REBALANCE,
    symbol,
    side: 'buy',
    amountUsd: new Decimal('100'),
    executionType: 'market',
    priority: 1,
    batchIndex,
    batchCount: 2,
    dueAtMs: minute(3),
    correlationId: null,
    createdAtMs: minute(2),
  }
}

describe('rebalance batches of a paused symbol', () => {
  const clock = new VirtualClock(minute(0))
  let quiet: QuietEngine
  const parts = () => quiet.engine.parts
  const statusOf = async (id: string) => (await parts().portfolio.scheduler.batch(id))?.status

  beforeAll(async () => {
    quiet = await startQuietEngine(clock, [
      { symbol: 'BTC/USDT', candles: flat('50000') },
      { symbol: 'XRP/USDT', candles: flat('0.5') },
    ])
    await quiet.replay.run({ untilMs: minute(2) })
  }, 120_000)

  afterAll(async () => {
    await quiet?.stop()
  })

  it('wait while their symbol is paused; the other symbol trades', async () => {
    expect(parts().coordinator.pauseSymbol('XRP/USDT', 'test')).toBe(true)
    await parts().portfolio.scheduler.schedule([
      aBuy(XRP_BATCH, 'XRP/USDT', 1),
      aBuy(BTC_BATCH, 'BTC/USDT', 2),
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
