import { describe, expect, it } from 'vitest'
import {
  CandleIngestService,
  type CandleOrigin,
  type SymbolMarketView,
} from '../../../src-main/engine/market'
import { riskConfigSchema, type RiskEngine } from '../../../src-main/engine/risk'
import { feedVolatilityToRisk } from '../../../src-main/engine/wiring/risk-volatility-feed'
import { ManualMarketSource } from '../../fakes/market/manual-market-source'
import { aCandle, minute } from '../../helpers/market/candles'
import { capturingLogger, linesWith } from '../../helpers/market/capturing-logger'
import { aPortfolio, aProposal, makeHarness } from '../risk/risk-builders'

const TRADED = ['BTC/USDT', 'XRP/USDT']
const CORRELATION_ONLY = 'XRP/BTC'

/**
 * The real ingest and the real risk engine on one virtual clock, wired by the feed; `volatility`
 * overrides `circuit_breakers.volatility` keys.
 */
async function fed(volatility: Record<string, unknown> = {}, startMs = minute(0)) {
  const settings = { circuit_breakers: { volatility } }
  const harness = await makeHarness({ settings, now: startMs })
  const { logger, lines } = capturingLogger()
  const source = new ManualMarketSource([...TRADED, CORRELATION_ONLY], logger)
  const ingest = new CandleIngestService({ source, clock: harness.clock, logger })
  const stop = feedVolatilityToRisk({
    ingest,
    risk: harness.engine,
    symbols: TRADED,
    settings: riskConfigSchema.parse({ risk: settings }).risk.circuit_breakers.volatility,
    clock: harness.clock,
    logger,
  })
  await ingest.start()
  /** Plays the 1-minute candle of `index` at its close, as a source delivers it. */
  const play = async (
    symbol: string,
    index: number,
    close: number,
    options: { range?: number; origin?: CandleOrigin } = {},
  ) => {
    const range = options.range ?? 0
    if (options.origin !== 'backfill') await harness.clock.advanceTo(minute(index + 1))
    const candle = aCandle(minute(index))
      .ohlc(String(close), String(close + range), String(close - range), String(close))
      .build()
    source.candle(symbol, candle, options.origin ?? 'live')
  }
  return { ...harness, ingest, source, lines, play, stop }
}

/** 50,000 until minute 89, then down 150 a minute: 45,950 (−8.1 % on an hour before) at minute 116. */
const crashClose = (index: number) =>
  index < 90 ? 50_000 : Math.max(45_500, 50_000 - (index - 89) * 150)

const entryOf = (engine: RiskEngine) =>
  engine.validate(aProposal().build(), aPortfolio().build(), null)

