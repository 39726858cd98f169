import type { MarketSnapshot } from '../../agents/agent-context'
import type { RegimeOutput, TechnicalAnalysisOutput } from '../../agents/output-schemas'

/**
 * The structured input the rules provider answers from. Agents attach it to every
 * request; model providers ignore it and read the prompt instead.
 */
export type RulesTask =
  | { readonly kind: 'technical_analysis'; readonly snapshot: MarketSnapshot }
  | { readonly kind: 'regime_detection'; readonly snapshot: MarketSnapshot }
  | { readonly kind: 'sentiment'; readonly snapshot: MarketSnapshot }
  | {
      readonly kind: 'trading_decision'
      readonly snapshot: MarketSnapshot
      readonly technicalAnalysis?: TechnicalAnalysisOutput
      readonly regime?: RegimeOutput
    }
  | { readonly kind: 'coordinator_conflict'; readonly conflictTypes: readonly string[] }
  | { readonly kind: 'portfolio_strategy' }
