import type { NumericCandle } from '../candle'
import { Adx, type AdxValue } from './adx'
import { Atr } from './atr'
import { BollingerBands, type BollingerBandsValue } from './bollinger-bands'
import { Cci } from './cci'
import { ChoppinessIndex } from './choppiness-index'
import { DonchianChannels } from './donchian-channels'
import { Ema } from './ema'
import type { ChannelValue } from './indicator'
import { DEFAULT_INDICATOR_CONFIG, type IndicatorConfig } from './indicator-config'
import { KeltnerChannels } from './keltner-channels'
import { Macd, type MacdValue } from './macd'
import { Mfi } from './mfi'
import { Obv } from './obv'
import { Roc } from './roc'
import { Rsi } from './rsi'
import { Sma } from './sma'
import { StochasticRsi, type StochasticRsiValue } from './stochastic-rsi'
import { Supertrend, type SupertrendValue } from './supertrend'
import { VolumeSma } from './volume-sma'
import { Vwap } from './vwap'
import { WilliamsR } from './williams-r'

/** The values of every indicator of a set after its latest candle; null while warming up. */
export interface IndicatorSnapshot {
  /** Open time of the latest candle, or null before the first. */
  readonly timestampMs: number | null
  /** How many candles the set has seen. */
  readonly candleCount: number
  readonly close: number | null
  /** EMA by period, e.g. `ema['21']`. */
  readonly ema: Readonly<Record<string, number | null>>
  /** SMA by period, e.g. `sma['200']`. */
  readonly sma: Readonly<Record<string, number | null>>
  readonly rsi: number | null
  readonly macd: MacdValue | null
  readonly atr: number | null
  readonly adx: AdxValue | null
  readonly bollinger: BollingerBandsValue | null
  readonly stochRsi: StochasticRsiValue | null
  readonly obv: number | null
  readonly vwap: number | null
  readonly supertrend: SupertrendValue | null
  readonly keltner: ChannelValue | null
  readonly cci: number | null
  readonly mfi: number | null
  readonly williamsR: number | null
  readonly roc: number | null
  readonly choppiness: number | null
  readonly donchian: ChannelValue | null
  readonly volumeSma: number | null
}

/**
 * All indicators of one series (one symbol and timeframe), updated together per closed
 * candle: `update` costs O(1) per indicator, except Bollinger Bands and CCI whose deviations
 * are computed when read. `snapshot` returns a plain object of the current values.
 */
export class IndicatorSet {
  readonly config: IndicatorConfig
  readonly #emaPeriods: number[]
  readonly #smaPeriods: number[]
  readonly #emas: Ema[]
  readonly #smas: Sma[]
  readonly #rsi: Rsi
  readonly #macd: Macd
  readonly #atr: Atr
  readonly #adx: Adx
  readonly #bollinger: BollingerBands
  readonly #stochRsi: StochasticRsi
  readonly #obv = new Obv()
  readonly #vwap = new Vwap()
  readonly #supertrend: Supertrend
  readonly #keltner: KeltnerChannels
  readonly #cci: Cci
  readonly #mfi: Mfi
  readonly #williamsR: WilliamsR
  readonly #roc: Roc
  readonly #choppiness: ChoppinessIndex
  readonly #donchian: DonchianChannels
  readonly #volumeSma: VolumeSma
  #candleCount = 0
  #timestampMs: number | null = null
  #close: number | null = null

  /** Builds the set from complete settings (parse config with `indicatorConfigSchema`). */
  constructor(config: IndicatorConfig = DEFAULT_INDICATOR_CONFIG) {
    this.config = config
    this.#emaPeriods = [...new Set(config.ema)]
    this.#smaPeriods = [...new Set(config.sma)]
    this.#emas = this.#emaPeriods.map((period) => new Ema(period))
    this.#smas = this.#smaPeriods.map((period) => new Sma(period))
    this.#rsi = new Rsi(config.rsi)
    this.#macd = new Macd(config.macd.fast, config.macd.slow, config.macd.signal)
    this.#atr = new Atr(config.atr)
    this.#adx = new Adx(config.adx)
    this.#bollinger = new BollingerBands(config.bollinger.period, config.bollinger.multiplier)
    const { rsiPeriod, stochPeriod, kPeriod, dPeriod } = config.stochRsi
    this.#stochRsi = new StochasticRsi(rsiPeriod, stochPeriod, kPeriod, dPeriod)
    this.#supertrend = new Supertrend(config.supertrend.period, config.supertrend.multiplier)
    const { emaPeriod, atrPeriod, multiplier } = config.keltner
    this.#keltner = new KeltnerChannels(emaPeriod, atrPeriod, multiplier)
    this.#cci = new Cci(config.cci)
    this.#mfi = new Mfi(config.mfi)
    this.#williamsR = new WilliamsR(config.williamsR)
    this.#roc = new Roc(config.roc)
    this.#choppiness = new ChoppinessIndex(config.choppiness)
    this.#donchian = new DonchianChannels(config.donchian)
    this.#volumeSma = new VolumeSma(config.volumeSma)
  }

  /** Feeds the next closed candle to every indicator. */
  update(candle: NumericCandle): void {
    const emas = this.#emas
    for (let index = 0; index < emas.length; index++) (emas[index] as Ema).update(candle)
    const smas = this.#smas
    for (let index = 0; index < smas.length; index++) (smas[index] as Sma).update(candle)
    this.#rsi.update(candle)
    this.#macd.update(candle)
    this.#atr.update(candle)
    this.#adx.update(candle)
    this.#bollinger.update(candle)
    this.#stochRsi.update(candle)
    this.#obv.update(candle)
    this.#vwap.update(candle)
    this.#supertrend.update(candle)
    this.#keltner.update(candle)
    this.#cci.update(candle)
    this.#mfi.update(candle)
    this.#williamsR.update(candle)
    this.#roc.update(candle)
    this.#choppiness.update(candle)
    this.#donchian.update(candle)
    this.#volumeSma.update(candle)
    this.#candleCount++
    this.#timestampMs = candle.timestampMs
    this.#close = candle.close
  }

  /** How many candles the set has seen. */
  get candleCount(): number {
    return this.#candleCount
  }

  /** The ATR, null while it warms up; read without building a {@link snapshot}. */
  get atr(): number | null {
    return this.#atr.value
  }

  /** Returns the current value of every indicator as a plain object. */
  snapshot(): IndicatorSnapshot {
    const ema: Record<string, number | null> = {}
    this.#emaPeriods.forEach((period, index) => {
      ema[String(period)] = (this.#emas[index] as Ema).value
    })
    const sma: Record<string, number | null> = {}
    this.#smaPeriods.forEach((period, index) => {
      sma[String(period)] = (this.#smas[index] as Sma).value
    })
    return {
      timestampMs: this.#timestampMs,
      candleCount: this.#candleCount,
      close: this.#close,
      ema,
      sma,
      rsi: this.#rsi.value,
      macd: this.#macd.value,
      atr: this.#atr.value,
      adx: this.#adx.value,
      bollinger: this.#bollinger.value,
      stochRsi: this.#stochRsi.value,
      obv: this.#obv.value,
      vwap: this.#vwap.value,
      supertrend: this.#supertrend.value,
      keltner: this.#keltner.value,
      cci: this.#cci.value,
      mfi: this.#mfi.value,
      williamsR: this.#williamsR.value,
      roc: this.#roc.value,
      choppiness: this.#choppiness.value,
      donchian: this.#donchian.value,
      volumeSma: this.#volumeSma.value,
    }
  }
}