describe('feedVolatilityToRisk', () => {
  it('halts new entries when a traded symbol falls more than 8 % within the hour, and re-arms after the halt', async () => {
    const { engine, play } = await fed()
    for (let index = 0; index < 116; index++) await play('BTC/USDT', index, crashClose(index))
    expect(engine.activeBreakers()).toEqual([])
    await play('BTC/USDT', 116, crashClose(116))
    const trip = engine.state().breakers.volatility
    // The 1h ATR is still warming up: only the move speaks.
    expect(trip?.reason).toBe(
      'VOLATILITY: symbol=BTC/USDT atr_pct=n/a max_atr_pct=6 price_move_pct=-8.1 max_price_move_pct=8',
    )
    expect(trip?.trippedAt).toBe(minute(117))
    expect(engine.status().breakers.find((breaker) => breaker.name === 'volatility')).toMatchObject(
      {
        isTripped: true,
        reason: trip?.reason,
      },
    )
    const refused = entryOf(engine)
    expect(refused.status).toBe('REJECTED')
    expect(refused.reasons[0]).toMatch(/^CIRCUIT_BREAKER: breaker=volatility /)

    // The price stays down: each reading an hour on from before the fall extends the halt,
    // the last at minute 152 (45,500 against 49,550 at minute 92); an hour later it re-arms.
    for (let index = 117; index < 240; index++) await play('BTC/USDT', index, crashClose(index))
    expect(engine.activeBreakers()).toEqual([])
    expect(entryOf(engine).status).not.toBe('REJECTED')
  })

  it('re-arms exactly halt_minutes after the last abnormal reading', async () => {
    const { engine, clock, play } = await fed()
    for (let index = 0; index <= 152; index++) await play('BTC/USDT', index, crashClose(index))
    const resetAt = minute(153) + 60 * 60_000
    expect(engine.state().breakers.volatility?.resetAt).toBe(resetAt)
    await play('BTC/USDT', 153, crashClose(153))
    expect(engine.state().breakers.volatility?.resetAt).toBe(resetAt)
    await clock.advanceTo(resetAt - 1)
    expect(engine.activeBreakers()).toEqual(['volatility'])
    await clock.advanceTo(resetAt)
    expect(engine.activeBreakers()).toEqual([])
  })

  it('reads the ATR of atr_timeframe as a percent of the price', async () => {
    const { engine, play } = await fed({ atr_timeframe: '1m' })
    // True ranges of 7 % of the price: the 1m ATR (14) is ready at the 14th candle.
    for (let index = 0; index < 13; index++) await play('XRP/USDT', index, 1, { range: 0.035 })
    expect(engine.activeBreakers()).toEqual([])
    await play('XRP/USDT', 13, 1, { range: 0.035 })
    expect(engine.state().breakers.volatility?.reason).toBe(
      'VOLATILITY: symbol=XRP/USDT atr_pct=7 max_atr_pct=6 price_move_pct=n/a max_price_move_pct=8',
    )
  })

  it('leaves correlation-only symbols out: they are never traded', async () => {
    const { engine, play } = await fed()
    for (let index = 0; index < 200; index++) await play(CORRELATION_ONLY, index, crashClose(index))
    expect(engine.activeBreakers()).toEqual([])
  })

  it('ignores backfilled candles whose halt would be over by now, and reads the recent ones', async () => {
    // The app starts at minute 300: a fall at minute 116 would have halted until minute 177.
    const { engine, play } = await fed({}, minute(300))
    for (let index = 0; index < 240; index++) {
      await play('BTC/USDT', index, crashClose(index), { origin: 'backfill' })
    }
    expect(engine.activeBreakers()).toEqual([])
    // A fall within the last hour still halts, from now on.
    for (let index = 240; index < 290; index++) {
      await play('BTC/USDT', index, index < 270 ? 45_500 : 41_000, { origin: 'backfill' })
    }
    expect(engine.state().breakers.volatility?.trippedAt).toBe(minute(300))
  })

  it('logs a failure and never breaks candle ingestion', async () => {
    const { ingest, clock, play, lines } = await fed()
    const settings = riskConfigSchema.parse({}).risk.circuit_breakers.volatility
    const failures = capturingLogger()
    // A risk engine that cannot take the reading (its store is down)…
    feedVolatilityToRisk({
      ingest,
      risk: { updateVolatility: () => Promise.reject(new Error('store down')) },
      symbols: TRADED,
      settings,
      clock,
      logger: failures.logger,
    })
    // …and a market state that fails while the reading is taken.
    const lost = {
      oneMinuteCandleAtOrBefore: () => {
        throw new Error('state lost')
      },
    } as unknown as SymbolMarketView
    feedVolatilityToRisk({
      ingest: { onCandle: (listener) => ingest.onCandle(listener), symbolState: () => lost },
      risk: { updateVolatility: () => Promise.resolve() },
      symbols: TRADED,
      settings,
      clock,
      logger: failures.logger,
    })
    await play('BTC/USDT', 0, 50_000)
    await play('BTC/USDT', 1, 50_100)
    // The refused readings are logged once their promises settle.
    await new Promise((resolve) => setImmediate(resolve))
    expect(ingest.stats.accepted).toBe(2)
    expect(ingest.symbolState('BTC/USDT')?.lastCandle('1m')?.closeText).toBe('50100')
    expect(linesWith(lines, 'ingested candle listener failed')).toEqual([])
    expect(linesWith(failures.lines, 'volatility reading failed')).toHaveLength(2)
    expect(linesWith(failures.lines, 'risk could not take a volatility reading')).toHaveLength(2)
  })
})
