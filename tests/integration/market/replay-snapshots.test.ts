import { join } from 'node:path'
import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import {
  INDICATOR_NAMES,
  snapshotSections,
  type MarketSnapshot as AgentMarketSnapshot,
} from '../../../src-main/engine/agents'
import { MessageBus } from '../../../src-main/engine/bus'
import { VirtualClock } from '../../../src-main/engine/clock'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import {
  aggregateCandles,
  CandleIngestService,
  MarketSnapshotBuilder,
  ReplayMarketSource,
  TIMEFRAMES,
  type Candle,
  type MarketSnapshot,
  type ReplayProgress,
} from '../../../src-main/engine/market'
import { TIER_PROFILES } from '../../../src-main/engine/llm'
import { CandleRepository } from '../../../src-main/engine/store'
import { openMemoryStore } from '../../helpers/test-store'
import { loadResourceCandles, RESOURCES_DIR } from '../../helpers/market/candles'
import { toTextbookKeys } from '../../helpers/market/flat-keys'
import { disagreements, textbookSnapshot } from '../../helpers/market/textbook-snapshot'

const FILES = {
  'BTC/USDT': 'BTCUSDT_1m.csv',
  'XRP/USDT': 'XRPUSDT_1m.csv',
  'XRP/BTC': 'XRPBTC_1m.csv',
} as const
const SYMBOLS = Object.keys(FILES) as (keyof typeof FILES)[]
const MAY_10 = 1_620_604_800_000
const MINUTE = 60_000
const SETTINGS = {
  candlesPerTimeframe: 50,
  maxDataAgeMs: 180_000,
  maxFailureRatio: 0.5,
  orderBookDepth: 10,
}

function csvPaths(): Record<string, string> {
  return Object.fromEntries(
    SYMBOLS.map((symbol) => [symbol, join(RESOURCES_DIR, 'market', FILES[symbol])]),
  )
}

/** Everything the textbook needs to check a snapshot taken after `minutes` minutes. */
function expectSnapshotMatchesTextbook(
  snapshot: MarketSnapshot,
  oneMinute: readonly Candle[],
  minutes: number,
): string[] {
  const played = oneMinute.slice(0, minutes)
  const last = played.at(-1) as Candle
  expect(snapshot.price).toBe(last.closeText)
  expect(snapshot.dataAgeMs).toBe(0)
  expect(snapshot.staleParts).toEqual([])
  const problems: string[] = []
  for (const timeframe of TIMEFRAMES) {
    const closed = timeframe === '1m' ? played : aggregateCandles(played, timeframe).candles
    const part = snapshot.timeframes[timeframe]
    if (closed.length === 0) {
      expect(part).toBeUndefined()
      expect(snapshot.missingTimeframes).toContain(timeframe)
      continue
    }
    if (part === undefined) return [`${timeframe}: missing from the snapshot`]
    expect(part.lastCandleMs).toBe(closed.at(-1)?.timestampMs)
    expect(part.candles.map((candle) => candle.timestampMs)).toEqual(
      closed.slice(-SETTINGS.candlesPerTimeframe).map((candle) => candle.timestampMs),
    )
    const found = disagreements(
      toTextbookKeys(part.indicators),
      textbookSnapshot(closed.map((candle) => candle.numeric)),
      (closed[0] as Candle).numeric.close,
    )
    problems.push(...found.map((problem) => `${timeframe} after ${minutes} min: ${problem}`))
  }
  // 24 h change from the close 24 h before the snapshot.
  if (minutes > 1440) {
    const reference = (played[minutes - 1 - 1440] as Candle).close
    const expected = last.close.minus(reference).div(reference).times(100).toNumber()
    expect(snapshot.change24hPct).toBeCloseTo(expected, 10)
  } else {
    expect(snapshot.change24hPct).toBeNull()
  }
  return problems
}

