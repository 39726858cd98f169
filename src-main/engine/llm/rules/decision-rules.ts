import Decimal from 'decimal.js'
import type { MarketSnapshot } from '../../agents/agent-context'
import type {
  ConflictResolutionOutput,
  PortfolioStrategyOutput,
  RegimeOutput,
  SentimentOutput,
  TechnicalAnalysisOutput,
  TradingDecisionOutput,
} from '../../agents/output-schemas'
import { IndicatorReader, round } from './indicator-reader'
import { regimeByRules } from './regime-rules'
import { technicalAnalysisByRules } from './technical-analysis-rules'

/** TA confidence a trade needs under the rules. */
export const MIN_TRADE_CONFIDENCE = 0.5

const BEARISH_REGIMES = new Set<RegimeOutput['regime']>(['trending_bear', 'volatile_bear'])
const BULLISH_REGIMES = new Set<RegimeOutput['regime']>(['trending_bull', 'volatile_bull'])

/**
 * A trading decision from TA and regime alone: no trade in a choppy market, BUY on a
 * confident long bias outside bear regimes, SELL on a confident short bias outside bull
 * regimes, HOLD otherwise. Stops at 2 ATR and targets at 3 ATR (2 % / 4 % without ATR).
 */
export function tradingDecisionByRules(
  snapshot: MarketSnapshot,
  technicalAnalysis: TechnicalAnalysisOutput = technicalAnalysisByRules(snapshot),
  regime: RegimeOutput = regimeByRules(snapshot),
): TradingDecisionOutput {
  const hold = (why: string): TradingDecisionOutput => ({
    action: 'HOLD',
    confidence: 0.5,
    leverage: 1,
    reasoning: `rules: ${why}`,
  })
  if (regime.regime === 'choppy') return hold('choppy regime, no entries')
  const isConfident = technicalAnalysis.confidence >= MIN_TRADE_CONFIDENCE
  const wantsLong =
    technicalAnalysis.bias === 'long' && isConfident && !BEARISH_REGIMES.has(regime.regime)
  const wantsShort =
    technicalAnalysis.bias === 'short' && isConfident && !BULLISH_REGIMES.has(regime.regime)
  if (!wantsLong && !wantsShort) {
    return hold(
      `bias=${technicalAnalysis.bias} confidence=${technicalAnalysis.confidence} regime=${regime.regime}`,
    )
  }
  const price = new Decimal(snapshot.price)
  const atr = new IndicatorReader(snapshot).get('atr')
  const risk = atr !== null && atr > 0 ? new Decimal(atr).times(2) : price.times(0.02)
  const reward = atr !== null && atr > 0 ? new Decimal(atr).times(3) : price.times(0.04)
  const sign = wantsLong ? 1 : -1
  return {
    action: wantsLong ? 'BUY' : 'SELL',
    confidence: round(technicalAnalysis.confidence * (0.5 + regime.confidence / 2)),
    entry_price: price.toFixed(),
    // Rounded up for a long and down for a short: the stop moves toward the entry and the
    // target away from it, so rounding never takes the 1.5 reward/risk below the minimum.
    stop_loss: significant(price.minus(risk.times(sign)), wantsLong),
    take_profit: significant(price.plus(reward.times(sign)), wantsLong),
    leverage: 1,
    reasoning: `rules: bias=${technicalAnalysis.bias} regime=${regime.regime} stop=2atr target=3atr`,
  }
}

/** The rules have no news or social source, so sentiment is neutral with no confidence. */
export function sentimentByRules(): SentimentOutput {
  return { bias: 'neutral', confidence: 0, reasoning: 'rules: no sentiment source without a model' }
}

/** Without a model, a conflict is not resolved: wait for the next signal. */
export function conflictResolutionByRules(
  conflictTypes: readonly string[],
): ConflictResolutionOutput {
  return {
    action: 'wait',
    confidence: 1,
    reasoning: `rules: conflicts [${conflictTypes.join(', ')}] are not resolved without a model; wait`,
    modifications: null,
  }
}

/** The default rebalance strategy: limit orders, sells first to free funds. */
export function portfolioStrategyByRules(): PortfolioStrategyOutput {
  return {
    execution_strategy: 'limit',
    sells_first: true,
    reasoning: 'rules: default strategy, limit orders with sells before buys',
    used_fallback_strategy: true,
  }
}

function significant(value: Decimal, isRoundedUp: boolean): string {
  const positive = value.greaterThan(0) ? value : new Decimal('0.00000001')
  return positive
    .toSignificantDigits(8, isRoundedUp ? Decimal.ROUND_UP : Decimal.ROUND_DOWN)
    .toFixed()
}
