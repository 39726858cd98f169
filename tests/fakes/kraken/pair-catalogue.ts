import { KrakenError, KrakenErrorText } from './kraken-errors'

/** One asset as Kraken lists it under /0/public/Assets. */
export interface AssetSpec {
  /** Kraken's asset id, with the legacy X/Z prefix where Kraken has one ("XXBT", "ZUSD", "USDT"). */
  readonly id: string
  readonly altname: string
  /** The code ccxt shows for it ("BTC", "USD"). */
  readonly code: string
  /** Decimals Kraken keeps balances in; costs and fees in this asset are rounded to them. */
  readonly decimals: number
  readonly displayDecimals: number
}

/** One tradable pair as Kraken lists it under /0/public/AssetPairs. */
export interface PairSpec {
  /** The AssetPairs key, which ccxt uses as market id ("XBTUSDT", "XXRPXXBT"). */
  readonly id: string
  /** The name Kraken writes in order descriptions ("XBTUSDT", "XRPXBT"). */
  readonly altname: string
  readonly wsname: string
  /** The ccxt symbol ("BTC/USDT"). */
  readonly symbol: string
  readonly base: AssetSpec
  readonly quote: AssetSpec
  readonly pairDecimals: number
  readonly lotDecimals: number
  readonly costDecimals: number
  readonly orderMin: string
  readonly costMin: string
  readonly tickSize: string
  readonly leverageBuy: readonly number[]
  readonly leverageSell: readonly number[]
}

/** Fee tiers in percent, as Kraken publishes them per pair. */
export interface FeeSchedule {
  readonly takerPercent: string
  readonly makerPercent: string
}

const ASSETS: readonly AssetSpec[] = [
  { id: 'XXBT', altname: 'XBT', code: 'BTC', decimals: 10, displayDecimals: 5 },
  { id: 'XXRP', altname: 'XRP', code: 'XRP', decimals: 8, displayDecimals: 5 },
  { id: 'USDT', altname: 'USDT', code: 'USDT', decimals: 8, displayDecimals: 4 },
  { id: 'ZUSD', altname: 'ZUSD', code: 'USD', decimals: 4, displayDecimals: 2 },
]

type PairShape = Omit<PairSpec, 'base' | 'quote' | 'symbol'> & { base: string; quote: string }

// Precisions, minimums and leverage follow Kraken's published values for these pairs.
const PAIRS: readonly PairShape[] = [
  {
    id: 'XBTUSDT',
    altname: 'XBTUSDT',
    wsname: 'XBT/USDT',
    base: 'XXBT',
    quote: 'USDT',
    pairDecimals: 1,
    lotDecimals: 8,
    costDecimals: 5,
    orderMin: '0.00005',
    costMin: '0.5',
    tickSize: '0.1',
    leverageBuy: [2, 3, 4, 5],
    leverageSell: [2, 3, 4, 5],
  },
  {
    id: 'XRPUSDT',
    altname: 'XRPUSDT',
    wsname: 'XRP/USDT',
    base: 'XXRP',
    quote: 'USDT',
    pairDecimals: 5,
    lotDecimals: 8,
    costDecimals: 5,
    orderMin: '10',
    costMin: '0.5',
    tickSize: '0.00001',
    leverageBuy: [2, 3],
    leverageSell: [2, 3],
  },
  {
    id: 'XXRPXXBT',
    altname: 'XRPXBT',
    wsname: 'XRP/XBT',
    base: 'XXRP',
    quote: 'XXBT',
    pairDecimals: 8,
    lotDecimals: 8,
    costDecimals: 10,
    orderMin: '10',
    costMin: '0.00002',
    tickSize: '0.00000001',
    leverageBuy: [2, 3],
    leverageSell: [2, 3],
  },
  {
    id: 'XXBTZUSD',
    altname: 'XBTUSD',
    wsname: 'XBT/USD',
    base: 'XXBT',
    quote: 'ZUSD',
    pairDecimals: 1,
    lotDecimals: 8,
    costDecimals: 5,
    orderMin: '0.00005',
    costMin: '0.5',
    tickSize: '0.1',
    leverageBuy: [2, 3, 4, 5],
    leverageSell: [2, 3, 4, 5],
  },
]