describe('replaying the shipped real slice through ingest and the snapshot builder', () => {
  it('produces snapshots whose indicators match the textbook references on every timeframe', async () => {
    const clock = new VirtualClock(MAY_10)
    const logger = silentLogger()
    const progress: ReplayProgress[] = []
    const source = await ReplayMarketSource.fromCsvFiles(csvPaths(), {
      clock,
      logger,
      progressEvery: 1000,
      onProgress: (each) => progress.push(each),
    })
    const bus = new MessageBus({ clock, logger })
    const ingest = new CandleIngestService({ source, clock, logger, bus, publishTicks: false })
    const builder = new MarketSnapshotBuilder({
      state: ingest,
      source,
      clock,
      logger,
      settings: SETTINGS,
    })
    await ingest.start()
    const candles = Object.fromEntries(
      SYMBOLS.map((symbol) => [symbol, loadResourceCandles(FILES[symbol])]),
    ) as Record<string, Candle[]>
    const problems: string[] = []
    let minutes = 0
    const checks: Promise<void>[] = []
    const result = await source.run({
      pace: async () => {
        minutes++
        // Four times a day (and at the end): every symbol, every timeframe.
        if (minutes % 360 !== 0) return
        const all = await builder.buildAll()
        expect(all.ok).toBe(true)
        if (!all.ok) return
        expect(all.failures).toEqual([])
        for (const snapshot of all.snapshots) {
          problems.push(
            ...expectSnapshotMatchesTextbook(snapshot, candles[snapshot.symbol] ?? [], minutes),
          )
        }
      },
    })
    await Promise.all(checks)
    expect(problems).toEqual([])
    expect(result).toEqual({ candles: 3 * 4320, isComplete: true })
    expect(minutes).toBe(4320)
    expect(clock.now()).toBe(MAY_10 + 4320 * MINUTE)
    expect(progress.at(-1)).toEqual({ done: 12_960, total: 12_960, simulatedMs: clock.now() })
    expect(progress.filter((each) => each.done < each.total).length).toBeGreaterThanOrEqual(12)
    expect(ingest.stats).toMatchObject({ accepted: 12_960, rejected: 0 })
    // The latest price and the last market_data message follow the last close.
    for (const symbol of SYMBOLS) {
      const last = (candles[symbol] as Candle[]).at(-1) as Candle
      expect(ingest.latestPrices.price(symbol)).toEqual(new Decimal(last.closeText))
      expect(bus.latest('market_data', { symbol })?.payload).toMatchObject({
        symbol,
        price: last.closeText,
        event: 'candle',
        open_time_ms: last.timestampMs,
      })
    }
    // The agents read these snapshots as they are: every indicator they name is there.
    const final = await builder.build('BTC/USDT')
    if (!final.ok) throw new Error(final.failure.message)
    const forAgents: AgentMarketSnapshot = final.snapshot
    for (const timeframe of ['1m', '5m', '15m', '1h', '4h']) {
      const indicators = forAgents.timeframes[timeframe]?.indicators ?? {}
      for (const name of Object.values(INDICATOR_NAMES)) expect(indicators).toHaveProperty(name)
    }
    const sections = snapshotSections(forAgents, TIER_PROFILES.api)
    expect(sections.map((section) => section.text).join('\n')).toContain('BTC/USDT')
    await ingest.stop()
    expect(source.connectionState).toBe('stopped')
  })

  it('persists the replayed candles without duplicates and replays them back from the store', async () => {
    const store = await openMemoryStore()
    const repository = new CandleRepository(store.db)
    const logger = silentLogger()
    const clock = new VirtualClock(MAY_10)
    const source = await ReplayMarketSource.fromCsvFiles(
      { 'XRP/USDT': join(RESOURCES_DIR, 'market', FILES['XRP/USDT']) },
      { clock, logger },
    )
    const ingest = new CandleIngestService({
      source,
      clock,
      logger,
      repository,
      batchSize: 1000,
      flushIntervalMs: 3_600_000,
    })
    await ingest.start()
    await source.run({ untilMs: MAY_10 + 2000 * MINUTE })
    await ingest.stop()
    expect(ingest.stats).toMatchObject({ accepted: 2000, stored: 2000, pending: 0 })
    const stored = await repository.range('XRP/USDT', '1m', 0, MAY_10 + 10_000 * MINUTE)
    expect(stored).toHaveLength(2000)
    const csv = loadResourceCandles(FILES['XRP/USDT']).slice(0, 2000)
    expect(stored.map((row) => row.close.toString())).toEqual(
      csv.map((candle) => new Decimal(candle.closeText).toString()),
    )

    // From the store, on a fresh clock: the same candles, the same indicators.
    const replayClock = new VirtualClock(MAY_10)
    const fromStore = await ReplayMarketSource.fromStore(
      repository,
      ['XRP/USDT'],
      MAY_10,
      MAY_10 + 2000 * MINUTE,
      { clock: replayClock, logger },
    )
    const again = new CandleIngestService({ source: fromStore, clock: replayClock, logger })
    await again.start()
    expect(await fromStore.run()).toEqual({ candles: 2000, isComplete: true })
    expect(again.symbolState('XRP/USDT')?.indicatorSnapshot()).toEqual(
      ingest.symbolState('XRP/USDT')?.indicatorSnapshot(),
    )
    await again.stop()
    await store.close()
  })
})
