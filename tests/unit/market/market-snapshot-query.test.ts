import { describe, expect, it } from 'vitest'
import { marketSnapshotSchema } from '../../../src-shared/contract/market'
import { CommandError } from '../../../src-shared/result'
import { MessageBus } from '../../../src-main/engine/bus'
import { VirtualClock } from '../../../src-main/engine/clock'
import {
  CandleIngestService,
  MarketSnapshotBuilder,
  MarketSnapshotQuery,
  toMarketSnapshotView,
  type MarketSnapshot,
} from '../../../src-main/engine/market'
import { ManualMarketSource } from '../../fakes/market/manual-market-source'
import { aCandle, minute } from '../../helpers/market/candles'
import { capturingLogger } from '../../helpers/market/capturing-logger'

async function setup(withBus: boolean) {
  const clock = new VirtualClock(minute(0))
  const { logger } = capturingLogger()
  const source = new ManualMarketSource(['BTC/USDT', 'XRP/USDT'], logger)
  const ingest = new CandleIngestService({ source, clock, logger })
  await ingest.start()
  const builder = new MarketSnapshotBuilder({
    state: ingest,
    clock,
    logger,
    settings: {
      candlesPerTimeframe: 2,
      maxDataAgeMs: 180_000,
      maxFailureRatio: 0.5,
      orderBookDepth: 5,
    },
  })
  const bus = withBus ? new MessageBus({ clock, logger }) : null
  const query = new MarketSnapshotQuery({ builder, bus })
  for (let index = 0; index < 6; index++) {
    await clock.advanceTo(minute(index + 1))
    source.candle('BTC/USDT', aCandle(minute(index)).ohlc('100', '101', '99', '100.5').build())
  }
  return { query, bus }
}

describe('MarketSnapshotQuery', () => {
  it('answers market:snapshot in the contract’s shape with the latest TA', async () => {
    const { query, bus } = await setup(true)
    bus?.publish({
      topic: 'ta_signals',
      source: 'technical_analysis',
      payload: {
        symbol: 'BTC/USDT',
        trend_direction: 'bullish',
        trend_strength: 0.6,
        bias: 'long',
        confidence: 0.7,
      },
    })
    const view = await query.snapshot({ symbol: 'BTC/USDT' })
    expect(marketSnapshotSchema.parse(view)).toEqual(view)
    expect(view).toMatchObject({
      symbol: 'BTC/USDT',
      price: '100.5',
      change24hPct: null,
      dataAgeMs: 0,
      isStale: false,
      staleParts: ['15m:missing', '1h:missing', '4h:missing', '1d:missing'],
      latestTa: { symbol: 'BTC/USDT', bias: 'long', confidence: 0.7 },
      latestRegime: null,
    })
    expect(Object.keys(view.indicators)).toEqual(['1m', '5m'])
    expect(view.indicators['1m']?.rsi).toBeNull()
  })

  it('works without a bus and refuses with the contract’s error codes', async () => {
    const { query } = await setup(false)
    expect((await query.snapshot({ symbol: 'BTC/USDT' })).latestTa).toBeNull()
    await expect(query.snapshot({ symbol: 'ETH/USDT' })).rejects.toEqual(
      new CommandError('NOT_FOUND', 'UNKNOWN_SYMBOL: symbol=ETH/USDT'),
    )
    await expect(query.snapshot({ symbol: 'XRP/USDT' })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    })
  })

  it('maps a snapshot with exponent prices and stale parts', () => {
    const snapshot: MarketSnapshot = {
      symbol: 'XRP/BTC',
      timestampMs: 5,
      price: '2.6e-5',
      change24hPct: 1.5,
      timeframes: {},
      dataAgeMs: 200_000,
      orderBook: null,
      staleParts: ['price'],
      missingTimeframes: ['1m'],
      isStale: true,
    }
    expect(
      toMarketSnapshotView(snapshot, { latestTa: null, latestRegime: { regime: 'ranging' } }),
    ).toEqual({
      symbol: 'XRP/BTC',
      price: '0.000026',
      change24hPct: 1.5,
      dataAgeMs: 200_000,
      isStale: true,
      staleParts: ['price', '1m:missing'],
      indicators: {},
      latestTa: null,
      latestRegime: { regime: 'ranging' },
    })
  })
})
