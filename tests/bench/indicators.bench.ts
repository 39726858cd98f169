/**
 * Indicator throughput (issue 4): 1-minute candles per second through the full incremental
 * update of all indicators on all timeframes (1m, 5m, 15m, 1h, 4h, 1d; every closed candle of
 * every timeframe updates that timeframe's 27 indicator values). Baseline: the same
 * aggregation feeding the same indicators from `technicalindicators` (Supertrend, Choppiness
 * and Donchian, which it lacks, composed from its ATR, TrueRange, Sum, Highest and Lowest).
 * trading-signals doing the same is reported in `details`.
 */
import { performance } from 'node:perf_hooks'
import * as TI from 'technicalindicators'
import * as TS from 'trading-signals'
import {
  CandleAggregator,
  MultiTimeframeIndicators,
  parseCandlesCsv,
  TIMEFRAMES,
  type Candle,
  type NumericCandle,
} from '../../src-main/engine/market'
import { percentile, type Benchmark } from './bench-result'
import { loadBenchData } from './market-data'

const ROUNDS = 5
const GOAL_CANDLES_PER_S = 100_000

/** One timeframe's indicators in some library, fed one closed candle at a time. */
interface IndicatorUpdater {
  update(candle: NumericCandle): void
}

/**
 * Runs 1m candles through an aggregator chain like MultiTimeframeIndicators does, handing
 * every closed candle to that timeframe's updater.
 */
function chain(makeUpdater: () => IndicatorUpdater): (candle: Candle) => void {
  const updaters = TIMEFRAMES.map(() => makeUpdater())
  const aggregators: CandleAggregator[] = []
  TIMEFRAMES.slice(1).forEach((timeframe, index) => {
    aggregators.push(
      new CandleAggregator(timeframe, {
        source: TIMEFRAMES[index],
        onCandle: (closed) => {
          updaters[index + 1]?.update(closed.numeric)
          aggregators[index + 1]?.push(closed)
        },
      }),
    )
  })
  return (candle) => {
    for (const aggregator of aggregators) aggregator.flush(candle.timestampMs)
    updaters[0]?.update(candle.numeric)
    aggregators[0]?.push(candle)
  }
}

/** The indicator set built from technicalindicators' incremental (`nextValue`) API. */
function technicalIndicatorsSet(): IndicatorUpdater {
  const next = (indicator: unknown) => indicator as { nextValue(input: unknown): unknown }
  const emas = [9, 21, 50, 200].map((period) => next(new TI.EMA({ period, values: [] })))
  const smas = [20, 50, 200].map((period) => next(new TI.SMA({ period, values: [] })))
  const rsi = next(new TI.RSI({ period: 14, values: [] }))
  const macd = next(
    new TI.MACD({
      values: [],
      fastPeriod: 12,
      slowPeriod: 26,
      signalPeriod: 9,
      SimpleMAOscillator: false,
      SimpleMASignal: false,
    }),
  )
  const atr = next(new TI.ATR({ period: 14, high: [], low: [], close: [] }))
  const adx = next(new TI.ADX({ period: 14, high: [], low: [], close: [] }))
  const bollinger = next(new TI.BollingerBands({ period: 20, stdDev: 2, values: [] }))
  const stochRsi = next(
    new TI.StochasticRSI({
      values: [],
      rsiPeriod: 14,
      stochasticPeriod: 14,
      kPeriod: 3,
      dPeriod: 3,
    }),
  )
  const obv = next(new TI.OBV({ close: [], volume: [] }))
  const vwap = next(new TI.VWAP({ high: [], low: [], close: [], volume: [] }))
  const supertrendAtr = next(new TI.ATR({ period: 10, high: [], low: [], close: [] }))
  const keltner = next(
    new TI.KeltnerChannels({
      maPeriod: 20,
      atrPeriod: 10,
      useSMA: false,
      multiplier: 2,
      high: [],
      low: [],
      close: [],
    }),
  )
  const cci = next(new TI.CCI({ period: 20, high: [], low: [], close: [] }))
  const mfi = next(new TI.MFI({ period: 14, high: [], low: [], close: [], volume: [] }))
  const williamsR = next(new TI.WilliamsR({ period: 14, high: [], low: [], close: [] }))
  const roc = next(new TI.ROC({ period: 10, values: [] }))
  const choppyTrueRange = next(new TI.TrueRange({ high: [], low: [], close: [] }))
  const choppySum = next(new TI.Sum({ period: 14, values: [] }))
  const choppyHigh = next(new TI.Highest({ period: 14, values: [] }))
  const choppyLow = next(new TI.Lowest({ period: 14, values: [] }))
  const donchianHigh = next(new TI.Highest({ period: 20, values: [] }))
  const donchianLow = next(new TI.Lowest({ period: 20, values: [] }))
  const volumeSma = next(new TI.SMA({ period: 20, values: [] }))
  let upper = Number.NaN
  let lower = Number.NaN
  let isUp = true
  let previousClose = Number.NaN
  let sink = 0
  return {
    update(candle) {
      const { high, low, close, volume } = candle
      const bar = { high, low, close, volume, open: candle.open }
      for (const ema of emas) ema.nextValue(close)
      for (const sma of smas) sma.nextValue(close)
      rsi.nextValue(close)
      macd.nextValue(close)
      atr.nextValue(bar)
      adx.nextValue(bar)
      bollinger.nextValue(close)
      stochRsi.nextValue(close)
      obv.nextValue(bar)
      vwap.nextValue(bar)
      const range = supertrendAtr.nextValue(bar) as number | undefined
      if (range !== undefined) {
        const middle = (high + low) / 2
        const basicUpper = middle + 3 * range
        const basicLower = middle - 3 * range
        upper = basicUpper < upper || previousClose > upper || upper !== upper ? basicUpper : upper
        lower = basicLower > lower || previousClose < lower || lower !== lower ? basicLower : lower
        isUp = isUp ? close >= lower : close > upper
      }
      previousClose = close
      keltner.nextValue(bar)
      cci.nextValue(bar)
      mfi.nextValue(bar)
      williamsR.nextValue(bar)
      roc.nextValue(close)
      const trueRange = choppyTrueRange.nextValue(bar) as number | undefined
      const trueRangeSum = choppySum.nextValue(trueRange ?? high - low) as number | undefined
      const highest = choppyHigh.nextValue(high) as number | undefined
      const lowest = choppyLow.nextValue(low) as number | undefined
      if (trueRangeSum !== undefined && highest !== undefined && lowest !== undefined) {
        sink += Math.log10(trueRangeSum / (highest - lowest || 1))
      }
      donchianHigh.nextValue(high)
      donchianLow.nextValue(low)
      volumeSma.nextValue(volume)
      if (isUp) sink++
    },
    // Keeps the composed values observable so the JIT cannot drop them.
    get sink() {
      return sink
    },
  } as IndicatorUpdater
}

