import type { PromptSection } from '../llm/prompt-builder'
import type { TierProfile } from '../llm/prompt-templates'
import type { ModelSpec } from '../llm/llm-types'
import type { RulesTask } from '../llm/rules/rules-task'
import type { MarketSnapshot } from './agent-context'
import { SingleModelAgent } from './base-agent'
import { technicalAnalysisOutputSchema, type TechnicalAnalysisOutput } from './output-schemas'
import { snapshotSections } from './snapshot-sections'

/**
 * The Technical Analysis agent (local model, every minute): trend direction and strength,
 * momentum, key levels, bias and confidence, published on ta_signals.
 */
export class TechnicalAnalysisAgent extends SingleModelAgent<TechnicalAnalysisOutput> {
  readonly name = 'technical_analysis' as const
  readonly topic = 'ta_signals' as const
  protected readonly schema = technicalAnalysisOutputSchema
  protected readonly schemaName = 'TechnicalAnalysis'

  protected sections(snapshot: MarketSnapshot, profile: TierProfile): PromptSection[] {
    return snapshotSections(snapshot, profile)
  }

  protected task(snapshot: MarketSnapshot): RulesTask {
    return { kind: 'technical_analysis', snapshot }
  }

  protected payload(snapshot: MarketSnapshot, output: TechnicalAnalysisOutput, model: ModelSpec) {
    return {
      symbol: snapshot.symbol,
      trend_direction: output.trend_direction,
      trend_strength: output.trend_strength,
      momentum_score: output.momentum_score,
      bias: output.bias,
      confidence: output.confidence,
      key_levels: {
        support: [...output.key_levels.support],
        resistance: [...output.key_levels.resistance],
      },
      model: model.key,
    }
  }
}