/**
 * The assets and pairs the simulator trades, and the lookups between Kraken ids, altnames,
 * websocket names and ccxt symbols.
 */
export class PairCatalogue {
  private readonly assetsById = new Map<string, AssetSpec>()
  private readonly pairsById = new Map<string, PairSpec>()
  private readonly pairAliases = new Map<string, PairSpec>()
  private readonly assetAliases = new Map<string, AssetSpec>()

  constructor() {
    for (const asset of ASSETS) {
      this.assetsById.set(asset.id, asset)
      for (const alias of [asset.id, asset.altname, asset.code]) this.assetAliases.set(alias, asset)
    }
    for (const shape of PAIRS) {
      const base = this.requireAsset(shape.base)
      const quote = this.requireAsset(shape.quote)
      const pair: PairSpec = { ...shape, base, quote, symbol: `${base.code}/${quote.code}` }
      this.pairsById.set(pair.id, pair)
      for (const alias of [pair.id, pair.altname, pair.wsname, pair.symbol])
        this.pairAliases.set(alias, pair)
    }
  }

  /** Returns every asset, in catalogue order. */
  assets(): AssetSpec[] {
    return [...this.assetsById.values()]
  }

  /** Returns every pair, in catalogue order. */
  pairs(): PairSpec[] {
    return [...this.pairsById.values()]
  }

  /** Returns the pair named by id, altname, websocket name or ccxt symbol, if any. */
  findPair(name: string): PairSpec | undefined {
    return this.pairAliases.get(name)
  }

  /** Returns the pair named by id, altname, websocket name or symbol, or Kraken's unknown-pair error. */
  pair(name: string): PairSpec {
    const pair = this.findPair(name)
    if (!pair) throw KrakenError.of(KrakenErrorText.unknownAssetPair)
    return pair
  }

  /** Returns the asset named by id, altname or ccxt code, if any. */
  findAsset(name: string): AssetSpec | undefined {
    return this.assetAliases.get(name)
  }

  /** Returns the asset named by id, altname or code, or Kraken's unknown-asset error. */
  asset(name: string): AssetSpec {
    const asset = this.findAsset(name)
    if (!asset) throw KrakenError.of(KrakenErrorText.unknownAsset)
    return asset
  }

  /** Returns the /0/public/Assets result for the given asset names, or all assets. */
  assetsResult(names?: readonly string[]): Record<string, unknown> {
    const selected = names ? names.map((name) => this.asset(name)) : this.assets()
    return Object.fromEntries(
      selected.map((asset) => [
        asset.id,
        {
          aclass: 'currency',
          altname: asset.altname,
          decimals: asset.decimals,
          display_decimals: asset.displayDecimals,
          status: 'enabled',
        },
      ]),
    )
  }

  /** Returns the /0/public/AssetPairs result for the given pair names, or all pairs. */
  assetPairsResult(fees: FeeSchedule, names?: readonly string[]): Record<string, unknown> {
    const selected = names ? names.map((name) => this.pair(name)) : this.pairs()
    return Object.fromEntries(selected.map((pair) => [pair.id, pairJson(pair, fees)]))
  }

  private requireAsset(id: string): AssetSpec {
    const asset = this.assetsById.get(id)
    if (!asset) throw new Error(`catalogue names an unknown asset: asset=${id}`)
    return asset
  }
}

function pairJson(pair: PairSpec, fees: FeeSchedule): Record<string, unknown> {
  return {
    altname: pair.altname,
    wsname: pair.wsname,
    aclass_base: 'currency',
    base: pair.base.id,
    aclass_quote: 'currency',
    quote: pair.quote.id,
    lot: 'unit',
    cost_decimals: pair.costDecimals,
    pair_decimals: pair.pairDecimals,
    lot_decimals: pair.lotDecimals,
    lot_multiplier: 1,
    leverage_buy: pair.leverageBuy,
    leverage_sell: pair.leverageSell,
    // Kraken publishes fees in percent; ccxt divides by 100.
    fees: [[0, Number(fees.takerPercent)]],
    fees_maker: [[0, Number(fees.makerPercent)]],
    fee_volume_currency: 'ZUSD',
    margin_call: 80,
    margin_stop: 40,
    ordermin: pair.orderMin,
    costmin: pair.costMin,
    tick_size: pair.tickSize,
    status: 'online',
  }
}