/** The indicator set built from trading-signals (for the details only). */
function tradingSignalsSet(): IndicatorUpdater {
  const closeBased = [
    ...[9, 21, 50, 200].map((period) => new TS.EMA(period)),
    ...[20, 50, 200].map((period) => new TS.SMA(period)),
    new TS.RSI(14),
    new TS.MACD(new TS.EMA(12), new TS.EMA(26), new TS.EMA(9)),
    new TS.BollingerBands(20, 2),
    new TS.StochasticRSI(14),
    new TS.ROC(10),
  ] as { add(input: number): unknown }[]
  const candleBased = [
    new TS.ATR(14),
    new TS.ADX(14),
    new TS.OBV(2),
    new TS.VWAP(),
    new TS.SuperTrend({ interval: 10, multiplier: 3 }),
    new TS.KeltnerChannels({ emaInterval: 20, atrInterval: 10, multiplier: 2 }),
    new TS.CCI(20),
    new TS.MFI(14),
    new TS.WilliamsR(14),
    new TS.CHOP(14),
    new TS.DonchianChannels(20),
  ] as { add(input: NumericCandle): unknown }[]
  const volumeSma = new TS.SMA(20)
  return {
    update(candle) {
      for (const indicator of closeBased) indicator.add(candle.close)
      for (const indicator of candleBased) indicator.add(candle)
      volumeSma.add(candle.volume)
    },
  }
}

/** Candles per second through `makeFeed` (median of the rounds after a warm-up round). */
function rate(candles: readonly Candle[], makeFeed: () => (candle: Candle) => void): number {
  const rates: number[] = []
  for (let round = 0; round <= ROUNDS; round++) {
    const feed = makeFeed()
    const start = performance.now()
    for (const candle of candles) feed(candle)
    const seconds = (performance.now() - start) / 1000
    if (round > 0) rates.push(candles.length / seconds)
  }
  return percentile(rates, 50)
}

const bench: Benchmark = async (emit) => {
  const data = loadBenchData()
  const btc = data.files[0]
  if (btc === undefined) throw new Error('no benchmark data')
  const { candles, rejections } = parseCandlesCsv(btc.text)
  if (rejections.length > 0) throw new Error(`bad benchmark data: ${rejections[0]?.message}`)

  const ours = rate(candles, () => {
    const indicators = new MultiTimeframeIndicators({ symbol: btc.symbol })
    return (candle) => indicators.update(candle)
  })
  const technicalIndicators = rate(candles, () => chain(technicalIndicatorsSet))
  const tradingSignals = rate(candles, () => chain(tradingSignalsSet))

  emit({
    bench: 'indicators',
    metric: 'indicator_candles_per_s',
    value: Math.round(ours),
    unit: '1/s',
    baseline: { name: 'technicalindicators', value: Math.round(technicalIndicators) },
    details: {
      data: `${data.source}: ${btc.symbol} 1m`,
      candles: candles.length,
      timeframes: TIMEFRAMES.join(','),
      goal: GOAL_CANDLES_PER_S,
      meets_goal: ours >= GOAL_CANDLES_PER_S,
      speedup_vs_technicalindicators: Number((ours / technicalIndicators).toFixed(1)),
      trading_signals_candles_per_s: Math.round(tradingSignals),
    },
  })
}

export default bench
